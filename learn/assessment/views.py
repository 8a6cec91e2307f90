"""Trainers' quiz statistics: aggregates per quiz and per question, never a learner's answers."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..content.library import get_library, module_or_404
from ..exports import INTEGER, NUMBER, Column, Sheet, csv_text, xlsx_bytes
from ..extensions import db
from ..player.models import Enrolment
from ..security import roles_required
from .grants import grant_for
from .models import QuizAttempt
from .records import GrantRefused
from .statistics import MIN_ATTEMPTS_FOR_FLAGS, AttemptScores, quiz_statistics

bp = Blueprint("assessment", __name__, template_folder="templates")


def _quiz_report(module, step):
    rows = db.session.scalars(
        select(QuizAttempt)
        .join(Enrolment, Enrolment.id == QuizAttempt.enrolment_id)
        .where(Enrolment.module_id == module.id, QuizAttempt.step_id == step.id, QuizAttempt.submitted_at.is_not(None))
    )
    attempts = [
        AttemptScores(
            a.scores or {}, a.score or 0.0, a.max_score or 0.0, a.percentage or 0.0, a.passed, a.responses or {}
        )
        for a in rows
    ]
    options = {q.id: [o.id for o in q.options] for q in step.questions if q.options}
    return quiz_statistics({q.id: q.points for q in step.questions}, attempts, options)


def _quizzes():
    for module in get_library():
        for step in module.steps:
            if step.type_name == "quiz":
                yield module, step


def kind_labels() -> dict[str, str]:
    """Question types by the names trainers use."""
    return {
        "single": _("één antwoord kiezen"),
        "multiple": _("meer antwoorden kiezen"),
        "truefalse": _("waar of niet waar"),
        "judgement": _("beste aanpak kiezen"),
        "matching": _("koppelen"),
        "ordering": _("op volgorde zetten"),
    }


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
    return render_template(
        "assessment/statistics.html",
        reports=reports,
        flag_labels=flag_labels(),
        kind_labels=kind_labels(),
        min_attempts=MIN_ATTEMPTS_FOR_FLAGS,
    )


def _question_text(question) -> str:
    return Markup(question.text).striptags()  # noqa: S704 (module text, sanitized at load; only its tags are stripped)


def _statistics_sheets(module, step, report) -> list[Sheet]:
    """The quiz's figures as sheets: per question, per option (where five or more attempts drew it), scores."""
    kinds, flags = kind_labels(), flag_labels()
    questions = Sheet(
        _("Vragen"),
        [
            Column(_("Vraag")),
            Column(_("Soort")),
            Column(_("Pogingen"), INTEGER),
            Column(_("Gemak (%)"), NUMBER, 1),
            Column(_("Onderscheidend vermogen"), NUMBER, 2),
            Column(_("Let op")),
        ],
        [
            [
                _question_text(question := step.question(item.question_id)),
                kinds.get(question.kind, question.kind),
                item.attempts,
                None if item.facility is None else 100 * item.facility,
                item.discrimination,
                ", ".join(flags[f] for f in item.flags)
                or (_("weinig pogingen: zegt nog weinig") if item.small_sample and item.attempts else ""),
            ]
            for item in report.items
        ],
    )
    options = Sheet(
        _("Antwoorden"),
        [Column(_("Vraag")), Column(_("Antwoord")), Column(_("Goed")), Column(_("Gekozen (%)"), NUMBER, 1)],
        [
            [
                _question_text(question := step.question(item.question_id)),
                Markup(question.option(share.option_id).text).striptags(),  # noqa: S704 (module text)
                _("ja") if question.option(share.option_id).correct else _("nee"),
                100 * share.share,
            ]
            for item in report.items
            for share in item.options
        ],
    )
    scores = Sheet(
        _("Scores"),
        [Column(_("Score van (%)"), INTEGER), Column(_("Score tot (%)"), INTEGER), Column(_("Pogingen"), INTEGER)],
        [list(band) for band in report.distribution],
    )
    return [questions, options, scores]


def _quiz_or_404(module_id, step_id):
    module = module_or_404(module_id)
    step = module.step(step_id)
    if step is None or step.type_name != "quiz":
        abort(404)
    return module, step


@bp.get("/trainer/quizzen/<module_id>/<step_id>.csv")
@roles_required("trainer", "admin")
def quiz_statistics_csv(module_id, step_id):
    module, step = _quiz_or_404(module_id, step_id)
    questions = _statistics_sheets(module, step, _quiz_report(module, step))[0]
    return Response(
        csv_text(questions),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename=toetsstatistiek-{module.id}-{step.id}.csv"},
    )


@bp.get("/trainer/quizzen/<module_id>/<step_id>.xlsx")
@roles_required("trainer", "admin")
def quiz_statistics_xlsx(module_id, step_id):
    module, step = _quiz_or_404(module_id, step_id)
    return Response(
        xlsx_bytes(_statistics_sheets(module, step, _quiz_report(module, step))),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=toetsstatistiek-{module.id}-{step.id}.xlsx"},
    )


class GrantForm(FlaskForm):
    email = StringField(_l("E-mailadres van de deelnemer"), validators=[DataRequired(), Length(max=254)])
    module_id = SelectField(_l("Module"), validators=[DataRequired()])
    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Komt in het dossier en in de gegevens die de deelnemer kan downloaden."),
    )


@bp.route("/beheer/pogingen", methods=["GET", "POST"])
@roles_required("trainer", "admin")
def grant_page():
    """A learner who used every attempt without passing gets one more (recorded with who, when and why)."""
    form = GrantForm()
    form.module_id.choices = [(m.id, m.title) for m in get_library() if m.final_quiz and m.final_quiz.max_attempts]
    if form.validate_on_submit():
        try:
            learner, module = grant_for(form.email.data, form.module_id.data, form.reason.data, current_user)
        except GrantRefused as refused:
            form.email.errors.append(str(refused))
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s kan de eindtoets van %(module)s nog één keer maken.",
                    name=learner.name,
                    module=module.title,
                ),
                "success",
            )
            return redirect(url_for("assessment.grant_page"))
    return render_template("assessment/grant.html", form=form), 400 if form.errors else 200
