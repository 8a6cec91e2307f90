"""SQLite under a web server's concurrency: a page that writes while it reads."""
import sqlite3

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from learn.auth.models import User
from learn.extensions import db

pytestmark = pytest.mark.sqlite_only


def test_a_get_that_writes_after_another_writer_is_repeated_as_a_writer(app, client):
    """A reader's snapshot went stale under another writer: its write cannot wait for the lock, so the
    GET is run again as a writer instead of showing the 503 page."""
    database = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    runs = []

    def page_that_writes():
        runs.append(1)
        db.session.scalar(select(func.count()).select_from(User))  # a read: the transaction begins as a reader
        if len(runs) == 1:  # meanwhile, another worker writes
            other = sqlite3.connect(database)
            other.execute("INSERT INTO users (email, name, password_hash, role, locale, active, created_at) "
                          "VALUES ('ander@example.nl', 'Ander', 'x', 'learner', 'nl', 1, CURRENT_TIMESTAMP)")
            other.commit()
            other.close()
        db.session.add(User(email=f"nieuw{len(runs)}@example.nl", name="Nieuw", password_hash="x"))
        db.session.commit()
        return "klaar"

    app.add_url_rule("/schrijft-bij-lezen", "writes_on_get", page_that_writes)
    response = client.get("/schrijft-bij-lezen")
    assert response.status_code == 200 and response.get_data(as_text=True) == "klaar"
    assert len(runs) == 2
    emails = set(db.session.scalars(select(User.email)))
    assert emails == {"ander@example.nl", "nieuw2@example.nl"}
