"""A learner's quiz attempts in their personal data export."""

from .records import attempts_of_user, grants_of_user


def quiz_attempts_of(user) -> dict:
    return {
        "quiz_attempts": [
            {
                "module": enrolment.module_id,
                "step": a.step_id,
                "attempt": a.number,
                "module_version": a.module_version,
                "questions": a.question_ids,
                "responses": a.responses,
                "scores": a.scores,
                "score": a.score,
                "max_score": a.max_score,
                "percentage": a.percentage,
                "passed": a.passed,
                "over_time": a.over_time,
                "started_at": a.started_at,
                "submitted_at": a.submitted_at,
            }
            for enrolment, a in attempts_of_user(user)
        ],
        "attempt_grants": [
            {
                "module": enrolment.module_id,
                "step": g.step_id,
                "granted_by": g.granted_by,
                "granted_at": g.granted_at,
                "reason": g.reason,
            }
            for enrolment, g in grants_of_user(user)
        ],
    }
