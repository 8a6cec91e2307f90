"""The SCO's files: the launch page with every step, the module data, CSS, images and the runtime.

Steps render with the web player's own templates (``learn/templates/steps/``) in the
Flask app's Jinja environment, with ``mode='scorm'``; quiz questions with the
shared ``render_question`` macro.
"""

import hashlib
import json
import random
import re
from html import unescape as html_unescape
from pathlib import Path

from flask import Flask, render_template
from flask_babel import force_locale
from markupsafe import Markup

from learn.assessment.draw import option_order as draw_option_order
from learn.branding import academy
from learn.content.model import Module

from .manifest import pass_mark
from .package import HERE, Standard

RUNTIME = HERE / "runtime"
STATIC = Path(__file__).resolve().parent.parent / "learn" / "static"
QUESTION_MACRO = "steps/_question.html"


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
                    "html": Markup(html),
                    "questions": questions,
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
            },
        )
    files["index.html"] = page.encode("utf-8")
    files["module-data.js"] = _module_data(module, standard).encode("utf-8")
    files["leerpad.css"] = (STATIC / "leerpad.css").read_bytes()
    files["branding.css"] = f":root {{ --brand: {brand.primary_color}; --accent: {brand.accent_color}; }}\n".encode()
    if brand.logo_path.is_file():
        files["logo.png"] = brand.logo_path.read_bytes()
    for path in sorted(RUNTIME.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            files[f"runtime/{path.name}"] = path.read_bytes()
    assets |= {ref for ref in local_references(page) if ref not in files and _in_module(module, ref)}
    for path in sorted(assets):
        files[path] = (module.folder / path).read_bytes()
    return files


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
    rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:16], 16))
    return draw_option_order(question, rng, step.shuffle)


def _questions_html(module: Module, step, render_question) -> Markup:
    parts = [
        render_question(question, position, option_order(module, step, question), None, None, "scorm")
        for position, question in enumerate(step.questions, start=1)
    ]
    return Markup("\n").join(Markup(part) for part in parts)


def _module_data(module: Module, standard: Standard) -> str:
    """Everything the runtime needs to navigate, score and keep state, as one global."""
    data = {
        "id": module.id,
        "version": module.version,
        "title": module.title,
        "standard": standard.key,
        "apiName": standard.api_name,
        "suspendLimit": standard.suspend_limit,
        "passMark": pass_mark(module),
        "steps": [{"id": s.id, "type": s.type_name, "required": s.required} for s in module.steps],
        "quizzes": {s.id: _quiz_data(s) for s in module.steps if s.type_name == "quiz"},
        "scenarios": {s.id: _scenario_data(s) for s in module.steps if s.type_name == "scenario"},
        "reflections": {s.id: [q.id for q in s.questions] for s in module.steps if s.type_name == "reflection"},
    }
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"/* Generated by Leerpad for {module.id} {module.version}. */\nwindow.LEERPAD_MODULE = {body};\n"


def _quiz_data(step) -> dict:
    return {
        "final": step.final,
        "draw": step.draw,
        "onePerTag": step.one_per_tag,
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
    """A question as the JavaScript scorer reads it (see runtime/scoring.js)."""
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


def _scenario_data(step) -> dict:
    return {"start": step.start, "nodes": {n.id: [{"id": c.id, "next": c.next} for c in n.choices] for n in step.nodes}}
