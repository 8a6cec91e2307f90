"""The scale-out setup for real, on loopback: the shipped nginx configuration in front of two
gunicorn servers on one PostgreSQL and one Redis, and a `learn worker` on that Redis.

Learners log in and save through nginx while their requests spread over both servers; one
server is SIGKILLed in the middle of it and nginx carries on with the other; every save a learner
got a success response for is in the database, once. The login limit holds across both servers.
A password-reset mail whose worker is SIGKILLed in the middle of delivering it is delivered by the
next worker, once. Runs in the PostgreSQL pass of scripts/test (several app servers need a database
server).
"""

import threading
import time
import uuid

import pytest
import requests
from conftest import FIXTURE_MODULES, server_url
from jobs_helpers import MailServer, redis_url  # noqa: F401 (fixture)
from servers import Browser, Gunicorn, seed_learners, wait_until
from sqlalchemy import select

from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer
from learn.testing.servers import JobWorker, Nginx

pytestmark = pytest.mark.skipif(not server_url(), reason="runs in the PostgreSQL pass of scripts/test")

MODULE = "/modules/kennismaking"
STEP = f"{MODULE}/steps/eigen-praktijk"
LEARNERS = 6
PASSWORD = "correct horse battery"


def _save_until_stopped(browser, tally, stop):
    while not stop.is_set() and tally["attempted"] < 400:
        tally["attempted"] += 1
        try:
            response = browser.post(
                STEP, {"action": "save", "answer-moment": f"opslag {tally['attempted']}"}, timeout=10
            )
        except requests.RequestException:
            continue  # not acknowledged: the learner would send it again
        if response.status_code == 302:
            tally["acknowledged"] = tally["attempted"]
            tally["saves"] += 1


def _requests_in(server) -> int:
    return server.log.read_text().count(f"POST {STEP} 302")


def test_two_app_servers_behind_nginx_lose_nothing_when_one_dies(app, database_url, redis_url, tmp_path):
    learners = seed_learners(LEARNERS)
    db.session.remove()
    shared = {
        "LEERPAD_REDIS_URL": redis_url,
        "LEERPAD_JOBS_QUEUE": f"scaleout-{uuid.uuid4().hex}",
        "RATELIMIT_STORAGE_URI": redis_url,  # Flask-Limiter's own Redis storage: one count for every server
        "LEERPAD_ALLOW_LOG_MAIL": "1",
        "LEERPAD_JOBS_LEASE": "2",  # a dead worker's job comes back after 2 s, its first retry 1 s later
        "LEERPAD_JOBS_BACKOFF": "1",
    }
    first, second = (Gunicorn(database_url, tmp_path, workers=1, **shared) for _ in range(2))
    nginx = Nginx.deployed([f"127.0.0.1:{first.port}", f"127.0.0.1:{second.port}"])
    for server in (first, second):
        server.env["LEERPAD_BASE_URL"] = nginx.url  # the address learners use: the one in mails
    mail = MailServer(hold_first=True).__enter__()
    worker_env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "scale-out-worker-secret-" + "x" * 20,
        "LEERPAD_MODULES": str(FIXTURE_MODULES),
        **shared,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail.port),
    }
    workers = []
    stop = threading.Event()
    try:
        for server in (first, second):
            server.start()
        nginx.start()
        workers.append(JobWorker(worker_env, tmp_path / "worker-1.log").start())

        # The login limit (10 a minute per address) counts on both servers together.
        address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
        direct = [Browser(server.url, address) for server in (first, second)]
        for browser in direct:
            browser.open_form("/inloggen")
        # An address nobody has: the per-account lockout must not lock out a learner who signs in below.
        wrong = {"email": "niemand@example.nl", "password": "verkeerd"}
        statuses = [direct[attempt % 2].post("/inloggen", wrong).status_code for attempt in range(10)]
        assert statuses == [400] * 10
        assert [browser.post("/inloggen", wrong).status_code for browser in direct] == [429, 429]

        # Learners come in through nginx, each from an address of its own.
        browsers = {}
        for number, (_, email) in enumerate(learners):
            browsers[email] = Browser(nginx.url, f"127.5.0.{number + 1}", connect_from=True)
            browsers[email].log_in(email, PASSWORD)

        # A password-reset mail; its worker dies in the middle of delivering it, the next one takes over.
        browsers[learners[0][1]].open_form("/wachtwoord-vergeten")
        reset = browsers[learners[0][1]].post("/wachtwoord-vergeten", {"email": learners[0][1]})
        assert reset.status_code == 302
        wait_until(lambda: mail.received == 1, 60, "the worker did not start delivering the mail")
        workers[0].kill()
        workers.append(JobWorker(worker_env, tmp_path / "worker-2.log").start())

        # Saves stream through nginx over both servers; one server is killed in the middle.
        tallies = {email: {"attempted": 0, "acknowledged": 0, "saves": 0} for _, email in learners}
        threads = [
            threading.Thread(target=_save_until_stopped, args=(browsers[email], tallies[email], stop))
            for email in browsers
        ]
        saved = lambda: sum(tally["saves"] for tally in tallies.values())  # noqa: E731
        for thread in threads:
            thread.start()
        wait_until(lambda: _requests_in(first) >= 10 and _requests_in(second) >= 10, 120, "saves did not spread")
        first.kill()
        after_kill = saved()
        wait_until(lambda: saved() >= after_kill + 60, 120, "saves did not go on on the other server")
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # Every acknowledged save is there, once: one answer per learner, the last acknowledged or a later one.
        for user_id, email in learners:
            tally = tallies[email]
            enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=user_id))
            [answer] = db.session.scalars(select(ReflectionAnswer).filter_by(enrolment_id=enrolment.id))
            stored = int(answer.answer.removeprefix("opslag "))
            assert tally["acknowledged"] <= stored <= tally["attempted"], (email, tally, stored)
        db.session.rollback()

        # The mail, delivered once, with the address learners use.
        wait_until(lambda: len(mail.accepted) == 1, 240, "the second worker did not deliver the mail")
        time.sleep(6)  # time enough for a retry (1 s back-off, 2 s lease) to deliver a second one, were there one
        assert len(mail.accepted) == 1 and mail.received == 2
        assert f"{nginx.url}/wachtwoord-herstellen/" in mail.accepted[0].get_content()
    finally:
        stop.set()
        for worker in workers:
            worker.stop()
        mail.__exit__()
        nginx.stop()
        for server in (first, second):
            server.stop()
