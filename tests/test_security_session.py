"""Sessions, password reset links, rate limits and account discovery."""

import base64
import json
import logging
import re
import time

import pytest
from conftest import PASSWORD, login, make_app

from learn.auth.models import User
from learn.auth.tokens import make_reset_token
from learn.extensions import db

NEW_PASSWORD = "een heel ander wachtwoord"


def reset_link(client, user, caplog) -> str:
    with caplog.at_level(logging.INFO):
        client.post("/wachtwoord-vergeten", data={"email": user.email})
    return re.findall(r"http://leerpad\.test(/wachtwoord-herstellen/\S+)", caplog.text)[-1]


def signed_in(client) -> bool:
    return client.get("/profiel").status_code == 200


def test_logout_ends_the_session_and_leaves_no_user_in_the_cookie(app, learner):
    client = app.test_client()
    login(client, learner)
    response = client.post("/uitloggen")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert ("_user_id" not in session and "_remember" not in session) or session.get("_remember") == "clear"
    assert not signed_in(client)
    assert client.get("/mijn-reflecties").status_code == 302


def test_a_new_password_ends_every_other_session(app, learner, caplog):
    elsewhere = app.test_client()  # e.g. a session left open on a shared computer, or a stolen cookie
    login(elsewhere, learner)
    assert signed_in(elsewhere)
    link = reset_link(app.test_client(), learner, caplog)
    assert app.test_client().post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    assert not signed_in(elsewhere)
    fresh = app.test_client()
    login(fresh, learner, NEW_PASSWORD)
    assert signed_in(fresh)


def test_a_deactivated_account_is_signed_out_at_its_next_request(app, learner):
    client = app.test_client()
    login(client, learner)
    learner.active = False
    db.session.commit()
    assert not signed_in(client)


def test_reset_links_work_once_and_an_older_link_dies_with_the_first_use(app, learner, caplog):
    client = app.test_client()
    first = reset_link(client, learner, caplog)
    second = reset_link(client, learner, caplog)
    assert client.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302
    for used in (first, second):
        response = client.post(used, data={"password": "nog weer iets anders", "confirm": "nog weer iets anders"})
        assert "/wachtwoord-vergeten" in response.headers["Location"]
    db.session.expire_all()
    assert db.session.get(User, learner.id).check_password(NEW_PASSWORD)


def test_reset_links_expire_after_an_hour(app, learner, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 3601)
    old = make_reset_token(learner)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 3500)
    recent = make_reset_token(learner)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    client = app.test_client()
    assert "/wachtwoord-vergeten" in client.get(f"/wachtwoord-herstellen/{old}").headers["Location"]
    assert client.get(f"/wachtwoord-herstellen/{recent}").status_code == 200


def test_a_reset_link_is_bound_to_its_account_and_reveals_nothing_of_the_password_hash(app, learner, make_user):
    token = make_reset_token(learner)
    payload = token.split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    digest = learner.password_hash.rsplit("$", 1)[-1]
    assert all(digest[i : i + 8] not in json.dumps(data) for i in range(0, len(digest) - 8))
    other = make_user()
    forged = token.replace(
        payload,
        base64.urlsafe_b64encode(json.dumps({"user": other.id, "fp": data["fp"]}).encode()).decode().rstrip("="),
    )
    client = app.test_client()
    assert "/wachtwoord-vergeten" in client.get(f"/wachtwoord-herstellen/{forged}").headers["Location"]


def test_secrets_in_paths_stay_out_of_the_request_log(app, learner, caplog):
    client = app.test_client()
    token = make_reset_token(learner)
    with caplog.at_level(logging.INFO, logger="leerpad.requests"):
        client.get(f"/wachtwoord-herstellen/{token}")
        client.get("/verify/GeheimeCodeVanEenCertificaat1234567890abcd")
    requests = [r.getMessage() for r in caplog.records if r.name == "leerpad.requests"]
    assert len(requests) == 2
    assert token not in caplog.text and "GeheimeCode" not in caplog.text
    assert "/wachtwoord-herstellen/<token>" in requests[0] and "/verify/<path:code>" in requests[1]


def test_signed_in_pages_are_not_stored_by_the_browser_or_a_proxy(app, learner):
    client = app.test_client()
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(client, learner)
    for url in ("/", "/profiel", "/mijn-reflecties", "/mijn-reflecties/download", "/profiel/mijn-gegevens"):
        assert "no-store" in client.get(url).headers.get("Cache-Control", ""), url


def test_login_gives_one_answer_for_unknown_wrong_and_deactivated(app, make_user):
    known, inactive = make_user(), make_user()
    inactive.active = False
    db.session.commit()
    client = app.test_client()
    answers = {
        (r.status_code, r.get_data(as_text=True).replace(email, "ADRES"))
        for email, password in (
            (known.email, "fout wachtwoord"),
            ("niemand@example.nl", PASSWORD),
            (inactive.email, PASSWORD),
        )
        for r in [client.post("/inloggen", data={"email": email, "password": password})]
    }
    assert len(answers) == 1 and next(iter(answers))[0] == 400


@pytest.fixture
def limited(database_url):
    app = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    with app.app_context():
        yield app.test_client()
        from conftest import empty_all_tables

        db.session.remove()
        empty_all_tables()


def test_login_limit_holds_across_accounts_from_one_address(limited):
    statuses = [
        limited.post("/inloggen", data={"email": f"slachtoffer{i}@example.nl", "password": "raden"}).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [400] * 10 and statuses[10] == 429


def test_password_reset_requests_and_registrations_are_limited(limited):
    resets = [limited.post("/wachtwoord-vergeten", data={"email": f"a{i}@example.nl"}).status_code for i in range(6)]
    assert resets[:5] == [302] * 5 and resets[5] == 429
    registrations = [limited.post("/registreren", data={"email": "x"}).status_code for i in range(21)]
    assert registrations[-1] == 429


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "/\\evil.example",
        "/\\/evil.example",
        "/\t/evil.example",
        "https://evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "/%5C%5Cevil.example",
        "\\\\evil.example",
    ],
)
def test_login_never_sends_the_browser_to_another_site(app, learner, target):
    from urllib.parse import quote, urljoin, urlsplit

    client = app.test_client()
    response = client.post(
        f"/inloggen?next={quote(target, safe='')}", data={"email": learner.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    # As a browser reads it: backslashes are slashes, tabs and newlines are dropped.
    as_browser = re.sub(r"[\t\r\n]", "", location.replace("\\", "/"))
    assert urlsplit(urljoin("http://leerpad.test/inloggen", as_browser)).netloc == "leerpad.test", location
