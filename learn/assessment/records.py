"""Reading and writing quiz attempts; every write is safe under a retried or concurrent request."""

import secrets
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import Row, bindparam, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..auth.models import utcnow
from ..content.model import Module
from ..content.steps.quiz import QuizStep
from ..extensions import db
from ..player.models import Enrolment
from .attempts import is_over_time, passed, score_responses
from .draw import draw_quiz
from .models import AttemptGrant, QuizAttempt

# Answers are written through the table (SQLAlchemy Core): on the submit path the ORM's bulk UPDATE
# only added CPU; the attempt object is expired after each write instead.
ATTEMPTS = QuizAttempt.__table__
# Called with (attempt, module, step) once per recorded submit: other features follow results (LTI grade passback).
ON_RECORDED: list[Callable] = []


def attempts_for(enrolment: Enrolment, step_id: str) -> list[QuizAttempt]:
    return list(
        db.session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.step_id == step_id)
            .order_by(QuizAttempt.number)
        )
    )


def may_start(step: QuizStep, attempts: list[QuizAttempt], granted: int = 0) -> bool:
    """A new attempt needs no open one and, with a maximum, an attempt left (granted ones included)."""
    if any(a.is_open for a in attempts):
        return False
    return step.max_attempts is None or len(attempts) < step.max_attempts + granted


def granted_attempts(enrolment: Enrolment, step: QuizStep) -> int:
    return db.session.scalar(
        select(func.count(AttemptGrant.id)).where(
            AttemptGrant.enrolment_id == enrolment.id, AttemptGrant.step_id == step.id
        )
    )


class GrantRefused(ValueError):
    """Why no extra attempt can be granted (a sentence for the trainer or admin)."""


def grant_refusal(step: QuizStep, attempts: list[QuizAttempt], granted: int) -> str | None:
    """Why this learner cannot get an extra attempt at ``step`` now; None when they can."""
    if any(a.passed for a in attempts):
        return _("Deze deelnemer is al geslaagd voor de toets.")
    if step.max_attempts is None or may_start(step, attempts, granted) or any(a.is_open for a in attempts):
        return _("Deze deelnemer heeft nog een poging over.")
    return None


def grant_attempt(enrolment: Enrolment, step: QuizStep, by, reason: str) -> None:
    """One more attempt for this learner, recorded with who granted it, when and why.

    Only for a learner who used every attempt without passing: a repeated grant finds an attempt
    left and is refused, and two at the same moment share the grant's number, so one is recorded.
    """
    if not reason.strip():
        raise GrantRefused(_("Geef een reden op."))
    granted = granted_attempts(enrolment, step)
    refusal = grant_refusal(step, attempts_for(enrolment, step.id), granted)
    if refusal:
        raise GrantRefused(refusal)
    upsert_once(
        AttemptGrant,
        enrolment_id=enrolment.id,
        step_id=step.id,
        number=granted + 1,
        granted_by_id=by.id if by else None,
        granted_by=by.name if by else "learn attempts grant",
        reason=reason.strip(),
    )


def upsert_once(model, **values) -> None:
    """Insert the row unless its unique key is already there (a repeated request)."""
    try:
        with db.session.begin_nested():
            db.session.add(model(**values))
    except IntegrityError:
        pass


# Built once, as learn.player.records does for every step page's statements (each page asks for this one).
_SUBMITTED = select(QuizAttempt.step_id, QuizAttempt.question_ids, QuizAttempt.responses).where(
    QuizAttempt.enrolment_id == bindparam("enrolment_id"), QuizAttempt.submitted_at.is_not(None)
)


def submitted_attempts(enrolment: Enrolment) -> list[Row]:
    """What a page needs of the handed-in attempts to say which quizzes are done (learn.player.work):
    rows of ``step_id``, ``question_ids`` and ``responses``, cheaper than ORM objects."""
    return list(db.session.execute(_SUBMITTED, {"enrolment_id": enrolment.id}))


def is_stale(step: QuizStep, attempt: QuizAttempt) -> bool:
    """An open attempt drawn from questions a newer module version no longer has."""
    return any(step.question(qid) is None for qid in attempt.question_ids)


def start_attempt(enrolment: Enrolment, module: Module, step: QuizStep, now: datetime | None = None) -> QuizAttempt:
    """Start the next attempt with a fresh draw; a concurrent start of the same attempt yields the same row."""
    now = now or utcnow()
    number = (
        db.session.scalar(
            select(func.max(QuizAttempt.number)).where(
                QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.step_id == step.id
            )
        )
        or 0
    ) + 1
    drawn = draw_quiz(step, secrets.randbits(63), seen_before(enrolment, step))
    attempt = QuizAttempt(
        enrolment_id=enrolment.id,
        step_id=step.id,
        number=number,
        module_version=module.version,
        final=step.final,
        token=secrets.token_urlsafe(24),
        question_ids=list(drawn.question_ids),
        option_orders=drawn.option_orders,
        responses={},
        started_at=now,
        deadline_at=now + timedelta(minutes=step.time_limit_minutes) if step.time_limit_minutes else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except IntegrityError:
        attempt = db.session.scalar(
            select(QuizAttempt).filter_by(enrolment_id=enrolment.id, step_id=step.id, number=number)
        )
    return attempt


def seen_before(enrolment: Enrolment, step: QuizStep) -> Counter:
    """How many earlier attempts showed each question: a retry draws the least seen first."""
    shown = db.session.scalars(
        select(QuizAttempt.question_ids).where(QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.step_id == step.id)
    )
    return Counter(question_id for question_ids in shown for question_id in question_ids)


def discard(attempt: QuizAttempt) -> None:
    db.session.execute(delete(QuizAttempt).where(QuizAttempt.id == attempt.id, QuizAttempt.submitted_at.is_(None)))
    db.session.expire_all()


def save_draft(attempt: QuizAttempt, responses: dict) -> None:
    db.session.execute(
        update(ATTEMPTS)
        .where(ATTEMPTS.c.id == attempt.id, ATTEMPTS.c.submitted_at.is_(None))
        .values(responses=responses)
    )
    db.session.expire(attempt)


def submit(attempt: QuizAttempt, module: Module, step: QuizStep, responses: dict, now: datetime | None = None) -> bool:
    """Score and record the attempt once. False when it had already been submitted (nothing changes).

    The UPDATE only matches while ``submitted_at`` is empty, so of two
    concurrent submits exactly one records; the other reads the stored result.
    """
    now = now or utcnow()
    questions = [step.question(qid) for qid in attempt.question_ids]
    scored = score_responses(questions, responses)
    over_time = is_over_time(attempt.deadline_at, now)
    result = db.session.execute(
        update(ATTEMPTS)
        .where(ATTEMPTS.c.id == attempt.id, ATTEMPTS.c.submitted_at.is_(None))
        .values(
            responses=responses,
            scores=scored.scores,
            score=scored.score,
            max_score=scored.max_score,
            percentage=scored.percentage,
            passed=passed(step, scored.percentage, module.pass_mark, over_time),
            over_time=over_time,
            submitted_at=now,
        )
    )
    db.session.expire(attempt)
    recorded = result.rowcount == 1
    if recorded:
        for follow in ON_RECORDED:
            follow(attempt, module, step)
    return recorded


def attempts_of_user(user) -> list[tuple[Enrolment, QuizAttempt]]:
    return db.session.execute(
        select(Enrolment, QuizAttempt)
        .join(QuizAttempt, QuizAttempt.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.module_id, QuizAttempt.step_id, QuizAttempt.number)
    ).all()


def grants_of_user(user) -> list[tuple[Enrolment, AttemptGrant]]:
    return db.session.execute(
        select(Enrolment, AttemptGrant)
        .join(AttemptGrant, AttemptGrant.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user.id)
        .order_by(AttemptGrant.granted_at)
    ).all()
