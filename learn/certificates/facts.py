"""Gathers a learner's :class:`LearnerFacts` from the player, assessment and evaluation records."""

from ..assessment.results import result_for
from ..auth.models import User
from ..content.model import Module
from ..evaluation.records import has_submitted
from ..player.models import Enrolment
from ..player.work import completed_step_ids
from .eligibility import LearnerFacts


def certified_version(module: Module, enrolment: Enrolment | None) -> str:
    """The module version a certificate is for: the one the learner completed, else the current one."""
    return (enrolment.completed_version if enrolment else None) or module.version


def facts_for(
    user: User, module: Module, enrolment: Enrolment | None, register_numbers: dict[str, str] | None = None
) -> LearnerFacts:
    required_seconds = required_study_seconds(module)
    if enrolment is None:
        return LearnerFacts(
            missing_steps=tuple(s.title for s in module.steps if s.required),
            final_quiz_passed=False if module.final_quiz else None,
            register_numbers=register_numbers or {},
            required_study_seconds=required_seconds,
        )
    done = completed_step_ids(module, enrolment)
    result = result_for(enrolment)
    return LearnerFacts(
        missing_steps=tuple(step.title for step in module.steps if step.required and step.id not in done),
        final_quiz_passed=result.passed,
        evaluation_submitted=has_submitted(user.id, module.id, certified_version(module, enrolment)),
        completed_on=result.completed_at.date() if result.completed_at else None,
        register_numbers=register_numbers or {},
        study_seconds=enrolment.seconds_on_task,
        required_study_seconds=required_seconds,
    )


def required_study_seconds(module: Module) -> int:
    """The share of the stated study time a learner must really have spent (``min_study_percent``)."""
    return module.duration_minutes * 60 * module.min_study_percent // 100
