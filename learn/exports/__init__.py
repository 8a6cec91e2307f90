"""The one writer for every CSV and XLSX Leerpad hands out (evaluations, quiz statistics, registers).

A feature describes what it exports as :class:`Sheet` s (a title, typed columns, rows of plain
values); this module decides how a spreadsheet program must receive them:

- CSV follows the UI language, as Excel does: Dutch gets ``;`` between cells and a decimal
  comma, English ``,`` and a point; both are UTF-8 with a byte order mark (else Excel shows
  ``Ã«`` for ``ë``). Months are written ``2026-11`` and days ``2026-11-30``, which both read as dates.
- XLSX has one sheet per part, a frozen header row with filters, columns as wide as their
  content (within limits), numbers as numbers and months and days as dates.
- Text typed by a person can never become a formula (CSV/formula injection): illegal
  characters are removed *first* (openpyxl's list; otherwise ``"\\x0b=1+1"`` becomes ``"=1+1"``
  after the check), then text that starts with ``= + - @`` (after any blanks and control
  characters) or with a control character (tab, carriage return, …) gets a leading
  apostrophe, and every text cell in an XLSX is an explicit string cell.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import has_request_context
from flask_babel import get_locale

FORMULA_STARTERS = ("=", "+", "-", "@")
CONTROL = "".join(chr(c) for c in range(0x20)) + "\x7f"
# Spreadsheet programs may skip leading blanks and control characters when they look for a formula.
LEADING_NOISE = CONTROL + " "
# openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE, without importing openpyxl (slow) for a CSV.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
TEXT, INTEGER, NUMBER, MONTH, DAY = "text", "integer", "number", "month", "day"
MIN_WIDTH, MAX_WIDTH = 8, 60


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT  # TEXT, INTEGER, NUMBER (with ``digits`` decimals), MONTH or DAY
    digits: int = 2


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence] = field(default_factory=list)


@dataclass(frozen=True)
class Convention:
    """How a spreadsheet program in this language reads a CSV."""

    delimiter: str
    decimal: str


DUTCH, ENGLISH = Convention(";", ","), Convention(",", ".")


def convention(language: str | None = None) -> Convention:
    """The reader's convention: the UI language of the request (Dutch outside a request)."""
    if language is None:
        language = str(get_locale()) if has_request_context() else "nl"
    return DUTCH if language.startswith("nl") else ENGLISH


def safe_text(value) -> str:
    """Text as it may go into a cell: illegal characters removed, then a formula defused."""
    text = ILLEGAL_CHARACTERS.sub("", str(value))
    if text.lstrip(LEADING_NOISE).startswith(FORMULA_STARTERS) or text[:1] in CONTROL:
        return "'" + text
    return text


def _number_text(value: float, digits: int, conv: Convention) -> str:
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else str(round(value))
    return text.replace(".", conv.decimal)


def csv_value(value, column: Column, conv: Convention) -> str:
    if value is None or value == "":
        return ""
    if column.kind == INTEGER and isinstance(value, (int, float)):
        return str(int(value))
    if column.kind == NUMBER and isinstance(value, (int, float)):
        return _number_text(value, column.digits, conv)
    if column.kind == MONTH and isinstance(value, date):
        return value.strftime("%Y-%m")
    if column.kind == DAY and isinstance(value, date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    return safe_text(value)


def csv_lines(sheet: Sheet, conv: Convention | None = None, chunk: int = 500) -> Iterator[str]:
    """The sheet as CSV text, in chunks of ``chunk`` rows (a long export streams)."""
    conv = conv or convention()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=conv.delimiter, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([safe_text(column.label) for column in sheet.columns])
    yield "\ufeff" + flush()
    for count, row in enumerate(sheet.rows, start=1):
        writer.writerow([csv_value(value, column, conv) for value, column in zip(row, sheet.columns)])
        if count % chunk == 0:
            yield flush()
    yield flush()


def csv_text(sheet: Sheet, conv: Convention | None = None) -> str:
    return "".join(csv_lines(sheet, conv))


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters, none of []:*?/\\, and no two sheets with the same name."""
    base = re.sub(r"[\[\]:*?/\\]", "", ILLEGAL_CHARACTERS.sub("", title)).strip("' ")[:31] or "Blad"
    name, n = base, 2
    while name.lower() in taken:
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
        n += 1
    taken.add(name.lower())
    return name


def _width(value, column: Column) -> int:
    if column.kind == MONTH:
        return 10
    if column.kind == DAY:
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one sheet per part, as a trainer's Excel opens it."""
    # openpyxl is imported on the first export: it is slow to import and learners never need it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    formats = {INTEGER: "0", MONTH: "mmm yyyy", DAY: "yyyy-mm-dd"}
    for part in sheets:
        sheet = workbook.create_sheet(_sheet_title(part.title, taken))
        widths = [len(column.label) for column in part.columns]
        for index, column in enumerate(part.columns, start=1):
            cell = sheet.cell(row=1, column=index, value=safe_text(column.label))
            cell.data_type = "s"
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        row_number = 1
        for row_number, row in enumerate(part.rows, start=2):
            for index, (value, column) in enumerate(zip(row, part.columns), start=1):
                if value is None or value == "":
                    continue
                cell = sheet.cell(row=row_number, column=index)
                if column.kind in (INTEGER, NUMBER) and isinstance(value, (int, float)):
                    cell.value = value
                    cell.number_format = formats.get(column.kind, "0." + "0" * column.digits if column.digits else "0")
                elif column.kind in (MONTH, DAY) and isinstance(value, date):
                    cell.value = value
                    cell.number_format = formats[column.kind]
                else:
                    cell.value = safe_text(value)
                    cell.data_type = "s"  # a string, whatever it starts with
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                widths[index - 1] = max(widths[index - 1], _width(value, column))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
        sheet.freeze_panes = "A2"
        if part.columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(part.columns))}{max(row_number, 1)}"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
