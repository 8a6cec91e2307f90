"""Security headers on every response and the role check used by every view."""

import logging
from functools import wraps

from flask import Flask, abort, has_request_context, request, session
from flask_login import current_user, login_required

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


# Their paths hold a secret (a password reset token, a certificate's verification code).
SECRET_PATHS = {"auth.reset_password", "certificates.verify"}

ROLES = ("learner", "trainer", "admin", "institution")
PUBLIC = "public"


def roles_required(*roles: str):
    """Allow the view only to signed-in users holding one of ``roles`` (403 otherwise).

    The allowed roles are kept on the view as ``access``, so the test suite can
    check every route against every role without a list of its own.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = frozenset(roles)
        return wrapped

    return decorator


def signed_in(view):
    """Any signed-in user, whatever the role (their own data only)."""
    return roles_required(*ROLES)(view)


def public(view):
    """Open to everyone, signed in or not: a deliberate choice, declared on the view."""
    view.access = PUBLIC
    return view


class SecretPathFilter(logging.Filter):
    """Log lines name the route instead of a path holding a secret: a reset token in a log is a password."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and request.endpoint in SECRET_PATHS and isinstance(record.args, tuple):
            record.args = tuple(request.url_rule.rule if arg == request.path else arg for arg in record.args)
        return True


def init_app(app: Flask) -> None:
    request_log = logging.getLogger("leerpad.requests")
    if not any(isinstance(f, SecretPathFilter) for f in request_log.filters):
        request_log.addFilter(SecretPathFilter())

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if "_user_id" in session:
            # A signed-in page (reflections, answers) is not kept by a shared computer's browser or a proxy.
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config["PRODUCTION"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
