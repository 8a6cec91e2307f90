"""Password reset links: signed, valid for an hour, and void once the password has changed."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from .models import User

RESET_MAX_AGE = 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def make_reset_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "fp": user.password_fingerprint()})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=RESET_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or user.password_fingerprint() != data.get("fp"):
        return None
    return user
