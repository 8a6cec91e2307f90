"""A module's tool as an A4 PDF with the academy's branding, the same bytes on every rebuild.

The PDF carries the date of the module version (its changelog entry), so a rebuild,
another worker or the SCORM export gives the very same file. Each worker renders a
tool once per module version and branding and keeps the bytes.
"""

import threading
from datetime import UTC, date, datetime, time
from pathlib import Path

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from ..branding import academy
from ..content.model import Module, Tool
from ..pdf import fonts, reproducible_pdf

_rendered: dict[tuple, bytes] = {}
_rendered_lock = threading.Lock()
UNDATED = date(2000, 1, 1)  # a module version without a date in its changelog


def with_writing_space(body: Markup) -> Markup:
    """An empty table cell prints as a box to write in: a tool can be a form to fill in by hand."""
    return Markup(str(body).replace("<td></td>", '<td class="blank">&nbsp;<br>&nbsp;</td>'))  # noqa: S704 (sanitized Markdown)


def tool_html(module: Module, tool: Tool) -> str:
    brand = academy()
    with force_locale(module.language or "nl"):
        return render_template(
            "tools/pdf.html",
            module=module,
            tool=tool,
            body=with_writing_space(tool.body),
            brand=brand,
            logo=str(brand.logo_path) if brand.logo_path.is_file() else None,
            fonts=fonts(),
        )


def tool_pdf(module: Module, tool: Tool) -> bytes:
    brand = academy()
    key = (module.id, module.version, tool.id, brand)
    with _rendered_lock:
        cached = _rendered.get(key)
    if cached is None:
        day = module.version_date or UNDATED
        epoch = int(datetime.combine(day, time(12), tzinfo=UTC).timestamp())
        logo_dir = Path(brand.logo_path).resolve().parent
        cached = reproducible_pdf(tool_html(module, tool), epoch, readable=(logo_dir,))
        with _rendered_lock:
            _rendered[key] = cached
    return cached
