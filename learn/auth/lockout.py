"""Wrong passwords counted per account in the database, as Moodle's account lockout does.

A per-address limit (Flask-Limiter) slows one address down; an attacker with many addresses,
or behind a proxy that passes X-Forwarded-For on, is stopped by this count instead: it lives
in the database, so every worker and every server sees it. After ``LOCKOUT_THRESHOLD`` wrong
passwords in a row the account waits ``FIRST_LOCK``, twice as long after each further wrong
one, at most ``LONGEST_LOCK``. The owner gets a mail at the lock with a reset link; a reset,
a right password and an admin (users page, ``learn users unlock EMAIL``) open it again. While
it is locked no password is accepted, and a login gets the answer every failed login gets.

The password is verified outside any transaction (finding 8 of the security review): read the
account, end the read, verify (scrypt, tens of milliseconds), then write the outcome. So on
SQLite a burst of logins never holds the writer's turn that every save waits for.
"""

import enum
from datetime import datetime, timedelta

from sqlalchemy import update
from werkzeug.security import check_password_hash, generate_password_hash

from ..database import read_first
from ..extensions import db
from . import mails
from .models import User, utcnow

LOCKOUT_THRESHOLD = 10
FIRST_LOCK = timedelta(minutes=15)
LONGEST_LOCK = timedelta(hours=24)
# Verified for unknown addresses, so that they cost as much time as a wrong password.
_NO_ACCOUNT_HASH = generate_password_hash("no-account-has-this-password", method="scrypt")


class Outcome(enum.Enum):
    RIGHT = "right"
    WRONG = "wrong"
    LOCKED = "locked"


def lock_for(failures: int) -> timedelta | None:
    """How long an account waits after ``failures`` wrong passwords in a row (None: not at all)."""
    if failures < LOCKOUT_THRESHOLD:
        return None
    return min(FIRST_LOCK * 2 ** min(failures - LOCKOUT_THRESHOLD, 10), LONGEST_LOCK)


def minutes_left(user: User, now: datetime | None = None) -> int:
    return max(1, -(-int((user.locked_until - (now or utcnow())).total_seconds()) // 60))


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.email == User.normalize_email(email)))


def check_login(email: str, password: str) -> User | None:
    """The account these credentials open, or None (unknown, wrong, locked, deactivated, not confirmed)."""
    read_first()  # the account is read without taking the writer's turn
    user = find_user(email)
    may_log_in = user is not None and user.is_active and user.confirmed_at is not None
    return user if check_password(user, password) is Outcome.RIGHT and may_log_in else None


def check_password(user: User | None, password: str) -> Outcome:
    """Verify ``password`` (the same work when there is no ``user``) and count a wrong one; commits."""
    account = (user.id, user.password_hash, user.failed_logins, user.locked_until) if user else None
    db.session.commit()  # the read ends (and a writer's turn taken for it): none is held while verifying
    right = check_password_hash(account[1] if account else _NO_ACCOUNT_HASH, password)
    if account is None:
        return Outcome.WRONG
    user_id, _, failures, locked_until = account
    now = utcnow()
    if locked_until is not None and locked_until > now:
        return Outcome.LOCKED
    if right:
        if failures or locked_until:
            unlock(user)
            db.session.commit()
        return Outcome.RIGHT
    failures = db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(failed_logins=User.failed_logins + 1)
        .returning(User.failed_logins)
    ).scalar_one()
    if (wait := lock_for(failures)) is not None:
        db.session.execute(update(User).where(User.id == user_id).values(locked_until=now + wait))
    db.session.commit()
    if failures == LOCKOUT_THRESHOLD:
        mails.locked(db.session.get(User, user_id), wait)
    return Outcome.WRONG


def unlock(user: User) -> None:
    """A right password, a reset or an admin: the count starts again. The caller commits."""
    db.session.execute(update(User).where(User.id == user.id).values(failed_logins=0, locked_until=None))
