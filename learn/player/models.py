"""A learner's path through a module, keyed by the module's and steps' stable ids.

Modules live in files, so rows refer to them by id, never by foreign key: a new
module version keeps every step a learner did under the same step id.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import utcnow
from ..extensions import db


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("user_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    current_step_id: Mapped[str | None] = mapped_column(String(64))
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Counted study seconds in the module (learn.studytime; per step in step_study_times), and the study
    # clock: the step and moment of the last activity, no moment while the clock stands still.
    seconds_on_task: Mapped[int] = mapped_column(default=0)
    clock_step_id: Mapped[str | None] = mapped_column(String(64))
    clock_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    completed_version: Mapped[str | None] = mapped_column(String(32))

    steps: Mapped[list["StepState"]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan", passive_deletes=True
    )


class StepState(db.Model):
    """What the learner did in one step: done or not, and the step type's own state (e.g. a scenario path)."""

    __tablename__ = "step_states"
    __table_args__ = (UniqueConstraint("enrolment_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"))
    step_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    done_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enrolment: Mapped[Enrolment] = relationship(back_populates="steps")


class ReflectionAnswer(db.Model):
    """A learner's answer to a reflection question: private, shown to nobody but its author."""

    __tablename__ = "reflection_answers"
    __table_args__ = (UniqueConstraint("enrolment_id", "step_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
