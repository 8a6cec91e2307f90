"""Writing and reading study time; a clock move is one conditional UPDATE, so two tabs or a retried
heartbeat never count the same seconds twice."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from ..auth.models import utcnow
from ..content.model import Module
from ..extensions import db
from ..player.models import Enrolment
from ..player.records import upsert
from .clock import Clock, tick
from .models import StepStudyTime

ENROLMENTS = Enrolment.__table__


def record_activity(enrolment: Enrolment, step_id: str, now: datetime | None = None, running: bool = True) -> int:
    """Move the learner's clock to ``step_id``; returns the seconds counted (0 when another request moved it first)."""
    now = now or utcnow()
    before = Clock(enrolment.clock_step_id, enrolment.clock_at)
    result = tick(before, step_id, now, running)
    moved = db.session.execute(
        update(ENROLMENTS)
        .where(ENROLMENTS.c.id == enrolment.id, ENROLMENTS.c.clock_at.is_not_distinct_from(before.at))
        .values(
            clock_at=result.clock.at,
            clock_step_id=result.clock.step_id,
            last_activity_at=now,
            seconds_on_task=ENROLMENTS.c.seconds_on_task + result.seconds,
        )
    )
    db.session.expire(enrolment, ["clock_at", "clock_step_id", "last_activity_at", "seconds_on_task"])
    if moved.rowcount != 1:
        return 0
    if result.seconds:
        upsert(
            StepStudyTime,
            {"enrolment_id": enrolment.id, "step_id": result.step_id},
            {"seconds": result.seconds, "updated_at": now},
            {"seconds": StepStudyTime.seconds + result.seconds, "updated_at": now},
        )
    return result.seconds


def seconds_per_step(enrolment: Enrolment) -> dict[str, int]:
    rows = db.session.execute(
        select(StepStudyTime.step_id, StepStudyTime.seconds).where(StepStudyTime.enrolment_id == enrolment.id)
    )
    return dict(rows.all())


@dataclass(frozen=True)
class ChapterTime:
    title: str
    seconds: int


def chapter_times(module: Module, per_step: dict[str, int], total: int) -> tuple[list[ChapterTime], int]:
    """Seconds per chapter, and the seconds no step of this version accounts for (time counted before
    study time was kept per step, or on steps a newer version dropped)."""
    chapters = [ChapterTime(c.title, sum(per_step.get(s.id, 0) for s in c.steps)) for c in module.chapters]
    return chapters, max(0, total - sum(c.seconds for c in chapters))
