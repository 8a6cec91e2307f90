"""The ceiling: a step page saved as a file and served by the same gunicorn setup,
with no Flask, no session and no database in between."""

import os
from pathlib import Path

_PAGE = Path(os.environ["LEERPAD_BENCH_STATIC_PAGE"]).read_bytes()
_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_PAGE)))]


def app(environ, start_response):
    if environ["PATH_INFO"] == "/healthz":
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    start_response("200 OK", list(_HEADERS))
    return [_PAGE]
