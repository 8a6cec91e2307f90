"""Quiz attempts: the drawn quiz, the learner's responses and the score, recorded once.

An attempt row is created when the attempt starts (the draw is stored, so
resuming shows the same quiz) and completed by one conditional UPDATE on
submit (``submitted_at IS NULL``), so two submits of the same attempt record it
once. ``token`` is the per-attempt idempotency key carried in a hidden form
field; it and ``(enrolment, step, number)`` are unique, so a double "retry" or
two tabs opening the quiz start one attempt, not two.
"""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db


class QuizAttempt(db.Model):
    __tablename__ = "quiz_attempts"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "step_id", "number"),
        UniqueConstraint("token"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(64), index=True)
    number: Mapped[int]
    module_version: Mapped[str] = mapped_column(String(32))
    final: Mapped[bool] = mapped_column(default=False)
    token: Mapped[str] = mapped_column(String(64))
    # The draw: question ids in the order shown, and per question the order of its options/answers/items.
    question_ids: Mapped[list] = mapped_column(JSON, default=list)
    option_orders: Mapped[dict] = mapped_column(JSON, default=dict)
    # Responses by question id (a draft while open); points per question once submitted.
    responses: Mapped[dict] = mapped_column(JSON, default=dict)
    scores: Mapped[dict | None] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    percentage: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None]  # None for a formative check quiz
    over_time: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptGrant(db.Model):
    """One more attempt at a quiz for one learner, granted by a trainer or admin: who, when and why."""

    __tablename__ = "attempt_grants"
    # The n-th grant for this learner and quiz: a double-submitted grant is recorded once.
    __table_args__ = (UniqueConstraint("enrolment_id", "step_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(64))
    number: Mapped[int]
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_by: Mapped[str] = mapped_column(String(200))  # the name, kept when the account goes
    reason: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)
