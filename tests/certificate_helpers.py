"""Shared set-up for the certificate tests: a learner with a completed, passed and evaluated module."""

from datetime import datetime

from learn.assessment.models import QuizAttempt
from learn.evaluation.models import EvaluationSubmission
from learn.extensions import db
from learn.player.models import Enrolment, StepState

COMPLETED_AT = datetime(2026, 11, 20, 14, 30)


def complete_module(user, module, *, steps=True, passed=True, evaluated=True, completed_at=COMPLETED_AT):
    """Record what a learner who finished ``module`` has in the database, without clicking through it."""
    enrolment = Enrolment(user_id=user.id, module_id=module.id, current_step_id=module.steps[-1].id)
    db.session.add(enrolment)
    db.session.flush()
    for step in module.steps if steps else module.steps[:2]:
        db.session.add(StepState(enrolment_id=enrolment.id, step_id=step.id, done_at=completed_at))
    if steps:
        enrolment.completed_at = completed_at
        enrolment.completed_version = module.version
    final = module.final_quiz
    if final is not None and passed is not None:
        db.session.add(
            QuizAttempt(
                enrolment_id=enrolment.id,
                step_id=final.id,
                number=1,
                module_version=module.version,
                final=True,
                token=f"t-{user.id}",
                percentage=90.0 if passed else 40.0,
                passed=passed,
                score=9,
                max_score=10,
                started_at=completed_at,
                submitted_at=completed_at,
            )
        )
    if evaluated:
        db.session.add(
            EvaluationSubmission(
                user_id=user.id, module_id=module.id, module_version=module.version, submitted_at=completed_at
            )
        )
    db.session.commit()
    return enrolment
