"""User management shared by the admin pages and the ``learn users`` commands."""

import secrets

from sqlalchemy import case, func, or_, select

from ..auth.models import ROLES, SessionRecord, User
from ..database import contains
from ..extensions import db
from ..player.models import Enrolment

SORTS = ("naam", "activiteit")
PER_PAGE = 50


class UserError(ValueError):
    pass


def create_user(email: str, name: str, password: str | None = None, role: str = "learner") -> User:
    """A new account; without a password it has a random one nobody knows (the owner picks one by mail)."""
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    email = User.normalize_email(email)
    if db.session.scalar(select(User).filter_by(email=email)):
        raise UserError(f"a user with e-mail {email} already exists")
    user = User(email=email, name=name.strip(), role=role)
    user.set_password(password or secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.commit()
    return user


def set_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    user.role = role
    db.session.commit()


def last_activity():
    """The user's latest moment in a module or in a signed-in browser: an expression to sort and show by."""
    learning = select(func.max(Enrolment.last_activity_at)).where(Enrolment.user_id == User.id).scalar_subquery()
    browsing = select(func.max(SessionRecord.last_seen_at)).where(SessionRecord.user_id == User.id).scalar_subquery()
    # CASE rather than GREATEST: SQLite has no GREATEST, and either side may be NULL.
    return case(
        (browsing.is_(None), learning),
        (learning.is_(None), browsing),
        (learning > browsing, learning),
        else_=browsing,
    )


def search_users(query: str = "", page: int = 1, sort: str = "naam", demo: bool = False, per_page: int = PER_PAGE):
    """A page of users by name (A–Z) or by last activity (latest first, never active last; sorted as
    moments, not as text). Made-up demo accounts are left out unless ``demo``."""
    activity = last_activity()
    statement = select(User)
    if query.strip():
        statement = statement.where(or_(contains(User.email, query.strip()), contains(User.name, query.strip())))
    if not demo:
        statement = statement.where(User.demo.is_(False))
    if sort == "activiteit":
        statement = statement.order_by(activity.desc().nulls_last(), func.lower(User.name), User.id)
    else:
        statement = statement.order_by(func.lower(User.name), User.email, User.id)
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def last_activity_of(users: list[User]) -> dict:
    """Each user's last activity, for the page being shown."""
    rows = db.session.execute(select(User.id, last_activity()).where(User.id.in_([u.id for u in users])))
    return dict(rows.all())


def demo_count() -> int:
    return db.session.scalar(select(func.count(User.id)).where(User.demo.is_(True)))
