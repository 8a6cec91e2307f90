"""gunicorn settings for production: ``learn serve --production`` or
``gunicorn -c gunicorn.conf.py wsgi:app``.

The choices, measured with ``python -m bench`` on a 2-core machine (figures in
the closing note of issue 8):

- One process per core, each with a few threads (``gthread``). Rendering a
  page is CPU work, so more processes than cores only add memory; the threads
  cover the moments a request waits on the database (a SQLite writer queueing
  on the busy timeout, a PostgreSQL round trip) and keep-alive connections.
- ``preload_app``: the modules are loaded and validated once in the master and
  shared by the workers, so a worker that dies (or is killed) is replaced in
  milliseconds instead of re-reading every module. Each worker opens its own
  database connections after the fork (``post_fork``).
- No access log: the app already logs one line per request with its timing.

Every figure can be overridden from the environment: ``LEERPAD_WORKERS``,
``LEERPAD_THREADS``, ``LEERPAD_BIND``, ``LEERPAD_TIMEOUT``, ``LEERPAD_PRELOAD=0``.
"""

import os


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


bind = os.environ.get("LEERPAD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LEERPAD_WORKERS", _cores()))
worker_class = "gthread"
threads = int(os.environ.get("LEERPAD_THREADS", "4"))
preload_app = os.environ.get("LEERPAD_PRELOAD", "1") != "0"
timeout = int(os.environ.get("LEERPAD_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn's documented heartbeat directory)
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "leerpad"
control_socket_disable = True  # several servers may run on one machine; nothing here uses gunicornc

# A PostgreSQL pool per worker as large as its threads, so no thread waits for a connection.
os.environ.setdefault("LEERPAD_DB_POOL_SIZE", str(threads))
os.environ.setdefault("LEERPAD_PRODUCTION", "1")


def post_fork(server, worker):
    """Connections opened in the master (there should be none) are never shared with a worker."""
    import sys

    wsgi = sys.modules.get("wsgi")
    if wsgi is None:
        return
    from learn.extensions import db

    with wsgi.app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)
