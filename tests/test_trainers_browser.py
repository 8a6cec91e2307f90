"""The trainer's pages in headless Chromium at phone (390x844) and laptop (1366x768) size:
login lands on the dashboard, the headline figures and charts fit the screen, the folded
tables open, the comment filters work, the quiz statistics show their option shares;
nothing is wider than the screen and axe-core finds nothing serious. Screenshots are saved
under ``LEERPAD_SHOTS`` (default /work/shots/trainers) for a person to look at."""

import os
from pathlib import Path

import pytest
from conftest import PASSWORD, axe_violations, login
from evaluation_helpers import MODULE_ID, complete_module
from quiz_answers import quiz_form
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.auth.models import utcnow
from learn.evaluation import records
from learn.extensions import db

pytestmark = pytest.mark.browser
SIZES = {"phone": (390, 844), "laptop": (1366, 768)}
SHOTS = Path(os.environ.get("LEERPAD_SHOTS", "/work/shots/trainers"))


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0: nothing sticks out); the culprits in the message."""
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if extra > 0:
        culprits = page.evaluate(
            """[...document.querySelectorAll('body *')].filter(e => e.scrollWidth > innerWidth)
               .map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth).slice(-3)"""
        )
        pytest.fail(f"{page.url} is {extra}px wider than the screen; innermost too wide: {culprits}")
    return extra


def shoot(page, name):
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def evaluated(make_user):
    month = utcnow().date().replace(day=1)
    for _n in range(3):
        complete_module(make_user(), when=utcnow())
    bodies = [
        "Meer casussen uit de wijk graag, die waren het nuttigst.",
        "De toets was soms lastig te lezen op mijn telefoon.",
        '=HYPERLINK("http://kwaad.example","klik")',
        "Goed te doen naast mijn werk.",
        "Een heel lange opmerking zonder spaties: " + "x" * 120,
        "Duidelijk.",
    ]
    for n, body in enumerate(bodies):
        records.store_response(
            MODULE_ID,
            "1.0",
            "standaard",
            month,
            {"relevant": 3 + n % 3, "bruikbaar": 4, "taal": 2 + n % 4, "studietijd": "gelijk", "hielp": ["verhalen"]},
            [9, 8, 9, 9, 6, 10][n],  # five in the band 8 to 10, one in 6 or 7
            1.5,
            {"beter": body, **({"anders_doen": "Vaker eerst luisteren."} if n % 2 else {})},
        )
    db.session.commit()


def quiz_attempts(app, make_user, fixture_module, count=6):
    for n in range(count):
        client = app.test_client()
        login(client, make_user())
        client.post("/modules/kennismaking/enrol")
        client.get("/modules/kennismaking/steps/eindtoets")
        attempt = db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))).one()
        data = quiz_form(fixture_module.step("eindtoets"), attempt, right=n % 3 != 0)
        client.post("/modules/kennismaking/steps/eindtoets", data=data)


@pytest.mark.parametrize("size", SIZES)
def test_the_trainer_reads_the_dashboard_at_a_glance(
    app, live_server, launch_browser, make_user, evaluated, fixture_module, size
):
    quiz_attempts(app, make_user, fixture_module)
    trainer = make_user("trainer")
    db.session.commit()
    width, height = SIZES[size]
    context = launch_browser().new_context(
        base_url=live_server, bypass_csp=True, locale="nl-NL", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(trainer.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/trainer/evaluaties/")  # the dashboard, not the catalogue
    assert overflow(page) <= 0 and axe_violations(page) == []
    shoot(page, f"overview-{size}")

    page.get_by_role("link", name="Kennismaking met Leerpad").click()
    headline = page.locator(".headline")
    assert headline.is_visible() and "doel 8,6" in headline.inner_text()
    assert headline.bounding_box()["y"] < height  # the headline figures are on the first screen
    charts = page.locator("svg.chart")
    assert charts.count() >= 5
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()  # large enough to read: on a phone it scrolls in its box
        assert box["width"] >= 540, index
    assert overflow(page) <= 0
    assert axe_violations(page) == []
    shoot(page, f"dashboard-{size}")

    page.get_by_text("Toon de cijfers als tabel").first.click()
    assert page.locator("details.data table").first.is_visible()
    assert overflow(page) <= 0

    page.get_by_label("Vraag", exact=True).select_option(label="Wat kan er beter aan de module?")
    page.get_by_label("Cijfer in dezelfde reactie").select_option(label="8 tot en met 10")
    page.get_by_role("button", name="Zoek").click()
    comments = page.locator("section", has=page.locator("#opmerkingen"))
    assert "Meer casussen uit de wijk" in comments.inner_text()  # grade 9
    assert "lastig te lezen" in comments.inner_text()  # grade 8
    assert "Goed te doen" in comments.inner_text() and "Duidelijk." in comments.inner_text()
    assert "Vaker eerst luisteren" not in comments.inner_text()  # the other question
    page.get_by_label("Cijfer in dezelfde reactie").select_option(label="6 of 7")
    page.get_by_role("button", name="Zoek").click()
    assert "Minder dan 5 reacties gaven een cijfer in deze groep" in comments.inner_text()
    assert overflow(page) <= 0 and axe_violations(page) == []
    shoot(page, f"dashboard-comments-{size}")

    page.goto("/trainer/quizzen")
    page.get_by_text("Welke antwoorden kozen deelnemers?").first.click()
    assert page.locator("meter.share").first.is_visible()
    assert "één antwoord kiezen" in page.content() and "Nog maar 6 pogingen." in page.content()
    assert overflow(page) <= 0 and axe_violations(page) == []
    shoot(page, f"quiz-statistics-{size}")
    context.close()
