"""Whether a learner may receive a certificate for one accreditation: a pure function over their record.

The answer lists every condition still unmet, in Dutch, so the module page can tell
the learner exactly what is left instead of a bare "not yet".
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from flask_babel import gettext as _

from ..content.model import Accreditation

# SKJ requires a passed final test for every accredited e-learning (see ACCREDITATION.md).
REGISTERS_REQUIRING_FINAL_TEST = frozenset({"skj"})
# Register number formats that are known; other registers accept what is typed, trimmed.
REGISTER_NUMBER_FORMATS = {"registerplein": re.compile(r"^4610\d{2,12}$")}
MAX_REGISTER_NUMBER_LENGTH = 40

# Kinds of unmet condition. Only REGISTER_NUMBER is something the learner supplies in the certificate form.
STEPS, FINAL_QUIZ, NO_FINAL_TEST, EVALUATION, WINDOW, PLACEHOLDER, REGISTER_NUMBER = (
    "steps",
    "final_quiz",
    "no_final_test",
    "evaluation",
    "window",
    "placeholder",
    "register_number",
)


@dataclass(frozen=True)
class LearnerFacts:
    """What the learner's record says, gathered per request by :func:`learn.certificates.facts.facts_for`."""

    missing_steps: tuple[str, ...] = ()  # titles of required steps not done
    final_quiz_passed: bool | None = None  # None: the module has no final quiz
    evaluation_submitted: bool = False
    completed_on: date | None = None
    register_numbers: Mapping[str, str] = field(default_factory=dict)  # register -> number the learner gave


@dataclass(frozen=True)
class Missing:
    kind: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    register: str
    missing: tuple[Missing, ...]

    @property
    def eligible(self) -> bool:
        return not self.missing

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(item.kind for item in self.missing)

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(item.message for item in self.missing)

    @property
    def blocked(self) -> tuple[Missing, ...]:
        """What the learner must still do in the module itself (everything but the register number)."""
        return tuple(item for item in self.missing if item.kind != REGISTER_NUMBER)


def normalize_register_number(number: str | None) -> str:
    return re.sub(r"\s+", "", number or "")


def register_number_problem(register: str, number: str | None) -> str | None:
    """Why ``number`` is not a usable register number for ``register``, or None when it is."""
    number = normalize_register_number(number)
    if not number:
        return _("Vul je registratienummer bij %(register)s in.", register=register)
    if len(number) > MAX_REGISTER_NUMBER_LENGTH:
        return _("Dit registratienummer is te lang.")
    pattern = REGISTER_NUMBER_FORMATS.get(register.strip().lower())
    if pattern and not pattern.match(number):
        return _(
            "Een registratienummer bij %(register)s begint met 4610 en bestaat alleen uit cijfers.", register=register
        )
    return None


def eligibility(
    facts: LearnerFacts, accreditation: Accreditation, today: date, allow_placeholder: bool = False
) -> Eligibility:
    """Every unmet condition for a certificate for this register; none when one may be issued.

    A completed module is judged by its completion date; before completion ``today``
    decides the window, so the learner hears early that an accreditation has lapsed.
    """
    register = accreditation.register
    missing: list[Missing] = []
    if facts.missing_steps:
        missing.append(
            Missing(
                STEPS,
                _("Rond alle verplichte stappen af. Nog niet gedaan: %(steps)s.", steps=", ".join(facts.missing_steps)),
            )
        )
    if facts.final_quiz_passed is None:
        if register.strip().lower() in REGISTERS_REQUIRING_FINAL_TEST:
            missing.append(
                Missing(
                    NO_FINAL_TEST,
                    _(
                        "%(register)s vraagt een eindtoets bij e-learning en deze module heeft er geen.",
                        register=register,
                    ),
                )
            )
    elif not facts.final_quiz_passed:
        missing.append(Missing(FINAL_QUIZ, _("Haal de eindtoets.")))
    if not facts.evaluation_submitted:
        missing.append(Missing(EVALUATION, _("Vul het evaluatieformulier in.")))
    day = facts.completed_on or today
    if not accreditation.is_valid_on(day):
        missing.append(Missing(WINDOW, _window_message(accreditation, day, completed=facts.completed_on is not None)))
    if accreditation.placeholder and not allow_placeholder:
        missing.append(
            Missing(
                PLACEHOLDER,
                _(
                    "Het accreditatienummer bij %(register)s is nog voorlopig; het certificaat volgt zodra het definitief is.",
                    register=register,
                ),
            )
        )
    if accreditation.register_number_required:
        problem = register_number_problem(register, facts.register_numbers.get(register))
        if problem:
            missing.append(Missing(REGISTER_NUMBER, problem))
    return Eligibility(register=register, missing=tuple(missing))


def _window_message(accreditation: Accreditation, day: date, completed: bool) -> str:
    register = accreditation.register
    if accreditation.valid_from and day < accreditation.valid_from:
        if completed:
            return _(
                "Je hebt de module afgerond op %(day)s, vóór de accreditatie bij %(register)s inging "
                "(%(start)s). Voor %(register)s is er daarom geen certificaat.",
                day=dutch_date(day),
                register=register,
                start=dutch_date(accreditation.valid_from),
            )
        return _(
            "De accreditatie bij %(register)s gaat pas in op %(start)s.",
            register=register,
            start=dutch_date(accreditation.valid_from),
        )
    if completed:
        return _(
            "Je hebt de module afgerond op %(day)s, na het einde van de accreditatie bij %(register)s "
            "(%(end)s). Voor %(register)s is er daarom geen certificaat.",
            day=dutch_date(day),
            register=register,
            end=dutch_date(accreditation.valid_until),
        )
    return _(
        "De accreditatie bij %(register)s is verlopen op %(end)s.",
        register=register,
        end=dutch_date(accreditation.valid_until),
    )


def dutch_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")
