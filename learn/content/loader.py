"""Loading module folders into validated, immutable :class:`Module` objects.

Layout of ``modules/<slug>/``:
  module.yaml    metadata, learning goals, accreditation and the chapters with their step files
  personas.yaml  the recurring characters (optional)
  steps/         one file per step: Markdown with YAML front matter, or YAML
  images/        illustrations (persona photos), each with alt text

Every problem found is collected with its file and line; a broken module raises
:class:`ModuleInvalid` and never stops the other modules from loading.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from marshmallow import ValidationError, fields, validate, validates

from .errors import ContentError, ModuleInvalid
from .fields import Identifier, Markdown, StrictSchema, unique_ids
from .markdown import images_without_alt, render_markdown
from .model import Accreditation, ChangelogEntry, Chapter, Module, Persona, Step
from .readability import measure, prose
from .source import LineDict, flatten_errors, line_of, read_front_matter, read_yaml
from .steps import STEP_TYPES


class AccreditationSchema(StrictSchema):
    register = fields.String(required=True)
    number = fields.String(required=True)
    placeholder = fields.Boolean(load_default=False)
    points = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    unit = fields.String(load_default="punten", validate=validate.OneOf(["punten", "uren"]))
    valid_from = fields.Date(load_default=None)
    valid_until = fields.Date(load_default=None)
    register_number_required = fields.Boolean(load_default=False)


class ChangelogSchema(StrictSchema):
    version = fields.String(required=True)
    date = fields.Date(load_default=None)
    changes = fields.String(required=True)


class ChapterSchema(StrictSchema):
    title = fields.String(required=True)
    steps = fields.List(fields.String(), required=True, validate=validate.Length(min=1))


class ModuleSchema(StrictSchema):
    id = Identifier(required=True)
    version = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    audience = fields.String(required=True)
    duration_minutes = fields.Integer(required=True, validate=validate.Range(min=1))
    language = fields.String(load_default="nl")
    pass_mark = fields.Integer(load_default=70, validate=validate.Range(0, 100))
    evaluation_form = fields.String(load_default="standaard")
    learning_goals = fields.List(fields.String(), load_default=list)
    accreditations = fields.List(fields.Nested(AccreditationSchema), load_default=list)
    changelog = fields.List(fields.Nested(ChangelogSchema), load_default=list)
    chapters = fields.List(fields.Nested(ChapterSchema), required=True, validate=validate.Length(min=1))


class PersonaSchema(StrictSchema):
    id = Identifier(required=True)
    name = fields.String(required=True)
    age = fields.Integer(load_default=None)
    role = fields.String(required=True)
    background = Markdown(required=True)
    quote = fields.String(load_default="")
    image = fields.String(load_default=None)
    alt = fields.String(load_default=None)


class PersonaListSchema(StrictSchema):
    personas = fields.List(fields.Nested(PersonaSchema), required=True)

    @validates("personas")
    def distinct(self, value, **kwargs):
        unique_ids(value, "persona")


def _validate(schema: StrictSchema, data, file: Path, errors: list[ContentError]) -> dict | None:
    if not isinstance(data, dict):
        errors.append(ContentError(file, getattr(data, "line", 1), "expected a set of 'key: value' lines"))
        return None
    try:
        return schema.load(data)
    except ValidationError as error:
        for path, message in flatten_errors(error.messages):
            where = ".".join(str(part) for part in path if part != "_schema")
            errors.append(ContentError(file, line_of(data, path), f"{where}: {message}" if where else message))
        return None


def load_step(file: Path, errors: list[ContentError]) -> Step | None:
    try:
        if file.suffix == ".md":
            data, body, _ = read_front_matter(file)
        elif file.suffix in (".yaml", ".yml"):
            data, body = read_yaml(file), None
        else:
            errors.append(ContentError(file, None, "a step file must end in .md or .yaml"))
            return None
    except ContentError as error:
        errors.append(error)
        return None
    except FileNotFoundError:
        return None  # reported by the caller, which knows the line in module.yaml
    if not isinstance(data, dict):
        errors.append(ContentError(file, 1, "expected a set of 'key: value' lines"))
        return None
    type_name = data.get("type")
    step_type = STEP_TYPES.get(type_name)
    if step_type is None:
        known = ", ".join(sorted(STEP_TYPES))
        line = data.key_lines.get("type", data.line) if isinstance(data, LineDict) else None
        errors.append(ContentError(file, line, f"unknown step type {type_name!r} (known types: {known})"))
        return None
    for src in images_without_alt(body or data.get("body") or ""):
        errors.append(ContentError(file, None, f"image '{src}' has no alt text: write ![description](…)"))
    values = _validate(step_type.Schema(), data, file, errors)
    if values is None:
        return None
    values.pop("type")
    markdown_body = values.pop("body")
    values["body"] = render_markdown(body) if body is not None else (markdown_body or render_markdown(""))
    return step_type(file=file, **step_type.convert(values))


def _load_personas(folder: Path, errors: list[ContentError]) -> dict[str, Persona]:
    file = folder / "personas.yaml"
    if not file.exists():
        return {}
    try:
        data = read_yaml(file)
    except ContentError as error:
        errors.append(error)
        return {}
    values = _validate(PersonaListSchema(), {"personas": data} if isinstance(data, list) else data, file, errors)
    if values is None:
        return {}
    personas = {}
    for index, raw in enumerate(values["personas"]):
        persona = Persona(**raw)
        line = line_of(data, (index, "image")) if isinstance(data, list) else None
        if persona.image:
            if not (persona.alt or "").strip():
                errors.append(ContentError(file, line, f"persona '{persona.id}': image has no alt text"))
            image = Path(persona.image)
            if image.parts[:1] != ("images",) or ".." in image.parts or not (folder / image).is_file():
                errors.append(
                    ContentError(
                        file,
                        line,
                        f"persona '{persona.id}': image '{persona.image}' not found (put it in the module's images/ folder)",
                    )
                )
        personas[persona.id] = persona
    return personas


def load_module(folder: Path) -> Module:
    folder = Path(folder)
    errors: list[ContentError] = []
    meta_file = folder / "module.yaml"
    try:
        meta = read_yaml(meta_file)
    except ContentError as error:
        raise ModuleInvalid([error]) from None
    except FileNotFoundError:
        raise ModuleInvalid([ContentError(meta_file, None, "module.yaml is missing")]) from None
    values = _validate(ModuleSchema(), meta, meta_file, errors)
    personas = _load_personas(folder, errors)
    if values is None:
        raise ModuleInvalid(errors)

    chapters, first_seen = [], {}
    for c, chapter in enumerate(values["chapters"]):
        steps = []
        for s, name in enumerate(chapter["steps"]):
            file = folder / "steps" / name
            if ".." in Path(name).parts or not file.is_file():
                errors.append(
                    ContentError(
                        meta_file, line_of(meta, ("chapters", c, "steps", s)), f"step file 'steps/{name}' not found"
                    )
                )
                continue
            step = load_step(file, errors)
            if step is None:
                continue
            if step.id in first_seen:
                errors.append(
                    ContentError(file, 2, f"duplicate step id '{step.id}' (also in {first_seen[step.id].name})")
                )
                continue
            first_seen[step.id] = file
            for path, kind, ref in step.references():
                if kind == "persona" and ref not in personas:
                    errors.append(
                        ContentError(file, None, f"{'.'.join(path)}: persona '{ref}' is not in personas.yaml")
                    )
            steps.append(step)
        chapters.append(Chapter(chapter["title"], tuple(steps)))

    finals = [step for chapter in chapters for step in chapter.steps if step.graded]
    if len(finals) > 1:
        errors.append(ContentError(finals[1].file, None, "a module has at most one final quiz"))
    if errors:
        raise ModuleInvalid(errors)
    return Module(
        id=values["id"],
        version=values["version"],
        slug=folder.name,
        title=values["title"],
        summary=values["summary"],
        audience=values["audience"],
        duration_minutes=values["duration_minutes"],
        language=values["language"],
        pass_mark=values["pass_mark"],
        evaluation_form=values["evaluation_form"],
        learning_goals=tuple(values["learning_goals"]),
        accreditations=tuple(Accreditation(**a) for a in values["accreditations"]),
        chapters=tuple(chapters),
        personas=MappingProxyType(personas),
        changelog=tuple(ChangelogEntry(**entry) for entry in values["changelog"]),
        folder=folder,
    )


@dataclass(frozen=True)
class Library:
    """Every module that loaded, by id, and the problems of those that did not."""

    modules: dict[str, Module] = field(default_factory=dict)
    errors: dict[str, list[ContentError]] = field(default_factory=dict)

    def get(self, module_id: str) -> Module | None:
        return self.modules.get(module_id)

    def __iter__(self):
        return iter(self.modules.values())


def module_folders(root: Path) -> list[Path]:
    """Folders holding a module.yaml; a folder whose name starts with '_' or '.' is not a module."""
    root = Path(root)
    if (root / "module.yaml").is_file():
        return [root]
    if not root.is_dir():
        return []
    return [
        folder
        for folder in sorted(root.iterdir())
        if folder.is_dir() and not folder.name.startswith(("_", ".")) and (folder / "module.yaml").is_file()
    ]


def load_library(root: Path) -> Library:
    library = Library()
    for folder in module_folders(root):
        try:
            module = load_module(folder)
        except ModuleInvalid as invalid:
            library.errors[folder.name] = invalid.errors
            continue
        if module.id in library.modules:
            library.errors[folder.name] = [
                ContentError(
                    folder / "module.yaml",
                    None,
                    f"module id '{module.id}' is already used by {library.modules[module.id].slug}",
                )
            ]
            continue
        library.modules[module.id] = module
    return library


def summarize(module: Module) -> dict:
    """The figures ``learn check-modules`` prints and the content tests check."""
    totals = Counter()
    for step in module.steps:
        totals.update(step.counts())
    scenarios = [step for step in module.steps if step.type_name == "scenario"]
    return {
        "chapters": len(module.chapters),
        "steps": len(module.steps),
        "steps per type": dict(Counter(step.type_name for step in module.steps)),
        "personas": len(module.personas),
        "reflection questions": totals["reflection questions"],
        "scenarios": len(scenarios),
        "scenario decision points": totals["scenario decision points"],
        "fewest decisions in a scenario": min((s.fewest_decisions_to_end for s in scenarios), default=0),
        "final quiz pool": totals["final quiz pool"],
        "final quiz draw": module.final_quiz.draw if module.final_quiz else 0,
        "check questions": totals["check questions"],
        "readability": _readability(module),
    }


def _readability(module: Module) -> str:
    figures = measure(prose(module.steps))
    verdict = "within B1" if figures.within_b1 else "ABOVE B1"
    return (
        f"{figures.words} words, {figures.average_sentence_words:.1f} words per sentence, "
        f"{figures.long_word_share:.1%} long words ({verdict})"
    )
