"""Reading and writing a learner's records. Every write is idempotent under a retried request."""

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from ..auth.models import User, utcnow
from ..content.model import Module, Step
from ..extensions import db
from .models import Enrolment, ReflectionAnswer, StepState
from .progress import counted_seconds, is_complete


def get_or_create(model, defaults: dict | None = None, **keys):
    """Fetch the row with these unique keys or insert it; a concurrent insert is resolved, not raised."""
    row = db.session.scalar(select(model).filter_by(**keys))
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = model(**keys, **(defaults or {}))
            db.session.add(row)
    except IntegrityError:
        row = db.session.scalar(select(model).filter_by(**keys))
    return row


def upsert(model, keys: dict, values: dict, on_conflict: dict | None = None) -> None:
    """Insert the row with these unique keys and values, or set ``on_conflict`` (default: the
    values) on the row already there.

    One statement (INSERT … ON CONFLICT, on SQLite and PostgreSQL alike), so a
    concurrent or retried request cannot fail on the unique constraint, and a
    write costs one round trip instead of a select, a savepoint and an insert.
    """
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(model.__table__).values(**keys, **values)  # Core: the ORM adds nothing here but CPU
    db.session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=on_conflict or values))


def find_enrolment(user: User, module_id: str) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).filter_by(user_id=user.id, module_id=module_id))


def enrol(user: User, module: Module) -> Enrolment:
    enrolment = get_or_create(Enrolment, user_id=user.id, module_id=module.id)
    if enrolment.current_step_id is None:
        enrolment.current_step_id = module.steps[0].id
    return enrolment


def step_states(enrolment: Enrolment) -> dict[str, StepState]:
    rows = db.session.scalars(select(StepState).filter_by(enrolment_id=enrolment.id))
    return {row.step_id: row for row in rows}


def done_step_ids(enrolment: Enrolment) -> set[str]:
    return set(
        db.session.scalars(
            select(StepState.step_id).where(StepState.enrolment_id == enrolment.id, StepState.done_at.is_not(None))
        )
    )


def step_state(enrolment: Enrolment, step: Step) -> StepState:
    return get_or_create(StepState, enrolment_id=enrolment.id, step_id=step.id)


def record_activity(enrolment: Enrolment, now: datetime | None = None) -> None:
    now = now or utcnow()
    enrolment.seconds_on_task += counted_seconds(enrolment.last_activity_at, now)
    enrolment.last_activity_at = now


def mark_done(enrolment: Enrolment, module: Module, step: Step) -> None:
    """Mark a step done and, when it was the last required one, the module completed."""
    now = utcnow()
    upsert(
        StepState,
        {"enrolment_id": enrolment.id, "step_id": step.id},
        {"done_at": now, "updated_at": now},
        {"done_at": func.coalesce(StepState.done_at, now)},
    )
    if enrolment.completed_at is None and is_complete(module, done_step_ids(enrolment)):
        enrolment.completed_at = now
        enrolment.completed_version = module.version


def move_to(enrolment: Enrolment, step_id: str) -> None:
    enrolment.current_step_id = step_id


def reflection_answers(enrolment: Enrolment, step_id: str) -> dict[str, str]:
    rows = db.session.scalars(select(ReflectionAnswer).filter_by(enrolment_id=enrolment.id, step_id=step_id))
    return {row.question_id: row.answer for row in rows}


def save_reflection(enrolment: Enrolment, step, answers: dict[str, str]) -> None:
    for question in step.questions:
        text = answers.get(question.id, "")
        keys = {"enrolment_id": enrolment.id, "step_id": step.id, "question_id": question.id}
        if text.strip():
            now = utcnow()
            upsert(ReflectionAnswer, keys, {"answer": text, "updated_at": now})
        else:
            db.session.execute(delete(ReflectionAnswer).filter_by(**keys))


def all_reflections(user: User) -> list[tuple[Enrolment, ReflectionAnswer]]:
    """Every reflection the user wrote, for their own eyes only."""
    return db.session.execute(
        select(Enrolment, ReflectionAnswer)
        .join(ReflectionAnswer, ReflectionAnswer.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.module_id, ReflectionAnswer.step_id, ReflectionAnswer.question_id)
    ).all()
