"""Where a learner stands in a module, and the one thing to do next: the primary button on the home
page, the module overview and the completion page alike."""

from flask import url_for
from flask_babel import gettext as _

from ..content.model import Module
from .actions import NEXT_ACTIONS, NextAction
from .models import Enrolment
from .progress import is_complete, resume_step_id


def next_action(module: Module, enrolment: Enrolment | None, done: set[str]) -> NextAction | None:
    """The steps first ("Begin", "Ga verder"); then what the features ask in order (retry the final
    test, the evaluation, the certificate); None when nothing is left to do."""
    if enrolment is None:
        return None
    if not is_complete(module, done):
        step_id = resume_step_id(module, enrolment.current_step_id, done)
        return NextAction(
            _("Ga verder") if done else _("Begin"), url_for("player.step", module_id=module.id, step_id=step_id)
        )
    for provider in NEXT_ACTIONS:
        action = provider(module, enrolment)
        if action is not None:
            return action
    return None
