"""A learner's study time per module and step in their personal data export."""

from sqlalchemy import select

from ..extensions import db
from ..player.models import Enrolment
from .models import StepStudyTime


def study_time_of(user) -> dict:
    rows = db.session.execute(
        select(Enrolment.module_id, StepStudyTime.step_id, StepStudyTime.seconds, StepStudyTime.updated_at)
        .join(StepStudyTime, StepStudyTime.enrolment_id == Enrolment.id)
        .where(Enrolment.user_id == user.id)
        .order_by(Enrolment.module_id, StepStudyTime.step_id)
    )
    return {
        "study_time": [
            {"module": module, "step": step, "seconds": seconds, "updated_at": updated}
            for module, step, seconds, updated in rows
        ]
    }
