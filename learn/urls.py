"""Absolute addresses, from one source: the configured base URL, never a request header.

Anything that leaves a response (a mail, a certificate's QR code, a register export, an LTI
or SCORM link) names Leerpad by ``LEERPAD_BASE_URL``. A ``Host`` or ``X-Forwarded-Host``
header is the client's word, and a reset link built from it hands the token to whoever sent it.
"""

from urllib.parse import urlsplit

from flask import current_app

DEVELOPMENT_HOST = "127.0.0.1"
DEVELOPMENT_PORT = 5000


def listening_url(host: str, port: int) -> str:
    """The address a development server on ``host:port`` is reached at from this machine."""
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 (names the wildcard, binds nothing)
        host = DEVELOPMENT_HOST
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def absolute_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` under the base URL, inside a request or outside one."""
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
