"""Evaluation records, kept apart so a response never leads back to its author.

Three tables, on purpose:
- ``evaluation_drafts``: a learner's unfinished form, tied to the learner and deleted on submit.
- ``evaluation_tallies``: counts of the closed answers per module version and month, for the dashboard.
- ``evaluation_submissions``: only *that* a learner submitted for a module version (certificates
  need it), never *what*.
- ``evaluation_responses`` (and their ``evaluation_comments``): the answers, with no user column,
  no foreign key to users, only the month of submission, and a random id (uuid4) so neither the
  id nor, on SQLite, the storage order (``WITHOUT ROWID``, rows sorted by that random id) follows
  the order of insertion that ``evaluation_submissions.submitted_at`` reveals.
"""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import utcnow
from ..extensions import db


def random_id() -> str:
    return uuid.uuid4().hex


class EvaluationDraft(db.Model):
    """A form saved half-way: the learner's own, until they submit it."""

    __tablename__ = "evaluation_drafts"
    __table_args__ = (UniqueConstraint("user_id", "module_id", "module_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64))
    module_version: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EvaluationSubmission(db.Model):
    """That a learner submitted the evaluation of one module version; nothing about the answers."""

    __tablename__ = "evaluation_submissions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    module_version: Mapped[str] = mapped_column(String(32), primary_key=True)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvaluationResponse(db.Model):
    """One anonymous filled-in form. The overall grade and the time spent have their own columns
    so the dashboard aggregates them with GROUP BY; the other answers are in ``answers``."""

    __tablename__ = "evaluation_responses"
    __table_args__ = (
        # Covers the dashboard's GROUP BY month, grade: the figures come from the index alone.
        Index("ix_evaluation_responses_module", "module_id", "month", "grade", "module_version", "hours_spent"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    module_id: Mapped[str] = mapped_column(String(64))
    module_version: Mapped[str] = mapped_column(String(32))
    form_name: Mapped[str] = mapped_column(String(64))
    # The first day of the month of submission: no day, no time.
    month: Mapped[date] = mapped_column(Date)
    grade: Mapped[int | None]
    hours_spent: Mapped[float | None] = mapped_column(Float)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)

    comments: Mapped[list["EvaluationComment"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class EvaluationComment(db.Model):
    """One open-text answer of a response, in its own table so comments are searched and paged in SQL.
    It repeats its response's module, version and month, so paging needs no join."""

    __tablename__ = "evaluation_comments"
    __table_args__ = (
        Index("ix_evaluation_comments_module", "module_id", "month", "module_version"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    response_id: Mapped[str] = mapped_column(ForeignKey("evaluation_responses.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64))
    module_version: Mapped[str] = mapped_column(String(32))
    month: Mapped[date] = mapped_column(Date)
    field_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)

    response: Mapped[EvaluationResponse] = relationship(back_populates="comments")


class EvaluationTally(db.Model):
    """How often each closed answer (Likert point, option) was given, per module version and month.

    Kept up to date when a response is stored (in the same transaction), so the dashboard
    sums a few hundred rows instead of reading every response's answers.
    """

    __tablename__ = "evaluation_tallies"

    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    module_version: Mapped[str] = mapped_column(String(32), primary_key=True)
    field_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)  # '*': answered at all (multiple choice)
    count: Mapped[int] = mapped_column(default=0)
