"""Limits that hold across workers, servers and addresses (findings 4 and 8 of the security review).

Two locks on guessing a password: the account counts its wrong passwords in the database
(whatever address they come from), and Flask-Limiter counts per address in a store every
worker and server shares (Redis, or a SQLite file on one machine). Proven on real gunicorn
servers: two on one database and one Redis, and one with two workers and no Redis.
"""

import logging
import re
import sqlite3
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from conftest import PASSWORD, login, make_app
from security_helpers import redis_server_url, redis_url  # noqa: F401 (fixtures)
from servers import CSRF, Browser, Gunicorn
from sqlalchemy import select

from learn.auth import lockout
from learn.auth.lockout import FIRST_LOCK, LOCKOUT_THRESHOLD, LONGEST_LOCK, lock_for
from learn.auth.models import User, utcnow
from learn.extensions import db
from learn.rate_limits import SQLiteStorage

WRONG = "dit is het niet"


def log_in(client, email, password, address="192.0.2.1"):
    return client.post("/inloggen", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def clock(monkeypatch):
    offset = [timedelta(0)]
    monkeypatch.setattr("learn.auth.lockout.utcnow", lambda: utcnow() + offset[0])

    def advance(**delta):
        offset[0] += timedelta(**delta)

    return advance


# The per-account count, in the database.


def test_the_lock_waits_longer_after_each_further_wrong_password():
    assert [lock_for(n) for n in (0, 1, LOCKOUT_THRESHOLD - 1)] == [None, None, None]
    assert lock_for(LOCKOUT_THRESHOLD) == FIRST_LOCK == timedelta(minutes=15)
    assert lock_for(LOCKOUT_THRESHOLD + 1) == timedelta(minutes=30)
    assert lock_for(LOCKOUT_THRESHOLD + 2) == timedelta(hours=1)
    assert lock_for(LOCKOUT_THRESHOLD + 50) == LONGEST_LOCK == timedelta(hours=24)


def test_ten_wrong_passwords_from_ten_addresses_lock_the_account_and_mail_its_owner(client, learner, clock, caplog):
    with caplog.at_level(logging.INFO):
        for n in range(LOCKOUT_THRESHOLD):
            assert log_in(client, learner.email, WRONG, f"198.51.100.{n}").status_code == 400
    response = log_in(client, learner.email, PASSWORD, "203.0.113.9")
    assert response.status_code == 400, "the right password waits too"
    assert "horen niet bij elkaar" in response.get_data(as_text=True), "the answer every failed login gets"
    assert (
        f"to {learner.email}" in caplog.text and "op slot" in caplog.text and "/wachtwoord-herstellen/" in caplog.text
    )
    clock(minutes=14)
    assert log_in(client, learner.email, PASSWORD).status_code == 400
    clock(minutes=2)
    assert log_in(client, learner.email, PASSWORD).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, learner.id).failed_logins == 0


def test_a_right_password_starts_the_count_again(client, learner):
    for _ in range(LOCKOUT_THRESHOLD - 1):
        log_in(client, learner.email, WRONG)
    assert log_in(client, learner.email, PASSWORD).status_code == 302
    client.post("/uitloggen")
    for _ in range(LOCKOUT_THRESHOLD - 1):
        log_in(client, learner.email, WRONG)
    assert log_in(client, learner.email, PASSWORD).status_code == 302


def lock(client, user) -> None:
    for _ in range(LOCKOUT_THRESHOLD):
        log_in(client, user.email, WRONG)
    assert log_in(client, user.email, PASSWORD).status_code == 400


def test_the_reset_link_from_the_mail_opens_the_account(client, learner, caplog):
    with caplog.at_level(logging.INFO):
        lock(client, learner)
    link = re.findall(r"http://leerpad\.test(/wachtwoord-herstellen/\S+)", caplog.text)[-1]
    new = "een nieuw wachtwoord dus"
    assert client.post(link, data={"password": new, "confirm": new}).status_code == 302
    assert log_in(client, learner.email, new).status_code == 302


def test_an_admin_opens_the_account_on_the_users_page(app, learner, make_user):
    client = app.test_client()
    lock(client, learner)
    admin = app.test_client()
    login(admin, make_user("admin"))
    page = admin.get("/beheer/gebruikers").get_data(as_text=True)
    assert "Op slot na te veel foute wachtwoorden." in page
    admin.post(f"/beheer/gebruikers/{learner.id}/ontgrendelen")
    assert "Op slot" not in admin.get("/beheer/gebruikers").get_data(as_text=True)
    assert log_in(client, learner.email, PASSWORD).status_code == 302


def test_learn_users_unlock_opens_the_account(app, runner, learner):
    client = app.test_client()
    lock(client, learner)
    result = runner.invoke(args=["users", "unlock", learner.email])
    assert result.exit_code == 0 and "can log in again" in result.output
    assert log_in(client, learner.email, PASSWORD).status_code == 302


def test_wrong_passwords_at_deletion_and_password_change_count_too(app, learner):
    """A stolen session does not let its thief guess the password on the profile page."""
    client = app.test_client()
    login(client, learner)
    for n in range(LOCKOUT_THRESHOLD // 2):
        client.post("/profiel/verwijderen", data={"password": f"{WRONG} {n}"})
        client.post("/profiel/wachtwoord", data={"current": WRONG, "password": "x" * 12, "confirm": "x" * 12})
    response = client.post("/profiel/verwijderen", data={"password": PASSWORD}, follow_redirects=True)
    assert "Te veel foute pogingen" in response.get_data(as_text=True)
    assert db.session.get(User, learner.id) is not None, "locked: not even the right password deletes"


@pytest.fixture
def limited(database_url, app):
    limited = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


def test_deletion_and_password_change_are_limited_per_address(limited, make_user):
    client = limited.test_client()
    login(client, make_user())
    statuses = [client.post("/profiel/verwijderen", data={"password": WRONG}).status_code for _ in range(6)]
    statuses += [
        client.post(
            "/profiel/wachtwoord", data={"current": WRONG, "password": "y" * 12, "confirm": "y" * 12}
        ).status_code
        for _ in range(6)
    ]
    # Ten password checks a minute in all, and the login was the first of them.
    assert statuses.count(429) == 3 and statuses[-3:] == [429, 429, 429]


# Finding 8: the password is verified with no transaction open.


def test_the_password_is_verified_while_others_can_write(app, learner, database_url, monkeypatch):
    """On SQLite the writer's turn is free while scrypt runs: a save elsewhere need not wait for it."""
    seen = []
    real = lockout.check_password_hash

    def verify(hash_, password):
        seen.append(db.session().in_transaction())
        if database_url.startswith("sqlite"):
            other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
            other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the login held the write lock
            other.execute("ROLLBACK")
            other.close()
        return real(hash_, password)

    monkeypatch.setattr(lockout, "check_password_hash", verify)
    client = app.test_client()
    assert log_in(client, learner.email, WRONG).status_code == 400
    assert log_in(client, learner.email, PASSWORD).status_code == 302
    login(client, learner)
    client.post("/profiel/verwijderen", data={"password": WRONG})
    assert seen == [False, False, False, False]


# The per-address limit, in a store every worker shares.


def test_the_sqlite_counters_are_shared_by_every_storage_on_the_file_and_expire(tmp_path):
    uri = f"leerpad-sqlite://{tmp_path / 'limits.sqlite3'}"
    worker_one, worker_two = SQLiteStorage(uri), SQLiteStorage(uri)
    assert [worker_one.incr("login/10.0.0.1", 60), worker_two.incr("login/10.0.0.1", 60)] == [1, 2]
    assert worker_two.get("login/10.0.0.1") == 2 and worker_one.get("login/10.0.0.2") == 0
    assert worker_one.incr("kort", 0) == 1 and worker_two.incr("kort", 60) == 1, "an expired window starts again"
    worker_one.clear("login/10.0.0.1")
    assert worker_two.get("login/10.0.0.1") == 0
    threads = [threading.Thread(target=lambda: [worker_one.incr("druk", 60) for _ in range(50)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert worker_two.get("druk") == 200


def test_without_redis_the_counters_are_a_file_in_the_instance_folder(database_url, app):
    other = make_app(database_url, RATELIMIT_STORAGE_URI=None, REDIS_URL=None)
    assert other.config["RATELIMIT_STORAGE_URI"] == f"leerpad-sqlite://{other.instance_path}/rate-limits.sqlite3"
    with_redis = make_app(database_url, RATELIMIT_STORAGE_URI=None, REDIS_URL="redis://127.0.0.1:1/0")
    assert with_redis.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:1/0"


def attempt_login(url, email, password, address) -> int:
    """A browser of its own (a connection and a cookie of its own) that logs in from ``address``."""
    browser = Browser(url, address)
    browser.token = CSRF.search(browser.get("/inloggen").text).group(1)
    return browser.post("/inloggen", {"email": email, "password": password}).status_code


def wrong_logins(urls, email, count, address=None) -> list[int]:
    """``count`` wrong logins at once over ``urls`` in turn, from ``address`` or each from another one."""

    def attempt(n):
        return attempt_login(urls[n % len(urls)], email, WRONG, address or f"198.18.{n // 250}.{n % 250}")

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(attempt, range(count)))


def test_two_app_servers_on_one_database_and_one_redis_hold_both_limits(
    app, database_url, redis_url, make_user, tmp_path
):
    victim, other = make_user(), make_user()
    victim_id, victim_email, other_email = victim.id, victim.email, other.email
    db.session.remove()
    db.engine.dispose()
    servers = [Gunicorn(database_url, tmp_path, workers=1, LEERPAD_REDIS_URL=redis_url) for _ in range(2)]
    try:
        for server in servers:
            server.start()
        urls = [server.url for server in servers]
        # One address, spread over both servers: 10 a minute in all, not 10 on each.
        address = f"203.0.113.{uuid.uuid4().int % 250}"
        statuses = wrong_logins(urls, f"niemand-{uuid.uuid4().hex[:8]}@example.nl", 14, address)
        assert sorted(statuses) == [400] * 10 + [429] * 4, statuses
        # A new address for every guess (X-Forwarded-For believed, as behind a careless proxy): the account stops it.
        statuses = wrong_logins(urls, victim_email, LOCKOUT_THRESHOLD + 2)
        assert set(statuses) == {400}, statuses
        assert attempt_login(urls[1], victim_email, PASSWORD, "198.19.0.1") == 400, "locked on both servers"
        assert attempt_login(urls[0], victim_email, PASSWORD, "198.19.0.2") == 400
        assert attempt_login(urls[0], other_email, PASSWORD, "198.19.0.3") == 302, "other accounts are not touched"
    finally:
        for server in servers:
            server.stop()
    log = "".join(server.log.read_text() for server in servers)
    assert "Traceback" not in log
    # At least the threshold: guesses racing the one that locked may or may not have counted.
    assert db.session.scalar(select(User.failed_logins).filter_by(id=victim_id)) >= LOCKOUT_THRESHOLD


def test_one_server_with_two_workers_and_no_redis_holds_the_address_limit(app, database_url, tmp_path):
    server = Gunicorn(database_url, tmp_path, workers=2)
    try:
        server.start()
        address = f"203.0.113.{uuid.uuid4().int % 250}"
        statuses = wrong_logins([server.url], f"niemand-{uuid.uuid4().hex[:8]}@example.nl", 16, address)
    finally:
        server.stop()
    assert sorted(statuses) == [400] * 10 + [429] * 6, statuses
    assert "Traceback" not in server.log.read_text()
