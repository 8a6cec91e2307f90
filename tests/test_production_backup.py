"""``learn backup``: a consistent copy of the SQLite database while a real
gunicorn keeps writing to it."""

import sqlite3
import threading

import pytest
from click.testing import CliRunner
from conftest import FIXTURE_MODULES
from servers import Browser, Gunicorn, seed_learners

from learn.cli import main as learn_command
from learn.extensions import db

pytestmark = pytest.mark.sqlite_only
MODULE = "/modules/kennismaking"


def _learn(database_url, *args):
    """The ``learn`` command as an operator runs it, in this process."""
    result = CliRunner().invoke(
        learn_command, list(args), env={"DATABASE_URL": database_url, "LEERPAD_MODULES": str(FIXTURE_MODULES)}
    )
    return result.exit_code, result.output


def _keep_saving(browser, number, stop):
    for count in range(300):
        if stop.is_set():
            return
        browser.post(
            f"{MODULE}/steps/eigen-praktijk",
            {"action": "save", "answer-moment": f"ronde {count}", "answer-hulp": "x" * (count % 7)},
        )


def test_backup_while_serving_is_consistent(app, database_url, tmp_path):
    learners = seed_learners(6)
    db.session.remove()
    db.engine.dispose()
    server = Gunicorn(database_url, tmp_path).start()
    stop = threading.Event()
    browsers = [Browser(server.url, f"127.1.0.{n + 1}") for n in range(len(learners))]
    for browser, (_, email) in zip(browsers, learners):
        browser.log_in(email, "correct horse battery")
    writers = [threading.Thread(target=_keep_saving, args=(b, n, stop)) for n, b in enumerate(browsers)]
    backups = []
    try:
        for writer in writers:
            writer.start()
        for number in range(2):
            target = tmp_path / f"backup-{number}.sqlite3"
            code, output = _learn(database_url, "backup", str(target))
            assert code == 0, output
            assert "integrity: ok" in output
            backups.append(target)
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
        server.stop()
    for backup in backups:
        copy = sqlite3.connect(backup)
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
        assert copy.execute("SELECT count(*) FROM users").fetchone()[0] == len(learners)
        moments = copy.execute("SELECT answer FROM reflection_answers WHERE question_id = 'moment'").fetchall()
        assert len(moments) <= len(learners) and all(answer.startswith("ronde ") for (answer,) in moments)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() is not None
        copy.close()
    assert not list(tmp_path.glob(".*.partial"))


def test_backup_says_what_is_wrong(database_url, tmp_path):
    code, output = _learn(f"sqlite:///{tmp_path / 'nothing-here.sqlite3'}", "backup", str(tmp_path / "b.sqlite3"))
    assert code == 1 and "no SQLite database at" in output
    assert not (tmp_path / "nothing-here.sqlite3").exists()
    code, output = _learn(database_url, "backup", str(tmp_path / "nope" / "b.sqlite3"))
    assert code == 1 and "does not exist" in output


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    code, output = _learn("postgresql+psycopg://leerpad@127.0.0.1:1/leerpad", "backup", str(tmp_path / "b"))
    assert code == 1 and "pg_dump" in output
