"""Job types by name: what runs, how often it may be tried, and how long one try may take.

A job is stored by name with a JSON payload, never as a pickled function: the queue holds
only data, and a worker of a newer or older version finds the handler by its name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..extensions import db

MAX_DELAY = 3600  # seconds: a retry waits at most an hour, however often it failed


@dataclass(frozen=True)
class JobType:
    name: str
    handler: Callable[..., object]
    attempts: int  # tries before the job is kept as failed
    timeout: int  # seconds one try may take before another worker may take it over


HANDLERS: dict[str, JobType] = {}


class RetryLater(Exception):
    """A handler's "not now" (the LMS answers 503, the mail server is away): the job is tried
    again on the back-off schedule, and the log says why without a traceback."""


class UnknownJob(LookupError):
    """No handler registered under this name (say, a worker older than the app that queued it)."""


def job(name: str, *, attempts: int = 10, timeout: int = 300):
    """Register the decorated function as the handler of jobs called ``name``.

    The handler takes the payload as keyword arguments. It may run more than once (a
    worker that dies mid-job leaves it to another), so a second run must change nothing
    a first one finished: write with an upsert or an ``UPDATE … WHERE`` not yet done.
    """
    if attempts < 1 or timeout < 1:
        raise ValueError("a job needs at least one attempt and a timeout of at least a second")

    def register(handler):
        known = HANDLERS.get(name)
        if known and _qualified(known.handler) != _qualified(handler):
            raise ValueError(f"job {name!r} already has a handler: {_qualified(known.handler)}")
        HANDLERS[name] = JobType(name, handler, attempts, timeout)
        return handler

    return register


def _qualified(handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


def job_type(name: str) -> JobType:
    try:
        return HANDLERS[name]
    except KeyError:
        raise UnknownJob(f"no handler for job {name!r}") from None


def perform(name: str, payload: dict) -> None:
    """Run one job's handler (inside an app context of the job's own) and commit what it wrote."""
    job_type(name).handler(**payload)
    db.session.commit()


def retry_delay(failed_attempts: int, first: int) -> int:
    """Seconds to wait before the next try after ``failed_attempts`` failures: ``first``, then
    doubling, at most an hour (30 s, 1, 2, 4 … 32 min, 1 h with the default of 30 s)."""
    return min(first * 2 ** (failed_attempts - 1), MAX_DELAY)


def describe(error: BaseException) -> str:
    """The failure as ``learn jobs list`` shows it: the exception's class and message, one line."""
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    return text[:500]


@dataclass(frozen=True)
class JobRow:
    """One job as ``learn jobs list`` shows it, whichever queue holds it."""

    id: str
    name: str
    key: str | None
    state: str  # queued, running, done or failed
    attempts: int
    max_attempts: int
    when: datetime | None  # queued: when it is due; otherwise when it finished (or its lease ends)
    last_error: str | None
