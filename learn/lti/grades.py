"""Assignment and Grade Services: final-quiz results and module completion in the LMS's gradebook.

Each recorded final-quiz submission of a learner who came from an LMS is one score per
gradebook column (line item) their courses have for that module; so is the module's
completion when it comes after the last submission. A score is a job (learn.jobs): stored in
the same transaction as the result, sent again until the LMS accepts it, so it is never lost,
and keyed by submission and column, so it is sent once.

The score is the learner's best final-quiz percentage so far (the result Leerpad's certificates
count), out of 100, so the gradebook and the certificate agree however many tries it took.
"""

import logging
from datetime import UTC, datetime

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector
from sqlalchemy import bindparam, select

from ..assessment import records as attempts
from ..content.model import Module
from ..extensions import db
from ..jobs import RetryLater, enqueue, job
from ..player.models import Enrolment
from ..player.progress import is_complete
from ..player.work import completed_step_ids
from .models import LtiAccount, LtiContext, LtiMembership, LtiPlatform, LtiResourceLink
from .protocol import PlatformSession, registration

log = logging.getLogger(__name__)
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCORE_MAXIMUM = 100
ATTEMPTS = 100  # about four days of retries at most an hour apart; then `learn jobs retry`
REJECTED = {400, 404, 409, 410, 422}  # the LMS refuses this score itself (a deleted column): sending again is no use


def ags_timestamp(moment: datetime) -> str:
    """ISO 8601 with milliseconds and the zone, as AGS asks (Leerpad stores naive UTC)."""
    return moment.replace(tzinfo=UTC).isoformat(timespec="milliseconds")


def score(best_percentage: float | None, completed: bool, moment: datetime) -> dict:
    """The AGS score (without userId) for a learner's state in a module at ``moment``."""
    graded = best_percentage is not None
    return {
        "scoreGiven": round(best_percentage, 2) if graded else None,
        "scoreMaximum": SCORE_MAXIMUM if graded else None,
        "activityProgress": "Completed" if completed else "Submitted",
        "gradingProgress": "FullyGraded" if graded else "NotReady",
        "timestamp": ags_timestamp(moment),
    }


# Built once (see docs/operations.md, "Statements on the hot path are built once"): every final-quiz
# submit asks it, LTI or not, and building this five-table join costs more than running it.
_GRADEBOOK_COLUMNS = (
    select(LtiResourceLink.id, LtiResourceLink.scopes, LtiAccount.subject)
    .join(LtiContext, LtiContext.id == LtiResourceLink.context_id)
    .join(LtiPlatform, LtiPlatform.id == LtiContext.platform_id)
    .join(LtiMembership, LtiMembership.context_id == LtiContext.id)
    .join(LtiAccount, (LtiAccount.user_id == LtiMembership.user_id) & (LtiAccount.issuer == LtiPlatform.issuer))
    .where(
        LtiMembership.user_id == bindparam("user_id"),
        LtiMembership.instructor.is_(False),
        LtiPlatform.active.is_(True),
        LtiResourceLink.module_id == bindparam("module_id"),
        LtiResourceLink.lineitem_url.is_not(None),
    )
    .order_by(LtiResourceLink.id)
)


def gradebook_columns(user_id: int, module_id: str) -> list[tuple[int, str]]:
    """(resource link id, the learner's sub) for every graded link to ``module_id`` in the learner's courses."""
    rows = db.session.execute(_GRADEBOOK_COLUMNS, {"user_id": user_id, "module_id": module_id}).all()
    return [(link_id, subject) for link_id, scopes, subject in rows if SCORE_SCOPE in (scopes or [])]


def _best_percentage(enrolment: Enrolment, step_id: str, until: datetime) -> float | None:
    results = [
        a.percentage
        for a in attempts.attempts_for(enrolment, step_id)
        if a.submitted_at is not None and a.submitted_at <= until and a.percentage is not None
    ]
    return max(results, default=None)


def final_quiz_recorded(attempt, module: Module, step) -> None:
    """Called once per recorded submission (learn.assessment.records.ON_RECORDED)."""
    if not step.final:
        return
    enrolment = db.session.get(Enrolment, attempt.enrolment_id)
    columns = gradebook_columns(enrolment.user_id, module.id)
    if not columns:
        return
    # The quiz step is marked done right after its submit: if that completes the module, this score says so.
    completed = enrolment.completed_at is not None or is_complete(
        module, completed_step_ids(module, enrolment) | {step.id}
    )
    body = score(_best_percentage(enrolment, step.id, attempt.submitted_at), completed, attempt.submitted_at)
    for link_id, subject in columns:
        enqueue("lti.score", key=f"lti-score-{attempt.id}-{link_id}", link_id=link_id, user_id=subject, score=body)


def module_completed(enrolment: Enrolment, module: Module, step) -> None:
    """Called when a step completes the module (learn.player.records.ON_COMPLETED)."""
    if step.id == getattr(module.final_quiz, "id", None):
        return  # completed by the final quiz's submit: that submission's score already says Completed
    columns = gradebook_columns(enrolment.user_id, module.id)
    if not columns:
        return
    final = module.final_quiz
    best = _best_percentage(enrolment, final.id, enrolment.completed_at) if final else None
    body = score(best, True, enrolment.completed_at)
    for link_id, subject in columns:
        enqueue(
            "lti.score", key=f"lti-completed-{enrolment.id}-{link_id}", link_id=link_id, user_id=subject, score=body
        )


@job("lti.score", attempts=ATTEMPTS, timeout=60)
def post_score(link_id: int, user_id: str, score: dict) -> None:
    """One score to one line item; a refusal the LMS means (a deleted column) ends it, anything else retries."""
    link = db.session.get(LtiResourceLink, link_id)
    if link is None or not link.context.platform.active:
        log.info("score for link %s not sent: the link or its platform is gone", link_id)
        return
    grade = (
        Grade()
        .set_user_id(user_id)
        .set_activity_progress(score["activityProgress"])
        .set_grading_progress(score["gradingProgress"])
        .set_timestamp(score["timestamp"])
    )
    if score["scoreGiven"] is not None:
        grade.set_score_given(score["scoreGiven"]).set_score_maximum(score["scoreMaximum"])
    connector = ServiceConnector(registration(link.context.platform, signing=True), PlatformSession())
    # Only the scope it needs: a platform may refuse a token for scopes it did not grant Leerpad.
    service = AssignmentsGradesService(connector, {"scope": [SCORE_SCOPE], "lineitem": link.lineitem_url})
    try:
        service.put_grade(grade)
    except LtiServiceException as error:
        if error.response.status_code in REJECTED and "/scores" in error.response.url:
            log.warning("the LMS refused a score for link %s, not sent again: %s", link_id, str(error)[:300])
            return
        raise RetryLater(str(error)[:300]) from error
    except requests.RequestException as error:
        raise RetryLater(f"the LMS is unreachable: {error}") from error
