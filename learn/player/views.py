"""Catalogue, module overview and step player. Views are thin: records and progress do the work."""

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.security import safe_join

from ..auth.models import utcnow
from ..content.library import get_library, module_or_404
from ..content.tools import tools_in
from ..extensions import db
from ..security import public, signed_in
from ..studytime.records import record_activity
from . import records, reflections
from .actions import ACTIONS, AUTOSAVES, HANDLERS, OVERVIEW_PANELS, VIEW_STATES
from .progress import module_progress, neighbours, resume_step_id
from .standing import next_action
from .work import completed_step_ids, open_work

bp = Blueprint("player", __name__, template_folder="templates")


def _enrolment_or_redirect(module):
    enrolment = records.find_enrolment(current_user, module.id)
    if enrolment is None:
        abort(redirect(url_for("player.overview", module_id=module.id)))
    return enrolment


def _step_or_404(module, step_id):
    step = module.step(step_id)
    if step is None:
        abort(404)
    return step


@bp.get("/")
@public
def catalogue():
    """The catalogue; for a signed-in learner their home: where they were, their modules, then the rest."""
    library = get_library()
    mine = []
    if current_user.is_authenticated:
        enrolments = [e for e in records.enrolments_of(current_user) if library.get(e.module_id)]
        for enrolment in sorted(enrolments, key=lambda e: e.last_activity_at, reverse=True):
            module = library.get(enrolment.module_id)
            mine.append(_standing(module, enrolment, completed_step_ids(module, enrolment)))
    taken = {entry["module"].id for entry in mine}
    resume = next((entry for entry in mine if entry["action"] and not entry["enrolment"].completed_at), None)
    resume = resume or next((entry for entry in mine if entry["action"]), None)
    return render_template(
        "player/catalogue.html",
        resume=resume,
        mine=[entry for entry in mine if entry is not resume],
        others=[module for module in library if module.id not in taken],
    )


def _standing(module, enrolment, done: set[str]) -> dict:
    """What the home page and the completion page show of one enrolment."""
    step_id = resume_step_id(module, enrolment.current_step_id, done)
    return {
        "module": module,
        "enrolment": enrolment,
        "progress": module_progress(module, done),
        "step": module.step(step_id),
        "chapter_number": module.chapter_of(step_id) + 1,
        "chapter": module.chapters[module.chapter_of(step_id)],
        "action": next_action(module, enrolment, done),
    }


@bp.get("/modules/<module_id>")
@public
def overview(module_id):
    module = module_or_404(module_id)
    enrolment = records.find_enrolment(current_user, module.id) if current_user.is_authenticated else None
    reads = records.Reads(enrolment) if enrolment else None
    states = reads(records.step_states) if reads else {}
    open_items = open_work(module, enrolment, reads) if reads else {}
    done = {step_id for step_id, state in states.items() if state.done_at and step_id not in open_items}
    # The steps the learner moved on from while work is still open: shown as open, with what is left.
    still_open = {
        step_id: items for step_id, items in open_items.items() if step_id in states and states[step_id].done_at
    }
    return render_template(
        "player/overview.html",
        module=module,
        enrolment=enrolment,
        states=states,
        done=done,
        still_open=still_open,
        panels=[panel(module, enrolment) for panel in OVERVIEW_PANELS] if enrolment else [],
        progress=module_progress(module, done),
        action=next_action(module, enrolment, done),
        tool_url=_tool_url(module),
    )


@bp.get("/modules/<module_id>/afgerond")
@signed_in
def completed(module_id):
    """The moment after "Afronden": what the learner achieved and what comes next, or what is still open."""
    module = module_or_404(module_id)
    enrolment = _enrolment_or_redirect(module)
    reads = records.Reads(enrolment)
    done = completed_step_ids(module, enrolment, reads)
    open_steps = [step for step in module.steps if step.required and step.id not in done]
    return render_template(
        "player/completed.html",
        module=module,
        enrolment=enrolment,
        open_steps=open_steps,
        open_items=open_work(module, enrolment, reads),
        progress=module_progress(module, done),
        action=next_action(module, enrolment, done),
        panels=[panel(module, enrolment) for panel in OVERVIEW_PANELS],
    )


@bp.post("/modules/<module_id>/enrol")
@signed_in
def enrol(module_id):
    module = module_or_404(module_id)
    enrolment = records.enrol(current_user, module)
    db.session.commit()
    return redirect(url_for("player.step", module_id=module.id, step_id=enrolment.current_step_id))


@bp.get("/modules/<module_id>/verder")
@signed_in
def resume(module_id):
    module = module_or_404(module_id)
    enrolment = _enrolment_or_redirect(module)
    step_id = resume_step_id(module, enrolment.current_step_id, completed_step_ids(module, enrolment))
    return redirect(url_for("player.step", module_id=module.id, step_id=step_id))


@bp.get("/modules/<module_id>/steps/<step_id>")
@signed_in
def step(module_id, step_id):
    module = module_or_404(module_id)
    step = _step_or_404(module, step_id)
    enrolment = _enrolment_or_redirect(module)
    reads = records.Reads(enrolment)
    previous_id, next_id = neighbours(module, step.id)
    builder = VIEW_STATES.get(step.type_name)
    view = builder(reads, step) if builder else {}
    return render_template(
        "player/step.html",
        module=module,
        step=step,
        mode="web",
        position=module.position(step.id) + 1,
        chapter=module.chapters[module.chapter_of(step.id)],
        progress=module_progress(module, completed_step_ids(module, enrolment, reads)),
        is_done=step.id in records.marked_done(reads(records.step_states)),
        studytime_url=url_for("studytime.beat", module_id=module.id, step_id=step.id),
        previous_id=previous_id,
        next_id=next_id,
        view=view,
        autosave_url=url_for("player.autosave", module_id=module.id, step_id=step.id)
        if step.type_name in AUTOSAVES and view.get("autosave", True)
        else None,
        asset_url=lambda path: url_for("player.asset", module_id=module.id, filename=path.removeprefix("images/")),
        tools=tools_in(module, step),
        tool_url=_tool_url(module),
    )


def _tool_url(module):
    return lambda tool: url_for("tools.download", module_id=module.id, name=tool.id)


@bp.post("/modules/<module_id>/steps/<step_id>")
@signed_in
def act(module_id, step_id):
    module = module_or_404(module_id)
    step = _step_or_404(module, step_id)
    enrolment = _enrolment_or_redirect(module)
    action = request.form.get("action") or ("choose" if "choice" in request.form else "next")
    if action not in {"next", "save"} | ACTIONS.get(step.type_name, set()):
        abort(400)
    handler = HANDLERS.get(step.type_name)
    if handler:
        handler(enrolment, module, step, request.form)
    next_id = neighbours(module, step.id)[1]
    target = step.id
    left_open = []
    if action == "next":
        after = records.mark_done(enrolment, module, step)  # moved on; done once its work is (learn.player.work)
        left_open = open_work(module, enrolment, after, among={step.id}).get(step.id, [])
        target = next_id or step.id
        records.move_to(enrolment, target)
    else:
        records.move_to(enrolment, step.id)
    record_activity(enrolment, target)
    db.session.commit()
    if left_open:
        flash(
            _(
                "Nog niet af: ‘%(step)s’. %(open)s Je kunt later terug.",
                step=step.title,
                open=" ".join(map(str, left_open)),
            ),
            "warning",
        )
    if action == "save":
        flash(_("Je antwoorden zijn bewaard om %(time)s.", time=format_time(utcnow(), "HH:mm")), "success")
    if action == "next" and next_id is None:
        return redirect(url_for("player.completed", module_id=module.id))
    anchor = "keuze" if action in {"choose", "restart"} else None
    return redirect(url_for("player.step", module_id=module.id, step_id=target, _anchor=anchor))


@bp.post("/modules/<module_id>/steps/<step_id>/bewaar")
@signed_in
def autosave(module_id, step_id):
    """What the learner typed or chose so far, posted by the client runtime while they work (learn/static/runtime/drafts.js).

    The same field names as the step's form. Answers 409 when there is nothing left to save into
    (a quiz attempt already handed in); the runtime keeps the text in the browser until a save succeeds.
    """
    module = module_or_404(module_id)
    step = _step_or_404(module, step_id)
    enrolment = records.find_enrolment(current_user, module.id)
    saver = AUTOSAVES.get(step.type_name)
    if enrolment is None or saver is None:
        abort(404)
    if not saver(enrolment, module, step, request.form):
        db.session.rollback()
        return jsonify(saved=False, message=_("Niet opgeslagen: deze toets is al ingeleverd.")), 409
    record_activity(enrolment, step.id)
    db.session.commit()
    return jsonify(saved=True, message=_("Opgeslagen om %(time)s", time=format_time(utcnow(), "HH:mm")))


@bp.get("/modules/<module_id>/images/<path:filename>")
@bp.get("/modules/<module_id>/steps/images/<path:filename>")
@public
def asset(module_id, filename):
    """Module illustrations, only from the module's images folder.

    The second address is where ``![…](images/x.png)`` in a step's Markdown points
    from the step page, so authors write the same relative path as in SCORM packages.
    """
    module = module_or_404(module_id)
    path = safe_join(str(module.folder / "images"), filename)
    # A link inside images/ to a file elsewhere is refused by the loader, and here too if it appears later.
    if path is None or not Path(path).resolve().is_relative_to(module.folder.resolve()):
        abort(404)
    response = send_from_directory(module.folder / "images", filename, max_age=3600)
    if response.mimetype == "image/svg+xml":
        # Opened on its own an SVG is a document; even a checked portrait gets no scripts and no fetches.
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/colofon")
@public
def colophon():
    return render_template("player/colophon.html")


@bp.get("/mijn-reflecties")
@signed_in
def my_reflections():
    return render_template("player/reflections.html", entries=_my_reflections())


@bp.get("/mijn-reflecties/download")
@signed_in
def download_reflections():
    entries = _my_reflections()
    kind = request.args.get("format", "txt")
    if kind == "pdf":
        body, mimetype = reflections.as_pdf(entries, current_user.name), "application/pdf"
    elif kind == "json":
        body, mimetype = reflections.as_json(entries), "application/json"
    else:
        kind, body, mimetype = "txt", reflections.as_text(entries), "text/plain; charset=utf-8"
    disposition = f"attachment; filename=mijn-reflecties.{kind}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.post("/mijn-reflecties/<int:answer_id>/wissen")
@signed_in
def delete_reflection(answer_id):
    if not records.delete_reflections(current_user, answer_id):
        abort(404)
    db.session.commit()
    flash(_("Het antwoord is gewist."), "success")
    return redirect(url_for("player.my_reflections"))


@bp.post("/mijn-reflecties/wissen")
@signed_in
def delete_all_reflections():
    if request.form.get("confirm") != "yes":
        flash(_("Vink eerst aan dat je alles wilt wissen."), "error")
        return redirect(url_for("player.my_reflections"))
    records.delete_reflections(current_user)
    db.session.commit()
    flash(_("Al je reflecties zijn gewist."), "success")
    return redirect(url_for("player.my_reflections"))


def _my_reflections() -> list[reflections.Entry]:
    return reflections.ordered_entries(get_library(), records.all_reflections(current_user))
