"""Reflection: open questions about the learner's own practice; answers stay private."""

from dataclasses import dataclass

from marshmallow import fields, validate, validates

from ..fields import Identifier, StrictSchema, unique_ids
from ..model import Step
from . import register
from .base import StepSchema

# An answer shorter than this is not yet real work (a word or two); a question may set its own minimum.
MIN_ANSWER_LENGTH = 40


@dataclass(frozen=True)
class ReflectionQuestion:
    id: str
    text: str
    optional: bool = False
    min_length: int = MIN_ANSWER_LENGTH


class QuestionSchema(StrictSchema):
    id = Identifier(required=True)
    text = fields.String(required=True)
    optional = fields.Boolean(load_default=False)
    min_length = fields.Integer(load_default=MIN_ANSWER_LENGTH, validate=validate.Range(min=1, max=2000))


@register
@dataclass(frozen=True, kw_only=True)
class ReflectionStep(Step):
    type_name = "reflection"
    template = "steps/reflection.html"

    questions: tuple[ReflectionQuestion, ...]
    persona: str | None = None

    class Schema(StepSchema):
        questions = fields.List(fields.Nested(QuestionSchema), required=True, validate=lambda q: len(q) > 0)
        persona = Identifier(load_default=None)

        @validates("questions")
        def distinct(self, value, **kwargs):
            unique_ids(value, "question")

    @classmethod
    def convert(cls, values: dict) -> dict:
        values["questions"] = tuple(ReflectionQuestion(**q) for q in values["questions"])
        return values

    def references(self):
        if self.persona:
            yield ("persona",), "persona", self.persona

    @property
    def required_questions(self) -> tuple[ReflectionQuestion, ...]:
        return tuple(question for question in self.questions if not question.optional)

    def counts(self):
        return {"reflection questions": len(self.questions)}
