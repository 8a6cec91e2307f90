"""A link that signs someone in never reaches a production log (finding 16 of the security review).

``MAIL_BACKEND=log`` writes mails to the log, which is what development wants and what a
production log must never hold: a reset link there is a password for whoever reads the log.
"""

import logging
import re

import pytest
from conftest import FIXTURE_MODULES, make_app

from learn import create_app
from learn.auth.tokens import make_reset_token
from learn.extensions import db

PRODUCTION = {"PRODUCTION": True, "SECRET_KEY": "s" * 40, "BASE_URL": "https://leren.academie.example"}


def production_config(database_url, **overrides) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": database_url, "MODULES_PATH": str(FIXTURE_MODULES), **overrides}


def test_production_refuses_to_start_with_mail_written_to_the_log(database_url, monkeypatch):
    monkeypatch.setenv("LEERPAD_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("LEERPAD_BASE_URL", "https://leren.academie.example")
    monkeypatch.delenv("MAIL_BACKEND", raising=False)
    monkeypatch.delenv("LEERPAD_ALLOW_LOG_MAIL", raising=False)
    with pytest.raises(RuntimeError, match="MAIL_BACKEND"):
        create_app(production_config(database_url))
    monkeypatch.setenv("MAIL_BACKEND", "smtp")
    assert create_app(production_config(database_url)).config["MAIL_BACKEND"] == "smtp"


def test_log_mail_in_production_is_allowed_when_asked_and_never_logs_the_link(database_url, make_user, caplog):
    """A trial setup may log mails (LEERPAD_ALLOW_LOG_MAIL=1): who and what about, never the text with its link."""
    user = make_user()
    app = make_app(database_url, **PRODUCTION, MAIL_BACKEND="log", ALLOW_LOG_MAIL=True, SERVER_NAME=None)
    with app.app_context(), caplog.at_level(logging.INFO):
        client = app.test_client()
        client.post("/wachtwoord-vergeten", data={"email": user.email}, base_url="https://leren.academie.example")
        db.engine.dispose()
    assert f"to {user.email}" in caplog.text
    assert "wachtwoord-herstellen" not in caplog.text
    assert not re.search(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{20,}", caplog.text), "no token"


def test_development_still_logs_the_whole_mail(client, learner, caplog):
    with caplog.at_level(logging.INFO):
        client.post("/wachtwoord-vergeten", data={"email": learner.email})
    assert "http://leerpad.test/wachtwoord-herstellen/" in caplog.text


def test_an_error_on_a_page_with_a_token_in_its_address_logs_the_route_not_the_token(
    database_url, learner, monkeypatch, caplog
):
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)
    token = make_reset_token(learner)

    def broken(_token):
        raise RuntimeError("kapot")

    monkeypatch.setattr("learn.auth.views.user_for_reset_token", broken)
    with app.app_context(), caplog.at_level(logging.INFO):
        response = app.test_client().get(f"/wachtwoord-herstellen/{token}")
        db.engine.dispose()
    assert response.status_code == 500
    assert "kapot" in caplog.text, "the error itself is logged"
    assert token not in caplog.text
    assert "/wachtwoord-herstellen/<token>" in caplog.text
