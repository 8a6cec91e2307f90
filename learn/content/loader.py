"""Loading module folders into validated, immutable :class:`Module` objects.

Layout of ``modules/<slug>/``:
  module.yaml    metadata, learning goals, accreditation and the chapters with their step files
  personas.yaml  the recurring characters (optional)
  steps/         one file per step: Markdown with YAML front matter, or YAML
  images/        illustrations and persona portraits (SVG), each with alt text
  tools/         handouts offered as PDFs, declared under ``tools`` (see tools.py)

Every problem found is collected with its file and line; a broken module raises
:class:`ModuleInvalid` and never stops the other modules from loading.
"""

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from marshmallow import ValidationError, fields, validate, validates

from .errors import ContentError, ModuleInvalid
from .fields import Identifier, Markdown, StrictSchema, unique_ids
from .markdown import check_markdown, render_markdown, with_sections
from .model import Accreditation, ChangelogEntry, Chapter, LearningGoal, Module, Persona, Step
from .portraits import portrait_problems
from .readability import measure, prose
from .source import LineDict, LineList, flatten_errors, line_in, line_of, read_front_matter, read_yaml
from .steps import STEP_TYPES
from .tools import ToolSchema, check_tool_links, load_tools


class AccreditationSchema(StrictSchema):
    register = fields.String(required=True)
    number = fields.String(required=True)
    placeholder = fields.Boolean(load_default=False)
    points = fields.Float(required=True, validate=validate.Range(min=0, min_inclusive=False))
    unit = fields.String(load_default="punten", validate=validate.OneOf(["punten", "uren"]))
    valid_from = fields.Date(load_default=None)
    valid_until = fields.Date(load_default=None)
    register_number_required = fields.Boolean(load_default=False)


class LearningGoalSchema(StrictSchema):
    id = Identifier(required=True)
    text = fields.String(required=True)


class LearningGoalField(fields.Field):
    """A learning goal: a sentence, or ``id`` and ``text`` so that quiz questions can name it in their ``tag``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            return LearningGoal(None, value)
        if isinstance(value, dict):
            return LearningGoal(**LearningGoalSchema().load(value))
        raise ValidationError("a learning goal is a sentence, or 'id' and 'text'")


class ChangelogSchema(StrictSchema):
    version = fields.String(required=True)
    date = fields.Date(load_default=None)
    changes = fields.String(required=True)


class ChapterSchema(StrictSchema):
    title = fields.String(required=True)
    steps = fields.List(fields.String(), required=True, validate=validate.Length(min=1))


# A version names files and folders (SCORM packages, exports): never a path, so no '/' and no '..'.
VERSION = re.compile(r"^(?!.*\.\.)[0-9A-Za-z][0-9A-Za-z._-]{0,31}$")


class ModuleSchema(StrictSchema):
    id = Identifier(required=True)
    version = fields.String(
        required=True,
        validate=validate.Regexp(
            VERSION,
            error="'{input}' is not a valid version: use digits, letters, '.', '-' and '_' (e.g. 1.2), no '/' or '..'",
        ),
    )
    title = fields.String(required=True)
    summary = fields.String(required=True)
    audience = fields.String(required=True)
    duration_minutes = fields.Integer(required=True, validate=validate.Range(min=1))
    language = fields.String(load_default="nl")
    pass_mark = fields.Integer(load_default=70, validate=validate.Range(0, 100))
    # The share of duration_minutes a learner must really have studied before a certificate, in percent.
    min_study_percent = fields.Integer(load_default=60, validate=validate.Range(0, 100))
    evaluation_form = fields.String(load_default="standaard")
    learning_goals = fields.List(LearningGoalField(), load_default=list)
    accreditations = fields.List(fields.Nested(AccreditationSchema), load_default=list)
    changelog = fields.List(fields.Nested(ChangelogSchema), load_default=list)
    tools = fields.List(fields.Nested(ToolSchema), load_default=list)
    chapters = fields.List(fields.Nested(ChapterSchema), required=True, validate=validate.Length(min=1))

    @validates("learning_goals")
    def goal_ids(self, value, **kwargs):
        goals = [goal for goal in value if isinstance(goal, LearningGoal)]  # the ones that loaded
        with_id = [goal for goal in goals if goal.id]
        if with_id and len(with_id) != len(goals):
            raise ValidationError("give every learning goal an 'id', or none")
        unique_ids([{"id": goal.id} for goal in with_id], "learning goal")


class PersonaSchema(StrictSchema):
    id = Identifier(required=True)
    name = fields.String(required=True)
    age = fields.Integer(load_default=None)
    role = fields.String(required=True)
    background = Markdown(required=True)
    quote = fields.String(load_default="")
    portrait = fields.String(load_default=None)
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


def load_step(file: Path, errors: list[ContentError], warnings: list[ContentError] | None = None) -> Step | None:
    warnings = [] if warnings is None else warnings
    body_line = 1
    try:
        if file.suffix == ".md":
            data, body, body_line = read_front_matter(file)
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
    check_prose(file, data, errors, warnings, body=body, body_line=body_line)
    values = _validate(step_type.Schema(), data, file, errors)
    if values is None:
        return None
    values.pop("type")
    markdown_body = values.pop("body")
    html = render_markdown(body) if body is not None else (markdown_body or render_markdown(""))
    values["body"], values["sections"] = with_sections(html, values["id"])
    return step_type(file=file, **step_type.convert(values))


def check_prose(file: Path, data, errors: list, warnings: list, body: str | None = None, body_line: int = 1) -> None:
    """Every text an author wrote in a file, checked as Markdown (``check_markdown``), with its line."""
    texts = list(_texts(data))
    if body is not None:
        texts.append((body_line, body))
    for line, text in texts:
        for finding in check_markdown(text):
            problem = ContentError(file, line + finding.line, finding.message, warning=finding.warning)
            (warnings if finding.warning else errors).append(problem)


def _texts(node, line: int = 1):
    """(line, text) for every string in parsed YAML; a block scalar's text starts on the line below its key."""
    if isinstance(node, str):
        yield (line + 1 if "\n" in node else line), node
    elif isinstance(node, LineDict):
        for key, value in node.items():
            yield from _texts(value, node.key_lines.get(key, node.line))
    elif isinstance(node, LineList):
        for value, item_line in zip(node, node.item_lines):
            yield from _texts(value, item_line)


def links_outside(folder: Path) -> list[ContentError]:
    """Symbolic links in the module that point outside it: served or packaged, they would publish that file."""
    root = folder.resolve()
    errors = []
    for directory, subfolders, files in os.walk(folder):
        for name in sorted(subfolders + files):
            path = Path(directory) / name
            if path.is_symlink() and not path.resolve().is_relative_to(root):
                errors.append(
                    ContentError(
                        path,
                        None,
                        f"links to {os.readlink(path)}, outside the module: copy the file into the module instead",
                    )
                )
    return errors


def _load_personas(folder: Path, errors: list[ContentError], warnings: list[ContentError]) -> dict[str, Persona]:
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
    check_prose(file, data, errors, warnings)
    personas = {}
    for index, raw in enumerate(values["personas"]):
        persona = Persona(**raw)
        line = line_of(data, (index, "portrait")) if isinstance(data, list) else None
        if persona.portrait:
            errors.extend(_portrait_errors(folder, file, line, persona))
        personas[persona.id] = persona
    return personas


def _portrait_errors(folder: Path, file: Path, line: int | None, persona: Persona) -> list[ContentError]:
    errors = []
    if not (persona.alt or "").strip():
        errors.append(ContentError(file, line, f"persona '{persona.id}': the portrait has no alt text (alt: …)"))
    image = Path(persona.portrait)
    target = folder / image
    inside = (
        image.parts[:1] == ("images",) and ".." not in image.parts and target.resolve().is_relative_to(folder.resolve())
    )
    if not inside or not target.is_file():
        where = f"persona '{persona.id}': portrait '{persona.portrait}' not found"
        return [*errors, ContentError(file, line, f"{where} (put it in the module's images/ folder)")]
    for svg_line, problem in portrait_problems(target):
        errors.append(ContentError(target, svg_line, f"portrait of '{persona.id}': {problem}"))
    return errors


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
    warnings: list[ContentError] = []
    errors.extend(links_outside(folder))
    values = _validate(ModuleSchema(), meta, meta_file, errors)
    check_prose(meta_file, meta, errors, warnings)
    personas = _load_personas(folder, errors, warnings)
    if values is None:
        raise ModuleInvalid(errors)
    tools = load_tools(folder, meta, values["tools"], errors)

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
            step = load_step(file, errors, warnings)
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
    goal_ids = [goal.id for goal in values["learning_goals"] if goal.id]
    if finals and goal_ids:
        errors.extend(_tags_name_goals(finals[0], goal_ids))
    check_tool_links((step for chapter in chapters for step in chapter.steps), values["tools"], errors)
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
        min_study_percent=values["min_study_percent"],
        evaluation_form=values["evaluation_form"],
        learning_goals=tuple(values["learning_goals"]),
        accreditations=tuple(Accreditation(**a) for a in values["accreditations"]),
        chapters=tuple(chapters),
        personas=MappingProxyType(personas),
        changelog=tuple(ChangelogEntry(**entry) for entry in values["changelog"]),
        folder=folder,
        warnings=tuple(warnings),
        tools=tools,
    )


def _tags_name_goals(quiz, goal_ids: list[str]) -> list[ContentError]:
    """With learning-goal ids, a final-quiz tag must name one: a typo would silently leave a goal untested."""
    known = ", ".join(goal_ids)
    return [
        ContentError(
            quiz.file,
            line_in(quiz.file, ("questions", index, "tag" if question.tag else "id")),
            f"questions.{index}.tag: '{question.tag}' is not a learning goal id (known: {known})"
            if question.tag
            else f"questions.{index}: question '{question.id}' has no tag: name the learning goal it tests ({known})",
        )
        for index, question in enumerate(quiz.questions)
        if question.tag not in goal_ids
    ]


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
            meta_file = folder / "module.yaml"
            library.errors[folder.name] = [
                ContentError(
                    meta_file,
                    line_of(read_yaml(meta_file), ("id",)),
                    f"module id '{module.id}' is already used by {library.modules[module.id].folder}: "
                    "give one of them another id",
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
        "tools": len(module.tools),
        "readability": _readability(module),
    }


def _readability(module: Module) -> str:
    figures = measure(prose(module.steps))
    verdict = "within B1" if figures.within_b1 else "ABOVE B1"
    return (
        f"{figures.words} words, {figures.average_sentence_words:.1f} words per sentence, "
        f"{figures.long_word_share:.1%} long words ({verdict})"
    )
