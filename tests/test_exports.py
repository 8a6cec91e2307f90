"""The one export writer, read back the way the trainer's programs read it.

CSV: Python's csv with the dialect Dutch Excel uses (``;``), numbers parsed back as numbers,
the BOM that makes Excel read UTF-8. XLSX: openpyxl's cell types, number formats, widths,
frozen header and filters. And the formula corpus: every formula starter after every
control character stays text in both (finding 16.2: sanitise first, then defuse).
"""

import csv
import io
from datetime import date, datetime

import pytest
from flask_babel import refresh
from openpyxl import load_workbook

from learn.exports import (
    DAY,
    DUTCH,
    ENGLISH,
    INTEGER,
    MONTH,
    NUMBER,
    Column,
    Sheet,
    convention,
    csv_text,
    safe_text,
    xlsx_bytes,
)


class DutchExcel(csv.excel):
    """What Excel with Dutch regional settings writes and reads."""

    delimiter = ";"


def dutch_number(text: str) -> float:
    return float(text.replace(",", "."))


COLUMNS = [
    Column("Maand", MONTH),
    Column("Wat ging goed?"),
    Column("Cijfer (1-10)", INTEGER),
    Column("Uren", NUMBER, 1),
    Column("Afgerond op", DAY),
]
ROWS = [
    [date(2026, 11, 1), 'Één keer geëvalueerd, ’s avonds; met ; en "quotes"', 8, 2.25, datetime(2026, 11, 30, 14, 5)],
    [date(2026, 10, 1), "kort", 10, 1000.5, date(2026, 10, 2)],
    [date(2026, 10, 1), None, None, None, None],
]
SHEET = Sheet("Reacties", COLUMNS, ROWS)

CONTROL = [chr(c) for c in range(0x20)] + ["\x7f"]
STARTERS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://kwaad.example","klik")'
CORPUS = [control + starter + PAYLOAD for control in ["", *CONTROL] for starter in STARTERS] + [
    blanks + starter + PAYLOAD for blanks in (" ", "  \n ") for starter in "=+-@"
]


def read_dutch_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff"), "no byte order mark: Excel would show Ã« for ë"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), dialect=DutchExcel))


def test_dutch_csv_reads_back_with_semicolons_decimal_commas_and_dates():
    rows = read_dutch_csv(csv_text(SHEET, DUTCH))
    assert rows[0] == ["Maand", "Wat ging goed?", "Cijfer (1-10)", "Uren", "Afgerond op"]
    first, second, empty = rows[1:]
    assert first[1] == ROWS[0][1]  # the text, semicolons and quotes included, in one cell
    assert int(first[2]) == 8 and dutch_number(first[3]) == pytest.approx(2.2)  # one decimal, as the column says
    assert dutch_number(second[3]) == 1000.5 and "." not in second[3]  # no point: Dutch Excel reads it as thousands
    assert date.fromisoformat(first[0] + "-01") == date(2026, 11, 1)
    assert date.fromisoformat(first[4]) == date(2026, 11, 30) and second[4] == "2026-10-02"
    assert empty == ["2026-10", "", "", "", ""]


def test_english_csv_uses_commas_and_points():
    text = csv_text(SHEET, ENGLISH).removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert float(rows[2][3]) == 1000.5 and rows[1][2] == "8"
    assert rows[1][1] == ROWS[0][1]


def test_the_convention_follows_the_ui_language(app):
    for path, expected in (("/?lang=en", ENGLISH), ("/", DUTCH)):
        with app.test_request_context(path):
            refresh()  # as before every request: the tests share one application context
            assert convention() == expected
    assert convention() == DUTCH  # a job or the CLI: the academy's language


def test_xlsx_has_types_formats_widths_frozen_header_and_filters():
    workbook = load_workbook(io.BytesIO(xlsx_bytes([SHEET, Sheet("Samenvatting", [Column("Wat")], [["x"]])])))
    assert workbook.sheetnames == ["Reacties", "Samenvatting"]
    sheet = workbook["Reacties"]
    assert [c.value for c in sheet[1]] == [c.label for c in COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    month, text, grade, hours, day = sheet[2]
    assert isinstance(month.value, datetime) and month.value.date() == date(2026, 11, 1) and month.is_date
    assert "yy" in month.number_format and "d" not in month.number_format  # shown as a month
    assert text.data_type == "s" and text.value == ROWS[0][1]
    assert grade.value == 8 and grade.data_type == "n"
    assert hours.value == 2.25 and hours.number_format == "0.0"
    assert day.is_date and day.value.date() == date(2026, 11, 30)
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["B"] >= len(ROWS[0][1]) and widths["B"] <= 62  # fits the text, within limits
    assert widths["C"] >= len("Cijfer (1-10)") and widths["A"] < widths["B"]
    assert sheet["B4"].value is None  # an empty answer is an empty cell


@pytest.mark.parametrize("text", CORPUS, ids=[repr(t[:2]) for t in CORPUS])
def test_no_formula_starter_after_any_control_character_becomes_a_formula(text):
    cleaned = safe_text(text)
    assert cleaned.startswith("'"), repr(cleaned)
    assert not any(c in cleaned for c in map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
    sheet = Sheet("Opmerkingen", [Column("Opmerking"), Column("Cijfer", INTEGER)], [[text, 7]])
    rows = read_dutch_csv(csv_text(sheet, DUTCH))
    assert rows[1][0].startswith("'") and rows[1][1] == "7"
    cell = load_workbook(io.BytesIO(xlsx_bytes([sheet])))["Opmerkingen"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'"), repr(cell.value)


@pytest.mark.parametrize("text", ["Goed", "8 van de 10", "e-mail", "x=1", "’s avonds"])
def test_ordinary_text_is_left_alone(text):
    assert safe_text(text) == text


def test_a_header_or_sheet_title_from_an_author_is_defused_too():
    sheet = Sheet("=Som[1]:*?/\\", [Column("=1+1")], [["a"]])
    workbook = load_workbook(io.BytesIO(xlsx_bytes([sheet, Sheet("=Som[1]:*?/\\", [Column("b")])])))
    first = workbook.worksheets[0]
    assert first["A1"].value == "'=1+1" and first["A1"].data_type == "s"
    assert len(set(workbook.sheetnames)) == 2 and not any(c in workbook.sheetnames[0] for c in "[]:*?/\\")
