"""User management shared by the admin pages and the ``learn users`` commands."""

from sqlalchemy import func, or_, select

from ..auth.models import ROLES, User
from ..extensions import db


class UserError(ValueError):
    pass


def create_user(email: str, name: str, password: str, role: str = "learner") -> User:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    email = User.normalize_email(email)
    if db.session.scalar(select(User).filter_by(email=email)):
        raise UserError(f"a user with e-mail {email} already exists")
    user = User(email=email, name=name, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def set_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose from {', '.join(ROLES)}")
    user.role = role
    db.session.commit()


def search_users(query: str = "", page: int = 1, per_page: int = 50):
    statement = select(User).order_by(User.email)
    if query:
        pattern = f"%{query.strip().lower()}%"
        statement = statement.where(or_(func.lower(User.email).like(pattern), func.lower(User.name).like(pattern)))
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)
