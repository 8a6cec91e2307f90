"""Downloading a module's tool: the PDF, rendered once per module version."""

import io

from flask import Blueprint, abort, send_file

from ..content.library import module_or_404
from ..security import public
from .pdf import tool_pdf

bp = Blueprint("tools", __name__, template_folder="templates")


@bp.get("/modules/<module_id>/steps/tools/<name>.pdf")
@bp.get("/modules/<module_id>/tools/<name>.pdf")  # registered first, so url_for builds this one
@public
def download(module_id, name):
    """Public like the overview that offers it. The second address is where ``[…](tools/x.pdf)``
    in a step's Markdown points from the step page: the same relative link as in a SCORM package."""
    module = module_or_404(module_id)
    tool = module.tool(name)
    if tool is None:
        abort(404)
    return send_file(
        io.BytesIO(tool_pdf(module, tool)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"{tool.id}.pdf",
        max_age=3600,
    )
