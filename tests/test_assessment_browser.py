"""In headless Chromium: a learner fails the final quiz, retries, passes and sees the module marked passed."""

import pytest
from conftest import PASSWORD, axe_violations
from quiz_answers import answer_fields, fill_in, hand_in, press
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.extensions import db

pytestmark = pytest.mark.browser


def open_attempt():
    db.session.commit()  # end the read snapshot, to see what the server wrote
    return db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))).one()


def answer(page, step, right: bool):
    attempt = open_attempt()
    for qid in attempt.question_ids:
        fill_in(page, answer_fields(step.question(qid), right))
    hand_in(page)


def test_fail_retry_pass_and_the_module_is_passed(live_server, launch_browser, make_user, fixture_module):
    step = fixture_module.step("eindtoets")
    user = make_user(email="noor@example.nl")
    page = launch_browser().new_context(base_url=live_server, bypass_csp=True, locale="nl-NL").new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    press(page, page.get_by_role("button", name="Inloggen"))
    page.goto("/modules/kennismaking")
    press(page, page.get_by_role("button", name="Start deze module"))

    page.goto("/modules/kennismaking/steps/eindtoets")
    assert page.locator("fieldset.question").count() == 4
    assert axe_violations(page) == []
    answer(page, step, right=False)
    assert "Nog niet geslaagd" in page.content()
    assert "Pogingen over: 2" in page.content()
    assert axe_violations(page) == []  # the review, with feedback and the answers

    press(page, page.get_by_role("button", name="Probeer opnieuw"))
    assert "Poging 2 van 3" in page.content()
    page.locator("form.paged").wait_for(state="attached")
    # A new attempt opens at its first question, not on the overview the last one was handed in from.
    assert page.locator("#vraag-1").is_visible() and page.locator(".quiz-overview").is_hidden()
    answer(page, step, right=True)
    assert "Geslaagd!" in page.content()
    assert "Je beste score: 100%" in page.content()

    page.goto("/modules/kennismaking")
    panel = page.locator(".result-panel").inner_text()
    assert "geslaagd" in panel and "niet geslaagd" not in panel
    assert "100%" in panel and "2 gebruikt, 1 over" in panel
