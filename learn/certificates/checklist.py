"""The certificate's conditions as one checklist for the module page: what is done, what is still open.

The conditions every register shares (steps, final test, evaluation) are listed once, ticked or
not; what only some registers miss (a lapsed or provisional accreditation, a condition added
later) follows with the register's own message. The register number is asked in the request form.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from .eligibility import EVALUATION, FINAL_QUIZ, REGISTER_NUMBER, STEPS, Eligibility, LearnerFacts


@dataclass(frozen=True)
class Condition:
    label: str
    met: bool
    detail: str = ""


def checklist(facts: LearnerFacts, eligibilities: list[Eligibility]) -> list[Condition]:
    open_steps = len(facts.missing_steps)
    conditions = [
        Condition(
            _("Alle stappen gedaan"),
            not open_steps,
            ngettext("Nog %(num)s stap te doen", "Nog %(num)s stappen te doen", open_steps) if open_steps else "",
        )
    ]
    if facts.final_quiz_passed is not None:
        conditions.append(Condition(_("Eindtoets gehaald"), bool(facts.final_quiz_passed)))
    conditions.append(Condition(_("Evaluatie ingevuld"), facts.evaluation_submitted))
    shared = {STEPS, FINAL_QUIZ, EVALUATION, REGISTER_NUMBER}
    seen = set()
    for result in eligibilities:
        for item in result.missing:
            if item.kind not in shared and item.message not in seen:
                seen.add(item.message)
                conditions.append(Condition(item.message, False))
    return conditions
