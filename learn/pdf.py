"""PDFs Leerpad makes from its own templates (certificates, module tools): DejaVu fonts, no network, same bytes.

xhtml2pdf and ReportLab are imported on the first PDF: they take longer to import
than the whole app takes to start, and most requests never need them.
ReportLab runs in invariant mode with its timestamp pinned to a date the caller
chooses, so the same input always gives the same bytes.
"""

import io
import os
import threading
from contextlib import contextmanager
from pathlib import Path

FONT_DIR = Path(os.environ.get("LEERPAD_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
# For the characters DejaVu lacks (Chinese, Japanese, Korean): Debian's fonts-wqy-zenhei or -microhei.
# Both are TrueType collections; their first subfont (index 0, ReportLab's and xhtml2pdf's default)
# is the proportional face.
FALLBACK_FONTS = tuple(
    Path(path)
    for path in os.environ.get(
        "LEERPAD_FALLBACK_FONTS",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ).split(":")
    if path
)
# ReportLab's invariant switch and SOURCE_DATE_EPOCH are process-wide: one render at a time.
_render_lock = threading.Lock()


class PdfError(RuntimeError):
    pass


def fonts() -> dict[str, str | None] | None:
    """DejaVu regular and bold, and the fallback font for what DejaVu lacks (None when not installed)."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        fallback = next((str(path) for path in FALLBACK_FONTS if path.is_file()), None)
        return {"regular": str(regular), "bold": str(bold), "fallback": fallback}
    return None  # ReportLab's Helvetica still has é, ë and ï (WinAnsi)


def reproducible_pdf(html: str, epoch: int, readable: tuple[Path, ...] = ()) -> bytes:
    """Render ``html``; files are read only from ``readable`` folders and the fonts, never from the network."""
    from xhtml2pdf import pisa
    from xhtml2pdf.config.resources import ResourceAccessPolicy

    roots = [Path(folder).resolve() for folder in readable] or [FONT_DIR.resolve()]
    font_dirs = {FONT_DIR.resolve(), *(path.parent.resolve() for path in FALLBACK_FONTS if path.is_file())}
    policy = ResourceAccessPolicy.server(roots[0], allow_remote=False, extra_roots=(*roots[1:], *font_dirs))
    output = io.BytesIO()
    with _pinned_timestamp(epoch):
        status = pisa.CreatePDF(html, dest=output, encoding="utf-8", resource_policy=policy)
    if status.err:
        raise PdfError("xhtml2pdf could not render the page")
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
