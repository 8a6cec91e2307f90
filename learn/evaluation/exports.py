"""Anonymous exports of the responses (CSV, XLSX) and the one-page PDF summary.

A text a learner typed stays text everywhere: cells that a spreadsheet would read as a
formula (starting with = + - @, or a tab or carriage return) get a leading apostrophe,
and the PDF is made from an autoescaped template.
"""

import csv
import io
import re
from typing import Iterable, Iterator

from flask import render_template
from flask_babel import gettext as _

from .definitions import EvaluationForm
from .models import EvaluationResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell: numbers stay numbers, text never becomes a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def header(form: EvaluationForm) -> list[str]:
    columns = [_("maand"), _("versie")]
    for field in form.fields:
        suffix = {"grade": " (1-10)", "likert": " (1-5)", "time_spent": " (%s)" % _("uren")}.get(field.type, "")
        columns.append(f"{field.id}{suffix}")
    return columns


def row(form: EvaluationForm, response: EvaluationResponse, texts: dict[str, str]) -> list:
    cells = [response.month.strftime("%Y-%m"), response.module_version]
    for field in form.fields:
        if field.type == "grade":
            value = response.grade
        elif field.type == "time_spent":
            value = response.hours_spent
        elif field.type == "text":
            value = texts.get(field.id)
        elif field.type == "single_choice":
            answer = response.answers.get(field.id)
            value = field.option_label(answer) if answer else None
        elif field.type == "multiple_choice":
            value = "; ".join(field.option_label(a) for a in response.answers.get(field.id, []))
        else:
            value = response.answers.get(field.id)
        cells.append(safe_cell(value))
    return cells


def csv_lines(form: EvaluationForm, rows: Iterable[tuple[EvaluationResponse, dict]]) -> Iterator[str]:
    """CSV as Dutch spreadsheets open it: UTF-8 with a byte order mark, ';' between cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(header(form))
    yield "\ufeff" + flush()
    for count, (response, texts) in enumerate(rows, start=1):
        writer.writerow(row(form, response, texts))
        if count % 500 == 0:
            yield flush()
    yield flush()


def xlsx_bytes(form: EvaluationForm, rows: Iterable[tuple[EvaluationResponse, dict]], title: str) -> bytes:
    # openpyxl is imported on the first export: it is slow to import and learners never need it.
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def text(value):
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", "", title)[:31] or _("Evaluaties"))
    sheet.append(header(form))
    for response, texts in rows:
        # Every text cell is written as a string value, never as a formula.
        sheet.append([text(cell) for cell in row(form, response, texts)])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def pdf_bytes(**context) -> bytes:
    """The one-page A4 summary, from an autoescaped template."""
    from xhtml2pdf import pisa  # imported on the first PDF: it is slow to import

    html = render_template("evaluation/summary_pdf.html", **context)
    output = io.BytesIO()
    result = pisa.CreatePDF(html, dest=output, encoding="utf-8")
    if result.err:
        raise RuntimeError("PDF summary could not be made")
    return output.getvalue()
