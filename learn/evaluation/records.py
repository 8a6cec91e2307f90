"""Reading and writing evaluation records. The only place that touches both the learner's
identity (drafts, submissions) and the anonymous responses is :func:`submit`."""

from collections import Counter
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import utcnow
from ..database import insert
from ..extensions import db
from .models import EvaluationComment, EvaluationDraft, EvaluationResponse, EvaluationSubmission, EvaluationTally


def has_submitted(user_id: int, module_id: str, module_version: str) -> bool:
    """Whether the learner submitted the evaluation of this module version (certificate eligibility)."""
    return (
        db.session.scalar(
            select(EvaluationSubmission.user_id).filter_by(
                user_id=user_id, module_id=module_id, module_version=module_version
            )
        )
        is not None
    )


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
                draft = EvaluationDraft(
                    user_id=user_id, module_id=module_id, module_version=module_version, answers=answers
                )
                db.session.add(draft)
        except IntegrityError:
            draft = find_draft(user_id, module_id, module_version)
    draft.answers = answers
    return draft


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def submit(
    user_id: int,
    module_id: str,
    module_version: str,
    form_name: str,
    answers: dict,
    grade: int | None,
    hours_spent: float | None,
    comments: dict[str, str],
) -> bool:
    """Record that the learner submitted, store the answers anonymously and drop the draft.

    Returns False (and stores nothing) when this learner already submitted for this version:
    the submission row's primary key makes a double post, even a concurrent one, count once.
    """
    try:
        with db.session.begin_nested():
            db.session.add(EvaluationSubmission(user_id=user_id, module_id=module_id, module_version=module_version))
            db.session.flush()
    except IntegrityError:
        return False
    store_response(
        module_id, module_version, form_name, first_of_month(utcnow().date()), answers, grade, hours_spent, comments
    )
    db.session.execute(
        delete(EvaluationDraft).filter_by(user_id=user_id, module_id=module_id, module_version=module_version)
    )
    return True


def store_response(
    module_id: str,
    module_version: str,
    form_name: str,
    month: date,
    answers: dict,
    grade: int | None,
    hours_spent: float | None,
    comments: dict[str, str],
) -> None:
    """Store one anonymous response with its open answers, and count its closed answers."""
    response = EvaluationResponse(
        module_id=module_id,
        module_version=module_version,
        form_name=form_name,
        month=month,
        grade=grade,
        hours_spent=hours_spent,
        answers=answers,
    )
    response.comments = [
        EvaluationComment(module_id=module_id, module_version=module_version, month=month, field_id=field_id, body=body)
        for field_id, body in comments.items()
    ]
    db.session.add(response)
    add_to_tallies(module_id, module_version, month, tally_keys(answers))


def tally_keys(answers: dict) -> Counter:
    """(field, value) pairs a response adds to the tallies; a multiple-choice answer also adds (field, '*')."""
    keys = Counter()
    for field_id, value in answers.items():
        if isinstance(value, list):
            keys.update((field_id, str(item)) for item in value)
            keys[(field_id, "*")] += 1
        else:
            keys[(field_id, str(value))] += 1
    return keys


def add_to_tallies(module_id: str, module_version: str, month: date, counts: Counter) -> None:
    """Add counts with an upsert, so two responses stored at once both count."""
    if not counts:
        return
    rows = [
        {
            "module_id": module_id,
            "module_version": module_version,
            "month": month,
            "field_id": field_id,
            "value": value,
            "count": n,
        }
        for (field_id, value), n in counts.items()
    ]
    table = EvaluationTally.__table__
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=["module_id", "month", "module_version", "field_id", "value"],
        set_={"count": table.c["count"] + statement.excluded["count"]},
    )
    db.session.execute(statement, rows)


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
            {"module": s.module_id, "version": s.module_version, "submitted_at": s.submitted_at} for s in submissions
        ],
    }
