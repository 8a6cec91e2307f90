"""A real module from ``modules/``, taken completely in headless Chromium on a phone-sized screen:
every step, reflections typed, scenarios played to an end, the check quizzes and the final quiz
answered from the module's own answer key, until the module is completed and passed.
A module that cannot be finished (a step that will not let the learner on, a scenario without an
end, an answer key the scorer rejects) or a page wider than the phone fails here."""

import re
from pathlib import Path

import pytest
from conftest import PASSWORD, empty_all_tables, make_app
from quiz_answers import answer_fields, fill_in

from learn.extensions import db

pytestmark = pytest.mark.browser

MODULES = Path(__file__).parent.parent / "modules"
MODULES_TAKEN = ["intercultureel-vakmanschap", "levensbeschouwelijk-vakmanschap", "polarisatie-naar-verbinding"]
PHONE = {"width": 390, "height": 844}
REFLECTION = "Ik zie vooral jongens uit de straat. Hun ouders zie ik bijna nooit; ik ga eens langs bij het buurthuis."


@pytest.fixture
def app(database_url):
    """The suite's app, but serving the real modules instead of the fixture module."""
    app = make_app(database_url, MODULES_PATH=str(MODULES))
    with app.app_context():
        yield app
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


def submit(page, button):
    """Click a button that posts the step form, and wait for the page the server answers with."""
    with page.expect_navigation():
        button.click()


def step_id_of(page) -> str:
    return re.split(r"[#?]", page.url)[0].rstrip("/").split("/")[-1]


WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('main *')].filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' + (el.textContent || '').trim().slice(0, 40));
  return [document.documentElement.scrollWidth, width, wide.slice(-3)];
}"""


def assert_fits_the_phone(page):
    page.wait_for_load_state("load")  # the style sheet applied
    scroll_width, width, wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide on a {width}px screen: {wide}"


def answer_from_the_key(page, step):
    """Answer every drawn question right, from the module file, and submit."""
    if page.locator("button[name=action][value=retry]").count():  # "Start de toets"
        submit(page, page.locator("button[name=action][value=retry]"))
    questions = page.locator("#step-form fieldset.question")
    assert questions.count() == (step.draw or len(step.questions))
    for fieldset in questions.all():
        fill_in(page, answer_fields(step.question(fieldset.get_attribute("data-question")), right=True))
    if page.locator(".quiz-number.overview").count():
        page.locator(".quiz-number.overview").click()
    submit(page, page.locator("button[name=action][value=submit]"))
    assert_fits_the_phone(page)  # the review, with feedback and long matching answers


def play_to_an_end(page, step):
    for _ in range(len(step.nodes)):
        choices = page.locator("button.choice")
        if not choices.count():
            break
        submit(page, choices.first)
    assert page.locator(".debrief").count() == 1, f"scenario {step.id} has no end on its first route"


@pytest.mark.parametrize("slug", MODULES_TAKEN)
def test_a_learner_takes_a_real_module_from_start_to_passed(slug, live_server, launch_browser, make_user, app):
    from learn.content.library import get_library

    module = get_library().get(slug)
    assert module is not None, get_library().errors
    user = make_user(email="jesse@example.nl")
    context = launch_browser().new_context(base_url=live_server, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"/modules/{slug}")
    assert_fits_the_phone(page)
    submit(page, page.get_by_role("button", name="Start deze module"))

    visited = []
    for position, expected in enumerate(module.steps, start=1):
        step = module.step(step_id_of(page))
        assert step is expected, f"step {position}: expected {expected.id}, the player showed {step_id_of(page)}"
        assert f"Stap {position} van {len(module.steps)}" in page.locator("#positie").inner_text()
        assert_fits_the_phone(page)
        if step.type_name == "reflection":
            for area in page.locator("textarea").all():
                area.fill(REFLECTION)
        elif step.type_name == "scenario":
            play_to_an_end(page, step)
        elif step.type_name == "quiz":
            answer_from_the_key(page, step)
            if step.final:
                assert "Geslaagd!" in page.locator("#uitslag").inner_text()
        visited.append(step.id)
        submit(page, page.locator("button[name=action][value=next]"))
    assert visited == [step.id for step in module.steps]
    assert "Je hebt de module afgerond" in page.content()

    page.goto(f"/modules/{slug}")
    assert "Vul de evaluatie in" in page.locator(".next-card").inner_text()
    panel = page.locator(".result-panel").inner_text()
    assert "geslaagd" in panel and "niet geslaagd" not in panel and "100%" in panel
    assert_fits_the_phone(page)
