"""What a validated launch means in Leerpad: whose account, which course and role, which link and page.

An account is found by the platform's (issuer, sub) only. A launch from a platform user Leerpad
has not seen makes a new account, even when an account with the same e-mail address exists:
an LMS's e-mail claim is whatever its users typed, so merging on it would hand one person's
progress, reflections and certificates to another.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from ..auth.models import User, utcnow
from ..content.library import get_library
from ..extensions import db
from ..player.records import upsert
from ..urls import base_url
from .launch import LaunchRefused
from .models import LtiAccount, LtiContext, LtiMembership, LtiPlatform, LtiResourceLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
NO_PASSWORD = "!"  # noqa: S105 (not a hash of anything: no password ever matches, the LMS signs them in)
MAX_ID = 255


@dataclass(frozen=True)
class Landing:
    user: User
    context: LtiContext
    instructor: bool
    deep_linking: bool
    module_id: str | None
    step_id: str | None


def display_name(claims: dict) -> str:
    name = claims.get("name") or " ".join(filter(None, (claims.get("given_name"), claims.get("family_name"))))
    return str(name).strip()[:200]


def account_email(issuer: str, subject: str) -> str:
    """A unique address that reaches no one (``.invalid``): the account is reached through the LMS only."""
    digest = hashlib.sha256(f"{issuer}\0{subject}".encode()).hexdigest()[:32]
    return f"lti-{digest}@lti.invalid"


def account_for(issuer: str, subject: str, name: str, locale: str) -> User:
    """The account linked to this platform user, made on their first launch."""
    link = db.session.scalar(select(LtiAccount).filter_by(issuer=issuer, subject=subject))
    if link is None:
        user = User(
            email=account_email(issuer, subject), name=name, role="learner", locale=locale, password_hash=NO_PASSWORD
        )
        try:
            with db.session.begin_nested():
                db.session.add(user)
                db.session.flush()
                db.session.add(LtiAccount(user_id=user.id, issuer=issuer, subject=subject))
        except IntegrityError:  # the same person's first launch in another frame at the same moment
            link = db.session.scalar(select(LtiAccount).filter_by(issuer=issuer, subject=subject))
        else:
            return user
    if name and link.user.name != name:
        link.user.name = name  # the LMS keeps the name up to date (certificates print it)
    return link.user


def module_page(target_link_uri: str | None) -> tuple[str | None, str | None]:
    """The module and step a target link URI names, when it is one of Leerpad's module pages."""
    base, target = urlsplit(base_url()), urlsplit(target_link_uri or "")
    prefix = base.path.rstrip("/")  # Leerpad under a path (https://academie.nl/leerpad): its routes come after it
    if (target.scheme, target.netloc) != (base.scheme, base.netloc) or not target.path.startswith(prefix + "/"):
        return None, None
    adapter = current_app.url_map.bind(base.netloc, url_scheme=base.scheme)
    try:
        endpoint, values = adapter.match(target.path.removeprefix(prefix), method="GET")
    except HTTPException:
        return None, None
    module = get_library().get(values.get("module_id")) if endpoint in {"player.overview", "player.step"} else None
    if module is None:
        return None, None
    step = module.step(values["step_id"]) if endpoint == "player.step" else None
    return module.id, step.id if step else None


def _claim_id(claims: dict, name: str, value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > MAX_ID:
        raise LaunchRefused("message", f"{name} is not a string of at most {MAX_ID} characters")
    return value


def _url(value) -> str | None:
    """A service URL from the launch, if it fits the column (a longer one is not offered, not an error)."""
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) <= 500 else None


def _locale(claims: dict) -> str:
    locale = str((claims.get(LTI + "launch_presentation") or {}).get("locale") or "")
    return "en" if locale.lower().startswith("en") else "nl"


def sign_in(platform: LtiPlatform, claims: dict, instructor: bool) -> Landing:
    """Account, course, role and link for a validated launch (LtiResourceLinkRequest or LtiDeepLinkingRequest)."""
    message_type = claims.get(LTI + "message_type")
    if message_type not in {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}:
        raise LaunchRefused("message", f"Leerpad does not handle {message_type!r}")
    subject = _claim_id(claims, "sub", claims.get("sub"))
    deployment_id = _claim_id(claims, "deployment_id", claims.get(LTI + "deployment_id"))
    context_claim = claims.get(LTI + "context") or {}
    context_id = _claim_id(claims, "context id", context_claim.get("id"))
    user = account_for(platform.issuer, subject, display_name(claims), _locale(claims))
    keys = {"platform_id": platform.id, "deployment_id": deployment_id, "context_id": context_id}
    upsert(
        LtiContext,
        keys,
        {
            "title": str(context_claim.get("title") or context_claim.get("label") or "")[:300],
            "memberships_url": _url((claims.get(NRPS) or {}).get("context_memberships_url")),
        },
    )
    context = db.session.scalar(select(LtiContext).filter_by(**keys))
    now = utcnow()
    upsert(
        LtiMembership,
        {"context_id": context.id, "user_id": user.id},
        {"instructor": instructor, "last_launch_at": now},
    )
    if message_type == "LtiDeepLinkingRequest":
        return Landing(user, context, instructor, True, None, None)
    module_id, step_id = module_page(claims.get(LTI + "target_link_uri"))
    link = claims.get(LTI + "resource_link") or {}
    grades = claims.get(AGS) or {}
    upsert(
        LtiResourceLink,
        {"context_id": context.id, "resource_link_id": _claim_id(claims, "resource link id", link.get("id"))},
        {
            "title": str(link.get("title") or "")[:300],
            "module_id": module_id,
            "step_id": step_id,
            "lineitem_url": _url(grades.get("lineitem")),
            "scopes": [scope for scope in grades.get("scope") or [] if isinstance(scope, str)],
        },
    )
    return Landing(user, context, instructor, False, module_id, step_id)
