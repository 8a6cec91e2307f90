"""Security headers on every response, and no page that the Content-Security-Policy would break.

Every GET route (read from app.url_map) is fetched by every role, with a learner who has
data everywhere, so each page type renders its full content: nothing may carry an inline
``<script>`` without ``src``, a ``<style>`` element, a ``style=`` attribute or an ``on…=``
event handler, all of which ``script-src 'self'; style-src 'self'`` blocks.
"""

import re

import pytest
from conftest import PASSWORD, make_app
from security_helpers import populate, url_for_rule

from learn.content.library import get_library
from learn.security import PUBLIC, ROLES

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


@pytest.fixture
def learner_with_data(app, make_user):
    client = app.test_client()
    return populate(client, make_user(), "HDR"), client


def pages(app, learner, role):
    values = {
        "module_id": "kennismaking",
        "register": "Registerplein",
        "number": learner.certificate.number,
        "certificate_id": learner.certificate.id,
        "user_id": learner.user.id,
        "filename": "niet-er.png",
        "token": "ongeldig",
        "code": learner.certificate.verification_code,
    }
    seen = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or "GET" not in rule.methods:
            continue
        if view.access != PUBLIC and (role is None or role not in view.access):
            continue
        steps = get_library().get("kennismaking").steps if "step_id" in rule.arguments else [None]
        for step in steps:
            url = url_for_rule(rule, dict(values, step_id=step.id if step else ""))
            if url not in seen:
                seen.add(url)
                yield url
    yield "/bestaat-niet"  # the error page
    yield "/beheer/certificaten?q=<b>x</b>&register=Registerplein"


def assert_secure_headers(response, url):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp, url
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, url
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, url
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["X-Frame-Options"] == "DENY", url
    assert headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"), url


def assert_nothing_inline(body: str, url: str):
    for pattern, what in (
        (INLINE_SCRIPT, "inline <script>"),
        (STYLE_ELEMENT, "<style> element"),
        (STYLE_ATTRIBUTE, "style= attribute"),
        (EVENT_HANDLER, "on…= event handler"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ):
        match = pattern.search(body)
        assert match is None, f"{url}: {what} the CSP blocks: {body[max(0, match.start() - 80) : match.end() + 80]}"


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_page_has_the_headers_and_nothing_inline(app, make_user, learner_with_data, role):
    learner, learner_client = learner_with_data
    client = app.test_client()
    if role == "learner":
        client = learner_client  # the learner with data: every panel, result and certificate shows
    elif role:
        from conftest import login

        login(client, make_user(role))
    checked = 0
    for url in pages(app, learner, role):
        response = client.get(url)
        assert_secure_headers(response, url)
        if response.mimetype == "text/html":
            assert_nothing_inline(response.get_data(as_text=True), url)
            checked += 1
    assert checked >= 4


def test_every_page_also_after_the_learners_actions(learner_with_data):
    """Pages as they look right after a POST (flash messages, form errors)."""
    _learner, client = learner_with_data
    for response in (
        client.post("/profiel", data={"name": "", "locale": "nl"}, follow_redirects=True),
        client.post("/profiel/verwijderen", data={"password": "fout"}, follow_redirects=True),
        client.post("/modules/kennismaking/steps/eigen-praktijk", data={"action": "save"}, follow_redirects=True),
    ):
        assert_secure_headers(response, response.request.path)
        assert_nothing_inline(response.get_data(as_text=True), response.request.path)


def test_production_adds_hsts_and_secure_cookies(database_url, make_user, monkeypatch):
    user = make_user()
    monkeypatch.setenv("LEERPAD_PRODUCTION", "1")
    monkeypatch.setenv("LEERPAD_ALLOW_LOG_MAIL", "1")  # production refuses log mail unless told (test_security_mail)
    app = make_app(database_url, SECRET_KEY="a-real-secret-for-this-test")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert app.config["REMEMBER_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_HTTPONLY"] is True
    response = app.test_client().post("/inloggen", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    cookie = response.headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_refuses_the_default_secret(database_url, monkeypatch):
    monkeypatch.setenv("LEERPAD_PRODUCTION", "1")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from learn.config import DEFAULT_SECRET

    with pytest.raises(RuntimeError):
        make_app(database_url, SECRET_KEY=DEFAULT_SECRET)
