"""Accounts: registration, sign-in, password reset and the learner's own profile and data."""
from flask import Flask
from flask_babel import lazy_gettext as _l

from ..extensions import db, login_manager


def init_app(app: Flask) -> None:
    from .models import User
    from .views import bp

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om verder te gaan.")
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    app.register_blueprint(bp)
