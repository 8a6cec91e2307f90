"""Immutable objects a module folder is loaded into."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

from markupsafe import Markup


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    age: int | None
    role: str
    background: Markup
    quote: str
    portrait: str | None  # images/<file>.svg, checked by learn.content.portraits
    alt: str | None


@dataclass(frozen=True)
class LearningGoal:
    """A sentence the final quiz should test; with an ``id``, the final quiz's ``tag`` names it."""

    id: str | None
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Tool:
    """A handout (a card, a template) written in the module's ``tools/`` folder, offered as a PDF."""

    id: str
    title: str
    summary: str
    attribution: str
    body: Markup
    file: Path

    @property
    def path(self) -> str:
        """Where steps link to it: beside the step pages in the web player, in the SCORM package's tools/ folder."""
        return f"tools/{self.id}.pdf"


@dataclass(frozen=True)
class Accreditation:
    register: str
    number: str
    points: float
    unit: str
    valid_from: date | None
    valid_until: date | None
    register_number_required: bool
    placeholder: bool

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True, kw_only=True)
class Step:
    """One screen of a module. Each step type is a subclass in ``content/steps/``."""

    type_name: ClassVar[str]
    template: ClassVar[str]
    graded: ClassVar[bool] = False

    id: str
    title: str
    body: Markup
    file: Path
    required: bool = True
    minutes: int | None = None
    sections: tuple[tuple[str, str], ...] = ()  # (id, title) of the body's ## headings, for a contents list

    @classmethod
    def convert(cls, values: dict) -> dict:
        """Turn the schema's nested dicts into this type's immutable parts."""
        return values

    def references(self) -> Iterable[tuple[tuple, str, str]]:
        """(field path, kind, id) of things this step points at, checked by the loader."""
        return ()

    def counts(self) -> Mapping[str, int]:
        """Figures for ``learn check-modules`` (questions, decision points…)."""
        return {}


@dataclass(frozen=True)
class Chapter:
    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    date: date | None
    changes: str


@dataclass(frozen=True)
class Module:
    id: str
    version: str
    slug: str
    title: str
    summary: str
    audience: str
    duration_minutes: int
    language: str
    pass_mark: int
    min_study_percent: int
    evaluation_form: str
    learning_goals: tuple[LearningGoal, ...]
    accreditations: tuple[Accreditation, ...]
    chapters: tuple[Chapter, ...]
    personas: Mapping[str, Persona]
    changelog: tuple[ChangelogEntry, ...]
    folder: Path
    # Problems that do not stop the module (raw HTML shown as text): learn check-modules prints them.
    warnings: tuple = ()
    tools: tuple[Tool, ...] = ()
    steps: tuple[Step, ...] = field(init=False)
    _positions: Mapping[str, int] = field(init=False, repr=False)

    def __post_init__(self):
        steps = tuple(step for chapter in self.chapters for step in chapter.steps)
        object.__setattr__(self, "steps", steps)
        object.__setattr__(self, "_positions", MappingProxyType({s.id: i for i, s in enumerate(steps)}))

    def step(self, step_id: str) -> Step | None:
        position = self._positions.get(step_id)
        return None if position is None else self.steps[position]

    def tool(self, tool_id: str) -> Tool | None:
        return next((tool for tool in self.tools if tool.id == tool_id), None)

    def position(self, step_id: str) -> int | None:
        """Zero-based index of the step in the module, or None for an id this version lacks."""
        return self._positions.get(step_id)

    def chapter_of(self, step_id: str) -> int:
        for index, chapter in enumerate(self.chapters):
            if any(step.id == step_id for step in chapter.steps):
                return index
        raise KeyError(step_id)

    @property
    def final_quiz(self):
        return next((step for step in self.steps if step.graded), None)

    @property
    def required_step_ids(self) -> frozenset[str]:
        return frozenset(step.id for step in self.steps if step.required)

    @property
    def version_date(self) -> date | None:
        """The date in this version's changelog entry."""
        return next((entry.date for entry in self.changelog if entry.version == self.version), None)

    @property
    def study_hours(self) -> float:
        return round(self.duration_minutes / 60, 1)
