"""Evaluation records: submitted once per version, and no way from a response to its author."""

from sqlalchemy import inspect, select

from learn.evaluation import records
from learn.evaluation.models import EvaluationDraft, EvaluationResponse, EvaluationSubmission
from learn.extensions import db
from learn.migrate import schema_differences


def _submit(user, version="1.0", grade=8):
    return records.submit(
        user.id, "kennismaking", version, "standaard", {"cijfer": grade}, grade, 1.5, {"beter": "Meer voorbeelden"}
    )


def test_models_and_migrations_agree(app):
    assert schema_differences() == []


def test_has_submitted_per_module_version(app, learner):
    assert not records.has_submitted(learner.id, "kennismaking", "1.0")
    assert _submit(learner)
    db.session.commit()
    assert records.has_submitted(learner.id, "kennismaking", "1.0")
    assert not records.has_submitted(learner.id, "kennismaking", "1.1")
    assert not records.has_submitted(learner.id + 1, "kennismaking", "1.0")


def test_a_second_submit_for_the_same_version_stores_nothing(app, learner):
    assert _submit(learner)
    db.session.commit()
    assert not _submit(learner, grade=3)
    db.session.commit()
    assert db.session.scalars(select(EvaluationResponse.grade)).all() == [8]
    assert _submit(learner, version="1.1")
    db.session.commit()
    assert db.session.query(EvaluationResponse).count() == 2


def test_submit_deletes_the_draft(app, learner):
    records.save_draft(learner.id, "kennismaking", "1.0", {"cijfer": "7"})
    db.session.commit()
    assert records.find_draft(learner.id, "kennismaking", "1.0").answers == {"cijfer": "7"}
    _submit(learner)
    db.session.commit()
    assert db.session.query(EvaluationDraft).count() == 0


def test_no_column_or_key_leads_from_a_response_to_a_user(app, learner):
    _submit(learner)
    db.session.commit()
    inspector = inspect(db.engine)
    for table in ("evaluation_responses", "evaluation_comments", "evaluation_tallies"):
        columns = {column["name"] for column in inspector.get_columns(table)}
        assert not columns & {"user_id", "enrolment_id", "submission_id", "created_at", "submitted_at", "updated_at"}
        targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert targets <= {"evaluation_responses"}
    submission_columns = {column["name"] for column in inspector.get_columns("evaluation_submissions")}
    assert submission_columns == {"user_id", "module_id", "module_version", "submitted_at"}
    response = db.session.scalars(select(EvaluationResponse)).one()
    assert response.month.day == 1
    assert len(response.id) == 32 and not response.id.isdigit()
    assert str(learner.id) not in response.answers.values()
    submission = db.session.scalars(select(EvaluationSubmission)).one()
    assert submission.user_id == learner.id


def test_personal_data_export_says_that_not_what(app, learner):
    from learn.privacy import personal_data

    records.save_draft(learner.id, "kennismaking", "1.1", {"beter": "Mijn concept"})
    _submit(learner)
    db.session.commit()
    data = personal_data(learner)
    assert '"evaluations_submitted"' in data and "Mijn concept" in data
    assert "Meer voorbeelden" not in data  # the submitted answers are anonymous: not findable per learner
