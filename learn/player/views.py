"""Catalogue, module overview and step player. Views are thin: records and progress do the work."""

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..content.library import get_library, module_or_404
from ..extensions import db
from ..security import public, signed_in
from . import records
from .actions import ACTIONS, HANDLERS, OVERVIEW_PANELS, VIEW_STATES
from .progress import module_progress, neighbours, resume_step_id

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
    library = get_library()
    enrolments = {}
    if current_user.is_authenticated:
        for module in library:
            enrolment = records.find_enrolment(current_user, module.id)
            if enrolment:
                enrolments[module.id] = module_progress(module, records.done_step_ids(enrolment))
    return render_template("player/catalogue.html", modules=list(library), progress=enrolments)


@bp.get("/modules/<module_id>")
@public
def overview(module_id):
    module = module_or_404(module_id)
    enrolment = records.find_enrolment(current_user, module.id) if current_user.is_authenticated else None
    states = records.step_states(enrolment) if enrolment else {}
    done = {step_id for step_id, state in states.items() if state.done_at}
    return render_template(
        "player/overview.html",
        module=module,
        enrolment=enrolment,
        states=states,
        panels=[panel(module, enrolment) for panel in OVERVIEW_PANELS] if enrolment else [],
        progress=module_progress(module, done),
        resume_id=resume_step_id(module, enrolment.current_step_id, done) if enrolment else None,
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
    step_id = resume_step_id(module, enrolment.current_step_id, records.done_step_ids(enrolment))
    return redirect(url_for("player.step", module_id=module.id, step_id=step_id))


@bp.get("/modules/<module_id>/steps/<step_id>")
@signed_in
def step(module_id, step_id):
    module = module_or_404(module_id)
    step = _step_or_404(module, step_id)
    enrolment = _enrolment_or_redirect(module)
    done = records.done_step_ids(enrolment)
    previous_id, next_id = neighbours(module, step.id)
    builder = VIEW_STATES.get(step.type_name)
    return render_template(
        "player/step.html",
        module=module,
        step=step,
        mode="web",
        position=module.position(step.id) + 1,
        chapter=module.chapters[module.chapter_of(step.id)],
        progress=module_progress(module, done),
        is_done=step.id in done,
        previous_id=previous_id,
        next_id=next_id,
        view=builder(enrolment, step) if builder else {},
        asset_url=lambda path: url_for("player.asset", module_id=module.id, filename=path.removeprefix("images/")),
    )


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
    finished = handler(enrolment, module, step, request.form) if handler else True
    records.record_activity(enrolment)
    _, next_id = neighbours(module, step.id)
    target = step.id
    if action == "next":
        if finished:
            records.mark_done(enrolment, module, step)
        target = next_id or step.id
        records.move_to(enrolment, target)
    else:
        records.move_to(enrolment, step.id)
    db.session.commit()
    if action == "next" and next_id is None:
        return redirect(url_for("player.overview", module_id=module.id))
    anchor = "keuze" if action in {"choose", "restart"} else None
    return redirect(url_for("player.step", module_id=module.id, step_id=target, _anchor=anchor))


@bp.get("/modules/<module_id>/images/<path:filename>")
@bp.get("/modules/<module_id>/steps/images/<path:filename>")
@public
def asset(module_id, filename):
    """Module illustrations, only from the module's images folder.

    The second address is where ``![…](images/x.png)`` in a step's Markdown points
    from the step page, so authors write the same relative path as in SCORM packages.
    """
    module = module_or_404(module_id)
    return send_from_directory(module.folder / "images", filename, max_age=3600)


@bp.get("/colofon")
@public
def colophon():
    return render_template("player/colophon.html")


@bp.get("/mijn-reflecties")
@signed_in
def my_reflections():
    return render_template("player/reflections.html", entries=_reflection_entries())


@bp.get("/mijn-reflecties/download")
@signed_in
def download_reflections():
    entries = _reflection_entries()
    if request.args.get("format") == "json":
        body = json.dumps(entries, ensure_ascii=False, indent=2, default=str)
        return Response(
            body,
            mimetype="application/json",
            headers={"Content-Disposition": "attachment; filename=mijn-reflecties.json"},
        )
    lines = [_("Mijn reflecties"), ""]
    for entry in entries:
        lines += [f"{entry['module']} — {entry['step']}", entry["question"], "", entry["answer"], "", "-" * 40, ""]
    return Response(
        "\n".join(lines),
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename=mijn-reflecties.txt"},
    )


def _reflection_entries() -> list[dict]:
    library = get_library()
    entries = []
    for enrolment, answer in records.all_reflections(current_user):
        module = library.get(enrolment.module_id)
        step = module.step(answer.step_id) if module else None
        question = next((q for q in getattr(step, "questions", ()) if q.id == answer.question_id), None)
        entries.append(
            {
                "module": module.title if module else enrolment.module_id,
                "step": step.title if step else answer.step_id,
                "question": question.text if question else answer.question_id,
                "answer": answer.answer,
                "updated_at": answer.updated_at.isoformat(timespec="minutes"),
            }
        )
    return entries
