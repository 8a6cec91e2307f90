"""Trainers' quiz statistics: aggregates per quiz and per question, never a learner's answers."""

import csv
import io

from flask import Blueprint, Response, abort, render_template
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from ..content.library import get_library, module_or_404
from ..extensions import db
from ..player.models import Enrolment
from ..security import roles_required
from .models import QuizAttempt
from .statistics import AttemptScores, quiz_statistics

bp = Blueprint("assessment", __name__, template_folder="templates")


def _quiz_report(module, step):
    rows = db.session.scalars(
        select(QuizAttempt)
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
        .where(Enrolment.module_id == module.id, QuizAttempt.step_id == step.id, QuizAttempt.submitted_at.is_not(None))
    )
    attempts = [
        AttemptScores(a.scores or {}, a.score or 0.0, a.max_score or 0.0, a.percentage or 0.0, a.passed) for a in rows
    ]
    return quiz_statistics({q.id: q.points for q in step.questions}, attempts)


def _quizzes():
    for module in get_library():
        for step in module.steps:
            if step.type_name == "quiz":
                yield module, step


def flag_labels() -> dict[str, str]:
    return {
        "too_hard": _("erg moeilijk"),
        "too_easy": _("erg makkelijk"),
        "weak_discrimination": _("onderscheidt slecht"),
    }


@bp.get("/trainer/quizzen")
@roles_required("trainer", "admin")
def quiz_statistics_page():
    reports = [(module, step, _quiz_report(module, step)) for module, step in _quizzes()]
    return render_template("assessment/statistics.html", reports=reports, flag_labels=flag_labels())


@bp.get("/trainer/quizzen/<module_id>/<step_id>.csv")
@roles_required("trainer", "admin")
def quiz_statistics_csv(module_id, step_id):
    module = module_or_404(module_id)
    step = module.step(step_id)
    if step is None or step.type_name != "quiz":
        abort(404)
    report = _quiz_report(module, step)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["module", "quiz", "question", "kind", "text", "attempts", "facility_index", "discrimination_index", "flags"]
    )
    for item in report.items:
        question = step.question(item.question_id)
        writer.writerow(
            [
                module.id,
                step.id,
                question.id,
                question.kind,
                _cell(Markup(question.text).striptags()),
                item.attempts,
                _number(item.facility),
                _number(item.discrimination),
                " ".join(item.flags),
            ]
        )
    writer.writerow([])
    writer.writerow(["attempts", "passed", "pass_rate", "mean_percentage"])
    writer.writerow([report.attempts, report.passed, _number(report.pass_rate), _number(report.mean_percentage)])
    writer.writerow([])
    writer.writerow(["from_percent", "to_percent", "attempts"])
    writer.writerows(report.distribution)
    return Response(
        out.getvalue(),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename=toetsstatistiek-{module.id}-{step.id}.csv"},
    )


def _number(value) -> str:
    return "" if value is None else f"{value:.3f}"


def _cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
