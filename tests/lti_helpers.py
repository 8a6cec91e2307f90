"""Leerpad served on loopback as ``localhost`` and the test LMS (learn/testing/lti_platform.py) on
``127.0.0.1``, registered with each other: the fixtures the LTI tests share."""

import functools
import re
import threading
from html import unescape

import pytest
import requests
from jwcrypto.jwk import JWK
from werkzeug.serving import make_server

from learn.extensions import db
from learn.lti import registry
from learn.lti.models import LtiKey
from learn.testing.lti_platform import MEMBERSHIPS, SCORE, TestPlatform, Tool

FORM_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
FORM_ACTION = re.compile(r'<form id="post" method="post" action="([^"]+)">')
COURSE = "course-1"
LEARNERS = ("learner-1", "learner-2", "learner-3")


@pytest.fixture
def leerpad(app):
    """The app over real HTTP, reached as http://localhost:PORT (another site than the LMS on 127.0.0.1)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://localhost:{server.server_port}"
    app.config.update(SERVER_NAME=None, BASE_URL=url)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join()


@functools.cache
def _leerpad_key() -> tuple[str, str]:
    jwk = JWK.generate(kty="RSA", size=2048)
    return jwk.thumbprint(), jwk.export_to_pem(private_key=True, password=None).decode("ascii")


def register_leerpad(platform: TestPlatform, leerpad_url: str, client_id="leerpad-1", deployment_id="dep-1") -> Tool:
    """Register Leerpad in the LMS and the LMS in Leerpad, by hand, as an admin would (with Leerpad's key
    made once per process: making one takes a noticeable part of a test)."""
    kid, pem = _leerpad_key()
    db.session.add(LtiKey(kid=kid, private_pem=pem))
    tool = platform.add_tool(
        Tool(
            client_id=client_id,
            deployment_id=deployment_id,
            login_url=f"{leerpad_url}/lti/login",
            redirect_uris=[f"{leerpad_url}/lti/launch"],
            jwks_url=f"{leerpad_url}/lti/jwks",
            scopes=[SCORE, MEMBERSHIPS],
        )
    )
    registry.add_platform(
        name="Test-LMS",
        issuer=platform.issuer,
        client_id=client_id,
        deployment_ids=[deployment_id],
        auth_login_url=f"{platform.url}/auth",
        auth_token_url=f"{platform.url}/token",
        key_set_url=f"{platform.url}/jwks",
    )
    db.session.commit()
    return tool


@pytest.fixture
def lms(leerpad):
    """The LMS, with Leerpad registered, a course with an instructor and three learners."""
    platform = TestPlatform().start()
    register_leerpad(platform, leerpad)
    platform.add_user("teacher", "Tineke de Docent", "instructor")
    for number, user_id in enumerate(LEARNERS, start=1):
        platform.add_user(user_id, f"Cursist{number} Jansen", "learner", email=f"cursist{number}@example.nl")
    platform.add_course(COURSE, "Jongerenwerk 2027", ["teacher", *LEARNERS])
    yield platform
    platform.stop()


class LmsClient:
    """The browser's part of a launch without a browser: login, the LMS's auto-posted form, the launch.

    Cookies behave as in Chromium on loopback: Secure cookies are kept over http there.
    """

    def __init__(self):
        self.session = requests.Session()

    def _loopback(self, response):
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, url, **kwargs):
        return self._loopback(self.session.get(url, allow_redirects=False, timeout=30, **kwargs))

    def post(self, url, data, **kwargs):
        return self._loopback(self.session.post(url, data=data, allow_redirects=False, timeout=30, **kwargs))

    def login(self, platform: TestPlatform, user_id: str, hint: str, target: str):
        """Follow the login initiation to the LMS; returns (launch URL, its form fields)."""
        tool = next(iter(platform.tools.values()))
        started = self.get(platform.login_initiation(tool, user_id, hint, target))
        assert started.status_code == 302, started.text[:500]
        answer = self.get(started.headers["Location"])
        assert answer.status_code == 200, answer.text[:500]
        fields = {name: unescape(value) for name, value in FORM_FIELD.findall(answer.text)}
        return unescape(FORM_ACTION.search(answer.text).group(1)), fields

    def launch(self, platform: TestPlatform, user_id: str, link) -> requests.Response:
        action, fields = self.login(platform, user_id, f"link:{link.id}", link.url)
        return self.post(action, fields)
