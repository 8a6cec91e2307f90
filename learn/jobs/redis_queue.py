"""The queue on Redis (or Valkey), with RQ: the one every app server and worker of a scale-out
setup shares.

Every job is an RQ job calling ``perform(name, payload)``, serialised as JSON (never pickle: the
queue holds data, not code). RQ does the rest: retries on Leerpad's back-off schedule (RQ's
scheduler, which ``learn worker`` runs beside its worker), a work horse per job whose worker
keeps a heartbeat, and a worker that dies leaves its job in the started registry, from where the
next worker's maintenance retries it once the heartbeat has run out: that counts as an attempt.
A key becomes the job id, so RQ's ``unique`` enqueue makes the same key one job.
"""

import contextlib
import hashlib
import time
from datetime import UTC, datetime

import redis
from flask import Flask, current_app
from rq import Queue, Retry, SimpleWorker, Worker
from rq.exceptions import DuplicateJobError, InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry, FinishedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq.results import Result
from rq.serializers import JSONSerializer

from ..extensions import db
from ..redis import redis_client
from . import registry
from .registry import JobRow, JobType, retry_delay

KEEP_DONE = 7 * 24 * 3600  # seconds a keyed job stays after it is done: its key holds that long
# A job without a key goes a minute after it is done. Not at once (result_ttl=0): RQ 3.0 then deletes
# the job in the worker, and for a job taken over from a dead worker that fails on the dead run's
# expired execution record, which RQ counts as a failure of the job and runs it again.
KEEP_DONE_UNKEYED = 60
KEEP_FAILED = 365 * 24 * 3600  # a failed job waits a year for `learn jobs retry`


def perform(name: str, payload: dict) -> None:
    """RQ's entry point, in the work horse (or the test's burst worker): the job in an app context of its own."""
    with current_app.app_context():
        registry.perform(name, payload)


class LeaseWorker(Worker):
    """RQ's forking worker, with a dead worker's job given back after Leerpad's lease
    (``LEERPAD_JOBS_LEASE``) instead of RQ's fixed extra minute on every heartbeat."""

    lease = 30

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        remaining = job.timeout - working_time if job.timeout and job.timeout > 0 else self.job_monitoring_interval
        return int(min(remaining, self.job_monitoring_interval)) + self.lease


class RedisQueue:
    def __init__(self, app: Flask):
        self.name = app.config["JOBS_QUEUE"]
        self.url = app.config["REDIS_URL"]
        self.lease = app.config["JOBS_LEASE_SECONDS"]
        self.backoff = app.config["JOBS_BACKOFF_SECONDS"]

    def queue(self, connection=None) -> Queue:
        return Queue(self.name, connection=connection or redis_client(), serializer=JSONSerializer)

    def job_id(self, key: str) -> str:
        """RQ ids are letters, digits, - and _; a key may be any text, so its id is a digest."""
        return "key-" + hashlib.sha256(f"{self.name}\0{key}".encode()).hexdigest()[:40]

    def store(self, job: JobType, key: str | None, payload: dict) -> None:
        db.session.commit()  # the work the job follows is stored before the job can run
        options = {
            "job_timeout": job.timeout,
            "description": job.name,
            "meta": {"key": key},
            "result_ttl": KEEP_DONE if key else KEEP_DONE_UNKEYED,
            "failure_ttl": KEEP_FAILED,
        }
        if job.attempts > 1:
            delays = [retry_delay(failed, self.backoff) for failed in range(1, job.attempts)]
            options["retry"] = Retry(max=job.attempts - 1, interval=delays)
        if key is not None:
            options.update(job_id=self.job_id(key), unique=True)
        with contextlib.suppress(DuplicateJobError):  # that key is queued, running or done already: one job
            self.queue().enqueue(perform, job.name, payload, **options)

    def run_pending(self, now: datetime | None = None) -> int:
        """Run every job due by ``now`` in this process (the retries due by then too); how many ran.

        RQ's worker installs signal handlers, so this runs in the main thread (a test, a CLI command).
        """
        queue = self.queue()
        scheduled = ScheduledJobRegistry(queue=queue)
        moment = now.replace(tzinfo=UTC).timestamp() if now else time.time()
        for job_id in scheduled.get_jobs_to_schedule(timestamp=int(moment)):
            scheduled.requeue(job_id)
        due = queue.count
        if due:
            worker = SimpleWorker([queue], connection=queue.connection, serializer=JSONSerializer)
            worker.work(burst=True, logging_level="WARNING")
        return due

    def work(self) -> None:
        """``learn worker``: RQ's worker and scheduler until SIGTERM (RQ lets the job at hand finish)."""
        # Its own connection: a worker blocks on Redis for longer than the app's two-second socket timeout.
        connection = redis.Redis.from_url(self.url, health_check_interval=30)
        worker = LeaseWorker(
            [self.queue(connection)],
            connection=connection,
            serializer=JSONSerializer,
            job_monitoring_interval=max(1, self.lease // 3),
            # An idle worker waits on the queue for worker_ttl - 15 s at a time and only then looks after
            # the registries: every lease, so a dead worker's job and a retry come back within about one.
            worker_ttl=self.lease + 15,
            maintenance_interval=self.lease,
        )
        worker.lease = self.lease
        worker.work(with_scheduler=True)

    def listing(self, include_done: bool = False) -> list[JobRow]:
        queue = self.queue()
        places = [
            ("queued", queue.get_job_ids()),
            ("queued", ScheduledJobRegistry(queue=queue).get_job_ids()),
            ("running", StartedJobRegistry(queue=queue).get_job_ids()),
            ("failed", FailedJobRegistry(queue=queue).get_job_ids()),
        ]
        if include_done:
            places.append(("done", FinishedJobRegistry(queue=queue).get_job_ids()))
        rows = []
        for state, ids in places:
            for job in Job.fetch_many(ids, connection=queue.connection, serializer=JSONSerializer):
                if job is not None:
                    rows.append(self._row(job, state))
        return rows

    def _row(self, job: Job, state: str) -> JobRow:
        retries = len(job.retry_intervals or [])
        failed_before = retries - (job.retries_left or 0)  # tries that failed and were retried
        latest = job.latest_result()
        error = None
        if latest is not None and latest.type == Result.Type.FAILED and latest.exc_string:
            error = latest.exc_string.strip().splitlines()[-1][:500]
        when = job.ended_at
        if state == "queued" and job.get_status() == JobStatus.SCHEDULED:
            when = ScheduledJobRegistry(queue=self.queue()).get_scheduled_time(job)
        return JobRow(
            id=job.id,
            name=job.args[0] if job.args else job.description,
            key=job.meta.get("key"),
            state=state,
            attempts=failed_before + (state != "queued"),
            max_attempts=retries + 1,
            when=when,
            last_error=error,
        )

    def retry(self, ids: list[str] | None = None) -> int:
        """Give failed jobs (these, or all) one more attempt, now; how many."""
        failed = FailedJobRegistry(queue=self.queue())
        count = 0
        for job_id in failed.get_job_ids() if ids is None else ids:
            try:
                failed.requeue(job_id)
            except (InvalidJobOperation, NoSuchJobError):
                continue
            count += 1
        return count
