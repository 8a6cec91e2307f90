"""Engine tuning for the two supported databases.

SQLite is the zero-setup default and must survive a web server's concurrency:
WAL lets readers run beside one writer, the busy timeout makes writers queue
instead of failing, and write requests take the write lock at BEGIN
(``BEGIN IMMEDIATE``) so two transactions never deadlock upgrading a read lock,
which is what turns into "database is locked".  PostgreSQL gets a sized pool
whose connections are checked before use, so a restarted server is picked up
by the next request.

Writers queue for their turn before ``BEGIN IMMEDIATE``: the threads of a
worker on a lock, the workers on an ``flock`` of a file beside the database.
SQLite's own busy handler polls with sleeps that grow to 100 ms, so writers
that wait for each other there wait far longer than a write takes (measured:
three times the throughput, see bench/); a lock wakes the next one at once.
The busy timeout stays as the backstop for writers outside the web app.
"""

import fcntl
import os
import threading

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url

from .extensions import db

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def engine_options(app: Flask) -> dict:
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    pool_size = app.config["DB_POOL_SIZE"]
    return {
        "pool_size": pool_size,
        "max_overflow": pool_size,
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "pool_timeout": 10,
    }


WRITE_TURN_TIMEOUT = 30  # seconds, as the busy timeout


class WriteTurn:
    """One writer at a time: a thread lock within the process, an flock between processes."""

    def __init__(self, database: str):
        self.thread_lock = threading.Lock()
        self.path = f"{database}-writers" if database and database != ":memory:" else None
        self.file = None
        self.pid = None

    def take(self) -> None:
        if not self.thread_lock.acquire(timeout=WRITE_TURN_TIMEOUT):
            raise exc.TimeoutError("no turn to write to the database within the busy timeout")
        if self.path is None:
            return
        try:
            if self.pid != os.getpid():  # a forked worker opens its own, or it would share the parent's lock
                self.file = open(self.path, "a")  # noqa: SIM115 (held open for the worker's lifetime: the lock file)
                self.pid = os.getpid()
            fcntl.flock(self.file, fcntl.LOCK_EX)
        except BaseException:
            self.thread_lock.release()
            raise

    def give(self) -> None:
        if self.path is not None and self.pid == os.getpid():
            fcntl.flock(self.file, fcntl.LOCK_UN)
        self.thread_lock.release()


def tune_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    write_turn = WriteTurn(engine.url.database)

    @event.listens_for(engine, "connect")
    def set_pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        # A write request, or whoever called write_from_here(): a GET that writes, a background job;
        # not the first transaction of a request that called read_first().
        writing = (
            (has_request_context() and request.method in WRITE_METHODS)
            or (has_app_context() and g.pop("next_transaction_writes", False))
        ) and not (has_app_context() and g.pop("next_transaction_reads", False))
        if writing and not connection.connection.info.get("write_turn"):
            write_turn.take()
            connection.connection.info["write_turn"] = True
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    def end_turn(record) -> None:
        if record.info.pop("write_turn", False):
            write_turn.give()

    # The connection goes back to the pool after its COMMIT or ROLLBACK (or is thrown away): the next writer's turn.
    event.listen(engine, "checkin", lambda _dbapi, record: end_turn(record))
    event.listen(engine, "invalidate", lambda _dbapi, record, _exc: end_turn(record))


def insert(table):
    """An INSERT that can say ON CONFLICT, in the dialect of the database in use (SQLite or PostgreSQL)."""
    return (postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert)(table)


def contains(column, text: str):
    """``column`` holds ``text``, ignoring case; ``%`` and ``_`` in a search are text, not wildcards."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def write_from_here() -> None:
    """A GET about to write (the quiz page starting the first attempt), or a job, goes on as a writer.

    On SQLite its read transaction ends and the next one takes the writer's turn
    with ``BEGIN IMMEDIATE``, so the write waits for the lock instead of failing
    on a stale snapshot and running the whole view again (``retry_as_writer``
    stays the backstop). Rows read so far load again when used. Nothing to do on
    PostgreSQL, where a reader may simply write.
    """
    if db.engine.dialect.name == "sqlite":
        g.next_transaction_writes = True
        db.session.commit()


def read_first() -> None:
    """A write request whose slow part needs no lock (verifying a password) first only reads.

    On SQLite its next transaction is a plain BEGIN without the writer's turn, so the password
    check (scrypt: tens of milliseconds of CPU) never holds up the saves waiting for that turn;
    the transaction after it, which writes the outcome, is a writer's again. Nothing changes on
    PostgreSQL, where a reader holds no lock a writer waits for.
    """
    db.session.commit()  # whatever this request read so far; a writer's turn taken for it is given back
    if db.engine.dialect.name == "sqlite":
        g.next_transaction_reads = True


def retry_as_writer(error: Exception):
    """A GET that writes (say, a page that starts a quiz attempt) began as a reader; on SQLite its
    write then fails with "database is locked" when another writer is busy, without waiting.
    Run the view once more as a writer, with its turn and ``BEGIN IMMEDIATE``: a GET may be repeated.
    Returns the response, or None when this error is not that case."""
    if not (has_request_context() and request.method in {"GET", "HEAD"} and not g.get("retried_as_writer")):
        return None
    if "database is locked" not in str(error) or db.engine.dialect.name != "sqlite":
        return None
    g.retried_as_writer = g.next_transaction_writes = True
    current_app.logger.info("%s %s wrote while reading: repeated as a writer", request.method, request.path)
    return current_app.make_response(current_app.dispatch_request())
