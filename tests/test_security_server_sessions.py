"""Sessions live on the server (finding 3 of the security review).

Flask's signed cookie stayed valid for 31 days after logout. Now the cookie names a record
(in the database, or in Redis when ``LEERPAD_REDIS_URL`` is set) that logout, "log out on all
devices", a new password and time end; CSRF tokens are bound to the session and change at login.
Each behaviour is checked with both stores, and with two app servers sharing them.
"""

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD, login, make_app
from security_helpers import redis_server_url, redis_url  # noqa: F401 (fixtures)
from sqlalchemy import event

from learn.auth.models import utcnow
from learn.extensions import db

NEW_PASSWORD = "een heel ander wachtwoord"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture(params=["database", "redis"])
def store(request, app, database_url):
    """The name of the session store, and a factory for app servers that share it."""
    overrides = {"REDIS_URL": request.getfixturevalue("redis_url")} if request.param == "redis" else {}
    apps = []

    def server(**config):
        apps.append(make_app(database_url, **overrides, **config))
        return apps[-1]

    yield request.param, server
    for other in apps:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def signed_in(client) -> bool:
    return client.get("/profiel").status_code == 200


def copy_session(source, target) -> None:
    domain = source.application.config["SERVER_NAME"] or "localhost"
    target.set_cookie("session", source.get_cookie("session", domain=domain).value, domain=domain)


@pytest.fixture
def clock(monkeypatch):
    """The sessions' clock, moved forward by the test: a session's hours pass in a moment."""
    offset = [timedelta(0)]
    monkeypatch.setattr("learn.auth.sessions.utcnow", lambda: utcnow() + offset[0])

    def advance(**delta):
        offset[0] += timedelta(**delta)

    return advance


def test_an_old_cookie_opens_nothing_after_logout(store, make_user):
    _, server = store
    app = server()
    user = make_user()
    client = app.test_client()
    login(client, user)
    copied = app.test_client()  # the cookie as a shared computer's browser or a thief kept it
    copy_session(client, copied)
    assert signed_in(copied)
    client.post("/uitloggen")
    assert not signed_in(client)
    assert not signed_in(copied)


def test_log_out_on_all_devices_ends_every_session_of_the_account(store, make_user):
    _, server = store
    app = server()
    user, other = make_user(), make_user()
    phone, laptop, someone_else = app.test_client(), app.test_client(), app.test_client()
    for client, who in ((phone, user), (laptop, user), (someone_else, other)):
        login(client, who)
    response = laptop.post("/profiel/uitloggen-overal", follow_redirects=True)
    assert "Je bent uitgelogd op al je apparaten" in response.get_data(as_text=True)
    assert not signed_in(phone) and not signed_in(laptop)
    assert signed_in(someone_else)
    login(phone, user)
    assert signed_in(phone)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(store, make_user):
    _, server = store
    app = server()
    user = make_user()
    here, elsewhere = app.test_client(), app.test_client()
    login(here, user)
    login(elsewhere, user)
    response = here.post(
        "/profiel/wachtwoord",
        data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "Je wachtwoord is veranderd" in response.get_data(as_text=True)
    assert signed_in(here)
    assert not signed_in(elsewhere)
    login(app.test_client(), user, NEW_PASSWORD)


def test_a_password_change_needs_the_current_password(store, make_user):
    _, server = store
    app = server()
    user = make_user()
    client = app.test_client()
    login(client, user)
    response = client.post(
        "/profiel/wachtwoord",
        data={"current": "niet mijn wachtwoord", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "Je huidige wachtwoord klopt niet" in response.get_data(as_text=True)
    login(app.test_client(), user, PASSWORD)


def test_a_password_reset_ends_every_session(store, make_user, caplog):
    _, server = store
    app = server()
    user = make_user()
    client = app.test_client()
    login(client, user)
    from learn.auth.tokens import make_reset_token

    with app.app_context():
        link = f"/wachtwoord-herstellen/{make_reset_token(user)}"
    assert app.test_client().post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert not signed_in(client)


def test_a_session_ends_twelve_hours_after_login_however_busy(store, make_user, clock):
    _, server = store
    app = server()
    client = app.test_client()
    login(client, make_user())
    for _ in range(11):
        clock(hours=1)
        assert signed_in(client)
    clock(minutes=59)
    assert signed_in(client)
    clock(minutes=2)
    assert not signed_in(client)


def test_a_session_ends_after_two_hours_without_a_request(store, make_user, clock):
    _, server = store
    app = server()
    client = app.test_client()
    login(client, make_user())
    clock(hours=1, minutes=59)
    assert signed_in(client), "each request counts as activity"
    clock(hours=1, minutes=59)
    assert signed_in(client)
    clock(hours=2, minutes=1)
    assert not signed_in(client)


def test_lifetime_and_idle_timeout_are_settings(store, make_user, clock):
    _, server = store
    app = server(SESSION_LIFETIME=timedelta(hours=1), SESSION_IDLE_TIMEOUT=timedelta(minutes=10))
    client = app.test_client()
    login(client, make_user())
    clock(minutes=11)
    assert not signed_in(client)
    login(client, make_user())
    for _ in range(6):
        clock(minutes=9)
        assert signed_in(client)
    clock(minutes=9)
    assert not signed_in(client), "an hour after login"


def test_the_settings_come_from_the_environment(monkeypatch):
    from learn.config import from_environment

    monkeypatch.setenv("LEERPAD_SESSION_HOURS", "8")
    monkeypatch.setenv("LEERPAD_SESSION_IDLE_MINUTES", "30")
    config = from_environment("/tmp")
    assert config["SESSION_LIFETIME"] == timedelta(hours=8)
    assert config["SESSION_IDLE_TIMEOUT"] == timedelta(minutes=30)
    monkeypatch.delenv("LEERPAD_SESSION_HOURS")
    monkeypatch.delenv("LEERPAD_SESSION_IDLE_MINUTES")
    config = from_environment("/tmp")
    assert config["SESSION_LIFETIME"] == timedelta(hours=12)
    assert config["SESSION_IDLE_TIMEOUT"] == timedelta(hours=2)


def test_two_app_servers_share_the_sessions(store, make_user):
    _, server = store
    first, second = server(), server()
    user = make_user()
    on_first = first.test_client()
    login(on_first, user)
    on_second = second.test_client()
    copy_session(on_first, on_second)  # the load balancer sends the next request elsewhere
    assert signed_in(on_second)
    on_second.post("/uitloggen")
    assert not signed_in(on_first)


def statements_on(app, pattern: str) -> list[str]:
    seen = []

    def record(_conn, _cursor, statement, *_args):
        if re.search(pattern, statement, re.I | re.S):
            seen.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
    return seen


def test_a_signed_in_request_costs_one_query_for_the_user_and_the_session(app, learner):
    client = app.test_client()
    login(client, learner)
    lookups = statements_on(app, r"FROM users JOIN sessions|FROM sessions")
    users = statements_on(app, r"FROM users")
    client.get("/colofon")  # a page that needs the user for its menu and nothing else
    assert len(lookups) == 1 and len(users) == 1, users


def test_the_last_seen_time_is_written_at_most_once_a_minute(app, learner, clock):
    client = app.test_client()
    login(client, learner)
    writes = statements_on(app, r"UPDATE sessions")
    for _ in range(5):
        clock(seconds=10)
        client.get("/colofon")
    assert writes == []
    clock(seconds=15)
    client.get("/colofon")
    client.get("/colofon")
    assert len(writes) == 1


def test_the_redis_store_writes_the_last_seen_time_at_most_once_a_minute(database_url, redis_url, learner, clock):
    import redis

    app = make_app(database_url, REDIS_URL=redis_url)
    client = app.test_client()
    login(client, learner)
    server = redis.Redis.from_url(redis_url)
    [key] = server.keys("leerpad:session:*")
    first = server.hget(key, "seen")
    clock(seconds=50)
    client.get("/colofon")
    assert server.hget(key, "seen") == first
    clock(seconds=15)
    client.get("/colofon")
    assert server.hget(key, "seen") != first
    assert 0 < server.ttl(key) <= 2 * 3600
    with app.app_context():
        db.engine.dispose()


def test_the_database_keeps_no_session_id_only_its_hash(app, learner):
    from sqlalchemy import select

    from learn.auth.models import SessionRecord

    client = app.test_client()
    login(client, learner)
    with client.session_transaction() as session:
        session_id = next(value for key, value in session.items() if key not in {"lang", "_flashes", "csrf_token"})
    stored = db.session.scalars(select(SessionRecord.token_hash)).all()
    assert len(stored) == 1 and session_id not in stored[0] and len(session_id) >= 32


# CSRF tokens are bound to the session: none survives a login or a logout.


@pytest.fixture
def csrf_app(database_url, app):
    other = make_app(database_url, WTF_CSRF_ENABLED=True)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def token_of(client, path="/inloggen") -> str:
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def log_in_with_token(client, user, password=PASSWORD):
    response = client.post(
        "/inloggen", data={"email": user.email, "password": password, "csrf_token": token_of(client)}
    )
    assert response.status_code == 302


def profile_post(client, token):
    return client.post("/profiel", data={"name": "Veranderd", "locale": "nl", "csrf_token": token})


def test_a_token_from_before_the_login_is_refused_after_it(csrf_app, make_user):
    user = make_user()
    client = csrf_app.test_client()
    before = token_of(client)
    log_in_with_token(client, user)
    assert profile_post(client, before).status_code == 400
    assert profile_post(client, token_of(client, "/profiel")).status_code == 302


def test_a_token_from_before_a_logout_is_refused_in_the_next_session(csrf_app, make_user):
    user = make_user()
    client = csrf_app.test_client()
    log_in_with_token(client, user)
    old = token_of(client, "/profiel")
    client.post("/uitloggen", data={"csrf_token": old})
    log_in_with_token(client, user)
    assert profile_post(client, old).status_code == 400


def test_a_planted_cookie_does_not_give_its_planter_a_working_token(csrf_app, make_user):
    """The attacker plants their own (anonymous) session cookie in the victim's browser, then
    waits for the victim to log in and posts a form with the token that cookie came with."""
    victim = make_user()
    attacker = csrf_app.test_client()
    planted_token = token_of(attacker)
    browser = csrf_app.test_client()
    copy_session(attacker, browser)
    log_in_with_token(browser, victim)
    response = browser.post("/profiel/verwijderen", data={"password": PASSWORD, "csrf_token": planted_token})
    assert response.status_code == 400
    assert signed_in(browser)
