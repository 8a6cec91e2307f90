"""The servers a benchmark runs against: a fresh database (SQLite file or a durable PostgreSQL
server of the bench's own, fsync on as production runs it) and gunicorn with the production
settings, from the loopback helpers the tests use too (``learn.testing``).
"""

import os

from learn.testing.servers import REPO, Gunicorn, PostgresServer

PG_PORT = int(os.environ.get("LEERPAD_BENCH_PGPORT", "54338"))
SECRET = "bench-secret-" + "b" * 32

__all__ = ["REPO", "SECRET", "bench_gunicorn", "bench_postgres"]


def bench_postgres() -> PostgresServer:
    """A started, durable PostgreSQL server with an empty ``leerpad`` database."""
    postgres = PostgresServer(PG_PORT, durable=True)
    postgres.start()
    postgres.create_database()
    return postgres


def bench_gunicorn(app: str, env: dict, log, workers: int, extra: tuple = ()) -> Gunicorn:
    return Gunicorn({"SECRET_KEY": SECRET, **env}, log, workers=workers, app=app, extra=extra)
