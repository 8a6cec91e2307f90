"""Engine tuning for the two supported databases.

SQLite is the zero-setup default and must survive a web server's concurrency:
WAL lets readers run beside one writer, the busy timeout makes writers queue
instead of failing, and write requests take the write lock at BEGIN
(``BEGIN IMMEDIATE``) so two transactions never deadlock upgrading a read lock,
which is what turns into "database is locked".  PostgreSQL gets a sized pool
whose connections are checked before use, so a restarted server is picked up
by the next request.
"""
from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

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


def tune_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

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
        writing = has_request_context() and request.method in WRITE_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
