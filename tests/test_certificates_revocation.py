"""Revoking a certificate: a reason and a confirmation, recorded with who; the learner is mailed, their
pages show the reason, the PDF says INGETROKKEN, and asking again explains instead of redirecting."""

import io
import logging
import re

import pytest
from certificate_helpers import complete_module
from conftest import login
from pypdf import PdfReader
from sqlalchemy import func, select

from learn.certificates import issuing
from learn.certificates.models import Certificate
from learn.certificates.pdf import certificate_pdf
from learn.extensions import db

REASON = "Het registratienummer hoorde bij iemand anders."


@pytest.fixture
def certificate(app, learner, fixture_module):
    enrolment = complete_module(learner, fixture_module)
    accreditation = issuing.accreditation_for(fixture_module, "Registerplein")
    issued = issuing.issue(learner, fixture_module, accreditation, enrolment, "Zoë Visser", "4610123456")
    db.session.commit()
    return issued


@pytest.fixture
def admin_client(app, make_user):
    client = app.test_client()
    login(client, make_user("admin", name="Bea Beheer"))
    return client


def revoke_url(certificate):
    return f"/beheer/certificaten/{certificate.id}/intrekken"


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_revoking_asks_for_a_reason_and_a_confirmation(admin_client, certificate, caplog):
    with caplog.at_level(logging.INFO):
        without_confirmation = admin_client.post(revoke_url(certificate), data={"reason": REASON})
        without_reason = admin_client.post(revoke_url(certificate), data={"reason": " ", "confirm": "y"})
    assert without_confirmation.status_code == without_reason.status_code == 400
    page = without_confirmation.get_data(as_text=True)
    assert "Vink aan dat je het certificaat echt wilt intrekken." in page and REASON in page  # nothing typed is lost
    db.session.refresh(certificate)
    assert certificate.status == "valid" and "mail (not sent" not in caplog.text


def test_a_revocation_is_recorded_once_and_mailed_to_the_learner(admin_client, certificate, learner, caplog):
    with caplog.at_level(logging.INFO):
        for _ in range(2):  # a double submit
            response = admin_client.post(revoke_url(certificate), data={"reason": REASON, "confirm": "y"})
            assert response.status_code == 302
    db.session.refresh(certificate)
    assert (certificate.status, certificate.revoke_reason, certificate.revoked_by) == ("revoked", REASON, "Bea Beheer")
    mails = re.findall(rf"mail \(not sent, MAIL_BACKEND=log\) to {learner.email}: (.*)", caplog.text)
    assert mails == [f"Je certificaat {certificate.number} is ingetrokken"]
    assert REASON in caplog.text and "http://leerpad.test/mijn-certificaten" in caplog.text
    detail = admin_client.get(f"/beheer/certificaten/{certificate.id}").get_data(as_text=True)
    assert REASON in detail and "door Bea Beheer" in detail


def test_the_learner_sees_the_reason_and_a_pdf_that_says_ingetrokken(admin_client, certificate, learner_client):
    assert "INGETROKKEN" not in pdf_text(certificate_pdf(certificate))
    admin_client.post(revoke_url(certificate), data={"reason": REASON, "confirm": "y"})
    mine = learner_client.get("/mijn-certificaten").get_data(as_text=True)
    assert "ingetrokken" in mine and REASON in mine and "PDF (met 'ingetrokken' erop)" in mine
    overview = learner_client.get("/modules/kennismaking").get_data(as_text=True)
    assert REASON in overview and "Download certificaat (PDF)" not in overview
    text = pdf_text(learner_client.get(f"/mijn-certificaten/{certificate.number}.pdf").data)
    assert "INGETROKKEN" in text and "dit certificaat is niet geldig" in text and "Zoë Visser" in text


def test_asking_again_after_a_revocation_explains_what_happens(certificate, learner_client):
    issuing.revoke(certificate, REASON, by="test")
    db.session.commit()
    url = "/modules/kennismaking/certificaat/Registerplein"
    for response in (
        learner_client.get(url),
        learner_client.post(url, data={"learner_name": "Zoë Visser", "register_number": "4610123456", "confirm": "y"}),
    ):
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "Je certificaat is ingetrokken" in page and REASON in page
        assert "kun je niet zelf een nieuw certificaat aanvragen" in page
    assert db.session.scalar(select(func.count(Certificate.id))) == 1


def test_asking_for_a_certificate_one_has_says_so(certificate, learner_client):
    response = learner_client.get("/modules/kennismaking/certificaat/Registerplein", follow_redirects=True)
    assert "Je hebt dit certificaat al." in response.get_data(as_text=True)


def test_the_command_line_revocation_mails_the_learner_too(runner, certificate, learner, caplog):
    with caplog.at_level(logging.INFO):
        result = runner.invoke(args=["certificates", "revoke", certificate.number, "--reason", REASON])
    assert result.exit_code == 0
    assert f"to {learner.email}: Je certificaat {certificate.number} is ingetrokken" in caplog.text
    db.session.refresh(certificate)
    assert certificate.revoked_by == "learn certificates revoke"
