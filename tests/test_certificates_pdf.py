"""The certificate PDF: A4 landscape, the right text with diacritics, a QR code to the verify URL, reproducible."""

import io

import pytest
from certificate_helpers import complete_module
from pypdf import PdfReader

from learn.certificates import issuing
from learn.certificates.models import Certificate
from learn.certificates.pdf import certificate_pdf, qr_code, verify_url
from learn.extensions import db

NAME = "Zoë Anaïs Hélène van den Brïnk-Ëlsinga"


@pytest.fixture
def certificate(app, learner, fixture_module):
    enrolment = complete_module(learner, fixture_module)
    issued = issuing.issue(
        learner, fixture_module, issuing.accreditation_for(fixture_module, "SKJ"), enrolment, NAME, "120034567"
    )
    db.session.commit()
    return issued


def test_pdf_is_one_a4_landscape_page_with_the_certified_facts(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        NAME,
        "Kennismaking met Leerpad",
        "versie 1.0",
        "VOORBEELD-SKJ-0000",
        "0,5",
        "SKJ",
        "120034567",
        certificate.number,
        "20 november 2026",
        "Leerpad Academie",
        "Drs. A. de Vries, directeur",
        verify_url(certificate),
    ):
        assert expected in text, expected
    assert verify_url(certificate) == f"http://leerpad.test/verify/{certificate.verification_code}"


def test_fonts_are_embedded_so_diacritics_print_everywhere(certificate):
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert any("DejaVuSans" in name for name in names)


def test_the_same_record_gives_the_same_bytes(certificate):
    first = certificate_pdf(certificate)
    db.session.expire_all()
    reloaded = db.session.get(Certificate, certificate.id)
    assert certificate_pdf(reloaded) == first
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata.creation_date.replace(tzinfo=None) == certificate.issued_at.replace(microsecond=0)


def test_another_record_gives_another_pdf(certificate, make_user, fixture_module):
    other_user = make_user()
    enrolment = complete_module(other_user, fixture_module)
    other = issuing.issue(
        other_user, fixture_module, certificate_accreditation(fixture_module), enrolment, NAME, "120034567"
    )
    assert certificate_pdf(other) != certificate_pdf(certificate)


def certificate_accreditation(module):
    return issuing.accreditation_for(module, "SKJ")


def test_qr_code_decodes_to_the_verify_url(certificate):
    """Read the QR image back out of the PDF and compare it, module by module, with the code for the URL."""
    reader = PdfReader(io.BytesIO(certificate_pdf(certificate)))
    code = qr_code(verify_url(certificate))
    expected = code.get_matrix()  # modules including the quiet zone (border)
    size = len(expected)
    candidates = [image.image.convert("L") for image in reader.pages[0].images]
    qr = next(img for img in candidates if img.width == img.height == size * code.box_size)
    box = code.box_size
    read = [[qr.getpixel((x * box + box // 2, y * box + box // 2)) < 128 for x in range(size)] for y in range(size)]
    assert read == expected


def test_regenerating_many_pdfs_from_the_cli_shows_progress(runner, certificate, tmp_path):
    result = runner.invoke(args=["certificates", "regenerate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{certificate.number}.pdf").read_bytes() == certificate_pdf(certificate)
    assert "1 PDF(s) written" in result.output
