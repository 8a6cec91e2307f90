"""In headless Chromium: a learner fails the final quiz, retries, passes and sees the module marked passed."""

import pytest
from conftest import PASSWORD, axe_violations
from quiz_answers import answer_fields
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
        for name, value in answer_fields(step.question(qid), right).items():
            if name.count("-") > 1 and page.locator(f"select[name='{name}']").count():
                page.locator(f"select[name='{name}']").select_option(value)
            else:
                for v in value if isinstance(value, list) else [value]:
                    page.locator(f"input[name='{name}'][value='{v}']").check()
    page.get_by_role("button", name="Inleveren").click()


def test_fail_retry_pass_and_the_module_is_passed(live_server, launch_browser, make_user, fixture_module):
    step = fixture_module.step("eindtoets")
    user = make_user(email="noor@example.nl")
    page = launch_browser().new_context(base_url=live_server, bypass_csp=True, locale="nl-NL").new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/modules/kennismaking")
    page.get_by_role("button", name="Start deze module").click()

    page.goto("/modules/kennismaking/steps/eindtoets")
    assert page.locator("fieldset.question").count() == 4
    assert axe_violations(page) == []
    answer(page, step, right=False)
    assert "Nog niet geslaagd" in page.content()
    assert "Pogingen over: 2" in page.content()
    assert axe_violations(page) == []  # the review, with feedback and the answers

    page.get_by_role("button", name="Probeer opnieuw").click()
    assert "Poging 2 van 3" in page.content()
    answer(page, step, right=True)
    assert "Geslaagd!" in page.content()
    assert "Je beste score: 100%" in page.content()

    page.goto("/modules/kennismaking")
    panel = page.locator(".result-panel").inner_text()
    assert "geslaagd" in panel and "niet geslaagd" not in panel
    assert "100%" in panel and "2 gebruikt, 1 over" in panel
