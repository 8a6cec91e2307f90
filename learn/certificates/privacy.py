"""A learner's certificates in their personal data export."""

from sqlalchemy import select

from ..extensions import db
from .models import Certificate, RegisterNumber


def certificates_of(user) -> dict:
    rows = db.session.scalars(select(Certificate).filter_by(user_id=user.id).order_by(Certificate.id))
    return {
        "certificates": [
            {
                "number": c.number,
                "name": c.learner_name,
                "register_number": c.register_number,
                "module": c.module_id,
                "module_version": c.module_version,
                "register": c.register,
                "accreditation_number": c.accreditation_number,
                "points": c.points,
                "completion_date": c.completion_date,
                "study_seconds": c.study_seconds,
                "issued_at": c.issued_at,
                "status": c.status,
                "revoked_at": c.revoked_at,
                "revoke_reason": c.revoke_reason,
            }
            for c in rows
        ],
        "register_numbers": [
            {"register": r.register, "number": r.number, "updated_at": r.updated_at}
            for r in db.session.scalars(
                select(RegisterNumber).filter_by(user_id=user.id).order_by(RegisterNumber.register)
            )
        ],
    }
