"""The database queue's table: one row per job, from queued to done or failed.

A done job keeps its row (without its payload: a mail's text is not needed once sent) for a
week, so that its key still makes a second ``enqueue`` with that key a no-op; then it goes.
"""

from datetime import datetime

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..auth.models import utcnow
from ..extensions import db

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class Job(db.Model):
    __tablename__ = "jobs"
    # What a worker asks for: queued and due, or running with a lease that ran out.
    __table_args__ = (Index("ix_jobs_state_run_after", "state", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    payload: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # SQL NULL once done
    state: Mapped[str] = mapped_column(String(10), default=QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int]
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    # The worker running it holds a claim (a random token) until lease_until, and keeps extending it.
    claim: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
