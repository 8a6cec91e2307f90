"""In headless Chromium: a learner who clicks through a module in a minute gets no certificate and is
told why, then does the work and gets one; and the extra-attempt path, from the last failed attempt to
the trainer's grant and the learner's fourth attempt."""

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD, axe_violations
from quiz_answers import answer_fields, fill_in, hand_in, press
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.evaluation.models import EvaluationSubmission
from learn.extensions import db
from learn.player.models import Enrolment

pytestmark = pytest.mark.browser
MODULE = "/modules/kennismaking"
REFLECTION = "Een moeder was boos over de tijden. Ik luisterde eerst en vroeg wat ze nodig had."


def sign_in(browser, base_url, user):
    page = browser.new_context(base_url=base_url, bypass_csp=True, locale="nl-NL").new_page()
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    press(page, page.get_by_role("button", name="Inloggen"))
    return page


def open_attempt(step_id):
    db.session.commit()  # end the read snapshot, to see what the server wrote
    return db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.step_id == step_id, QuizAttempt.submitted_at.is_(None))
    ).one()


def answer(page, step, right, button):
    attempt = open_attempt(step.id)
    for qid in attempt.question_ids:
        fill_in(page, answer_fields(step.question(qid), right))  # a paged final test: question by question
    if button == "Inleveren":
        hand_in(page)
    else:
        press(page, page.get_by_role("button", name=button))


def next_step(page):
    press(page, page.get_by_role("button", name="Volgende").or_(page.get_by_role("button", name="Afronden")))


def let_minutes_pass(user, minutes, page=None):
    """Study time passes: the clock's last activity moves back (each gap counts at most five minutes).
    First the page's own writes end (its study-time beat on opening): SQLite has one writer at a time."""
    if page is not None:
        page.wait_for_load_state("networkidle")
    db.session.commit()
    enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=user.id))
    if enrolment.clock_at is not None:  # moved in Python: SQLite has no date arithmetic in SQL
        enrolment.clock_at -= timedelta(minutes=minutes)
    db.session.commit()


def test_clicking_through_gets_no_certificate_and_doing_the_work_gets_one(
    live_server, launch_browser, make_user, fixture_module
):
    user = make_user(email="snel@example.nl", name="Sam Snel")
    page = sign_in(launch_browser(), live_server, user)
    page.goto(MODULE)
    press(page, page.get_by_role("button", name="Start deze module"))
    for step in fixture_module.steps:  # a minute of clicking: "Volgende" everywhere, the final quiz passed
        if step.graded:
            answer(page, step, right=True, button="Inleveren")
        next_step(page)
    db.session.commit()  # end the read snapshot before writing beside the server
    db.session.add(EvaluationSubmission(user_id=user.id, module_id="kennismaking", module_version="1.0"))
    db.session.commit()  # the evaluation form has its own browser test

    page.goto(MODULE)
    panel = page.locator(".certificate-panel").inner_text()
    assert "Certificaat aanvragen" not in panel
    assert "Nog 3 stappen te doen" in panel  # Jouw praktijk, Een moeder aan de deur, Even checken
    assert "minstens 18 minuten nodig" in panel
    still_open = page.locator(".open-steps li a").all_inner_texts()
    assert still_open == ["Jouw praktijk", "Een moeder aan de deur", "Even checken"]
    assert axe_violations(page) == []

    page.locator(".open-steps").get_by_role("link", name="Jouw praktijk").click()
    page.get_by_label("Wanneer wist jij laatst").fill(REFLECTION)
    page.get_by_label("Wie hielp je toen verder?").fill(REFLECTION)
    let_minutes_pass(user, 5, page)
    next_step(page)
    page.goto(f"{MODULE}/steps/casus-ouders")
    press(page, page.locator("button.choice", has_text="Je vraagt haar binnen en luistert eerst.").first)
    let_minutes_pass(user, 5, page)
    press(page, page.locator("button.choice", has_text="Je nodigt haar uit om een middag mee te kijken.").first)
    next_step(page)
    answer(page, fixture_module.step("check-luisteren"), right=False, button="Controleer mijn antwoorden")
    let_minutes_pass(user, 5, page)
    next_step(page)
    page.goto(MODULE)
    assert "minstens 18 minuten" in page.locator(".certificate-panel").inner_text()  # 15 minutes so far
    with page.expect_response(lambda response: response.url.endswith("/studietijd")):
        page.goto(f"{MODULE}/steps/afsluiting")  # reading the last step again: its page view beats
    let_minutes_pass(user, 4, page)
    with page.expect_response(lambda response: response.url.endswith("/studietijd")):
        page.reload()
    page.goto(MODULE)
    assert "✓\nAlle stappen gedaan" in page.locator(".certificate-panel").inner_text()
    assert re.search(r"Je hebt (19|20|21) minuten gestudeerd\.", page.content())
    page.get_by_role("link", name="Certificaat aanvragen bij Registerplein").click()
    page.get_by_label("Mijn naam en gegevens kloppen").check()
    press(page, page.get_by_role("button", name="Certificaat uitgeven"))
    assert "is klaar" in page.content()


def test_the_extra_attempt_path(app, live_server, launch_browser, make_user, fixture_module):
    step = fixture_module.step("eindtoets")
    learner = make_user(email="pech@example.nl", name="Pim Pech")
    trainer = make_user(email="trainer@example.nl", name="Tessa Trainer", role="trainer")
    browser = launch_browser()
    page = sign_in(browser, live_server, learner)
    page.goto(MODULE)
    press(page, page.get_by_role("button", name="Start deze module"))
    page.goto(f"{MODULE}/steps/eindtoets")
    for number in (1, 2, 3):
        answer(page, step, right=False, button="Inleveren")
        if number < 3:
            press(page, page.get_by_role("button", name="Probeer opnieuw"))
    what_next = page.locator(".what-next").inner_text()
    assert "alle 3 pogingen gebruikt" in what_next and "extra poging" in what_next
    assert page.get_by_role("button", name="Probeer opnieuw").count() == 0

    staff = sign_in(browser, live_server, trainer)
    staff.get_by_role("link", name="Extra poging").click()
    staff.get_by_label("E-mailadres van de deelnemer").fill(learner.email)
    staff.get_by_label("Reden").fill("Internet viel weg tijdens poging 3")
    assert axe_violations(staff) == []
    press(staff, staff.get_by_role("button", name="Geef één extra poging"))
    assert "Pim Pech kan de eindtoets van Kennismaking met Leerpad nog één keer maken." in staff.content()

    page.reload()
    press(page, page.get_by_role("button", name="Probeer opnieuw"))
    assert "Poging 4 van 4" in page.content()
    answer(page, step, right=True, button="Inleveren")
    assert "Geslaagd!" in page.content()
