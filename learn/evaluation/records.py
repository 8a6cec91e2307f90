"""Reading and writing evaluation records. The only place that touches both the learner's
identity (drafts, submissions) and the anonymous responses is :func:`submit`."""
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import utcnow
from ..extensions import db
from .models import EvaluationComment, EvaluationDraft, EvaluationResponse, EvaluationSubmission


def has_submitted(user_id: int, module_id: str, module_version: str) -> bool:
    """Whether the learner submitted the evaluation of this module version (certificate eligibility)."""
    return db.session.scalar(
        select(EvaluationSubmission.user_id).filter_by(
            user_id=user_id, module_id=module_id, module_version=module_version
        )
    ) is not None


def find_draft(user_id: int, module_id: str, module_version: str) -> EvaluationDraft | None:
    return db.session.scalar(
        select(EvaluationDraft).filter_by(user_id=user_id, module_id=module_id, module_version=module_version)
    )


def save_draft(user_id: int, module_id: str, module_version: str, answers: dict) -> EvaluationDraft:
    """Keep what the learner typed so far, as typed (also answers that do not validate yet)."""
    draft = find_draft(user_id, module_id, module_version)
    if draft is None:
        try:
            with db.session.begin_nested():
                draft = EvaluationDraft(user_id=user_id, module_id=module_id, module_version=module_version,
                                        answers=answers)
                db.session.add(draft)
        except IntegrityError:
            draft = find_draft(user_id, module_id, module_version)
    draft.answers = answers
    return draft


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def submit(user_id: int, module_id: str, module_version: str, form_name: str, answers: dict,
           grade: int | None, hours_spent: float | None, comments: dict[str, str]) -> bool:
    """Record that the learner submitted, store the answers anonymously and drop the draft.

    Returns False (and stores nothing) when this learner already submitted for this version:
    the submission row's primary key makes a double post, even a concurrent one, count once.
    """
    try:
        with db.session.begin_nested():
            db.session.add(EvaluationSubmission(user_id=user_id, module_id=module_id,
                                                module_version=module_version))
            db.session.flush()
    except IntegrityError:
        return False
    response = EvaluationResponse(
        module_id=module_id, module_version=module_version, form_name=form_name,
        month=first_of_month(utcnow().date()), grade=grade, hours_spent=hours_spent, answers=answers,
    )
    response.comments = [EvaluationComment(field_id=field_id, body=body) for field_id, body in comments.items()]
    db.session.add(response)
    db.session.execute(delete(EvaluationDraft).filter_by(
        user_id=user_id, module_id=module_id, module_version=module_version))
    return True


def personal_data(user) -> dict:
    """For the learner's data export: their drafts and which evaluations they submitted (not the answers,
    which are anonymous and cannot be found back)."""
    drafts = db.session.scalars(select(EvaluationDraft).filter_by(user_id=user.id))
    submissions = db.session.scalars(select(EvaluationSubmission).filter_by(user_id=user.id))
    return {
        "evaluation_drafts": [
            {"module": d.module_id, "version": d.module_version, "answers": d.answers, "updated_at": d.updated_at}
            for d in drafts
        ],
        "evaluations_submitted": [
            {"module": s.module_id, "version": s.module_version, "submitted_at": s.submitted_at}
            for s in submissions
        ],
    }
