"""Quiz: a formative check inside a chapter, or the graded final test of a module.

Question kinds: ``single`` (one correct option), ``multiple`` (several correct;
partial credit or all-or-nothing), ``truefalse``, ``matching`` (prompts paired
with answers, extra answers allowed as distractors), ``ordering`` (items listed
in their correct order, shown shuffled) and ``judgement`` (choose the best action;
each option carries credit 0..1). Scoring lives in :mod:`learn.assessment.scoring`.
"""

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from ..fields import Identifier, Markdown, StrictSchema, unique_ids
from ..model import Step
from . import register
from .base import StepSchema

KINDS = ("single", "multiple", "truefalse", "matching", "ordering", "judgement")
SCORING = ("partial", "all_or_nothing")
SHOW_ANSWERS = ("after_each", "after_submit", "after_pass", "never")
TRUE_FALSE_LABELS = {"true": "Waar", "false": "Niet waar"}
# The player prints "Kies alle goede antwoorden." under a multiple response question; some
# authors wrote it into the question too, and learners read it twice.
SAYS_CHOOSE_ALL = re.compile(r"\bkies alle\b|\bmeerdere antwoorden\b", re.IGNORECASE)


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    credit: float
    feedback: str
    fixed_last: bool = False

    @property
    def correct(self) -> bool:
        return self.credit == 1


@dataclass(frozen=True)
class Item:
    """A matching prompt or answer, or an ordering item."""

    id: str
    text: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    explanation: str
    tag: str | None
    points: float
    scoring: str
    options: tuple[Option, ...] = ()
    prompts: tuple[Item, ...] = ()
    answers: tuple[Item, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    items: tuple[Item, ...] = ()

    @property
    def correct_option_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.correct)

    @property
    def says_choose_all(self) -> bool:
        return self.kind == "multiple" and bool(SAYS_CHOOSE_ALL.search(self.text))

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)


class OptionSchema(StrictSchema):
    id = Identifier(required=True)
    text = fields.String(required=True)
    correct = fields.Boolean(load_default=None)
    credit = fields.Float(load_default=None, validate=validate.Range(0, 1, error="credit must be between 0 and 1"))
    feedback = Markdown(load_default="")
    fixed_last = fields.Boolean(load_default=False)


class ItemSchema(StrictSchema):
    id = Identifier(required=True)
    text = fields.String(required=True)


class QuestionSchema(StrictSchema):
    id = Identifier(required=True)
    type = fields.String(required=True, validate=validate.OneOf(KINDS))
    text = Markdown(required=True)
    explanation = Markdown(load_default="")
    tag = fields.String(load_default=None)
    points = fields.Float(load_default=1.0, validate=validate.Range(min=0, min_inclusive=False))
    scoring = fields.String(load_default="partial", validate=validate.OneOf(SCORING))
    options = fields.List(fields.Nested(OptionSchema), load_default=list)
    answer = fields.Boolean(load_default=None)
    feedback = fields.Dict(
        keys=fields.String(validate=validate.OneOf(["true", "false"])), values=Markdown(), load_default=dict
    )
    prompts = fields.List(fields.Nested(ItemSchema), load_default=list)
    answers = fields.List(fields.Nested(ItemSchema), load_default=list)
    pairs = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)
    items = fields.List(fields.Nested(ItemSchema), load_default=list)

    @validates_schema
    def check_kind(self, data, **kwargs):
        kind = data["type"]
        check = {
            "single": _check_single,
            "multiple": _check_multiple,
            "judgement": _check_judgement,
            "truefalse": _check_truefalse,
            "matching": _check_matching,
            "ordering": _check_ordering,
        }[kind]
        check(data)


def _option_credits(data) -> list[float]:
    credits = []
    for index, option in enumerate(data["options"]):
        if option["credit"] is not None and option["correct"] is not None:
            raise ValidationError({"options": {index: {"credit": ["give either 'correct' or 'credit', not both"]}}})
        credits.append(option["credit"] if option["credit"] is not None else float(bool(option["correct"])))
    unique_ids(data["options"], "option") if data["options"] else None
    return credits


def _need_options(data, minimum=2):
    if len(data["options"]) < minimum:
        raise ValidationError({"options": [f"a {data['type']} question needs at least {minimum} options"]})


def _check_single(data):
    _need_options(data)
    credits = _option_credits(data)
    if credits.count(1.0) != 1 or any(c not in (0.0, 1.0) for c in credits):
        raise ValidationError({"options": ["a single choice question needs exactly one correct option"]})


def _check_multiple(data):
    _need_options(data)
    credits = _option_credits(data)
    if any(c not in (0.0, 1.0) for c in credits):
        raise ValidationError({"options": ["options of a multiple response question are correct or not (no 'credit')"]})
    if 1.0 not in credits:
        raise ValidationError({"options": ["a multiple response question needs at least one correct option"]})


def _check_judgement(data):
    _need_options(data)
    credits = _option_credits(data)
    if max(credits) != 1.0:
        raise ValidationError({"options": ["a judgement question needs a best option with credit 1"]})


def _check_truefalse(data):
    if data["answer"] is None:
        raise ValidationError({"answer": ["a true/false question needs 'answer: true' or 'answer: false'"]})
    if data["options"]:
        raise ValidationError({"options": ["a true/false question has no options; use 'answer' and 'feedback'"]})


def _check_matching(data):
    if len(data["prompts"]) < 2:
        raise ValidationError({"prompts": ["a matching question needs at least two prompts"]})
    unique_ids(data["prompts"], "prompt")
    unique_ids(data["answers"], "answer")
    prompt_ids = {p["id"] for p in data["prompts"]}
    answer_ids = {a["id"] for a in data["answers"]}
    for prompt_id, answer_id in data["pairs"].items():
        if prompt_id not in prompt_ids:
            raise ValidationError({"pairs": {prompt_id: [f"pair for prompt '{prompt_id}', which does not exist"]}})
        if answer_id not in answer_ids:
            raise ValidationError(
                {"pairs": {prompt_id: [f"pair '{prompt_id}: {answer_id}' names an answer that does not exist"]}}
            )
    missing = prompt_ids - set(data["pairs"])
    if missing:
        raise ValidationError({"pairs": [f"no pair given for prompt(s) {', '.join(sorted(missing))}"]})


def _check_ordering(data):
    if len(data["items"]) < 2:
        raise ValidationError({"items": ["an ordering question needs at least two items"]})
    unique_ids(data["items"], "item")


def build_question(data: dict) -> Question:
    kind = data["type"]
    options = ()
    if kind == "truefalse":
        options = tuple(
            Option(key, TRUE_FALSE_LABELS[key], float(data["answer"] == (key == "true")), data["feedback"].get(key, ""))
            for key in ("true", "false")
        )
    elif data["options"]:
        options = tuple(
            Option(
                o["id"],
                o["text"],
                o["credit"] if o["credit"] is not None else float(bool(o["correct"])),
                o["feedback"],
                o["fixed_last"],
            )
            for o in data["options"]
        )
    return Question(
        id=data["id"],
        kind=kind,
        text=data["text"],
        explanation=data["explanation"],
        tag=data["tag"],
        points=data["points"],
        scoring=data["scoring"],
        options=options,
        prompts=tuple(Item(**p) for p in data["prompts"]),
        answers=tuple(Item(**a) for a in data["answers"]),
        pairs=tuple(sorted(data["pairs"].items())),
        items=tuple(Item(**i) for i in data["items"]),
    )


@register
@dataclass(frozen=True, kw_only=True)
class QuizStep(Step):
    type_name = "quiz"
    template = "steps/quiz.html"

    final: bool
    questions: tuple[Question, ...]
    draw: int
    one_per_tag: bool
    min_per_tag: int | None
    pass_mark: int | None
    max_attempts: int | None
    show_answers: str
    time_limit_minutes: int | None
    shuffle: bool
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_id", MappingProxyType({q.id: q for q in self.questions}))

    class Schema(StepSchema):
        final = fields.Boolean(load_default=False)
        questions = fields.List(fields.Nested(QuestionSchema), required=True, validate=lambda q: len(q) > 0)
        draw = fields.Integer(load_default=None, validate=validate.Range(min=1))
        one_per_tag = fields.Boolean(load_default=False)
        min_per_tag = fields.Integer(load_default=None, validate=validate.Range(min=1))
        pass_mark = fields.Integer(load_default=None, validate=validate.Range(0, 100))
        max_attempts = fields.Integer(load_default=None, validate=validate.Range(min=1))
        # Default: a final quiz shows the correct answers once passed, a check quiz right after submitting.
        show_answers = fields.String(load_default=None, validate=validate.OneOf(SHOW_ANSWERS))
        time_limit_minutes = fields.Integer(load_default=None, validate=validate.Range(min=1))
        shuffle = fields.Boolean(load_default=True)

        @validates("questions")
        def distinct(self, value, **kwargs):
            unique_ids(value, "question")

        @validates_schema
        def draw_fits(self, data, **kwargs):
            pool = len(data["questions"])
            if data.get("draw") and data["draw"] > pool:
                raise ValidationError({"draw": [f"draw {data['draw']} is more than the pool of {pool} questions"]})
            if data.get("one_per_tag") and data.get("min_per_tag"):
                raise ValidationError({"min_per_tag": ["give either one_per_tag or min_per_tag, not both"]})
            rule = "one_per_tag" if data.get("one_per_tag") else "min_per_tag" if data.get("min_per_tag") else None
            if rule is None:
                return
            untagged = [i for i, q in enumerate(data["questions"]) if not q.get("tag")]
            if untagged:
                raise ValidationError({"questions": {untagged[0]: {"tag": [f"{rule} needs a tag on every question"]}}})
            per_tag = Counter(q["tag"] for q in data["questions"])
            draw = data.get("draw") or pool
            if rule == "one_per_tag" and draw > len(per_tag):
                raise ValidationError(
                    {"draw": [f"one_per_tag can draw at most {len(per_tag)} questions (one per tag)"]}
                )
            if rule == "min_per_tag":
                need = data["min_per_tag"]
                short = sorted(tag for tag, count in per_tag.items() if count < need)
                if short:
                    raise ValidationError(
                        {
                            "min_per_tag": [
                                f"min_per_tag {need} needs {need} questions per tag; too few for: {', '.join(short)}"
                            ]
                        }
                    )
                if draw < need * len(per_tag):
                    raise ValidationError(
                        {
                            "draw": [
                                f"min_per_tag {need} with {len(per_tag)} tags needs a draw of at least {need * len(per_tag)}"
                            ]
                        }
                    )

    @classmethod
    def convert(cls, values: dict) -> dict:
        values["questions"] = tuple(build_question(q) for q in values["questions"])
        values["show_answers"] = values["show_answers"] or ("after_pass" if values["final"] else "after_submit")
        if values["draw"] is None:
            values["draw"] = len(values["questions"])
        return values

    @property
    def graded(self) -> bool:  # type: ignore[override]
        return self.final

    @property
    def draws_per_tag(self) -> bool:
        """Whether every draw is built per tag (learning goal): one_per_tag or min_per_tag."""
        return self.one_per_tag or bool(self.min_per_tag)

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def counts(self):
        key = "final quiz pool" if self.final else "check questions"
        return {key: len(self.questions)}
