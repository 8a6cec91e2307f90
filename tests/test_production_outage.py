"""The database going away: PostgreSQL stops for a moment under a running
gunicorn. The learner gets the friendly 503 page (no stack trace), /healthz says
the database is unreachable, and the first request after it is back succeeds."""

import pytest
from conftest import make_app, server_url
from servers import Browser, Gunicorn, PostgresServer, own_port, seed_learners

from learn.extensions import db
from learn.migrate import upgrade

MODULE = "/modules/kennismaking"

pytestmark = pytest.mark.skipif(not server_url(), reason="runs in the PostgreSQL pass of scripts/test")


@pytest.fixture
def postgres():
    server = PostgresServer(own_port())
    try:
        server.start()
        server.create_database()
        yield server
    finally:
        server.remove()


def test_postgresql_stopping_gives_a_503_page_and_recovery(postgres, tmp_path):
    app = make_app(postgres.url)
    with app.app_context():
        upgrade()
        [(_, email)] = seed_learners(1)
        db.engine.dispose()
    server = Gunicorn(postgres.url, tmp_path).start()
    try:
        browser = Browser(server.url, "127.1.0.1")
        browser.log_in(email, "correct horse battery")
        assert browser.get(f"{MODULE}/steps/welkom").status_code == 200

        postgres.stop()
        for _ in range(3):  # every worker and pooled connection finds out, each time the same page
            page = browser.get(f"{MODULE}/steps/welkom")
            assert page.status_code == 503
            assert page.headers["Retry-After"] == "30"
            assert "Leerpad is even niet bereikbaar" in page.text
            assert "Traceback" not in page.text and "psycopg" not in page.text
        saving = browser.post(f"{MODULE}/steps/eigen-praktijk", {"action": "save", "answer-moment": "tijdens storing"})
        assert saving.status_code == 503
        health = browser.get("/healthz")
        assert health.status_code == 503 and health.json()["database"] == "unreachable"

        postgres.start()
        assert browser.get(f"{MODULE}/steps/welkom").status_code == 200
        assert browser.get("/healthz").json() == {"status": "ok", "database": "ok"}
        saved = browser.post(f"{MODULE}/steps/eigen-praktijk", {"action": "save", "answer-moment": "na de storing"})
        assert saved.status_code == 302
        assert "na de storing" in browser.get(f"{MODULE}/steps/eigen-praktijk").text
    finally:
        server.stop()
    assert "Traceback" not in server.log.read_text()
