"""The certificate as a PDF (xhtml2pdf): A4 landscape, DejaVu for Dutch diacritics, a QR code to the verify page.

The same record always gives the same bytes: the PDF's timestamp is the moment of
issue (``learn.pdf``), and nothing else on the page varies.
"""

import base64
import functools
import io
from datetime import UTC
from pathlib import Path

import qrcode
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import current_app, render_template
from flask_babel import force_locale
from qrcode.constants import ERROR_CORRECT_M

from ..branding import academy
from ..pdf import fonts, reproducible_pdf
from ..studytime.text import studied
from ..urls import absolute_url
from .models import Certificate


def verify_url(certificate: Certificate) -> str:
    return absolute_url("certificates.verify", code=certificate.verification_code)


def qr_code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


@functools.cache
def _code_points(path: str) -> frozenset[int]:
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(path, subfontIndex=0).charToGlyph)  # a collection's first face, as xhtml2pdf embeds it


def _main_code_points() -> frozenset[int]:
    """The characters of the certificate's own font: DejaVu's, or Helvetica's (Windows-1252) without it."""
    found = fonts()
    if found is None:
        return frozenset(ord(ch) for ch in bytes(range(32, 256)).decode("cp1252", errors="ignore"))
    return _code_points(found["regular"])


def _fallback_code_points() -> frozenset[int]:
    found = fonts()
    return _code_points(found["fallback"]) if found and found["fallback"] else frozenset()


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` no installed font prints (an emoji; a Chinese name without the CJK font).

    Beyond the fonts' own characters, nothing outside Unicode's first plane: ReportLab's font
    subsets leave those out, which is how emoji vanished from certificates.
    """
    printable = _main_code_points() | _fallback_code_points()
    return sorted({ch for ch in text if not ch.isspace() and (ord(ch) > 0xFFFF or ord(ch) not in printable)})


def font_runs(text: str) -> list[tuple[bool, str]]:
    """``text`` cut where the font changes: ``(True, run)`` for a run only the fallback font prints.

    xhtml2pdf draws each run in one font and has no fallback of its own, so a name like
    "Zoë 张伟" is printed as DejaVu's "Zoë " followed by the CJK font's "张伟". Spaces stay in the run they follow.
    """
    main = _main_code_points()
    runs: list[tuple[bool, str]] = []
    for ch in text:
        fallback = ord(ch) not in main and not ch.isspace()
        if runs and (runs[-1][0] == fallback or ch.isspace()):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((fallback, ch))
    return runs


def name_size(name: str) -> int:
    """Points for the printed name: long names get smaller so the certificate stays one page."""
    return 28 if len(name) <= 40 else 22 if len(name) <= 60 else 16 if len(name) <= 100 else 12


def certificate_html(certificate: Certificate) -> str:
    url = verify_url(certificate)
    logo = Path(current_app.config["ACADEMY_LOGO"])
    with force_locale("nl"):
        return render_template(
            "certificates/pdf.html",
            certificate=certificate,
            brand=academy(),
            verify_url=url,
            qr_data_uri="data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii"),
            logo=str(logo) if logo.is_file() else None,
            fonts=fonts(),
            name_size=name_size(certificate.learner_name),
            name_runs=font_runs(certificate.learner_name),
            points=format_decimal(certificate.points, locale="nl"),
            study_time=studied(certificate.study_seconds) if certificate.study_seconds is not None else None,
            completion_date=format_date(certificate.completion_date, format="long", locale="nl"),
            issued_date=format_date(certificate.issued_at.date(), format="long", locale="nl"),
            revoked_date=format_date(certificate.revoked_at.date(), format="long", locale="nl")
            if certificate.revoked_at
            else None,
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    """Local reads only of the logo's folder (and the fonts); the timestamp is the moment of issue."""
    issued = certificate.issued_at.replace(tzinfo=UTC)
    logo_dir = Path(current_app.config["ACADEMY_LOGO"]).resolve().parent
    return reproducible_pdf(certificate_html(certificate), int(issued.timestamp()), readable=(logo_dir,))
