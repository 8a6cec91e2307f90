"""SQLite under a web server's concurrency: a page that writes while it reads."""

import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from learn.auth.models import User
from learn.extensions import db

pytestmark = pytest.mark.sqlite_only


def another_worker_adds(database: str, email: str) -> None:
    """A write from another process, committed while the request under test is in its transaction."""
    other = sqlite3.connect(database)
    other.execute(
        "INSERT INTO users (email, name, password_hash, role, locale, active, created_at) "
        "VALUES (?, 'Ander', 'x', 'learner', 'nl', 1, CURRENT_TIMESTAMP)",
        (email,),
    )
    other.commit()
    other.close()


def test_a_get_that_writes_after_another_writer_is_repeated_as_a_writer(app, client):
    """A reader's snapshot went stale under another writer: its write cannot wait for the lock, so the
    GET is run again as a writer instead of showing the 503 page."""
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    runs = []

    def page_that_writes():
        runs.append(1)
        db.session.scalar(select(func.count()).select_from(User))  # a read: the transaction begins as a reader
        if len(runs) == 1:  # meanwhile, another worker writes
            another_worker_adds(database, "ander@example.nl")
        db.session.add(User(email=f"nieuw{len(runs)}@example.nl", name="Nieuw", password_hash="x"))
        db.session.commit()
        return "klaar"

    app.add_url_rule("/schrijft-bij-lezen", "writes_on_get", page_that_writes)
    response = client.get("/schrijft-bij-lezen")
    assert response.status_code == 200 and response.get_data(as_text=True) == "klaar"
    assert len(runs) == 2
    emails = set(db.session.scalars(select(User.email)))
    assert emails == {"ander@example.nl", "nieuw2@example.nl"}


def test_a_get_that_says_it_will_write_waits_for_its_turn_and_runs_once(app, client):
    """The quiz page declares its write (write_from_here) before starting an attempt: another
    writer committing in between makes it wait for the lock, not fail and run the view again."""
    from learn.database import write_from_here

    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    runs = []

    def page_that_declares_its_write():
        runs.append(1)
        db.session.scalar(select(func.count()).select_from(User))
        another_worker_adds(database, f"ander{len(runs)}@example.nl")
        write_from_here()
        db.session.add(User(email="nieuw@example.nl", name="Nieuw", password_hash="x"))
        db.session.commit()
        return "klaar"

    app.add_url_rule("/zegt-dat-hij-schrijft", "declares_write", page_that_declares_its_write)
    response = client.get("/zegt-dat-hij-schrijft")
    assert response.status_code == 200 and response.get_data(as_text=True) == "klaar"
    assert len(runs) == 1
    assert set(db.session.scalars(select(User.email))) == {"ander1@example.nl", "nieuw@example.nl"}
