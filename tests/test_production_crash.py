"""Nothing lost in a crash: learners keep saving while first one gunicorn worker
and then the whole server get SIGKILL. Every save that got its success
response is in the database after the restart, and the database is intact."""

import os
import signal
import threading
import time

import requests
from servers import Browser, Gunicorn, seed_learners, wait_until
from sqlalchemy import select, text

from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer

MODULE = "/modules/kennismaking"
LEARNERS = 8
MAX_SAVES = 400  # per learner: the stream is bounded even if the kills come late


def _stream(browser, tally, stop):
    for count in range(1, MAX_SAVES + 1):
        if stop.is_set():
            break
        tally["attempted"] = count
        try:
            response = browser.post(
                f"{MODULE}/steps/eigen-praktijk", {"action": "save", "answer-moment": f"opslag {count}"}, timeout=10
            )
        except requests.RequestException:
            time.sleep(0.05)  # the worker died under us: not acknowledged, carry on
            continue
        if response.status_code == 302:
            tally["acknowledged"] = count
            tally["saves"] += 1


def test_sigkill_loses_no_acknowledged_save(app, database_url, tmp_path):
    learners = seed_learners(LEARNERS)
    db.session.remove()
    db.engine.dispose()
    server = Gunicorn(database_url, tmp_path).start()
    tallies = {email: {"attempted": 0, "acknowledged": 0, "saves": 0} for _, email in learners}
    stop = threading.Event()
    browsers = {email: Browser(server.url, f"127.1.0.{n + 1}") for n, (_, email) in enumerate(learners)}
    for email, browser in browsers.items():
        browser.log_in(email, "correct horse battery")
    threads = [threading.Thread(target=_stream, args=(browsers[email], tallies[email], stop)) for email in browsers]
    saved = lambda: sum(t["saves"] for t in tallies.values())  # noqa: E731
    try:
        for thread in threads:
            thread.start()
        wait_until(lambda: saved() >= 40, 120, "saves did not start")
        os.kill(server.worker_pids()[0], signal.SIGKILL)
        before = saved()
        wait_until(lambda: saved() >= before + 40, 120, "saves did not go on after a worker was killed")
        server.kill()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.stop()
    assert not any(thread.is_alive() for thread in threads)

    restarted = Gunicorn(database_url, tmp_path).start()
    try:
        for user_id, email in learners:
            tally = tallies[email]
            assert tally["acknowledged"] > 0
            enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=user_id))
            answer = db.session.scalar(select(ReflectionAnswer).filter_by(enrolment_id=enrolment.id))
            stored = int(answer.answer.removeprefix("opslag "))
            # The acknowledged save, or one sent after it whose answer the kill swallowed.
            assert tally["acknowledged"] <= stored <= tally["attempted"], (email, tally, stored)
        # The learner sees it after the restart too.
        user_id, email = learners[0]
        browser = Browser(restarted.url, "127.1.0.1")
        browser.log_in(email, "correct horse battery")
        page = browser.get(f"{MODULE}/steps/eigen-praktijk").text
        assert f"opslag {tallies[email]['acknowledged']}" in page or f"opslag {tallies[email]['attempted']}" in page
    finally:
        restarted.stop()
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
