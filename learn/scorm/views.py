"""Institutions and admins download each module as a SCORM 1.2 or SCORM 2004 package."""

from flask import Blueprint, abort, current_app, render_template, send_file

from scorm_export import STANDARDS
from scorm_export.cache import cached_package
from scorm_export.package import package_filename

from ..content.library import get_library, module_or_404
from ..security import roles_required

bp = Blueprint("scorm", __name__, url_prefix="/scorm", template_folder="templates")
BY_SLUG = {standard.slug: standard for standard in STANDARDS.values()}


@bp.get("/")
@roles_required("admin", "institution")
def index():
    return render_template(
        "scorm/index.html", modules=list(get_library()), standards=list(STANDARDS.values()), filename=package_filename
    )


@bp.get("/<module_id>/<standard>.zip")
@roles_required("admin", "institution")
def download(module_id, standard):
    module = module_or_404(module_id)
    if standard not in BY_SLUG:
        abort(404)
    path = cached_package(module, BY_SLUG[standard], current_app._get_current_object())
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=path.name, max_age=0)
