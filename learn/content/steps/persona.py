"""Persona: a character card for a person the learner meets again through the module."""

from dataclasses import dataclass

from ..fields import Identifier
from ..model import Step
from . import register
from .base import StepSchema


@register
@dataclass(frozen=True, kw_only=True)
class PersonaStep(Step):
    type_name = "persona"
    template = "steps/persona.html"

    persona: str

    class Schema(StepSchema):
        persona = Identifier(required=True)

    def references(self):
        yield ("persona",), "persona", self.persona
