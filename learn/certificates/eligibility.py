"""Whether a learner may receive a certificate for one accreditation: a pure function over their record.

The answer lists every condition still unmet, in Dutch, so the module page can tell
the learner exactly what is left instead of a bare "not yet".
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..content.model import Accreditation

# SKJ requires a passed final test for every accredited e-learning (see ACCREDITATION.md).
REGISTERS_REQUIRING_FINAL_TEST = frozenset({"skj"})
# Register number formats that are known; other registers accept what is typed, trimmed.
# Registerplein: registration numbers start with 4610 (../shared/ACCREDITATION.md).
# SKJ: the public register shows each professional's "registratienummer" (SKJ informatiebank,
# https://informatiebank.skjeugd.nl/vragen/ , "Welke gegevens over professionals mag SKJ aan derden
# geven?"); the numbers it publishes are digits only, nine of them (e.g. 160039340). SKJ states no
# formal format, so we ask for digits only, 6 to 10 of them: "abc" is refused, an odd length is not.
REGISTER_NUMBER_FORMATS = {
    "registerplein": (
        re.compile(r"^4610\d{2,12}$"),
        _l("Een registratienummer bij Registerplein begint met 4610 en bestaat alleen uit cijfers."),
    ),
    "skj": (
        re.compile(r"^\d{6,10}$"),
        _l("Een registratienummer bij SKJ bestaat uit 6 tot 10 cijfers, zonder letters."),
    ),
}
MAX_REGISTER_NUMBER_LENGTH = 40

# Kinds of unmet condition. Only REGISTER_NUMBER is something the learner supplies in the certificate form.
STEPS, STUDY_TIME, FINAL_QUIZ, NO_FINAL_TEST, EVALUATION, WINDOW, PLACEHOLDER, REGISTER_NUMBER = (
    "steps",
    "study_time",
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
    study_seconds: int = 0  # counted study time in the module (learn.studytime)
    required_study_seconds: int = 0  # the module's minimum share of its stated duration


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
    known = REGISTER_NUMBER_FORMATS.get(register.strip().lower())
    if known and not known[0].match(number):
        return known[1]
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
    if facts.study_seconds < facts.required_study_seconds:
        missing.append(Missing(STUDY_TIME, study_time_message(facts.study_seconds, facts.required_study_seconds)))
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


def study_time_message(studied: int, required: int) -> str:
    from ..studytime.text import studied as spoken

    return _(
        "Je hebt %(studied)s gestudeerd. Voor een certificaat is minstens %(required)s nodig: nog %(left)s. "
        "Neem de tijd voor de stappen, de vragen en de casussen.",
        studied=spoken(studied),
        required=spoken(required),
        left=spoken(max(60, required - studied)),
    )


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
