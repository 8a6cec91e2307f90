"""A Chinese, Japanese or Korean name prints on the certificate in the fallback font (Debian's
fonts-wqy-zenhei, a TrueType collection); a name no installed font covers is still refused."""

import io

import pytest
from certificate_helpers import complete_module
from pypdf import PdfReader

from learn import pdf as pdf_module
from learn.certificates import issuing
from learn.certificates.pdf import certificate_pdf, font_runs, unprintable
from learn.extensions import db

pytestmark = pytest.mark.skipif(
    not any(path.is_file() for path in pdf_module.FALLBACK_FONTS), reason="scripts/setup installs fonts-wqy-zenhei"
)


def fonts_in(data: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return {font["/BaseFont"] for font in page["/Resources"]["/Font"].values()}


@pytest.mark.parametrize("name", ["王小明", "Zoë 张伟-Visser", "김민준", "さくら Tanaka"])
def test_the_pdf_holds_the_name_in_the_fallback_font(app, learner, fixture_module, name):
    enrolment = complete_module(learner, fixture_module)
    accreditation = issuing.accreditation_for(fixture_module, "Registerplein")
    with app.test_request_context():
        certificate = issuing.issue(learner, fixture_module, accreditation, enrolment, name, "4610123456")
        db.session.commit()
        data = certificate_pdf(certificate)
    text = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert name in text
    embedded = fonts_in(data)
    assert any("WenQuanYi" in font or "Fallback" in font for font in embedded), embedded
    assert any("DejaVu" in font or "Leerpad" in font for font in embedded), embedded


def test_only_what_dejavu_lacks_goes_to_the_fallback_font():
    assert font_runs("Zoë 张伟-Visser") == [(False, "Zoë "), (True, "张伟"), (False, "-Visser")]
    assert font_runs("Łukasz Żółć") == [(False, "Łukasz Żółć")]


def test_without_the_fallback_font_a_chinese_name_is_refused_again(monkeypatch):
    assert unprintable("王小明") == []
    monkeypatch.setattr(pdf_module, "FALLBACK_FONTS", ())
    assert unprintable("王小明") == ["小", "明", "王"]
