"""What a certificate states: study time, the placeholder mark, a name every letter of which prints,
and the register number remembered for next time."""

import io

import pytest
from certificate_helpers import complete_module
from pypdf import PdfReader
from sqlalchemy import select

from learn.certificates import issuing
from learn.certificates.export import certificates_for_report, report_csv
from learn.certificates.models import Certificate, RegisterNumber
from learn.certificates.pdf import certificate_pdf, unprintable
from learn.extensions import db

MODULE = "/modules/kennismaking"


def pdf_text(certificate) -> str:
    return PdfReader(io.BytesIO(certificate_pdf(certificate))).pages[0].extract_text()


@pytest.fixture
def issued(app, learner, fixture_module):
    enrolment = complete_module(learner, fixture_module, studied_minutes=95)
    with app.test_request_context():
        certificate = issuing.issue(
            learner, fixture_module, issuing.accreditation_for(fixture_module, "SKJ"), enrolment, "Zoë", "120034567"
        )
    db.session.commit()
    return certificate


def test_the_certificate_states_the_study_time_and_marks_a_placeholder(issued):
    assert issued.study_seconds == 95 * 60 and issued.placeholder
    text = pdf_text(issued)
    assert "Studietijd" in text and "1 uur 35 minuten" in text
    assert "VOORBEELD — geen geldige accreditatie" in text
    issued.placeholder = False  # a real accreditation number: no mark
    assert "VOORBEELD — geen geldige accreditatie" not in pdf_text(issued)
    assert len(PdfReader(io.BytesIO(certificate_pdf(issued))).pages) == 1


def test_verify_marks_a_placeholder_and_shows_the_study_time(client, issued):
    page = client.get(f"/verify/{issued.verification_code}").get_data(as_text=True)
    assert "VOORBEELD — geen geldige accreditatie" in page and "1 uur 35 minuten" in page


def test_the_register_export_has_the_study_time_in_minutes(app, issued):
    with app.test_request_context():
        lines = report_csv(certificates_for_report("SKJ")).splitlines()
    assert lines[0].endswith(";Studietijd (minuten)") and lines[1].endswith(";95")


@pytest.mark.parametrize(
    "name, refused",
    [
        ("Zoë Ğül-Visser", []),
        ("Łukasz Żółć", []),
        ("王小明", []),  # the CJK fallback font prints it (tests/test_certificates_cjk.py)
        ("ሰላም Tesfaye", ["ላ", "ም", "ሰ"]),  # Ethiopic: no installed font has it
        ("Sam 😀", ["😀"]),
    ],
)
def test_characters_the_font_lacks_are_named_not_printed_as_boxes(name, refused):
    assert unprintable(name) == refused


def test_the_form_refuses_a_name_it_cannot_print_and_keeps_what_was_typed(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    url = f"{MODULE}/certificaat/Registerplein"
    page = learner_client.post(url, data={"learner_name": "ሰላም Tesfaye", "confirm": "y"})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "kan deze tekens niet afdrukken: ላ ም ሰ" in body and "ሰላም Tesfaye" in body
    assert db.session.scalar(select(Certificate)) is None


def test_the_register_number_is_remembered_in_the_profile(learner_client, learner, issued):
    (remembered,) = db.session.scalars(select(RegisterNumber)).all()
    assert (remembered.user_id, remembered.register, remembered.number) == (learner.id, "SKJ", "120034567")
    assert issuing.last_register_number(learner.id, "SKJ") == "120034567"
    profile = learner_client.get("/profiel").get_data(as_text=True)
    assert "Mijn registratienummers" in profile and "120034567" in profile
