"""The SCO's files: the launch page with every step, the module data, CSS, images and the runtime.

Steps render with the web player's own templates (``learn/templates/steps/``) in the
Flask app's Jinja environment, with ``mode='scorm'``; quiz questions with the
shared ``render_question`` macro. The JavaScript is the shared client runtime
(``learn/static/runtime/``): the modules ``scorm.js`` imports, byte for byte.
"""

import hashlib
import json
import random
import re
from html import unescape as html_unescape
from pathlib import Path, PurePosixPath

from flask import Flask
from flask_babel import force_locale
from markupsafe import Markup

from learn.assessment.draw import option_order as draw_option_order
from learn.branding import academy
from learn.content.model import Module
from learn.content.tools import tools_in
from learn.tools.pdf import tool_pdf

from .standards import HERE, Standard, lms_token, pass_mark, short_token

LEARN = HERE.parent / "learn"
STATIC = LEARN / "static"
RUNTIME = STATIC / "runtime"
ENTRY = "scorm.js"
QUESTION_MACRO = "steps/_question.html"
IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["'](\./[^"']+)["']|^\s*import\s*["'](\./[^"']+)["']""", re.M
)


def runtime_modules(entry: str = ENTRY) -> list[str]:
    """The runtime's module files ``entry`` needs: itself and everything it imports, directly or not."""
    needed, waiting = set(), [entry]
    while waiting:
        name = waiting.pop()
        if name in needed:
            continue
        needed.add(name)
        source = (RUNTIME / name).read_text(encoding="utf-8")
        waiting += [PurePosixPath(ref).name for pair in IMPORT.findall(source) for ref in pair if ref]
    return sorted(needed)


def exporter_sources() -> list[Path]:
    """Every file of Leerpad's own that shapes a package, apart from the module and the branding."""
    folders = [HERE, LEARN / "templates" / "steps", LEARN / "translations"]
    files = [p for folder in folders for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return sorted(files + [STATIC / "leerpad.css"] + [RUNTIME / name for name in runtime_modules()])


def sco_files(module: Module, standard: Standard, app: Flask) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    assets: set[str] = set()

    def asset_url(path: str) -> str:
        assets.add(path)
        return path

    with app.test_request_context("/"), force_locale(module.language or "nl"):
        env = app.jinja_env.overlay(loader=_with_own_templates(app.jinja_env.loader))
        render_question = env.get_template(QUESTION_MACRO).module.render_question
        steps = []
        for index, step in enumerate(module.steps):
            html = env.get_template(step.template).render(
                module=module,
                step=step,
                view=_scorm_view(step),
                mode="scorm",
                asset_url=asset_url,
                **_template_context(app),
            )
            questions = _questions_html(module, step, render_question) if step.type_name == "quiz" else Markup("")
            steps.append(
                {
                    "step": step,
                    "index": index,
                    "chapter": module.chapter_of(step.id),
                    "html": Markup(_download_tool_links(html)),  # noqa: S704 (a rendered, autoescaped template)
                    "questions": questions,
                    "tools": tools_in(module, step),
                }
            )
        brand = academy()
        page = env.get_template("scorm_export/sco.html").render(
            **{
                **_template_context(app),
                "module": module,
                "standard": standard,
                "steps": steps,
                "academy": brand,
                "has_logo": brand.logo_path.is_file(),
                "tool_url": lambda tool: tool.path,
            },
        )
        for tool in module.tools:  # rendered now: the package works without a network
            files[tool.path] = tool_pdf(module, tool)
    files["index.html"] = page.encode("utf-8")
    files["module-data.js"] = _module_data(module, standard).encode("utf-8")
    files["identifiers.json"] = _identifier_table(module, standard).encode("utf-8")
    files["leerpad.css"] = (STATIC / "leerpad.css").read_bytes()
    files["branding.css"] = f":root {{ --brand: {brand.primary_color}; --accent: {brand.accent_color}; }}\n".encode()
    if brand.logo_path.is_file():
        files["logo.png"] = brand.logo_path.read_bytes()
    files["sco.css"] = (HERE / "sco.css").read_bytes()
    for name in runtime_modules():
        files[f"runtime/{name}"] = (RUNTIME / name).read_bytes()
    assets |= {ref for ref in local_references(page) if ref not in files and _in_module(module, ref)}
    for path in sorted(assets):
        files[path] = (module.folder / path).read_bytes()
    return files


def _download_tool_links(html: str) -> str:
    """A tool link downloads the PDF: opening it in the SCO's own frame would end the LMS session."""
    return html.replace('<a href="tools/', '<a download href="tools/')


LOCAL_REFERENCE = re.compile(r"""(?:src|href)=["']([^"'#?:]+)["']""")


def local_references(html: str) -> set[str]:
    """Relative file references in a page (images in Markdown bodies, persona photos, scripts, CSS)."""
    return {html_unescape(ref) for ref in LOCAL_REFERENCE.findall(html) if not ref.startswith("/")}


def _in_module(module: Module, path: str) -> bool:
    folder = module.folder.resolve()
    target = (folder / path).resolve()
    return target.is_file() and folder in target.parents


def _with_own_templates(loader):
    from jinja2 import ChoiceLoader, FileSystemLoader

    return ChoiceLoader([loader, FileSystemLoader(str(HERE / "templates"))])


def _template_context(app: Flask) -> dict:
    context: dict = {}
    app.update_template_context(context)
    return context


def _scorm_view(step) -> dict:
    """What the templates get as ``view``: an empty learner state (the runtime restores answers)."""
    return {"answers": {}} if step.type_name == "reflection" else {}


def option_order(module: Module, step, question) -> list[str]:
    """The platform's option order (learn.assessment.draw), from a seed fixed per module version and
    question, so a rebuild gives the same bytes."""
    seed = f"{module.id}/{module.version}/{step.id}/{question.id}"
    rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))  # noqa: S311 (a reproducible shuffle per package, not a secret)
    return draw_option_order(question, rng, step.shuffle)


def _questions_html(module: Module, step, render_question) -> Markup:
    parts = [
        render_question(question, position, option_order(module, step, question), None, None, "scorm")
        for position, question in enumerate(step.questions, start=1)
    ]
    return Markup("\n").join(Markup(part) for part in parts)  # noqa: S704 (rendered, autoescaped templates)


def _module_data(module: Module, standard: Standard) -> str:
    """Everything the runtime needs to navigate, score and keep state, as one global."""
    data = {
        "id": module.id,
        "version": module.version,
        "title": module.title,
        "language": module.language or "nl",
        "standard": standard.key,
        "apiName": standard.api_name,
        "suspendLimit": standard.suspend_limit,
        "passMark": pass_mark(module),
        "steps": [{"id": s.id, "type": s.type_name, "required": s.required} for s in module.steps],
        "quizzes": {s.id: quiz_data(s, standard) for s in module.steps if s.type_name == "quiz"},
        "scenarios": {s.id: _scenario_data(s) for s in module.steps if s.type_name == "scenario"},
        "reflections": {s.id: [q.id for q in s.questions] for s in module.steps if s.type_name == "reflection"},
    }
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"/* Generated by Leerpad for {module.id} {module.version}. */\nwindow.LEERPAD_MODULE = {body};\n"


def quiz_data(step, standard: Standard) -> dict:
    """A quiz as the runtime draws, scores and reports it (learn/static/runtime/quiz.js, sco.js)."""
    return {
        "interactions": lms_names(step, standard),
        "final": step.final,
        "draw": step.draw,
        "onePerTag": step.one_per_tag,
        "minPerTag": step.min_per_tag,
        "passMark": step.pass_mark,
        "maxAttempts": step.max_attempts,
        "showAnswers": step.show_answers,
        "questions": [question_data(q) for q in step.questions],
        "reviews": {
            q.id: {
                "explanation": str(q.explanation or ""),
                "feedback": {o.id: str(o.feedback) for o in q.options if o.feedback},
            }
            for q in step.questions
        },
    }


def question_data(question) -> dict:
    """A question as the JavaScript scorer reads it (see learn/static/runtime/scoring.js)."""
    return {
        "id": question.id,
        "kind": question.kind,
        "points": question.points,
        "scoring": question.scoring,
        "tag": question.tag,
        "options": [{"id": o.id, "credit": o.credit} for o in question.options],
        "prompts": [p.id for p in question.prompts],
        "answers": [a.id for a in question.answers],
        "pairs": [list(pair) for pair in question.pairs],
        "items": [i.id for i in question.items],
    }


def lms_names(step, standard: Standard) -> dict:
    """What the package calls a quiz's questions and answers in the LMS (cmi.interactions), per question:
    ``id``, and a token per option, prompt, answer and item id. Tokens are in a form every runtime
    accepts (``lms_token``; SCORM 1.2: one character), and derive from the module version only."""

    def tokens(items) -> dict[str, str]:
        if standard.key == "1.2":
            return {item.id: short_token(n) for n, item in enumerate(items)}
        return {item.id: lms_token(item.id) for item in items}

    names = {}
    for question in step.questions:
        options = tokens(question.options)
        if question.kind == "truefalse" and standard.key == "1.2":
            options = {"true": "t", "false": "f"}
        names[question.id] = {
            "id": f"{lms_token(step.id)}.{lms_token(question.id)}",
            "options": options,
            "prompts": tokens(question.prompts),
            "answers": tokens(question.answers),
            "items": tokens(question.items),
        }
    return names


def _identifier_table(module: Module, standard: Standard) -> str:
    """identifiers.json: how to read the LMS's interaction report, token by token, back into the module's ids."""
    interactions = []
    for step in module.steps:
        if step.type_name != "quiz" or not step.final:
            continue
        step_names = lms_names(step, standard)
        for question in step.questions:
            names = step_names[question.id]
            responses = {
                kind: {token: module_id for module_id, token in names[kind].items()}
                for kind in ("options", "prompts", "answers", "items")
                if names[kind]
            }
            interactions.append({"id": names["id"], "step": step.id, "question": question.id, "responses": responses})
    table = {"module": module.id, "version": module.version, "standard": standard.label, "interactions": interactions}
    return json.dumps(table, ensure_ascii=False, indent=1) + "\n"


def _scenario_data(step) -> dict:
    return {"start": step.start, "nodes": {n.id: [{"id": c.id, "next": c.next} for c in n.choices] for n in step.nodes}}
