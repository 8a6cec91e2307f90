"""Shared set-up for the certificate tests: a learner with a completed, passed and evaluated module."""

from datetime import datetime

from learn.assessment.models import QuizAttempt
from learn.evaluation.models import EvaluationSubmission
from learn.extensions import db
from learn.player.models import Enrolment, ReflectionAnswer, StepState

COMPLETED_AT = datetime(2026, 11, 20, 14, 30)


REFLECTION = "Ik merkte dat ik eerst wilde uitleggen, terwijl luisteren beter werkte."


def complete_module(
    user, module, *, steps=True, passed=True, evaluated=True, completed_at=COMPLETED_AT, studied_minutes=None
):
    """Record what a learner who finished ``module`` has in the database, without clicking through it:
    every step done with its work (reflections of real length, scenarios played to an end, check quizzes
    answered) and the module's stated study time spent, unless told otherwise."""
    studied = module.duration_minutes if studied_minutes is None else studied_minutes
    enrolment = Enrolment(
        user_id=user.id, module_id=module.id, current_step_id=module.steps[-1].id, seconds_on_task=studied * 60
    )
    db.session.add(enrolment)
    db.session.flush()
    for step in module.steps if steps else module.steps[:2]:
        db.session.add(StepState(enrolment_id=enrolment.id, step_id=step.id, done_at=completed_at, state=_work(step)))
        _record_work(enrolment, step, completed_at)
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


def scenario_played_to_an_end(step) -> dict:
    """A scenario step's state after the first route to an end."""
    route = step.routes()[0]
    return {"path": [[node.id, choice.id] for node, choice in route.taken]}


def _work(step) -> dict:
    return scenario_played_to_an_end(step) if step.type_name == "scenario" else {}


def _record_work(enrolment, step, when) -> None:
    if step.type_name == "reflection":
        for question in step.questions:
            db.session.add(
                ReflectionAnswer(enrolment_id=enrolment.id, step_id=step.id, question_id=question.id, answer=REFLECTION)
            )
    elif step.type_name == "quiz" and not step.final:
        questions = [q.id for q in step.questions[: step.draw]]
        db.session.add(
            QuizAttempt(
                enrolment_id=enrolment.id,
                step_id=step.id,
                number=1,
                module_version="1.0",
                final=False,
                token=f"c-{enrolment.id}-{step.id}",
                question_ids=questions,
                responses=dict.fromkeys(questions, "x"),
                percentage=100.0,
                submitted_at=when,
            )
        )
