"""In headless Chromium, at phone (390×844) and laptop (1366×768) size: the extra-attempt path through the
admin's learner page, and a walk of the admin pages (users, a learner, a new user, revoking a certificate,
the learner's revoked certificate, the SCORM page and its preview). Nothing wider than the screen, axe-core
finds nothing serious. With ``LEERPAD_SHOTS=<folder>`` each page is saved there as a screenshot."""

import os
from pathlib import Path

import pytest
from certificate_helpers import complete_module
from conftest import PASSWORD, axe_violations
from quiz_answers import answer_fields, fill_in, hand_in
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.certificates import issuing
from learn.demo import create_demo_users
from learn.extensions import db

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
SHOTS = os.environ.get("LEERPAD_SHOTS")


def answer(page, step, right: bool) -> None:
    """Answer the open attempt's drawn questions, all right or all wrong, and hand it in."""
    page.locator(".quiz-counter").wait_for()  # the new attempt's page, paged by runtime/quiz-pages.js
    db.session.commit()  # end the read snapshot, to see the attempt the server started
    attempt = db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))).one()
    for qid in attempt.question_ids:
        fill_in(page, answer_fields(step.question(qid), right))
    hand_in(page)


def sign_in(browser, base_url, user, size="laptop"):
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="nl-NL", viewport=SIZES[size])
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    return page


def look(page, name: str) -> None:
    """Fits the screen, passes axe-core, and is saved to look at."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name}: {width[0]} px wide in a {width[1]} px window"
    assert axe_violations(page) == [], name


def test_a_learner_out_of_attempts_gets_one_more_from_the_admins_learner_page(
    app, live_server, launch_browser, make_user, fixture_module
):
    step = fixture_module.step("eindtoets")
    learner = make_user(email="pech@example.nl", name="Pim Pech")
    admin = make_user(email="bea@example.nl", name="Bea Beheer", role="admin")
    browser = launch_browser()
    page = sign_in(browser, live_server, learner)
    page.goto("/modules/kennismaking")
    page.get_by_role("button", name="Start deze module").click()
    page.goto("/modules/kennismaking/steps/eindtoets")
    for number in range(1, step.max_attempts + 1):
        answer(page, step, right=False)
        if number < step.max_attempts:
            page.get_by_role("button", name="Probeer opnieuw").click()
    assert "alle 3 pogingen gebruikt" in page.locator(".what-next").inner_text()
    look(page, "grant-1-what-next-laptop")

    for size in ("laptop", "phone"):
        staff = sign_in(browser, live_server, admin, size)
        staff.get_by_text("Beheer", exact=True).click()  # the menu group
        staff.get_by_role("link", name="Gebruikers").click()
        staff.get_by_label("Zoek op naam of e-mailadres").fill("pech")
        staff.get_by_role("button", name="Zoeken").click()
        staff.get_by_role("link", name="Pim Pech").click()
        assert "Alle pogingen voor de eindtoets zijn gebruikt" in staff.content()
        look(staff, f"grant-2-learner-page-{size}")
    staff.get_by_label("Reden voor een extra poging").fill("Internet viel weg tijdens poging 3")
    staff.get_by_role("button", name="Geef één extra poging").click()
    assert "Pim Pech kan de eindtoets van Kennismaking met Leerpad nog één keer maken." in staff.content()
    assert "Internet viel weg tijdens poging 3" in staff.locator("main").inner_text()
    look(staff, "grant-3-granted-phone")

    page.reload()
    page.get_by_role("button", name="Probeer opnieuw").click()
    assert "Poging 4 van 4" in page.content()
    answer(page, step, right=True)
    assert "Geslaagd!" in page.content()
    look(page, "grant-4-passed-laptop")


@pytest.fixture
def academy(app, make_user, fixture_module, tmp_path):
    """An admin, a learner with a certificate, and the demo's made-up accounts."""
    app.config["SCORM_CACHE_PATH"] = str(tmp_path / "scorm-cache")
    create_demo_users()
    admin = make_user(email="bea@example.nl", name="Bea Beheer", role="admin")
    learner = make_user(email="zoe@example.nl", name="Zoë Visser-Bakker met een lange achternaam")
    enrolment = complete_module(learner, fixture_module)
    accreditation = issuing.accreditation_for(fixture_module, "Registerplein")
    with app.test_request_context():
        certificate = issuing.issue(learner, fixture_module, accreditation, enrolment, learner.name, "4610123456")
    db.session.commit()
    return admin, learner, certificate


@pytest.mark.parametrize("size", SIZES)
def test_the_admin_pages_fit_the_screen(app, live_server, launch_browser, academy, size):
    admin, learner, certificate = academy
    browser = launch_browser()
    page = sign_in(browser, live_server, admin, size)
    page.goto("/beheer/gebruikers")
    assert "demo-accounts verborgen" in page.content()
    look(page, f"users-{size}")
    page.get_by_text("Beheer", exact=True).click()
    look(page, f"menu-open-{size}")
    page.goto("/beheer/gebruikers?demo=1&sort=activiteit")
    look(page, f"users-demo-{size}")
    page.goto("/beheer/gebruikers/nieuw")
    page.get_by_role("button", name="Account maken en mail sturen").click()  # empty: errors shown
    look(page, f"new-user-errors-{size}")
    page.goto(f"/beheer/gebruikers/{learner.id}")
    look(page, f"learner-{size}")

    page.goto(f"/beheer/certificaten/{certificate.id}")
    page.get_by_label("Reden van intrekken").fill("Het registratienummer hoorde bij iemand anders.")
    page.get_by_role("button", name="Certificaat intrekken").click()
    assert "Vink aan dat je het certificaat echt wilt intrekken." in page.content()
    look(page, f"revoke-unconfirmed-{size}")
    page.get_by_label("Ja, trek dit certificaat in.").check()
    page.get_by_role("button", name="Certificaat intrekken").click()
    assert "is ingetrokken" in page.content()
    look(page, f"revoked-admin-{size}")

    mine = sign_in(browser, live_server, learner, size)
    mine.goto("/mijn-certificaten")
    assert "Het registratienummer hoorde bij iemand anders." in mine.content()
    look(mine, f"revoked-learner-{size}")
    mine.goto("/modules/kennismaking/certificaat/Registerplein")
    look(mine, f"revoked-request-again-{size}")

    page.goto("/scorm/")
    page.get_by_text("Moodle", exact=True).click()
    look(page, f"scorm-{size}")
    page.goto("/scorm/kennismaking/scorm2004/voorbeeld/index.html")
    page.wait_for_selector("body[data-ready]")
    assert page.locator("[data-preview]").is_visible()  # no LMS: the package says it saves nothing
    look(page, f"scorm-preview-{size}")
