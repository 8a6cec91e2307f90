"""Reflection: open questions about the learner's own practice; answers stay private."""

from dataclasses import dataclass

from marshmallow import fields, validates

from ..fields import Identifier, Markdown, StrictSchema, unique_ids
from ..model import Step
from . import register
from .base import StepSchema


@dataclass(frozen=True)
class ReflectionQuestion:
    id: str
    text: str


class QuestionSchema(StrictSchema):
    id = Identifier(required=True)
    text = fields.String(required=True)


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

    def counts(self):
        return {"reflection questions": len(self.questions)}
