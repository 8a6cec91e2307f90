"""A learner's result in a module, derived from facts by one pure function.

Certificates and the SCORM exporter depend on :class:`ModuleResult` and
:func:`module_result`; :func:`result_for` gathers the facts from the database.
Only the module's final quiz decides success: check quizzes in chapters are
formative and never count.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from ..content.model import Module
from ..player.progress import is_complete


class AttemptFacts(Protocol):
    """What the result needs of an attempt (a :class:`~learn.assessment.models.QuizAttempt` has it)."""

    step_id: str
    percentage: float | None
    passed: bool | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    """Plain attempt facts, for callers (and tests) without database rows."""

    step_id: str
    percentage: float | None
    passed: bool | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class ModuleResult:
    completed: bool
    passed: bool | None  # None when the module has no final quiz
    best_percentage: float | None
    attempts_used: int
    attempts_left: int | None  # None: unlimited, or no final quiz
    completed_at: datetime | None

    @property
    def succeeded(self) -> bool:
        """Completed, and passed where there is a final quiz: what a certificate needs."""
        return self.completed and self.passed is not False


def module_result(
    module: Module,
    steps_done: set[str],
    attempts: Sequence[AttemptFacts],
    steps_completed_at: datetime | None = None,
    granted_attempts: int = 0,
) -> ModuleResult:
    """The result from the steps done and the quiz attempts (any order, any quiz, open ones too).

    ``completed`` means every required step is done. ``completed_at`` is given
    only when completed: the moment the last required step was done
    (``steps_completed_at``, the enrolment's ``completed_at``) or, when the final
    quiz was passed later than that, the moment of the first passing attempt.
    Only submitted attempts of the final quiz count; ``granted_attempts`` were added by a trainer or admin.
    """
    completed = is_complete(module, set(steps_done))
    final = module.final_quiz
    if final is None:
        return ModuleResult(completed, None, None, 0, None, steps_completed_at if completed else None)
    submitted = [a for a in attempts if a.step_id == final.id and a.submitted_at is not None]
    percentages = [a.percentage for a in submitted if a.percentage is not None]
    passing = sorted(a.submitted_at for a in submitted if a.passed)
    passed = bool(passing)
    used = len(submitted)
    left = None if final.max_attempts is None else max(0, final.max_attempts + granted_attempts - used)
    completed_at = None
    if completed:
        moments = [m for m in (steps_completed_at, passing[0] if passing else None) if m is not None]
        completed_at = max(moments) if moments else None
    return ModuleResult(
        completed=completed,
        passed=passed,
        best_percentage=max(percentages) if percentages else None,
        attempts_used=used,
        attempts_left=left,
        completed_at=completed_at,
    )


def result_for(enrolment) -> ModuleResult:
    """The enrolled learner's result in their module, from the database."""
    from sqlalchemy import select

    from ..content.library import get_library
    from ..extensions import db
    from .models import QuizAttempt

    attempts = db.session.scalars(
        select(QuizAttempt).where(QuizAttempt.enrolment_id == enrolment.id, QuizAttempt.submitted_at.is_not(None))
    ).all()
    module = get_library().get(enrolment.module_id)
    if module is None:  # the module was withdrawn: keep what the records say
        passed = any(a.passed for a in attempts if a.final) if any(a.final for a in attempts) else None
        best = max((a.percentage for a in attempts if a.final and a.percentage is not None), default=None)
        return ModuleResult(
            enrolment.completed_at is not None,
            passed,
            best,
            sum(1 for a in attempts if a.final),
            None,
            enrolment.completed_at,
        )
    from ..player.work import completed_step_ids
    from .records import granted_attempts

    granted = granted_attempts(enrolment, module.final_quiz) if module.final_quiz else 0
    return module_result(module, completed_step_ids(module, enrolment), attempts, enrolment.completed_at, granted)
