"""Security headers on every response and the role check used by every view."""
from functools import wraps

from flask import Flask, abort
from flask_login import current_user, login_required

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


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


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config["PRODUCTION"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response
