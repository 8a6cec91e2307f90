"""End to end in headless Chromium: a learner who completed the module fills in the evaluation
form (saving half-way first), and a trainer sees the response counted on the dashboard.
axe-core checks the form and the dashboard. The module is completed in the database (as the
player records it): walking the steps is the journey test's job, and the quiz is not ours."""

import pytest
from certificate_helpers import complete_module
from conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser


def new_page(browser, base_url):
    return browser.new_context(base_url=base_url, bypass_csp=True, locale="nl-NL").new_page()


def log_in(page, user):
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_learner_evaluates_and_trainer_sees_it_counted(live_server, launch_browser, make_user, fixture_module):
    learner, trainer = make_user("learner"), make_user("trainer")
    complete_module(learner, fixture_module, evaluated=False)  # every step with its work, the test passed
    page = new_page(launch_browser(), live_server)
    log_in(page, learner)

    page.goto("/modules/kennismaking")
    page.locator(".next-card").get_by_role("link", name="Vul de evaluatie in").click()  # the next action
    assert axe_violations(page) == []
    page.get_by_role("group", name="Welk cijfer geef je de module?").get_by_label("9", exact=True).check()
    page.get_by_label("Wat kan er beter aan de module?").fill("Meer <b>voorbeelden</b>")
    page.get_by_role("button", name="Opslaan en later verder").click()
    assert "opgeslagen" in page.content()

    page.goto("/modules/kennismaking/evaluatie")
    assert page.get_by_label("Wat kan er beter aan de module?").input_value() == "Meer <b>voorbeelden</b>"
    page.get_by_role("button", name="Versturen").click()
    assert page.locator(".error-summary").is_visible()  # the required questions are still open
    assert axe_violations(page) == []
    for statement in (
        "De module past bij mijn werk.",
        "Ik kan wat ik heb geleerd gebruiken in mijn praktijk.",
        "De teksten waren duidelijk en goed te lezen.",
    ):
        page.get_by_role("group", name=statement).get_by_label("Eens", exact=True).check()
    page.get_by_label("Hoeveel uur heb je ongeveer aan de module gewerkt?").fill("0,75")
    page.get_by_label("Het klopte ongeveer.").check()
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_role("heading", name="Bedankt voor je evaluatie").is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, trainer)
    page.get_by_text("Resultaten", exact=True).click()  # the menu group
    page.get_by_role("link", name="Evaluaties").click()
    row = page.get_by_role("row", name="Kennismaking met Leerpad")
    assert row.get_by_role("cell").nth(0).inner_text() == "1"  # one response
    assert row.get_by_role("cell").nth(1).inner_text() == "1"  # one completion
    assert axe_violations(page) == []
    row.get_by_role("link").click()
    assert "minder dan 5 reacties" in page.content()  # a single response gets no breakdown
    assert axe_violations(page) == []
