"""Narrative: story text about a practice situation, optionally featuring a persona."""

from dataclasses import dataclass

from ..fields import Identifier
from ..model import Step
from . import register
from .base import StepSchema


@register
@dataclass(frozen=True, kw_only=True)
class NarrativeStep(Step):
    type_name = "narrative"
    template = "steps/narrative.html"

    persona: str | None = None

    class Schema(StepSchema):
        persona = Identifier(load_default=None)

    def references(self):
        if self.persona:
            yield ("persona",), "persona", self.persona
