"""Accounts: registration, sign-in, password reset and the learner's own profile and data."""

import hmac

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager


def init_app(app: Flask) -> None:
    from .models import User
    from .views import bp

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om verder te gaan.")
    # "basic", not "strong": a learner on a phone changes IP address between networks and must stay
    # signed in; sessions end on logout, a password change or deactivation (see load_user).
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str):
        # A session ends when the password changes (fingerprint) or the account is deactivated.
        user_id, _, fingerprint = session_id.partition(":")
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.is_active or not hmac.compare_digest(fingerprint, user.password_fingerprint()):
            return None
        return user

    app.register_blueprint(bp)
