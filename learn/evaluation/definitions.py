"""Evaluation forms defined in files, loaded into validated, immutable objects.

Forms live in one folder (``EVALUATION_FORMS_PATH``, by default ``modules/_evaluatie``),
one YAML file per form, named after the form: ``standaard.yaml`` is the standard form.
A module names its form in ``module.yaml`` (``evaluation_form``, default ``standaard``).
A module-specific form either replaces the standard form (a complete form without
``extends``) or extends it::

    extends: standaard
    fields:
      - id: rollenspel          # a new id: added after the standard questions
        type: likert
        label: Het rollenspel hielp me.
      - id: beter               # an id the standard form has: replaces that question in place

Every problem names the file and the line, as for module files.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from ..content.errors import ContentError
from ..content.fields import Identifier, StrictSchema, unique_ids
from ..content.source import flatten_errors, line_of, read_yaml

FIELD_TYPES = ("grade", "likert", "single_choice", "multiple_choice", "text", "time_spent")
LIKERT_LABELS = ("Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens")
DEFAULT_MAX_LENGTH = 5000
DEFAULT_MAX_HOURS = 200.0


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass(frozen=True)
class FormField:
    id: str
    type: str
    label: str
    hint: str
    required: bool
    labels: tuple[str, ...] = ()
    options: tuple[Choice, ...] = ()
    max_length: int = DEFAULT_MAX_LENGTH
    max_hours: float = DEFAULT_MAX_HOURS

    def option_label(self, option_id: str) -> str:
        return next((o.label for o in self.options if o.id == option_id), option_id)


@dataclass(frozen=True)
class EvaluationForm:
    name: str
    title: str
    intro: str
    fields: tuple[FormField, ...]
    file: Path

    def fields_of(self, *types: str) -> tuple[FormField, ...]:
        return tuple(f for f in self.fields if f.type in types)

    @property
    def grade_field(self) -> FormField:
        """The overall grade: every form has exactly one grade field."""
        return self.fields_of("grade")[0]

    @property
    def time_field(self) -> FormField | None:
        return next(iter(self.fields_of("time_spent")), None)


class ChoiceSchema(StrictSchema):
    id = Identifier(required=True)
    label = fields.String(required=True, validate=validate.Length(min=1))


class FieldSchema(StrictSchema):
    id = Identifier(required=True)
    type = fields.String(required=True, validate=validate.OneOf(FIELD_TYPES))
    label = fields.String(required=True, validate=validate.Length(min=1))
    hint = fields.String(load_default="")
    required = fields.Boolean(load_default=True)
    labels = fields.List(
        fields.String(), validate=validate.Length(equal=5, error="a Likert scale has exactly 5 labels")
    )
    options = fields.List(fields.Nested(ChoiceSchema), validate=validate.Length(min=2, error="give at least 2 options"))
    max_length = fields.Integer(validate=validate.Range(min=1, max=20_000))
    max_hours = fields.Float(validate=validate.Range(min=0, min_inclusive=False))

    @validates("options")
    def distinct(self, value, **kwargs):
        unique_ids(value, "option")

    @validates_schema
    def fits_the_type(self, data, **kwargs):
        kind = data.get("type")
        allowed = {
            "labels": ("likert",),
            "options": ("single_choice", "multiple_choice"),
            "max_length": ("text",),
            "max_hours": ("time_spent",),
        }
        problems = {
            key: [f"'{key}' is only for type {' or '.join(types)}"]
            for key, types in allowed.items()
            if key in data and kind not in types
        }
        if kind in ("single_choice", "multiple_choice") and "options" not in data:
            problems["type"] = [f"a {kind} question needs 'options'"]
        if problems:
            raise ValidationError(problems)


class FormSchema(StrictSchema):
    extends = Identifier()
    title = fields.String(validate=validate.Length(min=1))
    intro = fields.String()
    fields = fields.List(fields.Nested(FieldSchema), required=True)

    @validates("fields")
    def distinct(self, value, **kwargs):
        unique_ids(value, "question")


def _field(raw: dict) -> FormField:
    values = dict(raw)
    if values["type"] == "likert":
        values["labels"] = tuple(values.get("labels") or LIKERT_LABELS)
    values["options"] = tuple(Choice(**o) for o in values.get("options", ()))
    return FormField(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


def _read(file: Path, errors: list[ContentError]) -> tuple[dict, object] | None:
    try:
        data = read_yaml(file)
    except ContentError as error:
        errors.append(error)
        return None
    if not isinstance(data, dict):
        errors.append(ContentError(file, getattr(data, "line", 1), "expected a set of 'key: value' lines"))
        return None
    try:
        return FormSchema().load(data), data
    except ValidationError as error:
        for path, message in flatten_errors(error.messages):
            where = ".".join(str(part) for part in path if part != "_schema")
            errors.append(ContentError(file, line_of(data, path), f"{where}: {message}" if where else message))
        return None


def _check_whole_form(form: EvaluationForm, data, errors: list[ContentError]) -> None:
    line = line_of(data, ("fields",))
    grades, times = form.fields_of("grade"), form.fields_of("time_spent")
    if len(grades) != 1:
        errors.append(
            ContentError(
                form.file,
                line,
                f"a form has exactly one 'grade' question (the overall grade), this one has {len(grades)}",
            )
        )
    if len(times) > 1:
        errors.append(ContentError(form.file, line, "a form has at most one 'time_spent' question"))
    if not form.title:
        errors.append(
            ContentError(
                form.file, getattr(data, "line", 1), "title: a form needs a title (or 'extends' a form that has one)"
            )
        )


def merge(base: EvaluationForm, extension: dict, name: str, file: Path) -> EvaluationForm:
    """The base form's questions, with same-id questions replaced in place and new ones added after."""
    own = [_field(raw) for raw in extension["fields"]]
    by_id = {f.id: f for f in own}
    merged = [by_id.pop(f.id, f) for f in base.fields]
    merged += [f for f in own if f.id in by_id]
    return replace(
        base,
        name=name,
        title=extension.get("title", base.title),
        intro=extension.get("intro", base.intro),
        fields=tuple(merged),
        file=file,
    )


@dataclass(frozen=True)
class FormLibrary:
    forms: Mapping[str, EvaluationForm]
    errors: tuple[ContentError, ...]

    def get(self, name: str) -> EvaluationForm | None:
        return self.forms.get(name)


def load_forms(folder: Path) -> FormLibrary:
    """Every ``*.yaml`` form in the folder; a broken form is reported and left out, the others load."""
    folder = Path(folder)
    errors: list[ContentError] = []
    parsed = {}
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        result = _read(file, errors)
        if result is not None:
            parsed[file.stem] = (file, *result)
    forms: dict[str, EvaluationForm] = {}

    def build(name: str, chain: tuple[str, ...]) -> EvaluationForm | None:
        if name in forms:
            return forms[name]
        file, values, data = parsed[name]
        parent = values.get("extends")
        if parent is None:
            form = EvaluationForm(
                name,
                values.get("title", ""),
                values.get("intro", ""),
                tuple(_field(raw) for raw in values["fields"]),
                file,
            )
        elif parent in chain or parent == name:
            errors.append(
                ContentError(file, line_of(data, ("extends",)), f"extends: '{parent}' extends this form again (a loop)")
            )
            return None
        elif parent not in parsed:
            errors.append(
                ContentError(
                    file,
                    line_of(data, ("extends",)),
                    f"extends: there is no form '{parent}' ({parent}.yaml) in {folder}",
                )
            )
            return None
        else:
            base = build(parent, (*chain, name))
            if base is None:
                return None
            form = merge(base, values, name, file)
        before = len(errors)
        _check_whole_form(form, data, errors)
        if len(errors) > before:
            return None
        forms[name] = form
        return form

    for name in parsed:
        build(name, ())
    return FormLibrary(MappingProxyType(forms), tuple(errors))
