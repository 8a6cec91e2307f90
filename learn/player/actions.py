"""What a learner can do on a step, per step type.

The content model stays free of the database: this module turns a form post on a
step into records. A step type without an entry here only has "next".
Other features add their own handlers (the quiz, in ``learn.assessment``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, redirect, url_for
from flask_babel import lazy_gettext
from werkzeug.datastructures import MultiDict

from ..content.model import Module, Step
from ..input import too_long_message
from . import records
from .models import Enrolment
from .progress import scenario_path_after

# A handler records what the step's form says; whether the step is done is its work check's answer.
StepHandler = Callable[[Enrolment, Module, Step, MultiDict], None]
# An autosave saver returns False when there is nothing to save into any more.
Saver = Callable[[Enrolment, Module, Step, MultiDict], bool]
HANDLERS: dict[str, StepHandler] = {}
# Actions beyond "next" and "save" that a step type accepts.
ACTIONS: dict[str, set[str]] = {}
# A view-state builder gives the template what this learner did on the step (from the page's records.Reads); "autosave": False turns the
# step's autosave off on this view (a quiz handed in), "draft_scope" keys the browser's copy (the attempt).
VIEW_STATES: dict[str, Callable[[records.Reads, Step], dict]] = {}
# An autosave saver keeps what the learner typed or chose so far, posted by the client runtime while they
# work; it returns False when there is nothing to save into any more (a quiz attempt handed in elsewhere).
AUTOSAVES: dict[str, Saver] = {}
# A work check says, for the steps of its type, what work is still open in each (learner-facing
# sentences, lazily translated: checks also run outside a request): a step counts as done only when it is visited and nothing is open (learn.player.work).
WORK_CHECKS: dict[str, Callable[[records.Reads, list[Step]], dict[str, list[str]]]] = {}
# Panels other features show on the module overview (result, evaluation, certificate): (module, enrolment) -> HTML.
OVERVIEW_PANELS: list[Callable] = []


@dataclass(frozen=True)
class NextAction:
    """The one thing the learner should do next in a module: the primary button wherever the module shows."""

    label: str
    url: str


# What comes after the steps, asked in order once every required step is done (retry the final test,
# the evaluation, the certificate): (module, enrolment) -> NextAction | None. The first answer wins.
NEXT_ACTIONS: list[Callable] = []


def handles(type_name: str, actions: tuple[str, ...] = ()):
    def decorator(handler):
        HANDLERS[type_name] = handler
        ACTIONS[type_name] = set(actions)
        return handler

    return decorator


def view_state(type_name: str):
    def decorator(builder):
        VIEW_STATES[type_name] = builder
        return builder

    return decorator


def autosaves(type_name: str):
    def decorator(saver):
        AUTOSAVES[type_name] = saver
        return saver

    return decorator


def work_check(type_name: str):
    def decorator(check):
        WORK_CHECKS[type_name] = check
        return check

    return decorator


MAX_REFLECTION_LENGTH = 20_000


@handles("reflection")
def save_reflection(enrolment, module, step, form) -> None:
    answers = {question.id: form.get(f"answer-{question.id}", "") for question in step.questions}
    if any(len(text) > MAX_REFLECTION_LENGTH for text in answers.values()):
        flash(too_long_message(MAX_REFLECTION_LENGTH), "error")
        abort(redirect(url_for("player.step", module_id=module.id, step_id=step.id)))
    records.save_reflection(enrolment, step, answers)


@autosaves("reflection")
def autosave_reflection(enrolment, module, step, form) -> bool:
    """Only the answers in the post: a field the client did not send is left as it is."""
    answers = {q.id: form[f"answer-{q.id}"] for q in step.questions if f"answer-{q.id}" in form}
    if any(len(text) > MAX_REFLECTION_LENGTH for text in answers.values()):
        abort(400)
    records.save_reflection(enrolment, step, answers, only_given=True)
    return True


def reflection_open(step, answers: dict[str, str]) -> list[str]:
    """Every required question needs real text: at least its minimum length, spaces not counted at the ends."""
    return [
        lazy_gettext(
            "Vraag %(n)s: schrijf een antwoord van minstens %(min)s tekens (nu %(have)s).",
            n=number,
            min=question.min_length,
            have=len(answers.get(question.id, "").strip()),
        )
        for number, question in enumerate(step.questions, start=1)
        if not question.optional and len(answers.get(question.id, "").strip()) < question.min_length
    ]


@work_check("reflection")
def reflection_work(reads, steps) -> dict[str, list[str]]:
    answers = reads(records.reflection_answers_by_step)
    return {step.id: reflection_open(step, answers.get(step.id, {})) for step in steps}


@view_state("reflection")
def reflection_view(reads, step) -> dict:
    return {"answers": reads(records.reflection_answers_by_step).get(step.id, {})}


@handles("scenario", actions=("choose", "restart"))
def choose_in_scenario(enrolment, module, step, form) -> None:
    state = records.step_state(enrolment, step)
    path = list((state.state or {}).get("path", []))
    if form.get("action") == "restart":
        path = []
    elif "choice" in form:
        node_id, _, choice_id = form["choice"].partition(":")
        walk = step.walk(path)
        if walk.current is None or walk.current.id != node_id or step.choice(node_id, choice_id) is None:
            abort(400)
        path = scenario_path_after(path, node_id, choice_id)
    state.state = {**(state.state or {}), "path": path}


def scenario_open(step, path) -> list[str]:
    return [] if step.walk(path).finished else [lazy_gettext("Speel de casus uit tot een einde.")]


@work_check("scenario")
def scenario_work(reads, steps) -> dict[str, list[str]]:
    states = reads(records.step_states)
    return {
        step.id: scenario_open(step, (states[step.id].state or {}).get("path", []) if step.id in states else [])
        for step in steps
    }


@view_state("scenario")
def scenario_view(reads, step) -> dict:
    state = reads(records.step_states).get(step.id)
    return {"walk": step.walk((state.state or {}).get("path", []) if state else [])}
