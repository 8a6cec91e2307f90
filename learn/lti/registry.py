"""Registering platforms: by hand (admin page, ``learn lti add-platform``) or by dynamic registration.

A platform is its issuer and client id; registering the same pair again updates its addresses
and adds deployments, so an admin can add a deployment id the LMS made later.
"""

import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..extensions import db
from ..urls import absolute_url
from .frame import origin_of
from .keys import signing_key
from .models import LtiDeployment, LtiPlatform

INVITE_LIFETIME = timedelta(days=7)


class PlatformError(ValueError):
    """A registration that cannot be stored; the message says which field and why."""


def _url(label: str, value: str | None) -> str:
    value = (value or "").strip()
    if origin_of(value) is None or len(value) > 500 or any(c.isspace() for c in value):
        raise PlatformError(f"{label}: not an http(s) address: {value!r}")
    return value


def add_platform(
    *,
    name: str,
    issuer: str,
    client_id: str,
    deployment_ids,
    auth_login_url: str,
    auth_token_url: str,
    key_set_url: str,
    frame_origins=(),
    token_audience: str | None = None,
    invite: str | None = None,
) -> LtiPlatform:
    """Store (or update) a registration; the caller commits."""
    issuer = _url("issuer", issuer)
    client_id = (client_id or "").strip()
    deployment_ids = [d.strip() for d in deployment_ids if d and d.strip()]
    if not client_id or len(client_id) > 255 or any(len(d) > 255 for d in deployment_ids):
        raise PlatformError("client id and deployment ids: 1 to 255 characters")
    origins = [origin_of(issuer)]
    for value in frame_origins:
        if value and value.strip():
            origin = origin_of(value)
            if origin is None:
                raise PlatformError(f"LMS address: not an http(s) address: {value!r}")
            origins.append(origin)
    platform = db.session.scalar(select(LtiPlatform).filter_by(issuer=issuer, client_id=client_id))
    if platform is None:
        platform = LtiPlatform(issuer=issuer, client_id=client_id, invite=invite)
        db.session.add(platform)
    platform.name = (name or "").strip()[:200] or origin_of(issuer)
    platform.auth_login_url = _url("authorization URL", auth_login_url)
    platform.auth_token_url = _url("token URL", auth_token_url)
    platform.key_set_url = _url("JWKS URL", key_set_url)
    platform.token_audience = (
        _url("token audience", token_audience) if token_audience and token_audience.strip() else None
    )
    platform.frame_origins = list(dict.fromkeys([*(platform.frame_origins or []), *origins]))
    known = {d.deployment_id for d in platform.deployments}
    platform.deployments.extend(LtiDeployment(deployment_id=d) for d in dict.fromkeys(deployment_ids) if d not in known)
    signing_key()  # the platform will fetch Leerpad's JWKS: it must hold a key
    db.session.flush()
    return platform


def platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.name, LtiPlatform.id)))


def _invites() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lti-dynamic-registration")


def new_invite_url() -> str:
    """A dynamic registration link for one LMS, valid for a week: the admin pastes it into the LMS."""
    return absolute_url("lti.register", invite=_invites().dumps(secrets.token_hex(16)))


def invite_id(invite: str) -> str | None:
    """The id of an unexpired, unused invite, else None."""
    try:
        value = _invites().loads(invite, max_age=int(INVITE_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    used = db.session.scalar(select(LtiPlatform.id).filter_by(invite=value))
    return value if isinstance(value, str) and used is None else None


def tool_urls() -> dict[str, str]:
    """What an LMS admin enters when registering Leerpad by hand."""
    return {
        "login": absolute_url("lti.login"),
        "launch": absolute_url("lti.launch"),
        "jwks": absolute_url("lti.jwks"),
        "deep_linking": absolute_url("lti.choose"),
        "target": absolute_url("player.catalogue"),
    }
