"""Registering an address: the page never tells whether it already had an account (finding 13).

A new address gets an unconfirmed account and a mail with a link that confirms it; an address
that has an account gets a mail with a reset link instead. The visitor sees "check your mail"
either way, and both ways do the same work: the password is hashed, one INSERT … ON CONFLICT DO
NOTHING runs (the database decides), the account is read back, one mail is sent.
"""

from werkzeug.security import generate_password_hash

from ..database import insert
from ..extensions import db
from . import mails
from .lockout import find_user
from .models import User


def register(name: str, email: str, password: str, locale: str) -> None:
    """Commits."""
    email = User.normalize_email(email)
    statement = insert(User.__table__).values(
        email=email,
        name=name,
        password_hash=generate_password_hash(password, method="scrypt"),
        role="learner",
        locale=locale,
        confirmed_at=None,
    )
    # RETURNING, not rowcount: PostgreSQL's driver reports -1 for an INSERT … ON CONFLICT DO NOTHING.
    statement = statement.on_conflict_do_nothing(index_elements=["email"]).returning(User.__table__.c.id)
    created = db.session.execute(statement).scalar() is not None
    user = find_user(email)
    db.session.commit()
    if created:
        mails.confirm(user)
    elif user.is_active:
        mails.already_registered(user)
    else:
        mails.no_account(email)
