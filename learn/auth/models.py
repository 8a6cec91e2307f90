"""Accounts. A user has exactly one role; the role decides which pages they reach."""

import hashlib
from datetime import UTC, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..security import ROLES  # noqa: F401  (one list of roles, kept where access is checked)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="learner")
    locale: Mapped[str] = mapped_column(String(5), default="nl")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    # None while a self-registered address is not confirmed by the link mailed to it (learn.auth.views).
    confirmed_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    # Wrong passwords in a row, and until when the account waits after too many (learn.auth.lockout).
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    # Made up by ``learn seed-demo``: the admin's user list leaves these out unless asked.
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def password_fingerprint(self) -> str:
        """Changes with the password, reveals nothing of its hash: reset links carry it, so they die with it."""
        return hashlib.sha256(self.password_hash.encode("utf-8")).hexdigest()[:16]

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @staticmethod
    def normalize_email(email: str) -> str:
        return email.strip().lower()


class SessionRecord(db.Model):
    """One signed-in browser (learn.auth.sessions). The cookie holds a random id, this row only its
    hash: a copy of the database opens no session."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
