"""What a learner can do on a step, per step type.

The content model stays free of the database: this module turns a form post on a
step into records. A step type without an entry here only has "next".
Other features add their own handlers (the quiz, in ``learn.assessment``).
"""

from typing import Callable

from flask import abort
from werkzeug.datastructures import MultiDict

from ..content.model import Module, Step
from . import records
from .models import Enrolment
from .progress import scenario_path_after

# A handler gets the form and returns True when the step is finished (so "next" marks it done).
StepHandler = Callable[[Enrolment, Module, Step, MultiDict], bool]
HANDLERS: dict[str, StepHandler] = {}
# Actions beyond "next" and "save" that a step type accepts.
ACTIONS: dict[str, set[str]] = {}
# A view-state builder gives the template what this learner did on the step.
VIEW_STATES: dict[str, Callable[[Enrolment, Step], dict]] = {}
# Panels other features show on the module overview (result, evaluation, certificate): (module, enrolment) -> HTML.
OVERVIEW_PANELS: list[Callable] = []


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


MAX_REFLECTION_LENGTH = 20_000


@handles("reflection")
def save_reflection(enrolment, module, step, form) -> bool:
    answers = {question.id: form.get(f"answer-{question.id}", "") for question in step.questions}
    if any(len(text) > MAX_REFLECTION_LENGTH for text in answers.values()):
        abort(400)
    records.save_reflection(enrolment, step, answers)
    return True


@view_state("reflection")
def reflection_view(enrolment, step) -> dict:
    return {"answers": records.reflection_answers(enrolment, step.id) if enrolment else {}}


@handles("scenario", actions=("choose", "restart"))
def choose_in_scenario(enrolment, module, step, form) -> bool:
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
    return step.walk(path).finished


@view_state("scenario")
def scenario_view(enrolment, step) -> dict:
    state = records.step_states(enrolment).get(step.id) if enrolment else None
    return {"walk": step.walk((state.state or {}).get("path", []) if state else [])}
