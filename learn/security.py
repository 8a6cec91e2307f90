"""Security headers on every response and the role check used by every view."""

import logging
from collections.abc import Callable, Iterable
from functools import wraps

from flask import Flask, abort, has_request_context, request, session
from flask_login import current_user, login_required

# Who may show a page in a frame: features whose pages an LMS embeds (learn.lti) add a function that gives
# the origins allowed for the current request. None (every page outside an LTI launch): 'none' and DENY.
FRAME_ANCESTORS: list[Callable[[], Iterable[str]]] = []


def content_security_policy(frame_ancestors: Iterable[str] = (), form_action: Iterable[str] = ()) -> str:
    actions = " ".join(["'self'", *form_action])
    ancestors = " ".join(frame_ancestors) or "'none'"
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"font-src 'self'; object-src 'none'; base-uri 'self'; form-action {actions}; frame-ancestors {ancestors}"
    )


# Their paths hold a secret (a password reset or confirmation token, a certificate's verification code).
SECRET_PATHS = {"auth.reset_password", "auth.confirm_account", "certificates.verify"}

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
    """Log lines name the route instead of a path holding a secret: a reset token in a log is a password.

    On every logger a request writes to (the request log, the app's own, errors with their traceback).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and request.endpoint in SECRET_PATHS and request.path in record.getMessage():
            record.msg = record.getMessage().replace(request.path, request.url_rule.rule)
            record.args = ()
        return True


def init_app(app: Flask) -> None:
    from .auth.sessions import SESSION_KEY

    for logger in (logging.getLogger("leerpad.requests"), app.logger):
        if not any(isinstance(f, SecretPathFilter) for f in logger.filters):
            logger.addFilter(SecretPathFilter())

    @app.after_request
    def set_security_headers(response):
        ancestors = sorted({origin for allowed in FRAME_ANCESTORS for origin in allowed()})
        response.headers.setdefault("Content-Security-Policy", content_security_policy(ancestors))
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not ancestors:
            response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if SESSION_KEY in session:
            # A signed-in page (reflections, answers) is not kept by a shared computer's browser or a proxy.
            response.headers.setdefault("Cache-Control", "no-store")
        if app.config["PRODUCTION"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
