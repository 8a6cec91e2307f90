"""The study clock: pure rules for turning moments of activity into counted seconds."""

from dataclasses import dataclass
from datetime import datetime, timedelta

# A gap longer than this between two activities is not study: the learner walked away or the tab stayed open.
IDLE_CAP = timedelta(minutes=5)


@dataclass(frozen=True)
class Clock:
    """Where and when the learner was last active in a module; ``at`` is None while it stands still."""

    step_id: str | None
    at: datetime | None


@dataclass(frozen=True)
class Tick:
    clock: Clock
    step_id: str | None  # the step the counted seconds belong to: where the learner was during the gap
    seconds: int


def tick(clock: Clock, step_id: str, now: datetime, running: bool = True) -> Tick:
    """The activity of a learner now on ``step_id``: the gap since the last activity counts (at most
    ``IDLE_CAP``) for the step of that last activity. ``running=False`` (the tab went out of sight)
    counts up to now and stops the clock, so the time away never counts."""
    seconds = 0
    if clock.at is not None and clock.step_id is not None:
        seconds = int(min(max(now - clock.at, timedelta(0)), IDLE_CAP).total_seconds())
    return Tick(Clock(step_id, now if running else None), clock.step_id if seconds else None, seconds)
