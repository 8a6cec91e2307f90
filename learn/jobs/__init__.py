"""Work that should not hold up a request: mail, LMS grade passback, certificate batches, large exports.

    from learn.jobs import RetryLater, enqueue, job

    @job("mail.send", attempts=10, timeout=60)
    def deliver(to, subject, body): ...

    enqueue("mail.send", to=address, subject=subject, body=text)
    enqueue("lti.score", key=f"score-{attempt.id}", attempt_id=attempt.id)   # once per key

A job is a name and a JSON payload. It is tried until its handler returns; a handler that
raises (or says ``RetryLater``) is tried again on a back-off schedule (30 s, 1, 2, 4 … min, at
most an hour apart), and after its last attempt it is kept as failed: ``learn jobs list``
shows it, ``learn jobs retry`` gives it another go. A worker that dies mid-job leaves the job
to the next one. With ``LEERPAD_REDIS_URL`` the jobs live in Redis (RQ, ``redis_queue``),
otherwise in the database (``database``); ``learn worker`` runs them, and without Redis a
thread in every app process does too, so ``scripts/run`` needs nothing else. See
docs/operations.md.
"""

import json

from flask import Flask, current_app

from .registry import RetryLater, job, job_type

__all__ = ["RetryLater", "enqueue", "init_app", "job", "run_pending"]


def enqueue(name: str, /, *, key: str | None = None, **payload) -> None:
    """Store a job for the handler registered as ``name``; with a ``key``, once: the same key
    again (while the first is queued, running, failed, or done less than a week ago) is the same job.

    Commits the session first, on either queue: call it when the work the job follows is done,
    so that both are stored, or neither.
    """
    job = job_type(name)  # an unknown name fails here, in the code that made the mistake
    if key is not None and not 0 < len(key) <= 200:
        raise ValueError("a job key is 1 to 200 characters")
    try:
        json.dumps(payload)
    except TypeError as error:
        raise TypeError(f"the payload of job {name!r} must be JSON: {error}") from None
    queue = queue_of(current_app)
    queue.store(job, key, payload)
    if current_app.config["JOBS_EAGER"]:
        queue.run_pending()


def run_pending(now=None) -> int:
    """Run the jobs due by ``now`` (a naive UTC datetime; default now) here and now: for tests and
    ``learn worker --burst``. Returns how many ran."""
    return queue_of(current_app).run_pending(now)


def queue_of(app: Flask):
    return app.extensions["leerpad_jobs"]


def init_app(app: Flask) -> None:
    if app.config["REDIS_URL"]:
        from .redis_queue import RedisQueue

        app.extensions["leerpad_jobs"] = RedisQueue(app)
    else:
        from .database import DatabaseQueue

        queue = app.extensions["leerpad_jobs"] = DatabaseQueue(app)
        if app.config["JOBS_IN_APP"]:
            app.before_request(queue.start_in_app_worker)

    from .cli import jobs, worker

    app.cli.add_command(worker)
    app.cli.add_command(jobs)
