"""Links mailed to an account's owner: signed, short-lived, and void once they have done their work.

A reset link dies when the password changes (it carries the password's fingerprint); a
confirmation link when the account is confirmed.
"""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..extensions import db
from .models import User

RESET_MAX_AGE = 3600
CONFIRM_MAX_AGE = 3 * 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load(salt: str, token: str, max_age: int) -> tuple[User | None, dict]:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None, {}
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None, {}
    return db.session.get(User, data["user"]), data


def make_reset_token(user: User) -> str:
    return _serializer("password-reset").dumps({"user": user.id, "fp": user.password_fingerprint()})


def user_for_reset_token(token: str) -> User | None:
    user, data = _load("password-reset", token, RESET_MAX_AGE)
    if user is None or user.password_fingerprint() != data.get("fp"):
        return None
    return user


def make_confirm_token(user: User) -> str:
    return _serializer("confirm-account").dumps({"user": user.id, "email": user.email})


def user_for_confirm_token(token: str) -> User | None:
    """The account the link confirms; None when it is invalid, expired or the account is confirmed already."""
    user, data = _load("confirm-account", token, CONFIRM_MAX_AGE)
    if user is None or user.email != data.get("email") or user.confirmed_at is not None:
        return None
    return user
