"""Trainers' quiz statistics: aggregates per quiz and per question, never a learner's answers."""
from flask import Blueprint, render_template

from ..security import roles_required

bp = Blueprint("assessment", __name__, template_folder="templates")


@bp.get("/trainer/quizzen")
@roles_required("trainer", "admin")
def quiz_statistics():
    return render_template("assessment/statistics.html", reports=[])
