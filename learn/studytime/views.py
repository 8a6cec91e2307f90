"""The browser's beat while a learner works on a step (admins see the result on the learner's page, learn.admin)."""

from flask import Blueprint, abort, request
from flask_login import current_user

from ..content.library import module_or_404
from ..extensions import db
from ..player import records as player_records
from ..security import signed_in
from .records import record_activity

bp = Blueprint("studytime", __name__)


@bp.post("/modules/<module_id>/steps/<step_id>/studietijd")
@signed_in
def beat(module_id, step_id):
    """``state=active`` (the page is in sight and the learner at work) or ``hidden`` (the clock stops).

    A beat counts only the time since the previous activity, at most the idle cap, so extra beats add nothing.
    """
    module = module_or_404(module_id)
    if module.step(step_id) is None:
        abort(404)
    enrolment = player_records.find_enrolment(current_user, module.id)
    if enrolment is None:
        abort(404)
    record_activity(enrolment, step_id, running=request.form.get("state") != "hidden")
    db.session.commit()
    return "", 204
