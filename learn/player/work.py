"""Done-ness: a step counts as done when the learner moved on from it and its work is done.

Each step type says what work it asks (``actions.work_check``): every required reflection question
answered with real text, a scenario played to an end, every question of a check quiz answered (wrong
is fine: it is formative), the final quiz handed in. Narrative and persona steps ask only to be read.
Marks stored under an older rule stay; what is still open is worked out from the learner's records.
"""

from ..content.model import Module
from . import records
from .actions import WORK_CHECKS
from .models import Enrolment


def open_work(
    module: Module, enrolment: Enrolment, reads: records.Reads | None = None, among: set[str] | None = None
) -> dict[str, list[str]]:
    """Per step id, the work still open (sentences for the learner); steps with nothing open are left out.
    ``reads``: the page's records, read once (a fresh read without); ``among``: only these steps, so a
    page whose learner has marked no reflection done does not read the reflections."""
    reads = reads or records.Reads(enrolment)
    by_type: dict[str, list] = {}
    for step in module.steps:
        if step.type_name in WORK_CHECKS and (among is None or step.id in among):
            by_type.setdefault(step.type_name, []).append(step)
    found: dict[str, list[str]] = {}
    for type_name, steps in by_type.items():
        found.update({step_id: items for step_id, items in WORK_CHECKS[type_name](reads, steps).items() if items})
    return found


def completed_step_ids(module: Module, enrolment: Enrolment, reads: records.Reads | None = None) -> set[str]:
    reads = reads or records.Reads(enrolment)
    marked = records.marked_done(reads(records.step_states))
    return marked - set(open_work(module, enrolment, reads, among=marked))
