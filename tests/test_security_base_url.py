"""Every absolute address Leerpad writes comes from LEERPAD_BASE_URL, never from a request header.

Finding 1 of the security review: a reset link built from ``Host`` / ``X-Forwarded-Host``
hands a valid token to whoever sent the request.
"""

import re
import runpy

import pytest
from conftest import FIXTURE_MODULES, make_app

from learn import create_app
from learn.testing.servers import REPO
from learn.urls import listening_url

LINK = re.compile(r"(https?://\S+/wachtwoord-herstellen/\S+)")
HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}


def reset_link(client, email, caplog, **kwargs) -> str:
    with caplog.at_level("INFO"):
        client.post("/wachtwoord-vergeten", data={"email": email}, **kwargs)
    [link] = LINK.findall(caplog.text)
    return link


def test_the_reset_mail_names_the_configured_address_whatever_host_the_request_claims(database_url, learner, caplog):
    app = make_app(database_url, SERVER_NAME=None)  # any Host reaches the app, as behind a catch-all server block
    with app.app_context():
        link = reset_link(app.test_client(), learner.email, caplog, headers=HOSTILE)
    assert link.startswith("http://leerpad.test/wachtwoord-herstellen/")
    assert "evil" not in link


def test_behind_a_trusted_proxy_a_forwarded_host_is_still_not_believed(database_url, make_user, monkeypatch, caplog):
    """The production entry point trusts X-Forwarded-For/-Proto from the proxy, never X-Forwarded-Host."""
    user = make_user()
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("LEERPAD_MODULES", str(FIXTURE_MODULES))
    monkeypatch.setenv("LEERPAD_BASE_URL", "https://leren.academie.example")
    monkeypatch.setenv("LEERPAD_TRUSTED_PROXIES", "1")
    monkeypatch.setenv("LEERPAD_DISABLE_RATELIMIT", "1")
    monkeypatch.delenv("LEERPAD_PRODUCTION", raising=False)
    monkeypatch.setenv("LEERPAD_JOBS_IN_APP", "0")  # the mail job runs in the test (eager), not in a thread
    app = runpy.run_path(str(REPO / "wsgi.py"))["app"]
    app.config.update(WTF_CSRF_ENABLED=False, JOBS_EAGER=True)
    with app.app_context():
        link = reset_link(app.test_client(), user.email, caplog, headers=HOSTILE)
    assert link.startswith("https://leren.academie.example/wachtwoord-herstellen/")


def test_production_refuses_to_start_without_a_base_url(database_url, monkeypatch):
    monkeypatch.setenv("LEERPAD_PRODUCTION", "1")
    monkeypatch.delenv("LEERPAD_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="LEERPAD_BASE_URL"):
        create_app(
            {"SQLALCHEMY_DATABASE_URI": database_url, "MODULES_PATH": str(FIXTURE_MODULES), "SECRET_KEY": "s" * 40}
        )


def test_the_base_url_may_carry_a_path(database_url):
    app = make_app(database_url, BASE_URL="https://academie.example/leren/", SERVER_NAME=None)
    with app.app_context():
        from learn.urls import absolute_url

        assert absolute_url("certificates.verify", code="abc") == "https://academie.example/leren/verify/abc"


@pytest.mark.parametrize(
    "host, port, url",
    [
        ("127.0.0.1", 5101, "http://127.0.0.1:5101"),
        ("0.0.0.0", 8000, "http://127.0.0.1:8000"),
        ("localhost", 5000, "http://localhost:5000"),
        ("::1", 5000, "http://[::1]:5000"),
    ],
)
def test_development_names_the_address_the_server_listens_on(host, port, url):
    assert listening_url(host, port) == url


def test_no_code_builds_an_absolute_address_from_the_request():
    """Every absolute address comes from learn.urls.absolute_url; the request's host is the client's word."""
    from_request = re.compile(r"_external\s*=|request\.(host|host_url|url_root|base_url)\b|X-Forwarded-Host")
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in ("learn", "scorm_export")
        for path in sorted((REPO / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".js"} and path.is_file() and path.name != "urls.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if from_request.search(line)
    ]
    assert found == []
