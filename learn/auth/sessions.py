"""Server-side sessions: the cookie names a record that logout, a new password and time end.

Flask's signed cookie keeps what belongs to the browser (the language, flash messages, the CSRF
secret) and, once signed in, a random session id under ``SESSION_KEY``. The record of that id
(stored hashed, with its user, when it started, when it was last seen, whether it was revoked)
is in the database, or in Redis when ``LEERPAD_REDIS_URL`` is set: every app server sees the same
sessions, and a copied cookie is worth nothing once its record has ended. A session ends at
logout; with "log out on all devices"; when the password is reset (all of them) or changed (the
others); when the account is deactivated; ``SESSION_LIFETIME`` (12 h) after login; and after
``SESSION_IDLE_TIMEOUT`` (2 h) without a request.

Each request costs one lookup: the user and the record in one query, or one Redis read and the
user by primary key. The last-seen time is written at most once a minute, after the page is built.
A login starts a new session from nothing (the CSRF secret included), so no token from before it,
or from a cookie someone planted, works after it. The cookie's attributes are the
``SESSION_COOKIE_*`` settings in ``learn.config``, in one place.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, g, session
from flask_login import logout_user
from redis.exceptions import RedisError
from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..database import write_from_here
from ..extensions import db, login_manager
from ..privacy import EXPORTERS
from ..redis import redis_client
from .models import SessionRecord, User, utcnow

SESSION_KEY = "_session"
TOUCH_EVERY = timedelta(minutes=1)
KEPT_AT_LOGIN = ("lang",)  # what the visitor chose before signing in and keeps after it


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def is_live(created_at: datetime, last_seen_at: datetime, now: datetime, lifetime: timedelta, idle: timedelta) -> bool:
    return now < created_at + lifetime and now < last_seen_at + idle


@dataclass(frozen=True)
class Found:
    user: User
    created_at: datetime
    last_seen_at: datetime


class DatabaseStore:
    """Sessions in the app's database. Writes join the request's transaction, committed by its view."""

    # Every request runs it: built once (see learn.player.records on statements built per call).
    _FIND = (
        select(User, SessionRecord.created_at, SessionRecord.last_seen_at)
        .join(SessionRecord, SessionRecord.user_id == User.id)
        .where(SessionRecord.token_hash == bindparam("key"), SessionRecord.revoked_at.is_(None))
    )

    def __init__(self, lifetime: timedelta, idle: timedelta):
        self.lifetime, self.idle = lifetime, idle

    def create(self, key: str, user_id: int, now: datetime) -> None:
        # The account's ended sessions go when it starts a new one: the table holds sessions, not a history.
        db.session.execute(
            delete(SessionRecord).where(
                SessionRecord.user_id == user_id,
                or_(
                    SessionRecord.revoked_at.is_not(None),
                    SessionRecord.created_at <= now - self.lifetime,
                    SessionRecord.last_seen_at <= now - self.idle,
                ),
            )
        )
        db.session.add(SessionRecord(token_hash=key, user_id=user_id, created_at=now, last_seen_at=now))

    def find(self, key: str) -> Found | None:
        row = db.session.execute(self._FIND, {"key": key}).first()
        return Found(*row) if row else None

    def touch(self, key: str, now: datetime) -> None:
        """After the page is built, in a short transaction of its own."""
        db.session.rollback()  # the request's work is over: its view committed it, or it was not meant to stay
        write_from_here()
        db.session.execute(update(SessionRecord).where(SessionRecord.token_hash == key).values(last_seen_at=now))
        db.session.commit()

    def of_user(self, user_id: int) -> list[dict]:
        return [
            {"created_at": r.created_at, "last_seen_at": r.last_seen_at, "revoked_at": r.revoked_at}
            for r in db.session.scalars(select(SessionRecord).filter_by(user_id=user_id).order_by(SessionRecord.id))
        ]

    def revoke(self, key: str, now: datetime) -> None:
        db.session.execute(
            update(SessionRecord)
            .where(SessionRecord.token_hash == key, SessionRecord.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def revoke_all(self, user_id: int, now: datetime, keep: str | None = None) -> None:
        statement = update(SessionRecord).where(SessionRecord.user_id == user_id, SessionRecord.revoked_at.is_(None))
        if keep:
            statement = statement.where(SessionRecord.token_hash != keep)
        db.session.execute(statement.values(revoked_at=now))


class RedisStore:
    """Sessions in the shared Redis: a hash per session that expires by itself, a set of them per account.
    A revoked session is deleted at once."""

    def __init__(self, client, lifetime: timedelta, idle: timedelta):
        self.redis, self.lifetime, self.idle = client, lifetime, idle

    @staticmethod
    def _session(key: str) -> str:
        return f"leerpad:session:{key}"

    @staticmethod
    def _account(user_id) -> str:
        return f"leerpad:account-sessions:{user_id}"

    def _seconds_left(self, created_at: datetime, now: datetime) -> int:
        return max(1, int(min(created_at + self.lifetime - now, self.idle).total_seconds()))

    def create(self, key: str, user_id: int, now: datetime) -> None:
        pipe = self.redis.pipeline()
        pipe.hset(self._session(key), mapping={"user": user_id, "created": now.isoformat(), "seen": now.isoformat()})
        pipe.expire(self._session(key), self._seconds_left(now, now))
        pipe.sadd(self._account(user_id), key)
        pipe.expire(self._account(user_id), int(self.lifetime.total_seconds()))
        pipe.execute()

    def find(self, key: str) -> Found | None:
        data = self.redis.hgetall(self._session(key))
        user = db.session.get(User, int(data[b"user"])) if data else None
        if user is None:
            return None
        return Found(
            user, datetime.fromisoformat(data[b"created"].decode()), datetime.fromisoformat(data[b"seen"].decode())
        )

    def touch(self, key: str, now: datetime) -> None:
        created = self.redis.hget(self._session(key), "created")
        if created is not None:
            pipe = self.redis.pipeline()
            pipe.hset(self._session(key), "seen", now.isoformat())
            pipe.expire(self._session(key), self._seconds_left(datetime.fromisoformat(created.decode()), now))
            pipe.execute()

    def of_user(self, user_id: int) -> list[dict]:
        sessions = (
            self.redis.hgetall(self._session(key.decode())) for key in self.redis.smembers(self._account(user_id))
        )
        return [
            {"created_at": data[b"created"].decode(), "last_seen_at": data[b"seen"].decode(), "revoked_at": None}
            for data in sessions
            if data
        ]

    def revoke(self, key: str, now: datetime) -> None:
        user_id = self.redis.hget(self._session(key), "user")
        self.redis.delete(self._session(key))
        if user_id is not None:
            self.redis.srem(self._account(user_id.decode()), key)

    def revoke_all(self, user_id: int, now: datetime, keep: str | None = None) -> None:
        ended = [member.decode() for member in self.redis.smembers(self._account(user_id)) if member.decode() != keep]
        if ended:
            self.redis.delete(*(self._session(key) for key in ended))
            self.redis.srem(self._account(user_id), *ended)


def store() -> DatabaseStore | RedisStore:
    return current_app.extensions["leerpad_sessions"]


def _fresh_cookie_session() -> None:
    """The cookie keeps only what the visitor chose (the language): no session id, no CSRF secret."""
    kept = {name: session[name] for name in KEPT_AT_LOGIN if name in session}
    session.clear()
    session.update(kept)
    # Flask-Login and Flask-WTF keep this request's user and CSRF token on g: forget those too.
    g.pop("_login_user", None)
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def begin(user: User) -> None:
    """Sign ``user`` in with a new session; the caller commits."""
    _fresh_cookie_session()
    token = secrets.token_urlsafe(32)
    store().create(token_hash(token), user.id, utcnow())
    session[SESSION_KEY] = token


def end() -> None:
    """Sign out: this session's record ends and the cookie forgets it; the caller commits."""
    token = session.get(SESSION_KEY)
    if token:
        store().revoke(token_hash(token), utcnow())
    logout_user()
    _fresh_cookie_session()


def end_others(user: User) -> None:
    """Every session of the account but this one (after a password change); the caller commits."""
    token = session.get(SESSION_KEY)
    store().revoke_all(user.id, utcnow(), keep=token_hash(token) if token else None)


def end_all(user: User) -> None:
    """Every session of the account (a password reset, "log out on all devices"); the caller commits."""
    store().revoke_all(user.id, utcnow())


def sessions_of(user: User) -> dict:
    """For the learner's data export (learn.privacy): when each session started and was last seen."""
    return {"sessions": store().of_user(user.id)}


def signed_in_user(_request) -> User | None:
    """Flask-Login's request loader: the user of the cookie's session while that session lives."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    key = token_hash(token)
    found = store().find(key)
    config, now = current_app.config, utcnow()
    if (
        found is None
        or not found.user.is_active
        or not is_live(
            found.created_at, found.last_seen_at, now, config["SESSION_LIFETIME"], config["SESSION_IDLE_TIMEOUT"]
        )
    ):
        session.pop(SESSION_KEY)  # the browser forgets a session that ended
        return None
    if now - found.last_seen_at >= TOUCH_EVERY:
        g.session_to_touch = key
    return found.user


def init_app(app: Flask) -> None:
    lifetime, idle = app.config["SESSION_LIFETIME"], app.config["SESSION_IDLE_TIMEOUT"]
    with app.app_context():
        client = redis_client()
    app.extensions["leerpad_sessions"] = RedisStore(client, lifetime, idle) if client else DatabaseStore(lifetime, idle)
    # The records do what Flask-Login's session protection would: no second check on IP and browser.
    login_manager.session_protection = None
    login_manager.request_loader(signed_in_user)
    if sessions_of not in EXPORTERS:
        EXPORTERS.append(sessions_of)

    @app.after_request
    def keep_the_session_alive(response):
        key = g.pop("session_to_touch", None)
        if key:
            try:
                store().touch(key, utcnow())
            except (SQLAlchemyError, RedisError) as error:  # the page is built; a later request tries again
                db.session.rollback()
                current_app.logger.warning("session not touched: %s", str(error).splitlines()[0][:200])
        return response
