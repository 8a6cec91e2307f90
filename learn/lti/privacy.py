"""A learner's LMS links in their personal data export."""

from sqlalchemy import select

from ..extensions import db
from .models import LtiAccount, LtiContext, LtiMembership


def lti_links_of(user) -> dict:
    accounts = db.session.scalars(select(LtiAccount).filter_by(user_id=user.id)).all()
    courses = db.session.execute(
        select(LtiContext, LtiMembership)
        .join(LtiMembership, LtiMembership.context_id == LtiContext.id)
        .where(LtiMembership.user_id == user.id)
        .order_by(LtiContext.id)
    ).all()
    return {
        "lti_accounts": [{"issuer": a.issuer, "subject": a.subject, "linked_at": a.created_at} for a in accounts],
        "lti_courses": [
            {
                "platform": context.platform.name,
                "course": context.title,
                "instructor": membership.instructor,
                "last_launch_at": membership.last_launch_at,
            }
            for context, membership in courses
        ],
    }
