"""Accounts: register, log in and out, reset a forgotten password, profile,
personal data, deleting an account; CSRF and the login rate limit."""

import json
import logging
import re

from conftest import PASSWORD, database_url, login, make_app  # noqa: F401

from learn.auth.models import User
from learn.extensions import db

NEW_PASSWORD = "een nieuw lang wachtwoord"


def register(client, email="nieuw@example.nl", password=PASSWORD, confirm=None, name="Nieuwe Deelnemer"):
    return client.post(
        "/registreren",
        data={
            "name": name,
            "email": email,
            "password": password,
            "confirm": confirm or password,
        },
    )


def confirmation_link(caplog) -> str:
    return re.findall(r"http://leerpad\.test(/account-bevestigen/\S+)", caplog.text)[-1]


def test_register_mails_a_link_that_confirms_the_account_and_signs_in(app, client, caplog):
    app.logger.addHandler(caplog.handler)  # the mail log also when another test stopped propagation
    try:
        with caplog.at_level(logging.INFO):
            response = register(client, email="Nieuw@Example.nl")
    finally:
        app.logger.removeHandler(caplog.handler)
    assert response.status_code == 302 and response.headers["Location"].endswith("/registreren/kijk-in-je-mail")
    assert "Kijk in je mail" in client.get(response.headers["Location"]).get_data(as_text=True)
    user = db.session.scalar(db.select(User))
    assert user.email == "nieuw@example.nl" and user.confirmed_at is None
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("scrypt:32768:8:1$")  # full strength
    assert client.post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code == 400
    link = confirmation_link(caplog)
    assert "Bevestig mijn account" in client.get(link).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).confirmed_at is None, "opening the link (a mail scanner does) confirms nothing"
    response = client.post(link)
    assert response.status_code == 302
    assert "Welkom" in client.get("/").get_data(as_text=True)
    assert client.get("/profiel").status_code == 200
    client.post("/uitloggen")
    assert "Deze link werkt niet meer" in client.get(link).get_data(as_text=True), "a link confirms once"
    assert client.post("/inloggen", data={"email": "nieuw@example.nl", "password": PASSWORD}).status_code == 302


def test_register_with_bad_input_rerenders_the_form_with_messages(client):
    response = register(client, email="geen-adres", password="kort", confirm="anders")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies minstens 10 tekens." in page
    assert 'value="Nieuwe Deelnemer"' in page, "what the learner typed is kept"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0


def test_register_twice_with_the_same_address_tells_the_owner_by_mail(client, learner, caplog):
    with caplog.at_level(logging.INFO):
        response = register(client, email=learner.email.upper())
    assert response.status_code == 302 and response.headers["Location"].endswith("/registreren/kijk-in-je-mail")
    assert "Je hebt al een account" in caplog.text and "/wachtwoord-herstellen/" in caplog.text
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_login_with_a_wrong_password_gives_one_message_for_both_cases(client, learner):
    wrong = client.post("/inloggen", data={"email": learner.email, "password": "fout wachtwoord"})
    unknown = client.post("/inloggen", data={"email": "niemand@example.nl", "password": "fout wachtwoord"})
    message = "Dit e-mailadres en wachtwoord horen niet bij elkaar."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_deactivated_user_cannot_log_in(client, learner):
    learner.active = False
    db.session.commit()
    response = client.post("/inloggen", data={"email": learner.email, "password": PASSWORD})
    assert response.status_code == 400


def test_login_only_redirects_to_local_pages(client, learner):
    response = client.post("/inloggen?next=https://evil.example/", data={"email": learner.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_logout_is_a_post_and_ends_the_session(client, learner):
    login(client, learner)
    assert client.get("/uitloggen").status_code == 405
    client.post("/uitloggen")
    assert "/inloggen" in client.get("/profiel").headers["Location"]


def test_password_reset_through_the_mail_backend(client, learner, caplog):
    with caplog.at_level(logging.INFO):
        client.post("/wachtwoord-vergeten", data={"email": learner.email})
    link = re.search(r"http://leerpad\.test(/wachtwoord-herstellen/\S+)", caplog.text).group(1)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.post("/inloggen", data={"email": learner.email, "password": PASSWORD}).status_code == 400
    assert client.post("/inloggen", data={"email": learner.email, "password": NEW_PASSWORD}).status_code == 302
    client.post("/uitloggen")
    reused = client.post(link, data={"password": "weer een ander wachtwoord", "confirm": "weer een ander wachtwoord"})
    assert "/wachtwoord-vergeten" in reused.headers["Location"], "a reset link works once"


def test_password_reset_does_not_reveal_whether_an_address_exists(client, learner, caplog):
    with caplog.at_level(logging.INFO):
        known = client.post("/wachtwoord-vergeten", data={"email": learner.email}, follow_redirects=True)
        unknown = client.post("/wachtwoord-vergeten", data={"email": "niemand@example.nl"}, follow_redirects=True)
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    assert caplog.text.count("wachtwoord-herstellen") == 1


def test_profile_language_switches_the_interface(client, learner):
    login(client, learner)
    client.post("/profiel", data={"name": "Andere Naam", "locale": "en"})
    assert db.session.get(User, learner.id).name == "Andere Naam"
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_my_data_download_holds_my_account_and_nobody_elses(client, learner, make_user):
    other = make_user(name="Iemand Anders")
    login(client, learner)
    data = json.loads(client.get("/profiel/mijn-gegevens").get_data(as_text=True))
    text = json.dumps(data)
    assert learner.email in text and other.email not in text
    assert "password" not in text


def test_delete_account_needs_the_password_and_removes_everything(client, learner):
    login(client, learner)
    client.post("/profiel/verwijderen", data={"password": "fout wachtwoord"})
    assert db.session.get(User, learner.id) is not None
    client.post("/profiel/verwijderen", data={"password": PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, learner.id) is None


def test_every_post_needs_a_csrf_token(database_url, make_user):
    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        client = app.test_client()
        response = client.post("/inloggen", data={"email": "x@example.nl", "password": PASSWORD})
        assert response.status_code == 400
        page = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/inloggen", data={"email": "x@example.nl", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 400 and "horen niet bij elkaar" in response.get_data(as_text=True)


def test_login_is_rate_limited(database_url):
    app = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    with app.app_context():
        client = app.test_client()
        statuses = [
            client.post("/inloggen", data={"email": "x@example.nl", "password": "fout"}).status_code for _ in range(12)
        ]
        assert statuses[:10] == [400] * 10
        assert statuses[-1] == 429


def test_security_headers_and_cookie_flags(client, learner):
    response = login(client, learner)
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
