"""Where Flask-Limiter counts: a place every worker shares, so "10 per minute" means ten.

Its memory storage is per process: with two gunicorn workers a 10-per-minute login limit let
20 through (finding 4 of the security review). With ``LEERPAD_REDIS_URL`` (the scale-out setup)
every worker of every app server counts in that Redis. On one machine without Redis the counters
live in ``instance/rate-limits.sqlite3``: every worker on the machine opens the same file, and it
is a file of its own rather than the app's database, so counting a login never queues for the
writer's turn that saves take on SQLite, and PostgreSQL is spared a write per limited request.
(Several app servers without Redis would each count on their own: the scale-out setup has Redis.)
``RATELIMIT_STORAGE_URI`` overrides both. The per-account count of wrong passwords, which no
rotating address escapes, is in the app's database (learn.auth.lockout).
"""

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import ClassVar

from flask import Flask
from limits.storage import Storage

SCHEME = "leerpad-sqlite"


class SQLiteStorage(Storage):
    """A ``limits`` storage in a SQLite file: fixed-window counters, one row per key."""

    STORAGE_SCHEME: ClassVar = [SCHEME]
    PRUNE_EVERY = 1000  # increments per connection between removing expired counters

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = uri.removeprefix(f"{SCHEME}://")
        self.local = threading.local()

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        """One connection per thread, opened again in a forked worker."""
        if getattr(self.local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")  # counters lost in a power cut cost nothing
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
            )
            self.local.connection, self.local.pid, self.local.writes = connection, os.getpid(), 0
        return self.local.connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db = self._db()
        (count,) = db.execute(
            "INSERT INTO counters (key, count, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN expires <= ? THEN excluded.count ELSE count + excluded.count END, "
            "expires = CASE WHEN expires <= ? THEN excluded.expires ELSE expires END "
            "RETURNING count",
            (key, amount, now + expiry, now, now),
        ).fetchone()
        self.local.writes += 1
        if self.local.writes % self.PRUNE_EVERY == 0:
            db.execute("DELETE FROM counters WHERE expires <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        row = (
            self._db()
            .execute("SELECT count FROM counters WHERE key = ? AND expires > ?", (key, time.time()))
            .fetchone()
        )
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._db().execute("SELECT expires FROM counters WHERE key = ?", (key,)).fetchone()
        return row[0] if row else time.time()

    def check(self) -> bool:
        try:
            self._db().execute("SELECT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self._db().execute("DELETE FROM counters WHERE key = ?", (key,))


def configure(app: Flask) -> None:
    """Before ``limiter.init_app``: the storage follows the setup unless RATELIMIT_STORAGE_URI names one."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        file = Path(app.instance_path) / "rate-limits.sqlite3"
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"] or f"{SCHEME}://{file}"
