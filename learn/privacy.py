"""A learner's own data, gathered for export (GDPR right of access)."""

import json

from sqlalchemy import select

from .auth.models import User
from .extensions import db
from .player.models import Enrolment, ReflectionAnswer, StepState

# Other features register a function (user -> dict of lists) to add their own records.
EXPORTERS: list = []


def personal_data(user: User) -> str:
    enrolments = db.session.scalars(select(Enrolment).filter_by(user_id=user.id)).all()
    data = {
        "account": {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "locale": user.locale,
            "active": user.active,
            "created_at": user.created_at,
            "confirmed_at": user.confirmed_at,
            "failed_logins": user.failed_logins,
            "locked_until": user.locked_until,
        },
        "enrolments": [
            {
                "module": e.module_id,
                "enrolled_at": e.enrolled_at,
                "completed_at": e.completed_at,
                "completed_version": e.completed_version,
                "current_step": e.current_step_id,
                "last_activity_at": e.last_activity_at,
                "seconds_on_task": e.seconds_on_task,
                "steps": [
                    {"step": s.step_id, "done_at": s.done_at, "state": s.state, "updated_at": s.updated_at}
                    for s in db.session.scalars(select(StepState).filter_by(enrolment_id=e.id))
                ],
                "reflections": [
                    {"step": r.step_id, "question": r.question_id, "answer": r.answer, "updated_at": r.updated_at}
                    for r in db.session.scalars(select(ReflectionAnswer).filter_by(enrolment_id=e.id))
                ],
            }
            for e in enrolments
        ],
    }
    for exporter in EXPORTERS:
        data.update(exporter(user))
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
