"""Accounts: registration, sign-in, server-side sessions, password reset and the learner's own profile and data."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..extensions import login_manager


def init_app(app: Flask) -> None:
    from . import sessions
    from .views import bp

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om verder te gaan.")
    sessions.init_app(app)
    app.register_blueprint(bp)
