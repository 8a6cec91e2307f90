"""OIDC login initiation and the launch: PyLTI1p3's classes with the checks it leaves to the tool.

PyLTI1p3 validates the state (against the partitioned cookie), the nonce (against the server
state, consumed once), the registration, the signature (the platform's JWKS), the deployment
and the message. Added here: the audience and ``azp`` against the registration, expiry with a
little clock skew allowed and ``exp``/``iat`` required, the deployment and target named at login,
a cache of the platforms' keys, and one error per failed check, so a refused launch says why.
"""

import time
from urllib.parse import urlsplit

import jwt
from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.session import SessionService
from sqlalchemy import select

from ..extensions import db
from ..urls import absolute_url, base_url
from .models import LtiPlatform
from .protocol import DatabaseToolConf, PartitionedCookies, PlatformSession, ServerStateStorage

CLOCK_SKEW = 60  # seconds a platform's clock may be ahead or behind
PLATFORM_KEYS_TTL = 600  # seconds a platform's JWKS is reused; an unknown kid fetches it again at once
LAUNCH_DATA_LIFETIME = 2 * 3600  # seconds a deep-linking request can wait for the instructor's choice
NONCE_LIFETIME = 600  # seconds between the login and its launch: a few, unless the LMS is very slow
_platform_keys: dict[str, tuple[float, dict]] = {}


class LaunchRefused(Exception):
    """A login or launch that failed a check: ``problem`` says which (the error page explains it)."""

    def __init__(self, problem: str, detail: str):
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail


def _services(request) -> dict:
    return {
        "session_service": SessionService(request),
        "cookie_service": PartitionedCookies(request),
        "launch_data_storage": ServerStateStorage(),
    }


def is_own_url(url: str | None) -> bool:
    """Whether ``url`` is an address of this Leerpad (under the base URL)."""
    if not url:
        return False
    own, other = urlsplit(base_url()), urlsplit(url)
    return (other.scheme, other.netloc) == (own.scheme, own.netloc) and other.path.startswith(own.path or "/")


class LeerpadLogin(FlaskOIDCLogin):
    """The login initiation, checked also for the deployment and target link it names."""

    def validate_oidc_login(self):
        registration = super().validate_oidc_login()
        deployment_id = self._get_request_param("lti_deployment_id")
        if deployment_id and not self._tool_config.find_deployment_by_params(
            registration.get_issuer(), deployment_id, registration.get_client_id()
        ):
            raise LaunchRefused("deployment", f"unknown deployment {deployment_id!r}")
        if not is_own_url(self._get_request_param("target_link_uri")):
            raise LaunchRefused("target", "target_link_uri is not an address of this Leerpad")
        return registration


def login_redirect():
    """The redirect to the platform's authorization endpoint, with the state cookie set."""
    request = FlaskRequest()
    services = _services(request)
    login = LeerpadLogin(request, DatabaseToolConf(), **services)
    login.set_launch_data_storage(services["launch_data_storage"]).set_launch_data_lifetime(NONCE_LIFETIME)
    try:
        return login.get_redirect_object(absolute_url("lti.launch")).do_redirect()
    except OIDCException as error:
        raise LaunchRefused("platform", str(error)) from error


class LeerpadLaunch(FlaskMessageLaunch):
    def __init__(self, request, tool_config, **kwargs):
        kwargs["requests_session"] = kwargs.get("requests_session") or PlatformSession()
        super().__init__(request, tool_config, **kwargs)
        self.set_launch_data_lifetime(LAUNCH_DATA_LIFETIME)

    @classmethod
    def from_request(cls) -> "LeerpadLaunch":
        request = FlaskRequest()
        return cls(request, DatabaseToolConf(), **_services(request))

    @classmethod
    def restore(cls, launch_id: str, signing: bool = False) -> "LeerpadLaunch":
        """A validated launch again (a deep-linking request awaiting its answer); LtiException when gone."""
        request = FlaskRequest()
        return cls.from_cache(launch_id, request, DatabaseToolConf(signing), **_services(request))

    def validate(self) -> "LeerpadLaunch":
        """Every check in order; the first that fails raises :class:`LaunchRefused` naming it."""
        checks = (
            ("state", self.validate_state),
            ("message", self.validate_jwt_format),
            ("nonce", self.validate_nonce),
            ("platform", self.validate_registration),
            ("signature", self.validate_jwt_signature),
            ("deployment", self.validate_deployment),
            ("message", self.validate_message),
        )
        self._validated = True  # PyLTI1p3's flag: reading the body during the checks must not validate again
        try:
            for problem, check in checks:
                try:
                    check()
                except LtiException as error:
                    raise LaunchRefused(problem, str(error)) from error
        except LaunchRefused:
            self._validated = False
            raise
        if self.is_deep_link_launch():
            self.save_launch_data()  # the instructor's choice comes later; a resource link launch keeps nothing
        return self

    def validate_nonce(self):
        try:
            return super().validate_nonce()
        except LtiException as error:
            raise LaunchRefused("nonce", f"{error}: not issued here, expired or used before") from error

    def validate_registration(self):
        """The audience holds a client id registered for this issuer; with several audiences ``azp`` names it."""
        body = self._get_jwt_body()
        issuer = self.get_iss()
        if not db.session.scalar(select(LtiPlatform.id).filter_by(issuer=issuer, active=True).limit(1)):
            raise LaunchRefused("platform", f"no active registration for issuer {issuer!r}")
        audience = body.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        client_id = body.get("azp") or (audiences[0] if len(audiences) == 1 else None)
        found = client_id in audiences and self._tool_config.find_registration_by_params(issuer, client_id)
        if not found:
            raise LaunchRefused("audience", f"audience {audience!r} (azp {body.get('azp')!r}) is not Leerpad here")
        self._registration = found
        return self

    def get_client_id(self) -> str:
        registration = getattr(self, "_registration", None)
        return registration.get_client_id() if registration else super().get_client_id()

    def validate_jwt_signature(self):
        public_key, algorithm = self.get_public_key()
        try:
            jwt.decode(
                self._get_id_token(),
                public_key,
                algorithms=[algorithm],
                audience=self._registration.get_client_id(),
                leeway=CLOCK_SKEW,
                options={"require": ["exp", "iat"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise LaunchRefused("expired", str(error)) from error
        except jwt.InvalidTokenError as error:
            raise LaunchRefused("signature", str(error)) from error
        return self

    def fetch_public_key(self, key_set_url):
        """The platform's JWKS, reused for a while unless the token names a key it does not hold."""
        kid = self._jwt.get("header", {}).get("kid")
        fetched_at, keys = _platform_keys.get(key_set_url, (0.0, {}))
        fresh = time.monotonic() - fetched_at < PLATFORM_KEYS_TTL
        if fresh and any(key.get("kid") == kid for key in keys.get("keys", [])):
            return keys
        keys = super().fetch_public_key(key_set_url)
        if isinstance(keys, dict) and isinstance(keys.get("keys"), list):
            _platform_keys[key_set_url] = (time.monotonic(), keys)
        return keys
