"""Static files under an address with their content's hash, so a browser keeps them for a year.

``url_for('static', filename='leerpad.css')`` gives ``/static/leerpad.css?v=<hash>``: a changed
file gets a new address, so a phone downloads the stylesheet and the player's scripts once per
release instead of asking again on every page. A request with the current hash is answered with
``Cache-Control: public, max-age=31536000, immutable``; without it (an ES module imported by a
relative path, an old address) the file has Flask's usual short-lived caching.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _hash_of(path: Path, modified_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def content_hash(folder: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256 (read again when the file changes), None when it is not there."""
    path = Path(folder) / filename
    try:
        stat = path.stat()
        return _hash_of(path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None


def init_app(app: Flask) -> None:
    @app.url_defaults
    def add_content_hash(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "filename" not in values or "v" in values:
            return
        if (digest := content_hash(app.static_folder, values["filename"])) is not None:
            values["v"] = digest

    @app.after_request
    def keep_hashed_files(response):
        if (
            request.endpoint == "static"
            and response.status_code == 200
            and request.args.get("v") == content_hash(app.static_folder, request.view_args["filename"])
        ):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
