"""Institutions and admins download each module as a SCORM 1.2 or SCORM 2004 package, or play it here first."""

import mimetypes
import zipfile

from flask import Blueprint, Response, abort, current_app, render_template, send_file

from scorm_export import STANDARDS
from scorm_export.cache import cached_package
from scorm_export.standards import package_filename

from ..content.library import get_library, module_or_404
from ..security import roles_required

bp = Blueprint("scorm", __name__, url_prefix="/scorm", template_folder="templates")
BY_SLUG = {standard.slug: standard for standard in STANDARDS.values()}
# Every LMS we know imports it, and it keeps long reflections whole (1.2 keeps 4,096 characters of state).
RECOMMENDED = STANDARDS["2004"]
LMS_NOTES = ("moodle", "canvas", "brightspace", "totara")  # the order of the notes on the page


def _package(module_id: str, slug: str):
    module = module_or_404(module_id)
    if slug not in BY_SLUG:
        abort(404)
    return module, cached_package(module, BY_SLUG[slug], current_app._get_current_object())


@bp.get("/")
@roles_required("admin", "institution")
def index():
    others = [standard for standard in STANDARDS.values() if standard != RECOMMENDED]
    return render_template(
        "scorm/index.html",
        modules=list(get_library()),
        recommended=RECOMMENDED,
        others=others,
        filename=package_filename,
        lms_notes=LMS_NOTES,
    )


@bp.get("/<module_id>/<standard>.zip")
@roles_required("admin", "institution")
def download(module_id, standard):
    _module, path = _package(module_id, standard)
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=path.name, max_age=0)


@bp.get("/<module_id>/<standard>/voorbeeld/<path:filename>")
@roles_required("admin", "institution")
def preview(module_id, standard, filename):
    """The package's own files, straight from its zip: it plays as in an LMS, and without one it saves nothing."""
    _module, path = _package(module_id, standard)
    with zipfile.ZipFile(path) as package:
        if filename not in package.namelist():
            abort(404)
        data = package.read(filename)
    mimetype = "text/javascript" if filename.endswith((".js", ".mjs")) else mimetypes.guess_type(filename)[0]
    return Response(data, mimetype=mimetype or "application/octet-stream", headers={"Cache-Control": "no-store"})
