"""The first run: `learn seed-demo` makes every line of the README's tour show something, once."""

from pathlib import Path

import pytest
from conftest import empty_all_tables, make_app
from sqlalchemy import func, select

from learn.assessment.models import QuizAttempt
from learn.auth.models import User
from learn.certificates.models import Certificate
from learn.demo import DEMO_LEARNER, DEMO_PASSWORD
from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer, StepState

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(database_url):
    app = make_app(database_url, MODULES_PATH=str(REPO / "modules"))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        yield app, result.output
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


def sign_in(app, email):
    client = app.test_client()
    response = client.post("/inloggen", data={"email": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_demo_learner_is_part_way_with_reflections_a_scenario_and_a_failed_attempt(demo):
    app, _ = demo
    client = sign_in(app, DEMO_LEARNER)
    home = client.get("/").get_data(as_text=True)
    assert "Verder waar je was" in home and "Ga verder" in home
    learner = db.session.scalar(select(User).filter_by(email=DEMO_LEARNER))
    enrolments = db.session.scalars(select(Enrolment).filter_by(user_id=learner.id)).all()
    assert len(enrolments) == 2 and sum(e.completed_at is None for e in enrolments) == 1
    assert db.session.scalar(select(func.count()).select_from(ReflectionAnswer)) >= 3
    assert any((s.state or {}).get("path") for s in db.session.scalars(select(StepState)))
    reflections = client.get("/mijn-reflecties").get_data(as_text=True)
    assert "In onze wijk zie ik vooral jongens" in reflections
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.token.like("demo-%"))).all()
    assert any(a.passed is False for a in attempts) and any(a.passed for a in attempts)
    assert "LP-" in client.get("/mijn-certificaten").get_data(as_text=True)


def test_the_trainer_sees_quiz_statistics_and_the_admin_an_issued_and_a_revoked_certificate(demo):
    app, _ = demo
    statistics = sign_in(app, "trainer@leerpad.local").get("/trainer/quizzen").get_data(as_text=True)
    finals = [part for part in statistics.split('<section class="quiz-report"')[1:] if ">eindtoets<" in part]
    assert len(finals) == 3 and all("Nog geen ingeleverde pogingen." not in part for part in finals)
    certificates = db.session.scalars(select(Certificate)).all()
    assert {c.status for c in certificates} >= {"valid", "revoked"}
    admin = sign_in(app, "beheerder@leerpad.local").get("/beheer/certificaten").get_data(as_text=True)
    assert "ingetrokken" in admin and "geldig" in admin


def test_seeding_again_changes_nothing(demo):
    app, _ = demo
    counts = [db.session.scalar(select(func.count()).select_from(t)) for t in (QuizAttempt, Certificate, Enrolment)]
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert [
        db.session.scalar(select(func.count()).select_from(t)) for t in (QuizAttempt, Certificate, Enrolment)
    ] == counts
