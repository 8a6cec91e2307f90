"""The certificate as a PDF (xhtml2pdf): A4 landscape, DejaVu for Dutch diacritics, a QR code to the verify page.

The same record always gives the same bytes: ReportLab runs in invariant mode with
its timestamp pinned to the moment of issue, and nothing else on the page varies.
xhtml2pdf and ReportLab are imported on the first PDF: they take longer to import
than the whole app takes to start, and learners never need them.
"""

import base64
import io
import os
import threading
from contextlib import contextmanager
from datetime import timezone
from pathlib import Path

import qrcode
from babel.dates import format_date
from babel.numbers import format_decimal
from flask import current_app, render_template
from flask_babel import force_locale
from qrcode.constants import ERROR_CORRECT_M

from ..branding import academy
from .models import Certificate

FONT_DIR = Path(os.environ.get("LEERPAD_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
# ReportLab's invariant switch and SOURCE_DATE_EPOCH are process-wide: one render at a time.
_render_lock = threading.Lock()


class PdfError(RuntimeError):
    pass


def verify_url(certificate: Certificate) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/verify/{certificate.verification_code}"


def qr_code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).make_image().save(buffer, format="PNG")
    return buffer.getvalue()


def fonts() -> dict[str, str] | None:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        return {"regular": str(regular), "bold": str(bold)}
    return None  # ReportLab's Helvetica still has é, ë and ï (WinAnsi)


def name_size(name: str) -> int:
    """Points for the printed name: long names get smaller so the certificate stays one page."""
    return 28 if len(name) <= 40 else 22 if len(name) <= 60 else 16 if len(name) <= 100 else 12


def _resource_policy():
    """Nothing from the network; local reads only of the logo's folder and the fonts."""
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    logo_dir = Path(current_app.config["ACADEMY_LOGO"]).resolve().parent
    return ResourceAccessPolicy.server(logo_dir, allow_remote=False, extra_roots=(FONT_DIR.resolve(),))


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
            points=format_decimal(certificate.points, locale="nl"),
            completion_date=format_date(certificate.completion_date, format="long", locale="nl"),
            issued_date=format_date(certificate.issued_at.date(), format="long", locale="nl"),
        )


def certificate_pdf(certificate: Certificate) -> bytes:
    from xhtml2pdf import pisa

    html = certificate_html(certificate)
    issued = certificate.issued_at.replace(tzinfo=timezone.utc)
    output = io.BytesIO()
    with _pinned_timestamp(int(issued.timestamp())):
        status = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=_resource_policy())
    if status.err:
        raise PdfError(f"xhtml2pdf could not render certificate {certificate.number}")
    return output.getvalue()


@contextmanager
def _pinned_timestamp(epoch: int):
    from reportlab import rl_config

    with _render_lock:
        previous_invariant, previous_epoch = rl_config.invariant, os.environ.get("SOURCE_DATE_EPOCH")
        rl_config.invariant = 1
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        try:
            yield
        finally:
            rl_config.invariant = previous_invariant
            if previous_epoch is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
