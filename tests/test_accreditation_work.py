"""Work that is real: done-ness per step type, "Volgende" on unfinished work, learners marked done under
the old rule, the final quiz's submit rule, the answer policy and a granted extra attempt."""

import json

import pytest
from quiz_answers import quiz_form
from sqlalchemy import select

from learn.assessment.attempts import CONFIRM, EMPTY, SUBMIT, submit_decision, unanswered
from learn.assessment.models import AttemptGrant, QuizAttempt
from learn.extensions import db
from learn.player.actions import reflection_open, scenario_open
from learn.player.models import Enrolment, StepState
from learn.player.work import completed_step_ids, open_work
from learn.privacy import personal_data

MODULE = "/modules/kennismaking"
FINAL = f"{MODULE}/steps/eindtoets"
LONG = "Toen een moeder boos was, wist ik eerst niet wat ik moest zeggen."


@pytest.fixture
def enrolled(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    return learner_client


def enrolment_of(learner):
    db.session.expire_all()
    return db.session.scalar(select(Enrolment).filter_by(user_id=learner.id))


# pure rules


def test_a_required_reflection_needs_real_text_of_its_minimum_length(app, fixture_module):
    step = fixture_module.step("eigen-praktijk")
    with app.test_request_context():
        assert [str(m) for m in reflection_open(step, {})] == [
            "Vraag 1: schrijf een antwoord van minstens 40 tekens (nu 0).",
            "Vraag 2: schrijf een antwoord van minstens 40 tekens (nu 0).",
        ]
        assert len(reflection_open(step, {"moment": LONG, "hulp": "   Mijn collega.   "})) == 1
        assert reflection_open(step, {"moment": LONG, "hulp": LONG}) == []
        optional = type(step)(
            **{**step.__dict__, "questions": (step.questions[0], type(step.questions[1])("hulp", "?", True))}
        )
        assert reflection_open(optional, {"moment": LONG}) == []


def test_a_scenario_is_done_at_an_end_node(fixture_module):
    step = fixture_module.step("casus-ouders")
    assert scenario_open(step, [["begin", "luisteren"]])
    assert scenario_open(step, [["begin", "regels"]]) == []
    assert scenario_open(step, [["begin", "luisteren"], ["gesprek", "folder"]]) == []


@pytest.mark.parametrize(
    "responses, confirmed, decision",
    [
        ({"a": None, "b": None}, False, EMPTY),
        ({"a": None, "b": None}, True, EMPTY),  # an empty submit never uses up an attempt, confirmed or not
        ({"a": "x", "b": None}, False, CONFIRM),
        ({"a": "x", "b": None}, True, SUBMIT),
        ({"a": "x", "b": "y"}, False, SUBMIT),
    ],
)
def test_submit_decision(fixture_module, responses, confirmed, decision):
    questions = [type("Q", (), {"id": qid})() for qid in responses]
    assert submit_decision(questions, responses, confirmed) == decision
    assert unanswered(list(responses), responses) == [n for n, v in enumerate(responses.values(), 1) if v is None]


# done-ness in the player


def test_next_on_an_empty_reflection_moves_on_and_says_what_is_open(enrolled, learner, fixture_module):
    page = enrolled.post(
        f"{MODULE}/steps/eigen-praktijk", data={"action": "next", "answer-moment": "kort"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "Nog niet af: ‘Jouw praktijk’." in page and "minstens 40 tekens (nu 4)" in page
    enrolment = enrolment_of(learner)
    assert enrolment.current_step_id == "casus-ouders"
    assert "eigen-praktijk" not in completed_step_ids(fixture_module, enrolment)
    overview = enrolled.get(MODULE).get_data(as_text=True)
    assert "Nog niet af" in overview and "nog niet af" in overview  # the panel and the step list
    enrolled.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "next", "answer-moment": LONG, "answer-hulp": LONG})
    assert "eigen-praktijk" in completed_step_ids(fixture_module, enrolment_of(learner))


def test_a_check_quiz_counts_once_every_question_is_answered_wrong_or_right(enrolled, learner, fixture_module):
    check = fixture_module.step("check-luisteren")
    url = f"{MODULE}/steps/check-luisteren"
    enrolled.get(url)
    attempt = db.session.scalar(select(QuizAttempt).filter_by(step_id=check.id))
    enrolled.post(url, data=quiz_form(check, attempt, right=False))
    enrolled.post(url, data={"action": "next"})
    assert "check-luisteren" in completed_step_ids(fixture_module, enrolment_of(learner))


def test_clicking_through_completes_nothing(enrolled, learner, fixture_module):
    for step in fixture_module.steps:
        if not step.graded:
            enrolled.post(f"{MODULE}/steps/{step.id}", data={"action": "next"})
    enrolment = enrolment_of(learner)
    assert set(open_work(fixture_module, enrolment)) == {
        "eigen-praktijk",
        "casus-ouders",
        "check-luisteren",
        "eindtoets",
    }
    assert enrolment.completed_at is None


def test_a_learner_done_under_the_old_rule_keeps_everything_and_is_shown_what_is_open(
    enrolled, learner, fixture_module
):
    enrolment = enrolment_of(learner)
    from learn.auth.models import utcnow

    for step in fixture_module.steps:  # marked done by the old rule: every step, no real work
        db.session.add(StepState(enrolment_id=enrolment.id, step_id=step.id, done_at=utcnow()))
    enrolment.completed_at, enrolment.completed_version = utcnow(), "1.0"
    db.session.commit()
    overview = enrolled.get(MODULE).get_data(as_text=True)
    assert "Je hebt alle stappen van deze module gedaan." not in overview
    assert "Jouw praktijk" in overview and "Speel de casus uit tot een einde." in overview
    assert db.session.scalar(select(db.func.count(StepState.id))) == len(fixture_module.steps)  # nothing deleted
    panel_text = overview.split('id="certificaat"')[1]
    assert "Nog 4 stappen te doen" in panel_text  # Jouw praktijk, Een moeder aan de deur, Even checken, Eindtoets


# the final quiz


def open_final(client):
    client.get(FINAL)
    return db.session.scalar(select(QuizAttempt).filter_by(step_id="eindtoets").order_by(QuizAttempt.number.desc()))


def test_an_empty_submit_never_uses_up_an_attempt(enrolled, fixture_module):
    attempt = open_final(enrolled)
    page = enrolled.post(FINAL, data={"action": "submit", "attempt": attempt.token}, follow_redirects=True)
    assert "Je hebt nog geen enkele vraag beantwoord. Deze poging telt nog niet." in page.get_data(as_text=True)
    enrolled.post(FINAL, data={"action": "confirm", "attempt": attempt.token})
    db.session.refresh(attempt)
    assert attempt.is_open and attempt.number == 1


def test_unanswered_questions_are_summed_up_before_the_attempt_counts(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    attempt = open_final(enrolled)
    first = attempt.question_ids[0]
    form = {
        k: v
        for k, v in quiz_form(step, attempt).items()
        if k in ("action", "attempt") or k == f"q-{first}" or k.startswith(f"q-{first}-")
    }
    page = enrolled.post(FINAL, data=form, follow_redirects=True).get_data(as_text=True)
    assert "3 van 4 vragen niet beantwoord" in page and 'value="confirm"' in page
    db.session.refresh(attempt)
    assert attempt.is_open and attempt.responses[first] is not None  # kept as a draft
    enrolled.post(FINAL, data={**form, "action": "confirm"})
    db.session.refresh(attempt)
    assert not attempt.is_open and attempt.percentage is not None


def grant_page(app, make_user, role="trainer"):
    from conftest import login

    staff = app.test_client()
    login(staff, make_user(role=role, name="Tessa Trainer"))
    return staff


def use_every_attempt(client, fixture_module):
    step = fixture_module.step("eindtoets")
    for number in (1, 2, 3):
        attempt = open_final(client)
        client.post(FINAL, data=quiz_form(step, attempt, right=False))
        if number < 3:
            client.post(FINAL, data={"action": "retry"})


def test_after_the_last_attempt_a_trainer_grants_one_more(app, enrolled, learner, fixture_module, make_user):
    use_every_attempt(enrolled, fixture_module)
    page = enrolled.get(FINAL).get_data(as_text=True)
    assert "Wat nu?" in page and "Neem contact op met" in page and 'value="retry"' not in page
    staff = grant_page(app, make_user)
    form = {"email": learner.email, "module_id": "kennismaking", "reason": "Ziek tijdens de toets"}
    response = staff.post("/beheer/pogingen", data=form, follow_redirects=True)
    assert "kan de eindtoets van Kennismaking met Leerpad nog één keer maken" in response.get_data(as_text=True)
    again = staff.post("/beheer/pogingen", data=form)  # a double submit grants once
    assert again.status_code == 400 and "nog een poging over" in again.get_data(as_text=True)
    (grant,) = db.session.scalars(select(AttemptGrant)).all()
    assert (grant.granted_by, grant.reason) == ("Tessa Trainer", "Ziek tijdens de toets") and grant.granted_at
    page = enrolled.get(FINAL).get_data(as_text=True)
    assert 'value="retry"' in page
    enrolled.post(FINAL, data={"action": "retry"})
    assert open_final(enrolled).number == 4
    data = json.loads(personal_data(learner))
    assert data["attempt_grants"][0]["reason"] == "Ziek tijdens de toets"
    assert data["attempt_grants"][0]["granted_by"] == "Tessa Trainer"


def test_granting_is_refused_with_a_reason_when_it_makes_no_sense(app, enrolled, learner, make_user):
    staff = grant_page(app, make_user, role="admin")
    open_final(enrolled)
    cases = [
        ({"email": "niemand@example.nl", "reason": "x"}, "geen account"),
        ({"email": learner.email, "reason": "x"}, "nog een poging over"),
        ({"email": learner.email, "reason": ""}, ""),
    ]
    for fields, message in cases:
        response = staff.post("/beheer/pogingen", data={"module_id": "kennismaking", **fields})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(db.func.count(AttemptGrant.id))) == 0


def test_learners_cannot_grant_themselves_attempts(enrolled):
    assert enrolled.get("/beheer/pogingen").status_code == 403


def test_the_grant_command(runner, app, enrolled, learner, fixture_module):
    use_every_attempt(enrolled, fixture_module)
    result = runner.invoke(args=["attempts", "grant", learner.email, "kennismaking", "--reason", "Storing"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["attempts", "grant", learner.email, "kennismaking", "--reason", "Storing"])
    assert again.exit_code == 1 and "still has an attempt left" in again.output
    (grant,) = db.session.scalars(select(AttemptGrant)).all()
    assert grant.reason == "Storing" and grant.granted_by == "learn attempts grant"
