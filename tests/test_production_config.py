"""Production settings: the secret, gunicorn's configuration, /healthz and the
503 page when the database is unreachable, and models and migrations in agreement."""

import os
import runpy

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_MODULES, make_app, server_url
from servers import REPO, free_port

from learn import create_app
from learn.cli import main as learn_command
from learn.migrate import schema_differences


def test_production_refuses_the_default_secret(monkeypatch, database_url):
    monkeypatch.setenv("LEERPAD_PRODUCTION", "1")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MODULES_PATH": str(FIXTURE_MODULES)})


def test_serve_production_says_what_is_missing(monkeypatch, database_url):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("LEERPAD_MODULES", str(FIXTURE_MODULES))
    result = CliRunner().invoke(learn_command, ["serve", "--production"])
    assert result.exit_code == 1
    assert "set SECRET_KEY" in result.output


def test_gunicorn_runs_a_worker_per_core_with_threads_and_no_access_log(monkeypatch):
    environment = {k: v for k, v in os.environ.items() if k not in {"LEERPAD_WORKERS", "LEERPAD_DB_POOL_SIZE"}}
    monkeypatch.setattr(os, "environ", environment)  # the file sets defaults; keep them out of other tests
    settings = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert settings["workers"] == len(os.sched_getaffinity(0))
    assert settings["worker_class"] == "gthread" and settings["threads"] >= 2
    assert settings["accesslog"] is None
    # Every thread of a worker can hold a PostgreSQL connection.
    assert environment["LEERPAD_DB_POOL_SIZE"] == str(settings["threads"])


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def _unreachable_database(tmp_path) -> str:
    if server_url():
        return f"postgresql+psycopg://leerpad@127.0.0.1:{free_port()}/leerpad"
    return f"sqlite:///{tmp_path / 'no-such-folder' / 'leerpad.sqlite3'}"


def test_healthz_and_pages_say_so_when_the_database_is_unreachable(tmp_path):
    app = make_app(_unreachable_database(tmp_path))
    client = app.test_client()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json() == {"status": "unavailable", "database": "unreachable"}
    login = client.post("/inloggen", data={"email": "iemand@example.nl", "password": "wat dan ook"})
    assert login.status_code == 503
    assert login.headers["Retry-After"] == "30"
    page = login.get_data(as_text=True)
    assert "Leerpad is even niet bereikbaar" in page and "Traceback" not in page


def test_models_and_migrations_agree(app):
    """An autogenerate diff of the migrated database against the models is empty (SQLite and PostgreSQL)."""
    assert schema_differences() == []
