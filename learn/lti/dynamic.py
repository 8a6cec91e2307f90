"""LTI Dynamic Registration 1.0: the LMS opens Leerpad's registration link, Leerpad registers itself.

The LMS opens the link (an admin made it on ``/beheer/lti``) with ``openid_configuration`` and
``registration_token``. Leerpad reads the platform's configuration, posts its own client
registration to the platform's registration endpoint and stores what comes back: the
client id, the deployment id and the platform's endpoints. The page then tells the LMS it is
done (``org.imsglobal.lti.close``). PyLTI1p3 has no dynamic registration; this is it.
"""

from urllib.parse import urlsplit

import requests

from ..urls import absolute_url, base_url
from .models import LtiPlatform
from .protocol import PlatformSession
from .registry import PlatformError, add_platform

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
MEMBERSHIPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")


class RegistrationFailed(Exception):
    """Dynamic registration could not finish; the message is for the admin watching the LMS."""


def _json(response: requests.Response, what: str) -> dict:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not response.ok or not isinstance(body, dict):
        raise RegistrationFailed(f"{what}: HTTP {response.status_code}, {response.text[:300]!r}")
    return body


def platform_configuration(url: str, session: requests.Session) -> dict:
    """The platform's OpenID configuration, checked: its issuer must live where the configuration does."""
    try:
        configuration = _json(session.get(url, headers={"Accept": "application/json"}), "OpenID configuration")
    except requests.RequestException as error:
        raise RegistrationFailed(f"OpenID configuration at {url} unreachable: {error}") from error
    missing = [name for name in REQUIRED if not isinstance(configuration.get(name), str)]
    if missing:
        raise RegistrationFailed(f"OpenID configuration lacks {', '.join(missing)}")
    if urlsplit(configuration["issuer"]).hostname != urlsplit(url).hostname:
        raise RegistrationFailed(f"issuer {configuration['issuer']} is not on the host of {url}")
    if "private_key_jwt" not in configuration.get("token_endpoint_auth_methods_supported", ["private_key_jwt"]):
        raise RegistrationFailed("the platform does not accept private_key_jwt client assertions")
    return configuration


def tool_registration(configuration: dict, client_name: str) -> dict:
    """Leerpad's client registration (LTI-DR 3.5): its addresses, the messages it handles, the scopes it uses."""
    supported = configuration.get("scopes_supported")
    scopes = [scope for scope in (SCORE, MEMBERSHIPS) if supported is None or scope in supported]
    messages = (configuration.get(PLATFORM_CONFIGURATION) or {}).get("messages_supported")
    deep_linking = messages is None or any(m.get("type") == "LtiDeepLinkingRequest" for m in messages)
    tool_messages = [{"type": "LtiResourceLinkRequest", "target_link_uri": absolute_url("player.catalogue")}]
    if deep_linking:
        tool_messages.append(
            {"type": "LtiDeepLinkingRequest", "target_link_uri": absolute_url("lti.choose"), "label": client_name}
        )
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": absolute_url("lti.login"),
        "redirect_uris": [absolute_url("lti.launch")],
        "client_name": client_name,
        "jwks_uri": absolute_url("lti.jwks"),
        "logo_uri": absolute_url("branding.logo"),
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(scopes),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(base_url()).netloc,
            "target_link_uri": absolute_url("player.catalogue"),
            "claims": ["iss", "sub", "name", "given_name", "family_name"],
            "messages": tool_messages,
        },
    }


def register(openid_configuration: str, registration_token: str | None, client_name: str, invite: str) -> LtiPlatform:
    """Register Leerpad with the platform and store the platform; the caller commits."""
    session = PlatformSession()
    configuration = platform_configuration(openid_configuration, session)
    headers = {"Accept": "application/json"}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    try:
        response = session.post(
            configuration["registration_endpoint"],
            json=tool_registration(configuration, client_name),
            headers=headers,
        )
    except requests.RequestException as error:
        raise RegistrationFailed(f"registration endpoint unreachable: {error}") from error
    registered = _json(response, "client registration")
    if not isinstance(registered.get("client_id"), str):
        raise RegistrationFailed("the platform's answer has no client_id")
    deployment_id = (registered.get(TOOL_CONFIGURATION) or {}).get("deployment_id")
    product = (configuration.get(PLATFORM_CONFIGURATION) or {}).get("product_family_code") or ""
    try:
        return add_platform(
            name=f"{product} {urlsplit(configuration['issuer']).hostname}".strip(),
            issuer=configuration["issuer"],
            client_id=registered["client_id"],
            deployment_ids=[deployment_id] if isinstance(deployment_id, str) else [],
            auth_login_url=configuration["authorization_endpoint"],
            auth_token_url=configuration["token_endpoint"],
            key_set_url=configuration["jwks_uri"],
            token_audience=configuration.get("authorization_server"),
            frame_origins=[openid_configuration],
            invite=invite,
        )
    except PlatformError as error:
        raise RegistrationFailed(str(error)) from error
