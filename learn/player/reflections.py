"""A learner's own reflections: in the order the module asks them, and as text, JSON or PDF to keep.

Reflections can reveal religion or beliefs (GDPR special category); these functions only
ever get the signed-in learner's own rows (``records.all_reflections``).
"""

import io
import json
from dataclasses import asdict, dataclass
from datetime import datetime

from flask import render_template
from flask_babel import gettext as _

from ..content.loader import Library
from ..i18n import when
from .models import Enrolment, ReflectionAnswer

UNKNOWN = 10**6  # a step or question a newer module version no longer has: after the ones it has


@dataclass(frozen=True)
class Entry:
    id: int
    module: str
    step: str
    question: str
    answer: str
    updated_at: datetime


def ordered_entries(library: Library, rows: list[tuple[Enrolment, ReflectionAnswer]]) -> list[Entry]:
    """Module by module (catalogue order), then step and question in the order the module asks them."""
    module_order = {module.id: index for index, module in enumerate(library)}
    keyed = []
    for enrolment, answer in rows:
        module = library.get(enrolment.module_id)
        step = module.step(answer.step_id) if module else None
        questions = list(getattr(step, "questions", ()))
        question = next((q for q in questions if q.id == answer.question_id), None)
        key = (
            module_order.get(enrolment.module_id, UNKNOWN),
            enrolment.module_id,
            module.position(answer.step_id) if step else UNKNOWN,
            questions.index(question) if question else UNKNOWN,
            answer.step_id,
            answer.question_id,
        )
        entry = Entry(
            id=answer.id,
            module=module.title if module else enrolment.module_id,
            step=step.title if step else answer.step_id,
            question=question.text if question else answer.question_id,
            answer=answer.answer,
            updated_at=answer.updated_at,
        )
        keyed.append((key, entry))
    return [entry for _, entry in sorted(keyed, key=lambda pair: pair[0])]


def as_text(entries: list[Entry]) -> str:
    lines = [_("Mijn reflecties"), ""]
    for entry in entries:
        lines += [f"{entry.module} — {entry.step}", entry.question, "", entry.answer, ""]
        lines += [f"{_('Laatst bewaard')}: {when(entry.updated_at)}", "-" * 40, ""]
    return "\n".join(lines)


def as_json(entries: list[Entry]) -> str:
    rows = [{**asdict(entry), "updated_at": entry.updated_at.isoformat(timespec="minutes")} for entry in entries]
    for row in rows:
        del row["id"]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_pdf(entries: list[Entry], learner_name: str) -> bytes:
    """The reflections as an A4 document, from an autoescaped template (answers are the learner's own text)."""
    from xhtml2pdf import pisa  # imported on the first PDF: slower to import than the whole app starts

    from ..certificates.pdf import fonts

    html = render_template("player/reflections_pdf.html", entries=entries, learner_name=learner_name, fonts=fonts())
    output = io.BytesIO()
    status = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if status.err:
        raise RuntimeError("the reflections PDF could not be made")
    return output.getvalue()
