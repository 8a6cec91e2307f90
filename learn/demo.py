"""Demo accounts for a first look at Leerpad. Never created in production."""

from sqlalchemy import select

from .auth.models import User
from .extensions import db

DEMO_USERS = (
    ("deelnemer@leerpad.local", "Sanne de Deelnemer", "learner"),
    ("trainer@leerpad.local", "Tom de Trainer", "trainer"),
    ("beheerder@leerpad.local", "Bea de Beheerder", "admin"),
    ("instelling@leerpad.local", "Ilse van de Instelling", "institution"),
)
DEMO_PASSWORD = "leerpad-demo"


def create_demo_users() -> list[str]:
    lines = []
    for email, name, role in DEMO_USERS:
        if db.session.scalar(select(User).filter_by(email=email)) is None:
            user = User(email=email, name=name, role=role)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
        lines.append(f"{role:12} {email} / {DEMO_PASSWORD}")
    db.session.commit()
    from .evaluation.seed import seed_demo_evaluations  # made-up anonymous responses for the dashboard

    return lines + seed_demo_evaluations()
