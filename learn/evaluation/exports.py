"""What the evaluation exports hold: the anonymous responses (CSV, XLSX) and the PDF summary.

The sheets are described here; :mod:`learn.exports` writes them the way the trainer's
spreadsheet program reads them (and keeps every typed text a text). The columns are
headed by the questions' labels, as the learner saw them.
"""

import io
from collections.abc import Iterable, Iterator

from flask import render_template
from flask_babel import gettext as _

from ..exports import INTEGER, MONTH, NUMBER, TEXT, Column, Sheet, csv_lines, xlsx_bytes
from .definitions import EvaluationForm, FormField
from .models import EvaluationResponse

KIND = {"grade": INTEGER, "likert": INTEGER, "time_spent": NUMBER}
SCALE = {"grade": " (1-10)", "likert": " (1-5)"}


def columns(form: EvaluationForm) -> list[Column]:
    return [Column(_("Maand"), MONTH), Column(_("Versie"))] + [
        Column(f.label + SCALE.get(f.type, ""), KIND.get(f.type, TEXT), digits=1) for f in form.fields
    ]


def _answer(field: FormField, response: EvaluationResponse, texts: dict[str, str]):
    if field.type == "grade":
        return response.grade
    if field.type == "time_spent":
        return response.hours_spent
    if field.type == "text":
        return texts.get(field.id)
    answer = response.answers.get(field.id)
    if field.type == "single_choice":
        return field.option_label(answer) if answer else None
    if field.type == "multiple_choice":
        return "; ".join(field.option_label(a) for a in answer or [])
    return answer


def response_sheet(form: EvaluationForm, rows: Iterable[tuple[EvaluationResponse, dict]]) -> Sheet:
    def values() -> Iterator[list]:
        for response, texts in rows:
            yield [response.month, response.module_version] + [_answer(f, response, texts) for f in form.fields]

    return Sheet(_("Reacties"), columns(form), values())


def responses_csv(form: EvaluationForm, rows: Iterable[tuple[EvaluationResponse, dict]]) -> Iterator[str]:
    return csv_lines(response_sheet(form, rows))


def _summary_sheet(report) -> Sheet:
    from flask_babel import format_date

    period = _(
        "%(start)s tot en met %(end)s",
        start=format_date(report.scope.start, "MMMM yyyy"),
        end=format_date(report.scope.end, "MMMM yyyy"),
    )
    figures = [
        (_("Module"), report.module.title, None),
        (_("Periode"), period, None),
        (_("Versie"), report.scope.version or _("alle versies"), None),
        (_("Reacties"), report.responses, None),
        (_("Afgerond"), report.completions, report.participant_target.target),
        (_("Respons (%)"), report.rate, None),
        (_("Gemiddeld cijfer"), report.grades.mean, report.grade_target.target),
        (_("Spreiding van het cijfer"), report.grades.sd, None),
        (_("Gemiddeld aantal uren"), report.mean_hours, report.module.study_hours),
    ]
    return Sheet(
        _("Samenvatting"),
        [Column(_("Wat")), Column(_("Waarde"), NUMBER, 1), Column(_("Doel"), NUMBER, 1)],
        [list(row) for row in figures],
    )


def _month_sheet(report) -> Sheet:
    return Sheet(
        _("Per maand"),
        [
            Column(_("Maand"), MONTH),
            Column(_("Reacties"), INTEGER),
            Column(_("Gemiddeld cijfer"), NUMBER, 1),
            Column(_("Afgerond"), INTEGER),
        ],
        [[p.month, p.responses, p.mean_grade, p.completions] for p in report.trend],
    )


def _grade_sheet(report) -> Sheet:
    total = report.grades.count
    return Sheet(
        _("Cijfers"),
        [Column(_("Cijfer"), INTEGER), Column(_("Aantal"), INTEGER), Column(_("Deel (%)"), NUMBER, 0)],
        [[g, n, 100 * n / total if total else 0] for g, n in enumerate(report.grades.distribution, start=1)],
    )


def _statement_sheet(report) -> Sheet:
    answers = report.likert[0].answers if report.likert else ()
    return Sheet(
        _("Stellingen"),
        [Column(_("Stelling"))]
        + [Column(f"{a} (%)", NUMBER, 0) for a in answers]
        + [
            Column(_("Eens samen (%)"), NUMBER, 0),
            Column(_("Gemiddeld (1-5)"), NUMBER, 1),
            Column(_("Antwoorden"), INTEGER),
        ],
        [[s.label, *s.percentages, s.agree, s.mean, s.respondents] for s in report.likert],
    )


def _choice_sheet(report) -> Sheet:
    return Sheet(
        _("Keuzevragen"),
        [Column(_("Vraag")), Column(_("Antwoord")), Column(_("Aantal"), INTEGER), Column(_("Deel (%)"), NUMBER, 0)],
        [
            [choice.label, answer, count, share]
            for choice in report.choices
            for answer, count, share in zip(choice.answers, choice.counts, choice.percentages)
        ],
    )


def _comment_sheet(comments: Iterable[tuple], labels: dict[str, str]) -> Sheet:
    return Sheet(
        _("Opmerkingen"),
        [Column(_("Maand"), MONTH), Column(_("Vraag")), Column(_("Opmerking"))],
        ([month, labels.get(field_id, field_id), body] for month, field_id, body in comments),
    )


def workbook(report, rows, comments) -> bytes:
    """Summary, months, grades, statements, choices, comments and every response: a sheet each."""
    labels = {f.id: f.label for f in report.form.fields}
    return xlsx_bytes(
        [
            _summary_sheet(report),
            _month_sheet(report),
            _grade_sheet(report),
            _statement_sheet(report),
            _choice_sheet(report),
            _comment_sheet(comments, labels),
            response_sheet(report.form, rows),
        ]
    )


def comments_by_question(form: EvaluationForm, comments: Iterable[tuple]) -> list[tuple[str, list[tuple]]]:
    """Every open answer under its question, in the form's order; newest month first within a question."""
    grouped: dict[str, list[tuple]] = {f.id: [] for f in form.fields_of("text")}
    for month, field_id, body in comments:
        grouped.setdefault(field_id, []).append((month, body))
    labels = {f.id: f.label for f in form.fields}
    return [(labels.get(field_id, field_id), items) for field_id, items in grouped.items() if items]


def pdf_bytes(**context) -> bytes:
    """The A4 summary, from an autoescaped template: the figures and charts first, then every comment."""
    from xhtml2pdf import pisa  # imported on the first PDF: it is slow to import

    html = render_template("evaluation/summary_pdf.html", **context)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError("PDF summary could not be made")
    return output.getvalue()
