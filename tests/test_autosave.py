"""Never lose a word, on the server side: the runtime's autosave posts keep reflections and quiz answers
as they are typed, another device sees them, and "Bewaar" says it saved."""

from conftest import login
from quiz_answers import quiz_form
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.extensions import db
from learn.player.models import ReflectionAnswer

MODULE = "/modules/kennismaking"
REFLECTION = f"{MODULE}/steps/eigen-praktijk"
FINAL = f"{MODULE}/steps/eindtoets"


def open_attempt():
    db.session.expire_all()
    return db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))).one()


def test_a_reflection_typed_on_one_device_is_there_on_another(app, learner):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, learner)
    login(laptop, learner)
    phone.post(f"{MODULE}/enrol")
    response = phone.post(f"{REFLECTION}/bewaar", data={"answer-moment": "Half af, op de bus"})
    assert response.status_code == 200
    assert response.get_json()["saved"] is True
    assert response.get_json()["message"].startswith("Opgeslagen om ")
    assert "Half af, op de bus" in laptop.get(REFLECTION).get_data(as_text=True)


def test_an_autosave_touches_only_the_fields_it_sends(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    learner_client.post(REFLECTION, data={"action": "save", "answer-moment": "Eerste", "answer-hulp": "Tweede"})
    learner_client.post(f"{REFLECTION}/bewaar", data={"answer-hulp": "Tweede, langer"})
    answers = {a.question_id: a.answer for a in db.session.scalars(select(ReflectionAnswer))}
    assert answers == {"moment": "Eerste", "hulp": "Tweede, langer"}


def test_an_over_long_autosave_is_refused_and_keeps_what_was_saved(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    learner_client.post(f"{REFLECTION}/bewaar", data={"answer-moment": "Bewaard"})
    assert learner_client.post(f"{REFLECTION}/bewaar", data={"answer-moment": "x" * 20_001}).status_code == 400
    assert [a.answer for a in db.session.scalars(select(ReflectionAnswer))] == ["Bewaard"]


def test_bewaar_confirms_with_the_time(learner_client):
    learner_client.post(f"{MODULE}/enrol")
    page = learner_client.post(REFLECTION, data={"action": "save", "answer-moment": "Iets"}, follow_redirects=True)
    assert "Je antwoorden zijn bewaard om " in page.get_data(as_text=True)


def test_quiz_answers_autosave_into_the_open_attempt_and_a_resumed_quiz_shows_them(app, learner, fixture_module):
    phone, laptop = app.test_client(), app.test_client()
    login(phone, learner)
    login(laptop, learner)
    phone.post(f"{MODULE}/enrol")
    phone.get(FINAL)
    attempt = open_attempt()
    form = quiz_form(fixture_module.step("eindtoets"), attempt, right=True, action="")
    del form["action"]
    assert phone.post(f"{FINAL}/bewaar", data=form).status_code == 200
    saved = open_attempt().responses
    assert all(saved[qid] is not None for qid in attempt.question_ids)
    page = laptop.get(FINAL).get_data(as_text=True)
    chosen = [
        value
        for qid in attempt.question_ids
        if fixture_module.step("eindtoets").question(qid).kind in ("single", "multiple", "judgement")
        for value in ([saved[qid]] if isinstance(saved[qid], str) else saved[qid])
    ]
    assert chosen and all(f'value="{value}" checked' in page for value in chosen)


def test_an_autosave_into_a_handed_in_attempt_is_refused_and_changes_nothing(learner_client, fixture_module):
    learner_client.post(f"{MODULE}/enrol")
    learner_client.get(FINAL)
    attempt = open_attempt()
    step = fixture_module.step("eindtoets")
    learner_client.post(FINAL, data=quiz_form(step, attempt, right=True))
    late = quiz_form(step, attempt, right=False)
    del late["action"]
    response = learner_client.post(f"{FINAL}/bewaar", data=late)
    assert response.status_code == 409 and response.get_json()["saved"] is False
    db.session.expire_all()
    assert db.session.get(QuizAttempt, attempt.id).percentage == 100


def test_autosave_needs_the_learners_own_enrolment(app, make_user):
    client = app.test_client()
    assert client.post(f"{REFLECTION}/bewaar", data={"answer-moment": "x"}).status_code == 302
    login(client, make_user())
    assert client.post(f"{REFLECTION}/bewaar", data={"answer-moment": "x"}).status_code == 404
    client.post(f"{MODULE}/enrol")
    assert client.post(f"{MODULE}/steps/welkom/bewaar", data={}).status_code == 404  # a narrative has nothing to save
