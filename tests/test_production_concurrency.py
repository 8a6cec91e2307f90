"""Nothing lost under concurrency: many learners save reflections, choose in a
scenario and finish steps at the same moment, through a real gunicorn (two
worker processes, threads in each) on the suite's database (SQLite or PostgreSQL).
Every acknowledged write is in the database exactly once, and no
"database is locked" ever reaches a learner."""

import threading

from servers import Browser, Gunicorn, seed_learners
from sqlalchemy import func, select, text

from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer, StepState
from learn.testing.forms import StepForm

MODULE = "/modules/kennismaking"
LEARNERS = 16
ROUNDS = 5


def _learner(server, number, email, outcome):
    browser = Browser(server.url, f"127.1.0.{number + 1}")
    browser.log_in(email, "correct horse battery")
    statuses = outcome["statuses"]
    for round_ in range(ROUNDS):
        response = browser.post(
            f"{MODULE}/steps/eigen-praktijk",
            {"action": "save", "answer-moment": f"{email} ronde {round_}", "answer-hulp": f"collega {round_}"},
        )
        statuses.append(response.status_code)
        if response.status_code == 302:
            outcome["acknowledged"] = round_
    for choice in ("begin:luisteren", "gesprek:uitnodigen"):
        statuses.append(browser.post(f"{MODULE}/steps/casus-ouders", {"choice": choice}).status_code)
    # A double-clicked "next" on two steps, the second click racing the first.
    for step in ("welkom", "casus-ouders"):
        clicks = [
            threading.Thread(
                target=lambda s=step: statuses.append(
                    browser.post(f"{MODULE}/steps/{s}", {"action": "next"}).status_code
                )
            )
            for _ in range(2)
        ]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join(timeout=60)
    # The final quiz, where the quiz feature is installed: started, then submitted twice at the same moment.
    quiz = f"{MODULE}/steps/eindtoets"
    form = StepForm(browser.get(quiz).text)
    if form.data_with("submit") is None and form.data_with("retry") is not None:
        statuses.append(browser.post(quiz, {"action": "retry"}).status_code)
        form = StepForm(browser.get(quiz).text)
    answers = form.hand_in()
    if answers is not None:
        clicks = [
            threading.Thread(target=lambda: statuses.append(browser.post(quiz, answers).status_code)) for _ in range(2)
        ]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join(timeout=60)
        outcome["quiz"] = True


def test_concurrent_learners_lose_nothing_and_never_see_a_lock(app, database_url, tmp_path):
    learners = seed_learners(LEARNERS)
    db.session.remove()
    db.engine.dispose()
    server = Gunicorn(database_url, tmp_path).start()
    outcomes = {email: {"statuses": [], "acknowledged": None, "quiz": False} for _, email in learners}
    try:
        threads = [
            threading.Thread(target=_learner, args=(server, n, email, outcomes[email]))
            for n, (_, email) in enumerate(learners)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        assert not any(thread.is_alive() for thread in threads), "learners still busy after three minutes"
    finally:
        server.stop()
    log = server.log.read_text()
    assert "database is locked" not in log
    assert "Traceback" not in log

    for user_id, email in learners:
        outcome = outcomes[email]
        assert set(outcome["statuses"]) == {302}, (email, outcome["statuses"])
        assert outcome["acknowledged"] == ROUNDS - 1
        enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=user_id))
        answers = db.session.scalars(select(ReflectionAnswer).filter_by(enrolment_id=enrolment.id)).all()
        assert sorted((a.question_id, a.answer) for a in answers) == [
            ("hulp", f"collega {ROUNDS - 1}"),
            ("moment", f"{email} ronde {ROUNDS - 1}"),
        ]
        states = {s.step_id: s for s in db.session.scalars(select(StepState).filter_by(enrolment_id=enrolment.id))}
        assert states["welkom"].done_at is not None
        assert states["casus-ouders"].done_at is not None
        assert states["casus-ouders"].state["path"] == [["begin", "luisteren"], ["gesprek", "uitnodigen"]]
        # Rows exactly once, whatever raced.
        rows = db.session.execute(
            select(StepState.step_id, func.count()).filter_by(enrolment_id=enrolment.id).group_by(StepState.step_id)
        ).all()
        assert all(count == 1 for _, count in rows), rows
        if outcome["quiz"]:  # one attempt, submitted once, however often the button was pressed
            attempts = db.session.execute(
                text("SELECT score FROM quiz_attempts WHERE enrolment_id = :e AND step_id = 'eindtoets'"),
                {"e": enrolment.id},
            ).all()
            assert len(attempts) == 1 and attempts[0].score is not None, attempts
