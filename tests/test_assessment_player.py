"""The quiz in the player: attempts, draws, submitting once, retries, limits, feedback and tampered forms."""

import re
import threading
from datetime import timedelta

import pytest
from conftest import login
from quiz_answers import answer_fields, quiz_form
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.assessment.results import result_for
from learn.auth.models import utcnow
from learn.extensions import db
from learn.player.models import Enrolment, StepState

MODULE = "/modules/kennismaking"
FINAL = f"{MODULE}/steps/eindtoets"
CHECK = f"{MODULE}/steps/check-luisteren"


@pytest.fixture
def enrolled(learner_client, learner):
    learner_client.post(f"{MODULE}/enrol")
    return learner_client


def attempts(step_id="eindtoets"):
    db.session.expire_all()
    return list(db.session.scalars(select(QuizAttempt).filter_by(step_id=step_id).order_by(QuizAttempt.number)))


def open_quiz(client, path=FINAL):
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_first_visit_starts_one_attempt_with_a_draw_that_stays_on_resume(enrolled, fixture_module):
    first = open_quiz(enrolled)
    again = open_quiz(enrolled)
    [attempt] = attempts()
    assert len(attempt.question_ids) == 4
    assert set(attempt.question_ids) <= {q.id for q in fixture_module.step("eindtoets").questions}
    assert attempt.module_version == "1.0" and attempt.final and attempt.submitted_at is None

    def shown(page):  # questions and options in the order on the page
        return re.findall(r'name="(q-[^"]+)"(?: id="[^"]+")?\s*(?:value="([^"]*)")?', page)

    assert shown(first) == shown(again)
    assert f'name="attempt" value="{attempt.token}"' in first


def test_answers_never_reach_the_browser_before_submitting(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    for _ in range(6):  # a few draws, so every question is seen
        page = open_quiz(enrolled)
        [attempt] = [a for a in attempts() if a.is_open]
        for qid in attempt.question_ids:
            question = step.question(qid)
            secrets = [o.feedback for o in question.options if o.feedback] + [question.explanation]
            for secret in filter(None, secrets):
                assert str(secret) not in page
            if question.kind == "ordering":
                shown = re.findall(rf'name="q-{qid}-([^"]+)"', page)
                assert shown != [item.id for item in question.items]
        assert "credit" not in page and "is-correct" not in page and "goed antwoord" not in page
        enrolled.post(FINAL, data=quiz_form(step, attempt, right=False))
        if not re.search(r'value="retry"', enrolled.get(FINAL).get_data(as_text=True)):
            break
        enrolled.post(FINAL, data={"action": "retry"})


def test_passing_records_the_attempt_marks_the_step_done_and_shows_the_answers(enrolled, learner, fixture_module):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    [attempt] = attempts()
    response = enrolled.post(FINAL, data=quiz_form(step, attempt, right=True))
    assert response.status_code == 302 and response.headers["Location"].endswith("/steps/eindtoets")
    [attempt] = attempts()
    assert attempt.submitted_at and attempt.passed is True and attempt.percentage == 100.0
    assert attempt.score == attempt.max_score == 4.0 and set(attempt.scores) == set(attempt.question_ids)
    enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=learner.id))
    assert db.session.scalar(select(StepState).filter_by(enrolment_id=enrolment.id, step_id="eindtoets")).done_at
    page = open_quiz(enrolled)
    assert "Geslaagd!" in page and "goed antwoord" in page
    assert "(1 van 1 punt)" in page, "one point is 'punt', not 'punten'"
    question = step.question(attempt.question_ids[0])
    if question.explanation:
        assert str(question.explanation) in page
    overview = enrolled.get(MODULE).get_data(as_text=True)
    assert "geslaagd" in overview and "Beste score" in overview and "100%" in overview


def test_fail_retry_and_the_attempt_limit(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    for number in (1, 2, 3):
        open_quiz(enrolled)
        attempt = attempts()[-1]
        assert attempt.number == number and attempt.is_open
        enrolled.post(FINAL, data=quiz_form(step, attempt, right=False))
        page = open_quiz(enrolled)
        assert "Nog niet geslaagd" in page
        if number < 3:
            assert 'value="retry"' in page
            enrolled.post(FINAL, data={"action": "retry"})
            enrolled.post(FINAL, data={"action": "retry"})  # a double click starts one attempt
            assert len(attempts()) == number + 1
    assert 'value="retry"' not in page and "Pogingen over: 0" in page
    enrolled.post(FINAL, data={"action": "retry"})
    assert len(attempts()) == 3
    assert "geen pogingen meer" in open_quiz(enrolled)
    enrolment = db.session.scalar(select(Enrolment))
    result = result_for(enrolment)
    assert result.passed is False and result.attempts_used == 3 and result.attempts_left == 0
    assert result.best_percentage == 0.0


def test_a_retry_shows_the_question_the_first_attempt_left_out(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")  # a pool of 5, 4 drawn
    open_quiz(enrolled)
    first = attempts()[-1]
    enrolled.post(FINAL, data=quiz_form(step, first, right=False))
    enrolled.post(FINAL, data={"action": "retry"})
    second = attempts()[-1]
    (left_out,) = {q.id for q in step.questions} - set(first.question_ids)
    assert second.number == 2 and left_out in second.question_ids


def test_retry_then_pass_counts_the_best_attempt(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    enrolled.post(FINAL, data=quiz_form(step, attempts()[-1], right=False))
    enrolled.post(FINAL, data={"action": "retry"})
    open_quiz(enrolled)
    second = attempts()[-1]
    assert second.number == 2 and second.token != attempts()[0].token
    enrolled.post(FINAL, data=quiz_form(step, second, right=True))
    result = result_for(db.session.scalar(select(Enrolment)))
    assert result.passed is True and result.best_percentage == 100.0 and result.attempts_left == 1


def test_a_double_submit_records_once_and_both_get_the_same_result(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    attempt = attempts()[-1]
    first = enrolled.post(FINAL, data=quiz_form(step, attempt, right=True))
    recorded = attempts()[-1]
    submitted_at, score = recorded.submitted_at, recorded.score
    second = enrolled.post(FINAL, data=quiz_form(step, attempt, right=False))  # changed answers, same token
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    [again] = attempts()
    assert again.submitted_at == submitted_at and again.score == score and again.passed is True


def test_two_concurrent_submits_record_one_attempt(app, learner, fixture_module, monkeypatch):
    from learn.assessment import records

    step = fixture_module.step("eindtoets")
    recorded_by = []
    real_submit = records.submit
    monkeypatch.setattr(records, "submit", lambda *args, **kw: recorded_by.append(real_submit(*args, **kw)))
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        login(client, learner)
    clients[0].post(f"{MODULE}/enrol")
    open_quiz(clients[0])
    attempt = attempts()[-1]
    forms = [quiz_form(step, attempt, right=True), quiz_form(step, attempt, right=False)]
    db.session.remove()
    barrier = threading.Barrier(2)
    statuses = []

    def submit(client, form):
        with app.app_context():
            barrier.wait()
            statuses.append(client.post(FINAL, data=form).status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    [recorded] = attempts()
    assert recorded.submitted_at is not None
    assert recorded.percentage in (0.0, 100.0)  # one of the two, whole: never a mix
    assert recorded_by.count(True) == 1  # the other request found it recorded, or its UPDATE matched nothing


@pytest.mark.parametrize(
    "tamper",
    [
        lambda data, attempt, step: {**data, "q-bestaat-niet": "x"},
        lambda data, attempt, step: {**data, "attempt": "onbekend"},
        lambda data, attempt, step: {k: v for k, v in data.items() if k != "attempt"},
        lambda data, attempt, step: {**data, **_first_field(attempt, step, "onbekende-optie")},
        lambda data, attempt, step: {**data, **_first_field(attempt, step, '{"json": [1,')},
        lambda data, attempt, step: {**data, **_undrawn(attempt, step)},
    ],
)
def test_tampered_forms_get_400(enrolled, fixture_module, tamper):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    attempt = attempts()[-1]
    response = enrolled.post(FINAL, data=tamper(quiz_form(step, attempt), attempt, step))
    assert response.status_code == 400
    assert attempts()[-1].submitted_at is None


def _first_field(attempt, step, value):
    return dict.fromkeys(answer_fields(step.question(attempt.question_ids[0]), True), value)


def _undrawn(attempt, step):
    [left_out] = [q for q in step.questions if q.id not in attempt.question_ids]
    return answer_fields(left_out, True)


@pytest.mark.parametrize(
    "kind, fields",
    [
        ("single", lambda q: {f"q-{q.id}": [q.options[0].id, q.options[1].id]}),
        ("ordering", lambda q: {f"q-{q.id}-{q.items[0].id}": "9"}),
        ("ordering", lambda q: {f"q-{q.id}-{q.items[0].id}": "eerste"}),
        ("matching", lambda q: {f"q-{q.id}-{q.prompts[0].id}": "geen-antwoord"}),
        ("multiple", lambda q: {f"q-{q.id}": [q.options[0].id, q.options[0].id]}),
    ],
)
def test_impossible_values_get_400(enrolled, fixture_module, kind, fields):
    step = fixture_module.step("eindtoets")
    for _ in range(20):
        open_quiz(enrolled)
        attempt = attempts()[-1]
        drawn = [step.question(q) for q in attempt.question_ids if step.question(q).kind == kind]
        if drawn:
            break
        db.session.delete(attempt)
        db.session.commit()
    data = {"action": "submit", "attempt": attempt.token, **fields(drawn[0])}
    assert enrolled.post(FINAL, data=data).status_code == 400


def test_an_empty_submit_uses_no_attempt_and_unanswered_questions_score_zero(enrolled, fixture_module):
    open_quiz(enrolled)
    attempt = attempts()[-1]
    enrolled.post(FINAL, data={"action": "submit", "attempt": attempt.token})
    [still_open] = attempts()
    assert still_open.is_open  # an empty submit never uses up an attempt
    first = attempt.question_ids[0]
    answered = {
        k: v
        for k, v in quiz_form(fixture_module.step("eindtoets"), attempt, right=False).items()
        if k == f"q-{first}" or k.startswith(f"q-{first}-")
    }
    enrolled.post(FINAL, data={"action": "confirm", "attempt": attempt.token, **answered})
    [recorded] = attempts()
    assert recorded.percentage == 0.0 and recorded.passed is False
    assert all(score == 0 for score in recorded.scores.values())
    assert "Niet beantwoord" in open_quiz(enrolled)


def test_a_half_done_ordering_shows_the_form_again_and_keeps_the_answers(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    for _ in range(20):
        open_quiz(enrolled)
        attempt = attempts()[-1]
        if "volgorde" in attempt.question_ids:
            break
        db.session.delete(attempt)
        db.session.commit()
    data = quiz_form(step, attempt)
    data["q-volgorde-luisteren"] = data["q-volgorde-samenvatten"]
    response = enrolled.post(FINAL, data=data, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "geef elk onderdeel een eigen plaats" in page
    assert attempts()[-1].submitted_at is None
    first = attempt.question_ids[0]
    kept = attempts()[-1].responses[first]
    assert kept is not None


def test_check_quiz_is_formative_with_feedback_right_away(enrolled, fixture_module):
    step = fixture_module.step("check-luisteren")
    open_quiz(enrolled, CHECK)
    attempt = attempts("check-luisteren")[-1]
    assert not attempt.final
    enrolled.post(CHECK, data=quiz_form(step, attempt, right=True))
    recorded = attempts("check-luisteren")[-1]
    assert recorded.passed is None and recorded.submitted_at
    page = open_quiz(enrolled, CHECK)
    assert "Klopt. Eerst luisteren" in page
    assert "Geslaagd" not in page and "Je score" not in page
    result = result_for(db.session.scalar(select(Enrolment)))
    assert result.passed is False and result.attempts_used == 0  # only the final quiz counts


def test_a_late_submit_is_scored_but_never_passes(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    attempt = attempts()[-1]
    attempt.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    enrolled.post(FINAL, data=quiz_form(step, attempt, right=True))
    [recorded] = attempts()
    assert recorded.percentage == 100.0 and recorded.over_time and recorded.passed is False
    assert "na de tijdslimiet" in open_quiz(enrolled)


def test_a_submit_within_the_grace_period_counts(enrolled, fixture_module):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    attempt = attempts()[-1]
    attempt.deadline_at = utcnow() - timedelta(seconds=5)
    db.session.commit()
    enrolled.post(FINAL, data=quiz_form(step, attempt, right=True))
    assert attempts()[-1].passed is True and not attempts()[-1].over_time


def test_quiz_attempts_are_in_the_personal_data_export(enrolled, learner, fixture_module):
    from learn.privacy import personal_data

    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    enrolled.post(FINAL, data=quiz_form(step, attempts()[-1], right=True))
    exported = personal_data(learner)
    assert '"quiz_attempts"' in exported and '"percentage": 100.0' in exported


def test_another_learner_cannot_submit_my_attempt(enrolled, fixture_module, client, make_user, app):
    step = fixture_module.step("eindtoets")
    open_quiz(enrolled)
    mine = attempts()[-1]
    other = app.test_client()
    login(other, make_user())
    other.post(f"{MODULE}/enrol")
    response = other.post(FINAL, data=quiz_form(step, mine, right=True))
    assert response.status_code == 400
    assert db.session.get(QuizAttempt, mine.id).submitted_at is None


def change_final_quiz(**changes):
    """This test's app serves the fixture module with its final quiz changed."""
    from dataclasses import replace

    from learn.content.library import get_library

    library = get_library()
    module = library.get("kennismaking")
    chapters = tuple(
        replace(c, steps=tuple(replace(s, **changes) if s.graded else s for s in c.steps)) for c in module.chapters
    )
    library.modules["kennismaking"] = replace(module, chapters=chapters)
    return library.modules["kennismaking"].step("eindtoets")


def test_show_answers_never_keeps_the_answer_key_out_of_the_review(enrolled):
    step = change_final_quiz(show_answers="never")
    open_quiz(enrolled)
    enrolled.post(FINAL, data=quiz_form(step, attempts()[-1], right=False))
    page = open_quiz(enrolled)
    assert "Nog niet geslaagd" in page and "Je score: 0%" in page
    assert "goed antwoord" not in page and "is-correct" not in page
    assert "Niet goed" in page  # right or wrong per question is shown; the keys and explanations never
    for question in step.questions:
        if question.explanation:
            assert str(question.explanation) not in page


def test_after_pass_shows_the_answers_only_once_passed(enrolled):
    step = change_final_quiz(show_answers="after_pass")
    open_quiz(enrolled)
    enrolled.post(FINAL, data=quiz_form(step, attempts()[-1], right=False))
    failed = open_quiz(enrolled)
    assert "goed antwoord" not in failed and "Niet goed" in failed
    enrolled.post(FINAL, data={"action": "retry"})
    open_quiz(enrolled)
    enrolled.post(FINAL, data=quiz_form(step, attempts()[-1], right=True))
    assert "goed antwoord" in open_quiz(enrolled)


def test_a_timed_quiz_starts_on_request_with_a_deadline(enrolled):
    step = change_final_quiz(time_limit_minutes=20)
    page = open_quiz(enrolled)
    assert attempts() == [] and "Start de toets" in page and "20 minuten" in page
    enrolled.post(FINAL, data={"action": "retry"})
    [attempt] = attempts()
    assert attempt.deadline_at - attempt.started_at == timedelta(minutes=20)
    assert "Lever je antwoorden in vóór" in open_quiz(enrolled)
    enrolled.post(FINAL, data=quiz_form(step, attempt, right=True))
    assert attempts()[0].passed is True


def test_an_open_attempt_from_an_older_version_is_drawn_again(enrolled):
    open_quiz(enrolled)
    old = attempts()[-1]
    kept = [q for q in change_final_quiz().questions if q.id != old.question_ids[0]]
    change_final_quiz(questions=tuple(kept), draw=4)
    response = enrolled.post(FINAL, data={"action": "submit", "attempt": old.token}, follow_redirects=True)
    assert response.status_code == 200 and "intussen aangepast" in response.get_data(as_text=True)
    [fresh] = attempts()
    assert fresh.token != old.token and old.question_ids[0] not in fresh.question_ids


def test_an_empty_check_quiz_gives_nothing_away(enrolled, fixture_module):
    open_quiz(enrolled, CHECK)
    attempt = attempts("check-luisteren")[-1]
    response = enrolled.post(CHECK, data={"action": "submit", "attempt": attempt.token}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Kies eerst een antwoord." in page
    assert "goed antwoord" not in page and "Klopt. Eerst luisteren" not in page
    assert attempts("check-luisteren")[-1].submitted_at is None


def test_a_wrong_choice_is_marked_wrong_in_the_review(enrolled, fixture_module):
    step = fixture_module.step("check-luisteren")
    open_quiz(enrolled, CHECK)
    attempt = attempts("check-luisteren")[-1]
    enrolled.post(CHECK, data=quiz_form(step, attempt, right=False))
    page = open_quiz(enrolled, CHECK)
    wrong = re.search(r'<li class="option is-chosen is-wrong">.*?</li>', page, re.S).group(0)
    assert "jouw antwoord" in wrong and "niet goed" in wrong
