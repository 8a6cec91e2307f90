"""What PyLTI1p3 needs from Leerpad: the registered platforms, storage that works inside an LMS's
frame, cookies a cross-site frame keeps, and HTTP calls that cannot hang.

PyLTI1p3 does the protocol (OIDC login, id_token validation, deep-linking responses, AGS and
NRPS calls); these adapters give it the database instead of a JSON file, the database instead
of the browser's session, and ``SameSite=None; Secure; Partitioned`` cookies (CHIPS), the only
kind Chromium keeps in a cross-site frame.
"""

from datetime import timedelta

import requests
from pylti1p3.contrib.flask import FlaskCookieService
from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.tool_config import ToolConfAbstract
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from ..auth.models import utcnow
from ..extensions import db
from ..player.records import upsert
from .keys import public_pem, signing_key
from .models import LtiDeployment, LtiPlatform, LtiServerState

HTTP_TIMEOUT = 10  # seconds for any call to a platform: a slow LMS must not hold a worker thread
USER_AGENT = "Leerpad-LTI"


class PlatformSession(requests.Session):
    """Calls to a platform, each with a timeout (PyLTI1p3 sets none)."""

    def __init__(self):
        super().__init__()
        self.headers["User-Agent"] = USER_AGENT

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT)
        return super().request(*args, **kwargs)


def find_platform(issuer: str | None, client_id: str | None) -> LtiPlatform | None:
    """The active registration for this issuer and client id; without a client id, the issuer's only one."""
    if not issuer:
        return None
    statement = select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.active.is_(True))
    if client_id:
        return db.session.scalar(statement.where(LtiPlatform.client_id == client_id))
    platforms = db.session.scalars(statement.limit(2)).all()
    return platforms[0] if len(platforms) == 1 else None


def registration(platform: LtiPlatform, signing: bool = False) -> Registration:
    """PyLTI1p3's registration; with ``signing`` it carries Leerpad's key, for calls and responses it signs."""
    result = (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.auth_login_url)
        .set_auth_token_url(platform.auth_token_url)
        .set_key_set_url(platform.key_set_url)
    )
    if platform.token_audience:
        result.set_auth_audience(platform.token_audience)
    if signing:
        key = signing_key()
        result.set_tool_private_key(key.private_pem).set_tool_public_key(public_pem(key))
    return result


class DatabaseToolConf(ToolConfAbstract):
    """The registered platforms as PyLTI1p3 looks them up: always by issuer and client id."""

    def __init__(self, signing: bool = False):
        super().__init__()
        self.signing = signing

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        return registration(platform, self.signing) if platform else None

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        known = platform is not None and db.session.scalar(
            select(LtiDeployment.id).filter_by(platform_id=platform.id, deployment_id=deployment_id)
        )
        return Deployment().set_deployment_id(deployment_id) if known else None


class ServerStateStorage(LaunchDataStorage):
    """PyLTI1p3's launch data storage in the database (table ``lti_server_state``).

    Its keys are random (nonces, launch ids), so no session cookie needs to scope them: the
    LMS's frame may carry none. ``check_value`` is only asked about nonces, and consumes the
    nonce it finds: each passes once, which is what stops a replayed id_token.
    """

    def get_session_cookie_name(self):
        return None

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str):
        row = db.session.get(LtiServerState, self._prepare_key(key))
        return row.value if row is not None and row.expires_at > utcnow() else None

    def set_value(self, key: str, value, exp: int | None = None) -> None:
        expires_at = utcnow() + timedelta(seconds=exp or 3600)
        upsert(LtiServerState, {"key": self._prepare_key(key)}, {"value": value, "expires_at": expires_at})

    def check_value(self, key: str) -> bool:
        consumed = db.session.execute(
            delete(LtiServerState).where(
                LtiServerState.key == self._prepare_key(key), LtiServerState.expires_at > utcnow()
            )
        )
        return consumed.rowcount == 1


def forget_expired_state() -> None:
    db.session.execute(delete(LtiServerState).where(LtiServerState.expires_at <= utcnow()))


def use_once(key: str, lifetime: timedelta) -> bool:
    """True the first time ``key`` is used (a new-tab ticket), False after: one INSERT that only one request wins."""
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(LtiServerState.__table__).values(key=key, value=True, expires_at=utcnow() + lifetime)
    inserted = statement.on_conflict_do_nothing(index_elements=["key"]).returning(LtiServerState.key)
    return db.session.execute(inserted).first() is not None  # rowcount is -1 here on PostgreSQL


class PartitionedCookies(FlaskCookieService):
    """PyLTI1p3's state cookie as ``SameSite=None; Secure; Partitioned``, on the LTI paths only.

    Without ``Partitioned`` Chromium does not even store it inside the LMS's cross-site frame,
    and the launch fails with "State not found". Browsers treat loopback http as secure, so it
    also works in development.
    """

    def update_response(self, response):
        for key, cookie in self._cookie_data_to_set.items():
            response.set_cookie(
                key,
                cookie["value"],
                max_age=cookie["exp"],
                path="/lti/",
                secure=True,
                httponly=True,
                samesite="None",
                partitioned=True,
            )
