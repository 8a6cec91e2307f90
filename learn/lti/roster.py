"""The instructor's view of a course: per module, how many of the course's learners started,
completed and passed. Counts only: no names, no answers, no reflection text, and the evaluation
stays anonymous (it is not read here at all).

Who is in the course comes from the LMS (Names and Role Provisioning Services), so learners
who never opened Leerpad count too; when the LMS does not offer it or cannot be reached, the
figures cover the learners who launched Leerpad from the course.
"""

import logging
from dataclasses import dataclass

import requests
from pylti1p3.exception import LtiException
from pylti1p3.service_connector import ServiceConnector
from requests.utils import parse_header_links
from sqlalchemy import select

from ..assessment.results import result_for
from ..content.library import get_library
from ..extensions import db
from ..player.models import Enrolment
from .models import LtiAccount, LtiContext, LtiMembership, LtiResourceLink
from .protocol import PlatformSession, registration

log = logging.getLogger(__name__)
MEMBERSHIPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
LEARNER_ROLES = ("Learner", "Student")
MAX_PAGES = 100


@dataclass(frozen=True)
class Outcome:
    """One learner's state in one module."""

    started: bool
    completed: bool
    passed: bool


@dataclass(frozen=True)
class ModuleFigures:
    module_id: str
    title: str
    learners: int  # in the course: from the LMS's member list, else those who launched Leerpad
    started: int
    completed: int
    passed: int


def is_learner(member: dict) -> bool:
    """An active member whose roles (full URIs or short names) include learner or student."""
    roles = member.get("roles") or []
    active = member.get("status", "Active") == "Active"
    return active and any(str(role).rsplit("#", 1)[-1] in LEARNER_ROLES for role in roles)


def figures(module_id: str, title: str, learners: int, outcomes: list[Outcome]) -> ModuleFigures:
    return ModuleFigures(
        module_id,
        title,
        max(learners, len(outcomes)),
        sum(o.started for o in outcomes),
        sum(o.completed for o in outcomes),
        sum(o.passed for o in outcomes),
    )


def member_subjects(context: LtiContext) -> set[str] | None:
    """The subs of the course's learners from the LMS, every page; None when it cannot say."""
    if not context.memberships_url:
        return None
    connector = ServiceConnector(registration(context.platform, signing=True), PlatformSession())
    url, subjects = context.memberships_url, set()
    try:
        for _ in range(MAX_PAGES):
            page = connector.make_service_request(
                [MEMBERSHIPS_SCOPE], url, accept=MEMBERSHIP_CONTAINER, case_insensitive_headers=True
            )
            members = (page["body"] or {}).get("members", []) if isinstance(page["body"], dict) else []
            subjects |= {str(m["user_id"]) for m in members if isinstance(m, dict) and "user_id" in m and is_learner(m)}
            # PyLTI1p3 lowercases the Link header, next URL included; read it as sent.
            url = next(
                (
                    link["url"]
                    for link in parse_header_links(page["headers"].get("Link", ""))
                    if link.get("rel") == "next"
                ),
                None,
            )
            if not url:
                return subjects
    except (LtiException, requests.RequestException) as error:
        log.warning("member list of course %s unavailable: %s", context.id, str(error)[:300])
        return None
    return subjects


def course_figures(context: LtiContext, subjects: set[str] | None) -> list[ModuleFigures]:
    """Per module linked in the course: its learners and how many started, completed and passed."""
    library = get_library()
    module_ids = sorted(
        {m for m in db.session.scalars(select(LtiResourceLink.module_id).filter_by(context_id=context.id)) if m}
    )
    launched = db.session.execute(
        select(LtiAccount.subject, LtiAccount.user_id)
        .join(LtiMembership, LtiMembership.user_id == LtiAccount.user_id)
        .where(LtiMembership.context_id == context.id, LtiMembership.instructor.is_(False))
    ).all()
    if subjects is not None:
        launched = [(subject, user_id) for subject, user_id in launched if subject in subjects]
    user_ids = [user_id for _, user_id in launched]
    result = []
    for module_id in module_ids:
        module = library.get(module_id)
        if module is None:
            continue
        enrolments = db.session.scalars(
            select(Enrolment).where(Enrolment.module_id == module_id, Enrolment.user_id.in_(user_ids))
        ).all()
        outcomes = []
        for enrolment in enrolments:
            outcome = result_for(enrolment)
            outcomes.append(Outcome(True, outcome.completed, bool(outcome.passed)))
        result.append(figures(module_id, module.title, len(subjects) if subjects is not None else 0, outcomes))
    return result
