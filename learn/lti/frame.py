"""Leerpad inside the LMS's cross-site frame: who may frame it, the session cookie it needs there,
and the way out to a tab of its own.

An LTI launch marks the session as an LTI session. Its pages may then be framed by the
platform's registered origins (CSP ``frame-ancestors``; no ``X-Frame-Options``); every other
page keeps ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``. When the launch came inside
the frame, its session cookie is ``SameSite=None; Secure; Partitioned``: Chromium keeps no other
kind of cookie in a cross-site frame, and that is where the session and its CSRF token must live.
A partitioned cookie is only sent inside that LMS, so a learner who wants a tab of their own
gets a one-time link that signs them in there, with a server-side session of its own; the link
works only while the frame's session lives (logout or a password reset ends it).
"""

import re
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from ..auth import sessions
from ..auth.models import User, utcnow
from ..extensions import db
from .models import LtiPlatform
from .protocol import use_once

# In the session of an LTI launch: the platform, whether the launch came in its frame (then the session
# cookie is partitioned) and the origins that may frame the session's pages.
SESSION_KEY = "lti"
# The LTI endpoints an LMS frames before there is a session: their (error) pages must show there.
LAUNCH_ENDPOINTS = {"lti.login", "lti.launch"}
FRAMED_BY = "leerpad.lti.frame_ancestors"  # per request, in the WSGI environ
TICKET_LIFETIME = timedelta(hours=1)
HOST = re.compile(r"^[a-z0-9.-]+$|^\[[0-9a-f:.]+\]$")


def origin_of(url: str | None) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, or None: the only form that goes into the CSP."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not HOST.match(host):
        return None
    if ":" in host:
        host = f"[{host}]"
    default = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def lti_session() -> dict | None:
    return session.get(SESSION_KEY) if has_request_context() else None


def start_frame_session(platform: LtiPlatform) -> None:
    """Mark the session as started by ``platform``'s launch: framed unless the browser says it is a window
    (``Sec-Fetch-Dest: document``); without the header it is taken as framed, as LMSs launch by default.
    The origins are kept with it, so no page of the session needs the database to say who may frame it."""
    session[SESSION_KEY] = {
        "platform": platform.id,
        "framed": request.headers.get("Sec-Fetch-Dest", "iframe") != "document",
        "origins": list(platform.frame_origins or []),
    }


def allow_framing_by(origins: list[str]) -> None:
    """This response may be framed by ``origins`` (a view that knows its LMS: dynamic registration)."""
    request.environ[FRAMED_BY] = origins


def allowed_frame_ancestors() -> list[str]:
    """The origins that may frame this response: what the view said, the session's platform, or on
    the launch endpoints (a refused launch's error page) every active platform. None elsewhere."""
    if not has_request_context():
        return []
    if FRAMED_BY in request.environ:
        return request.environ[FRAMED_BY]
    if request.endpoint in LAUNCH_ENDPOINTS:
        statement = select(LtiPlatform.frame_origins).where(LtiPlatform.active.is_(True))
        return [origin for origins in db.session.scalars(statement) for origin in origins or []]
    return (lti_session() or {}).get("origins", [])


def in_frame_session(session) -> bool:
    return bool((session.get(SESSION_KEY) or {}).get("framed")) or getattr(session, "opened_in_frame", False)


class FrameSessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session; a session started by a launch inside the LMS's frame gets the
    cookie attributes a cross-site frame needs. A launch in a window of its own gets the usual
    cookie: a partitioned one would sit beside an ordinary session cookie of the same name."""

    def open_session(self, app, request):
        opened = super().open_session(app, request)
        if opened is not None:
            opened.opened_in_frame = in_frame_session(opened)  # still framed after a session.clear()
        return opened

    @staticmethod
    def _framed() -> bool:
        return has_request_context() and in_frame_session(session)

    def get_cookie_samesite(self, app):
        return "None" if self._framed() else super().get_cookie_samesite(app)

    def get_cookie_secure(self, app):
        return True if self._framed() else super().get_cookie_secure(app)

    def get_cookie_partitioned(self, app):
        return True if self._framed() else super().get_cookie_partitioned(app)


def _tickets() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="lti-new-tab")


def new_tab_url() -> str | None:
    """In an LTI session: a one-time link that opens this page signed in, in a tab of its own."""
    if lti_session() is None or not current_user.is_authenticated or sessions.SESSION_KEY not in session:
        return None
    frame_session = sessions.token_hash(session[sessions.SESSION_KEY])  # names the record; opens nothing itself
    ticket = _tickets().dumps({"session": frame_session, "path": request.full_path, "id": secrets.token_hex(8)})
    return url_for("lti.new_tab", ticket=ticket)


def redeem_ticket(ticket: str) -> tuple[User, str] | None:
    """(user, path) for a valid ticket used for the first time while its frame's session lives, else None."""
    try:
        data = _tickets().loads(ticket, max_age=int(TICKET_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("session"), str) or not isinstance(data.get("path"), str):
        return None
    found = sessions.store().find(data["session"])
    config = current_app.config
    if (
        found is None
        or not found.user.is_active
        or not sessions.is_live(
            found.created_at, found.last_seen_at, utcnow(), config["SESSION_LIFETIME"], config["SESSION_IDLE_TIMEOUT"]
        )
        or not use_once(f"ticket-{data.get('id')}", TICKET_LIFETIME)
    ):
        return None
    return found.user, data["path"]
