"""Fixtures shared by the whole suite, in the spirit of the Flask tutorial's conftest.

The suite runs on SQLite by default and on PostgreSQL when
``LEERPAD_TEST_DATABASE_URL`` names a server (the test command sets it for the
second run). Each pytest worker gets its own database, migrated once with
Alembic; every test starts from empty tables.
"""

import functools
import os
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from learn import create_app
from learn.auth.models import User
from learn.extensions import db

TESTS = Path(__file__).parent
FIXTURE_MODULES = TESTS / "fixtures" / "modules"
PASSWORD = "correct horse battery"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def server_url() -> str | None:
    return os.environ.get("LEERPAD_TEST_DATABASE_URL")


def fresh_database(name: str, tmp_dir: Path) -> str:
    """An empty database for this worker: a new SQLite file, or a new PostgreSQL database."""
    base = server_url()
    if not base:
        path = tmp_dir / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "MODULES_PATH": str(FIXTURE_MODULES),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "leerpad.test",
        "BASE_URL": "http://leerpad.test",
        # Each job runs through the queue as soon as it is queued, so a test reads a mail right after
        # the request that sent it; tests of the queue itself turn this off and run the jobs when they choose.
        "JOBS_EAGER": True,
        "JOBS_IN_APP": False,
    }
    config.update(overrides)
    app = create_app(config)
    # The fixtures keep one app context open across requests, so flask.g would carry the signed-in
    # user from one request (and one client) to the next; a real server starts each request afresh.
    app.teardown_request(lambda _error: g.pop("_login_user", None))
    return app


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = fresh_database(f"leerpad_test_{_worker()}", tmp_path_factory.getbasetemp())
    app = make_app(url)
    with app.app_context():
        from learn.migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


def empty_all_tables() -> None:
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                connection.execute(table.delete())


@pytest.fixture
def app(database_url):
    app = make_app(database_url)
    with app.app_context():
        yield app
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@functools.cache
def password_hash(password: str) -> str:
    """A real scrypt hash of a test password, made once per run and with a smaller work factor than
    production's (the stored parameters travel in the hash, so signing in checks it the same way):
    the suite makes thousands of users and signs in a thousand times. The production parameters
    have their own test (test_auth.py)."""
    return generate_password_hash(password, method="scrypt:2048:8:1")


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def make(role="learner", email=None, name=None, password=PASSWORD):
        number = next(counter)
        user = User(email=email or f"{role}{number}@example.nl", name=name or f"{role.title()} {number}", role=role)
        user.password_hash = password_hash(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


def login(client, user, password=PASSWORD):
    email = user.email
    # Logging in writes (a session record). On SQLite a read the test's own session still has open would
    # then be a stale snapshot, and its next write would fail: end that read first, as a request does.
    db.session.commit()
    response = client.post("/inloggen", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def learner(make_user):
    return make_user("learner")


@pytest.fixture
def learner_client(client, learner):
    login(client, learner)
    return client


@pytest.fixture
def fixture_module(app):
    from learn.content.library import get_library

    return get_library().get("kennismaking")


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free loopback port, for the browser."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config.update(SERVER_NAME=None, BASE_URL=url)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def launch_browser(playwright_instance):
    """Start a fresh headless Debian Chromium; each call is a new browser process."""
    browsers = []

    def launch():
        browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        browsers.append(browser)
        return browser

    yield launch
    for browser in browsers:
        if browser.is_connected():
            browser.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core on the page; the context must have been made with ``bypass_csp=True``."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]
