"""learn.jobs: a job runs once, a key makes it one job, failures are retried on the back-off
schedule until the handler succeeds or its attempts run out, and a failed job stays visible
and can be retried. Each test runs on the database queue and on RQ with a real Redis."""

import logging
import threading
from collections import Counter
from datetime import timedelta

import pytest
from jobs_helpers import queued_app, redis_url  # noqa: F401 (fixtures)
from sqlalchemy import select, update

from learn.auth.models import User, utcnow
from learn.extensions import db
from learn.jobs import RetryLater, enqueue, job, run_pending
from learn.jobs.models import Job
from learn.jobs.registry import UnknownJob, retry_delay

RAN: list[str] = []
TRIES: Counter = Counter()


@pytest.fixture(autouse=True)
def _forget_runs():
    RAN.clear()
    TRIES.clear()


@job("test.record")
def record(note):
    RAN.append(note)


@job("test.flaky", attempts=3)
def flaky(note, failures):
    TRIES[note] += 1
    if TRIES[note] <= failures:
        raise RuntimeError(f"fails {TRIES[note]} of {failures}")
    RAN.append(note)


@job("test.lms_down", attempts=2)
def lms_down():
    raise RetryLater("de LMS antwoordt 503")


@job("test.rename")
def rename(user_id, name):
    db.session.get(User, user_id).name = name  # no commit: the queue commits what the handler wrote


def hours_later(start, hours):
    """Each hour past the longest back-off (one hour) brings every retried job's next attempt due."""
    return run_pending(start + timedelta(hours=hours))


def test_a_job_runs_when_a_worker_comes_to_it_and_then_never_again(queued_app):
    enqueue("test.record", note="hallo")
    assert RAN == []
    assert run_pending() == 1
    assert RAN == ["hallo"]
    assert run_pending() == 0
    assert hours_later(utcnow(), 3) == 0
    assert RAN == ["hallo"]


def test_the_same_key_is_one_job_while_queued_and_after_it_is_done(queued_app):
    enqueue("test.record", key="certificaat-7", note="eerste")
    enqueue("test.record", key="certificaat-7", note="tweede")
    enqueue("test.record", key="certificaat-8", note="ander")
    assert run_pending() == 2
    enqueue("test.record", key="certificaat-7", note="derde")
    assert run_pending() == 0
    assert sorted(RAN) == ["ander", "eerste"]


def test_a_failing_job_is_retried_with_back_off_until_it_succeeds(queued_app):
    enqueue("test.flaky", note="lms", failures=2)
    start = utcnow()
    assert run_pending(start) == 1  # fails; the next attempt in 30 s
    assert run_pending(start + timedelta(seconds=20)) == 0
    assert run_pending(start + timedelta(seconds=31)) == 1  # fails; the next in 60 s
    assert run_pending(start + timedelta(seconds=55)) == 0
    assert run_pending(start + timedelta(seconds=31 + 61)) == 1
    assert TRIES["lms"] == 3 and RAN == ["lms"]
    assert hours_later(start, 3) == 0


def test_after_its_last_attempt_a_job_is_kept_as_failed_listed_and_can_be_retried(queued_app):
    enqueue("test.flaky", note="smtp", failures=3)
    start = utcnow()
    for hours in range(3):
        assert hours_later(start, hours) == 1
    assert hours_later(start, 4) == 0 and RAN == []

    runner = queued_app.test_cli_runner()
    listing = runner.invoke(args=["jobs", "list"])
    assert listing.exit_code == 0, listing.output
    [line] = [line for line in listing.output.splitlines() if "test.flaky" in line]
    assert "\tfailed\t" in line and "\t3/3\t" in line and "RuntimeError: fails 3 of 3" in line
    assert "0 queued, 0 running, 1 failed" in listing.output

    retried = runner.invoke(args=["jobs", "retry", "--failed"])
    assert retried.exit_code == 0 and "1 job(s) queued again" in retried.output
    assert run_pending() == 1
    assert RAN == ["smtp"] and TRIES["smtp"] == 4
    assert "0 queued, 0 running, 0 failed" in runner.invoke(args=["jobs", "list"]).output


def test_retry_later_is_tried_again_and_fails_for_good_after_its_attempts(queued_app):
    enqueue("test.lms_down")
    start = utcnow()
    assert hours_later(start, 0) == 1
    assert hours_later(start, 2) == 1
    assert hours_later(start, 4) == 0
    listing = queued_app.test_cli_runner().invoke(args=["jobs", "list"]).output
    assert "RetryLater: de LMS antwoordt 503" in listing and "\t2/2\t" in listing


def test_enqueue_commits_the_work_it_follows_and_the_queue_commits_the_handlers_writes(queued_app):
    user = User(email="hernoemd@example.nl", name="Oud", role="learner", password_hash="-")
    db.session.add(user)
    db.session.flush()
    enqueue("test.rename", user_id=user.id, name="Nieuw")
    db.session.rollback()  # nothing left to lose: the user was stored with the job
    assert db.session.scalar(select(User.name).filter_by(email="hernoemd@example.nl")) == "Oud"
    assert run_pending() == 1
    db.session.rollback()
    assert db.session.scalar(select(User.name).filter_by(email="hernoemd@example.nl")) == "Nieuw"


def test_a_mistaken_enqueue_fails_in_the_code_that_made_it(queued_app):
    with pytest.raises(UnknownJob, match=r"test\.nonexistent"):
        enqueue("test.nonexistent", note="x")
    with pytest.raises(TypeError, match=r"test\.record.*must be JSON"):
        enqueue("test.record", note=object())
    with pytest.raises(ValueError, match="1 to 200"):
        enqueue("test.record", key="x" * 201, note="x")
    assert run_pending() == 0


def test_the_back_off_doubles_from_the_first_delay_up_to_an_hour():
    assert [retry_delay(n, 30) for n in range(1, 10)] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert retry_delay(1, 2) == 2


# The database queue on its own: claims under concurrency, pruning, the log.


@pytest.fixture
def database_queue(database_url):
    from conftest import empty_all_tables, make_app

    app = make_app(database_url, JOBS_EAGER=False)
    with app.app_context():
        yield app.extensions["leerpad_jobs"]
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


def test_workers_side_by_side_run_every_job_exactly_once(database_queue):
    for number in range(40):
        enqueue("test.record", note=str(number))
    workers = [threading.Thread(target=database_queue.run_pending) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert sorted(RAN, key=int) == [str(number) for number in range(40)]
    assert set(db.session.scalars(select(Job.state))) == {"done"}


def test_done_jobs_lose_their_payload_and_go_after_a_week(database_queue):
    enqueue("test.record", key="oud", note="geheim")
    enqueue("test.record", key="nieuw", note="geheim")
    enqueue("test.lms_down", key="mislukt")
    database_queue.run_pending()
    assert db.session.scalar(select(Job.payload).filter_by(key="nieuw")) is None  # the mail's text is not kept
    db.session.execute(update(Job).filter_by(key="oud").values(finished_at=utcnow() - timedelta(days=8)))
    db.session.execute(update(Job).filter_by(key="mislukt").values(state="failed"))
    db.session.commit()
    database_queue.prune()
    assert set(db.session.scalars(select(Job.key))) == {"nieuw", "mislukt"}


def test_a_retry_later_is_logged_as_a_warning_without_a_traceback(database_queue, caplog):
    enqueue("test.lms_down")
    with caplog.at_level(logging.INFO, logger="leerpad.jobs"):
        database_queue.run_pending()
    assert "retry in 30 s: RetryLater: de LMS antwoordt 503" in caplog.text
    assert "Traceback" not in caplog.text
