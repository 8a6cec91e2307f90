"""Nobody learns from Leerpad whether an address has an account (finding 13 of the security review).

Registration and "forgot password" give the same answer for a known and an unknown address and
do the same work on both paths (the same statements, one password hash, one mail), so neither
the page nor its timing tells them apart. What differs is in the mail, which only the address's
owner reads. Speed is not measured here (bench/ does figures); the work that decides it is.
"""

import logging
import re
from collections import Counter

import pytest
from conftest import PASSWORD, login, make_app
from sqlalchemy import event, select

from learn.auth import registration
from learn.auth.models import User
from learn.extensions import db


def register(client, email, password=PASSWORD, name="Nieuwe Deelnemer"):
    return client.post("/registreren", data={"name": name, "email": email, "password": password, "confirm": password})


def answer(response, client) -> tuple:
    """What the visitor sees: the status, where it leads and the page there."""
    location = response.headers.get("Location")
    page = client.get(location).get_data(as_text=True) if location else response.get_data(as_text=True)
    return response.status_code, location, page


@pytest.fixture
def server(database_url, app):
    """An app whose requests each start afresh, as on a real server (the fixtures' app shares one session)."""
    server = make_app(database_url)
    yield server
    with server.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def work(server, monkeypatch, caplog):
    """Counts what a request does: SQL statements by kind, password hashes made, mails sent."""
    done = Counter()

    def statement(_conn, _cursor, sql, *_args):
        done[f"sql {sql.split()[0].upper()}"] += 1

    with server.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", statement)
    real_hash = registration.generate_password_hash

    def hashing(password, **kwargs):
        done["password hashes"] += 1
        return real_hash(password, **kwargs)

    monkeypatch.setattr(registration, "generate_password_hash", hashing)
    caplog.set_level(logging.INFO)

    def measure(request) -> Counter:
        done.clear()
        caplog.clear()
        request()
        done["mails"] = caplog.text.count("mail (not sent")
        return Counter(done)

    yield measure
    event.remove(engine, "before_cursor_execute", statement)


def test_registration_answers_the_same_for_a_new_and_a_known_address(app, learner):
    known, new = app.test_client(), app.test_client()
    assert answer(register(known, learner.email), known) == answer(register(new, "nieuw@example.nl"), new)


def test_registration_does_the_same_work_for_a_new_and_a_known_address(server, learner, work):
    client = server.test_client()
    known = learner.email
    for_known = work(lambda: register(client, known))
    for_new = work(lambda: register(client, "nieuw@example.nl"))
    assert for_known == for_new
    assert for_new["password hashes"] == 1 and for_new["mails"] == 1 and for_new["sql INSERT"] >= 1


def test_forgot_password_does_the_same_work_for_a_known_and_an_unknown_address(server, learner, work):
    client = server.test_client()
    known = learner.email
    for_known = work(lambda: client.post("/wachtwoord-vergeten", data={"email": known}))
    for_unknown = work(lambda: client.post("/wachtwoord-vergeten", data={"email": "niemand@example.nl"}))
    assert for_known == for_unknown and for_known["mails"] == 1


def test_what_differs_is_in_the_mail_to_the_owner(client, make_user, caplog):
    known, stopped = make_user(), make_user()
    stopped.active = False
    db.session.commit()
    with caplog.at_level(logging.INFO):
        register(client, known.email)
        mail_to_known = caplog.text
        caplog.clear()
        register(client, stopped.email)
        mail_to_stopped = caplog.text
        caplog.clear()
        client.post("/wachtwoord-vergeten", data={"email": "niemand@example.nl"})
        mail_to_unknown = caplog.text
    assert "Je hebt al een account" in mail_to_known and "/wachtwoord-herstellen/" in mail_to_known
    assert "niet inloggen" in mail_to_stopped and "/wachtwoord-herstellen/" not in mail_to_stopped
    assert "to niemand@example.nl" in mail_to_unknown and "/registreren" in mail_to_unknown


def test_an_unconfirmed_account_answers_a_login_as_a_wrong_password_does(app, learner):
    """Otherwise registering an address and logging in with the chosen password would tell."""
    client = app.test_client()
    register(client, "nieuw@example.nl")
    unconfirmed = client.post("/inloggen", data={"email": "nieuw@example.nl", "password": PASSWORD})
    wrong = client.post("/inloggen", data={"email": learner.email, "password": "niet het wachtwoord"})
    assert unconfirmed.status_code == wrong.status_code == 400
    assert unconfirmed.get_data(as_text=True).replace("nieuw@example.nl", "X") == wrong.get_data(as_text=True).replace(
        learner.email, "X"
    )


def test_an_address_someone_else_registered_first_is_won_back_by_its_owner(app, caplog):
    """Someone registers the owner's address with their own password; the owner's registration mails a reset
    link, and the reset both proves the address and replaces the other's password."""
    squatter, owner = app.test_client(), app.test_client()
    register(squatter, "eigenaar@example.nl", password="wachtwoord van een ander")
    with caplog.at_level(logging.INFO):
        register(owner, "eigenaar@example.nl", password="mijn eigen wachtwoord")
    link = re.findall(r"http://leerpad\.test(/wachtwoord-herstellen/\S+)", caplog.text)[-1]
    mine = "mijn eigen wachtwoord"
    assert owner.post(link, data={"password": mine, "confirm": mine}).status_code == 302
    assert (
        squatter.post(
            "/inloggen", data={"email": "eigenaar@example.nl", "password": "wachtwoord van een ander"}
        ).status_code
        == 400
    )
    login(owner, db.session.scalar(select(User).filter_by(email="eigenaar@example.nl")), mine)
