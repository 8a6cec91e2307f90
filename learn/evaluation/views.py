"""The learner's evaluation form. Thin: records and forms do the work."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content.library import module_or_404
from ..extensions import db
from ..input import too_long_message
from ..player.records import find_enrolment
from ..security import signed_in
from . import records
from .forms import MAX_DRAFT_TEXT, cleaned_answers, draft_formdata, form_class, raw_answers
from .library import form_for

bp = Blueprint("evaluation", __name__, template_folder="templates")


def _evaluable(module_id):
    """The module, its form, and the version this learner completed; redirects when not completed."""
    module = module_or_404(module_id)
    definition = form_for(module) or abort(404)
    enrolment = find_enrolment(current_user, module.id)
    if enrolment is None or enrolment.completed_at is None:
        flash(_("Je kunt de module evalueren als je alle stappen hebt gedaan."), "error")
        abort(redirect(url_for("player.overview", module_id=module.id)))
    return module, definition, enrolment.completed_version or module.version


@bp.get("/modules/<module_id>/evaluatie")
@signed_in
def form(module_id):
    module, definition, version = _evaluable(module_id)
    if records.has_submitted(current_user.id, module.id, version):
        return render_template("evaluation/thanks.html", module=module)
    draft = records.find_draft(current_user.id, module.id, version)
    wtform = form_class(definition)(formdata=draft_formdata(definition, draft.answers) if draft else None)
    return render_template("evaluation/form.html", module=module, definition=definition, form=wtform, draft=draft)


@bp.post("/modules/<module_id>/evaluatie")
@signed_in
def submit(module_id):
    module, definition, version = _evaluable(module_id)
    if records.has_submitted(current_user.id, module.id, version):
        flash(_("Je had deze evaluatie al ingestuurd. Je kunt dat één keer per versie van de module doen."), "error")
        return redirect(url_for("evaluation.form", module_id=module.id))
    wtform = form_class(definition)()
    try:
        typed = raw_answers(definition, request.form)
    except ValueError:
        flash(too_long_message(MAX_DRAFT_TEXT), "error")
        return redirect(url_for("evaluation.form", module_id=module.id))
    if request.form.get("action") == "save":
        records.save_draft(current_user.id, module.id, version, typed)
        db.session.commit()
        flash(_("Je antwoorden zijn opgeslagen. Je kunt later verder gaan."), "success")
        return redirect(url_for("evaluation.form", module_id=module.id))
    if not wtform.validate_on_submit():
        # Nothing typed is lost: the draft keeps it while the learner fixes the form.
        records.save_draft(current_user.id, module.id, version, typed)
        db.session.commit()
        draft = records.find_draft(current_user.id, module.id, version)
        return render_template(
            "evaluation/form.html", module=module, definition=definition, form=wtform, draft=draft
        ), 400
    clean = cleaned_answers(definition, wtform)
    stored = records.submit(current_user.id, module.id, version, definition.name, **clean)
    db.session.commit()
    if not stored:
        flash(_("Je had deze evaluatie al ingestuurd. Je kunt dat één keer per versie van de module doen."), "error")
    return redirect(url_for("evaluation.form", module_id=module.id))
