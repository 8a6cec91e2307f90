"""The database queue: jobs as rows in the app's own database, for one machine (SQLite) and for
PostgreSQL without Redis.

A worker claims the oldest due job with one ``UPDATE`` (on PostgreSQL over ``FOR UPDATE SKIP
LOCKED``, so workers pass each other instead of waiting; SQLite has one writer at a time anyway)
and holds it with a random claim token until a lease runs out. While the handler runs, a
heartbeat thread extends the lease. A worker that dies (SIGKILL, a power cut) stops extending
it; once the lease has run out the next worker takes the job over, and that counts as an
attempt. Only the holder of the claim records the outcome, so a worker that lost its claim (it
ran past the job type's timeout) changes nothing in the queue.
"""

import logging
import os
import secrets
import signal
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import and_, delete, or_, select, update

from ..auth.models import utcnow
from ..database import insert, write_from_here
from ..extensions import db
from .models import DONE, FAILED, QUEUED, RUNNING, Job
from .registry import HANDLERS, JobRow, JobType, RetryLater, describe, perform, retry_delay

log = logging.getLogger("leerpad.jobs")
POLL_SECONDS = 2  # how soon a job queued by another process, or a retry that came due, is seen
KEEP_DONE = timedelta(days=7)  # how long a done job's key keeps a second enqueue a no-op
PRUNE_EVERY = 3600  # seconds between clearing out done jobs older than that
JOBS = Job.__table__  # Core statements: the queue's bookkeeping needs no ORM objects


class WorkerStopped(Exception):
    """The worker running the job's last attempt stopped before it finished (its lease ran out)."""


@dataclass(frozen=True)
class Claim:
    id: int
    name: str
    payload: dict
    attempts: int
    max_attempts: int
    token: str


class DatabaseQueue:
    def __init__(self, app: Flask):
        self.app = app
        self.lease = timedelta(seconds=app.config["JOBS_LEASE_SECONDS"])
        self.backoff = app.config["JOBS_BACKOFF_SECONDS"]
        self.wake = threading.Event()  # set when this process queues a job: its worker thread need not wait
        self._thread_pid = None
        self._thread_lock = threading.Lock()

    def store(self, job: JobType, key: str | None, payload: dict) -> None:
        statement = insert(JOBS).values(name=job.name, key=key, payload=payload, max_attempts=job.attempts)
        if key is not None:
            statement = statement.on_conflict_do_nothing(index_elements=["key"])
        db.session.execute(statement)
        db.session.commit()
        self.wake.set()

    def run_pending(self, now: datetime | None = None) -> int:
        """Run every job due by ``now`` (default: now), one after the other; how many ran."""
        count = 0
        while self.run_next(now):
            count += 1
        return count

    def run_next(self, now: datetime | None = None) -> bool:
        """Claim the oldest due job and run it; False when no job is due."""
        now = now or utcnow()
        with self.app.app_context():
            claim = self._claim(now)
        if claim is None:
            return False
        if claim.attempts > claim.max_attempts:  # taken back from a worker that died during the last attempt
            error = WorkerStopped(f"the worker stopped during attempt {claim.max_attempts}")
        else:
            error = self._run(claim)
        with self.app.app_context():
            self._record(claim, error, now)
        return True

    def _due(self, now: datetime):
        return or_(
            and_(JOBS.c.state == QUEUED, JOBS.c.run_after <= now),
            and_(JOBS.c.state == RUNNING, JOBS.c.lease_until < now),
        )

    def _claim(self, now: datetime) -> Claim | None:
        if db.session.scalar(select(JOBS.c.id).where(self._due(now)).limit(1)) is None:
            return None  # the common case, a read: no write lock taken while the queue is empty
        write_from_here()
        oldest = (
            select(JOBS.c.id)
            .where(self._due(now))
            .order_by(JOBS.c.run_after, JOBS.c.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        token = secrets.token_hex(16)
        row = db.session.execute(
            update(JOBS)
            .where(JOBS.c.id == oldest)
            .values(state=RUNNING, attempts=JOBS.c.attempts + 1, claim=token, lease_until=now + self.lease)
            .returning(JOBS.c.id, JOBS.c.name, JOBS.c.payload, JOBS.c.attempts, JOBS.c.max_attempts)
        ).first()
        db.session.commit()
        return Claim(*row, token=token) if row else None

    def _run(self, claim: Claim) -> Exception | None:
        """The handler, with a heartbeat keeping the claim; the exception it raised, or None."""
        job = HANDLERS.get(claim.name)
        done = threading.Event()
        heartbeat = threading.Thread(
            target=self._keep_claim,
            args=(claim, done, time.monotonic() + (job.timeout if job else 60)),
            name=f"leerpad-job-{claim.id}-lease",
            daemon=True,
        )
        heartbeat.start()
        try:
            with self.app.app_context():
                perform(claim.name, claim.payload)
        except RetryLater as later:
            return later
        except Exception as error:
            log.exception(
                "job %s %s failed (attempt %d of %d)", claim.id, claim.name, claim.attempts, claim.max_attempts
            )
            return error
        finally:
            done.set()
            heartbeat.join()
        return None

    def _keep_claim(self, claim: Claim, done: threading.Event, deadline: float) -> None:
        """Extend the lease while the handler runs, until the job type's timeout."""
        while not done.wait(self.lease.total_seconds() / 3):
            if time.monotonic() > deadline:
                log.warning("job %s %s ran past its timeout: another worker may take it over", claim.id, claim.name)
                return
            try:
                with self.app.app_context():
                    write_from_here()
                    db.session.execute(
                        update(JOBS)
                        .where(JOBS.c.id == claim.id, JOBS.c.claim == claim.token)
                        .values(lease_until=utcnow() + self.lease)
                    )
                    db.session.commit()
            except Exception as error:  # the next beat tries again; the lease has room for two misses
                log.warning("job %s: lease not extended: %s", claim.id, describe(error))

    def _record(self, claim: Claim, error: Exception | None, now: datetime) -> None:
        if error is None:
            outcome = {"state": DONE, "payload": None, "finished_at": utcnow(), "last_error": None}
        elif claim.attempts >= claim.max_attempts:
            outcome = {"state": FAILED, "finished_at": utcnow(), "last_error": describe(error)}
        else:
            delay = retry_delay(claim.attempts, self.backoff)
            outcome = {"state": QUEUED, "run_after": now + timedelta(seconds=delay), "last_error": describe(error)}
        write_from_here()
        recorded = db.session.execute(
            update(JOBS)
            .where(JOBS.c.id == claim.id, JOBS.c.claim == claim.token)
            .values(claim=None, lease_until=None, **outcome)
        ).rowcount
        db.session.commit()
        state = outcome["state"]
        if not recorded:
            log.warning("job %s %s: its claim was taken over meanwhile; outcome not recorded", claim.id, claim.name)
        elif state == FAILED:
            log.error(
                "job %s %s failed for good after %d attempts: %s", claim.id, claim.name, claim.attempts, describe(error)
            )
        elif state == QUEUED:
            log.warning("job %s %s: retry in %d s: %s", claim.id, claim.name, delay, describe(error))
        else:
            log.info("job %s %s done", claim.id, claim.name)

    def work(self) -> None:
        """``learn worker``: run jobs as they come due until SIGTERM or SIGINT (the job at hand finishes first)."""
        stop = threading.Event()

        def request_stop(signum, _frame):
            log.info("jobs: %s, stopping after the job at hand", signal.Signals(signum).name)
            stop.set()
            self.wake.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        self._loop(stop)

    def _loop(self, stop: threading.Event) -> None:
        pruned_at = None
        while not stop.is_set():
            try:
                while not stop.is_set() and self.run_next():
                    pass
                if pruned_at is None or time.monotonic() - pruned_at > PRUNE_EVERY:
                    self.prune()
                    pruned_at = time.monotonic()
            except Exception as error:  # the database is away, say: the jobs wait for it, the worker stays
                log.warning("jobs: %s", describe(error))
            self.wake.wait(POLL_SECONDS)
            self.wake.clear()

    def start_in_app_worker(self) -> None:
        """A worker thread in this app process, for the setup with nothing else to run (``scripts/run``).

        Started by the process's first request rather than with the app: gunicorn loads the app
        once and then forks its workers, and threads do not survive a fork.
        """
        if self._thread_pid == os.getpid():
            return
        with self._thread_lock:
            if self._thread_pid != os.getpid():
                threading.Thread(target=self._loop, args=(threading.Event(),), name="leerpad-jobs", daemon=True).start()
                self._thread_pid = os.getpid()

    def prune(self) -> None:
        """Done jobs older than a week go (their keys with them); failed ones wait for ``learn jobs retry``."""
        with self.app.app_context():
            write_from_here()
            db.session.execute(delete(JOBS).where(JOBS.c.state == DONE, JOBS.c.finished_at < utcnow() - KEEP_DONE))
            db.session.commit()

    def listing(self, include_done: bool = False) -> list[JobRow]:
        statement = select(JOBS).order_by(JOBS.c.id)
        if not include_done:
            statement = statement.where(JOBS.c.state != DONE)
        return [
            JobRow(
                id=str(row.id),
                name=row.name,
                key=row.key,
                state=row.state,
                attempts=row.attempts,
                max_attempts=row.max_attempts,
                when=row.run_after if row.state == QUEUED else row.finished_at or row.lease_until,
                last_error=row.last_error,
            )
            for row in db.session.execute(statement)
        ]

    def retry(self, ids: list[str] | None = None) -> int:
        """Give failed jobs (these, or all) one more attempt, now; how many."""
        statement = update(JOBS).where(JOBS.c.state == FAILED)
        if ids is not None:
            statement = statement.where(JOBS.c.id.in_([int(job_id) for job_id in ids if job_id.isdigit()]))
        count = db.session.execute(
            statement.values(state=QUEUED, max_attempts=JOBS.c.attempts + 1, run_after=utcnow(), finished_at=None)
        ).rowcount
        db.session.commit()
        self.wake.set()
        return count
