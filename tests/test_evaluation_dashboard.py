"""The trainers' dashboard and exports, against a fixture with known answers."""

import csv
import io
from datetime import date, datetime

import pytest
from conftest import login
from evaluation_helpers import MODULE_ID, complete_module
from openpyxl import load_workbook
from pypdf import PdfReader

from learn.evaluation import records
from learn.extensions import db

PERIOD = "van=2026-10&tot=2026-11"
PAGE = f"/trainer/evaluaties/{MODULE_ID}?{PERIOD}"
SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://kwaad.example","klik")'
DIACRITICS = "Café-gesprek: één keer geëvalueerd, ’s avonds"

# Six responses: grades 6..10 with mean 8,0 and sample spread √2 ≈ 1,4; 'relevant' 5,4,4,3,5,2.
KNOWN = [
    (date(2026, 10, 1), 6, 1.0, 5, "korter", ["verhalen"], {"beter": SCRIPT}),
    (date(2026, 11, 1), 7, 1.0, 4, "gelijk", ["verhalen", "toets"], {"beter": FORMULA}),
    (date(2026, 11, 1), 8, 2.0, 4, "gelijk", [], {"anders_doen": DIACRITICS}),
    (date(2026, 11, 1), 8, 0.5, 3, "langer", ["casussen"], {}),
    (date(2026, 11, 1), 9, 1.5, 5, "gelijk", ["verhalen"], {"beter": "Meer over de wijk"}),
    (date(2026, 11, 1), 10, None, 2, "gelijk", ["reflectie"], {}),
]


def add_responses(rows, version="1.0"):
    for month, grade, hours, relevant, studietijd, hielp, texts in rows:
        answers = {"relevant": relevant, "bruikbaar": 4, "taal": 5, "studietijd": studietijd}
        if hielp:
            answers["hielp"] = hielp
        records.store_response(MODULE_ID, version, "standaard", month, answers, grade, hours, texts)
    db.session.commit()


@pytest.fixture
def trainer_client(app, make_user):
    client = app.test_client()
    login(client, make_user("trainer"))
    return client


@pytest.fixture
def known(make_user):
    for day in (datetime(2026, 10, 5), datetime(2026, 10, 20), *[datetime(2026, 11, d) for d in range(1, 7)]):
        complete_module(make_user(), when=day)
    complete_module(make_user(), when=datetime(2026, 9, 30))  # outside the period
    add_responses(KNOWN)
    add_responses([(date(2026, 9, 1), 1, 9.0, 1, "langer", [], {"beter": "Buiten de periode"})])


def test_dashboard_figures_match_the_hand_computed_values(trainer_client, known):
    page = trainer_client.get(PAGE).get_data(as_text=True)
    assert "oktober 2026 tot en met november 2026" in page
    assert "<dt>Reacties</dt><dd>6</dd>" in page
    assert "8 deelnemers" in page and "75%" in page  # 6 responses / 8 completions
    assert "8,0" in page and "spreiding 1,4" in page
    assert "doel 8,6" in page and "doel niet gehaald" in page
    assert "gemiddeld 1,2 uur; de module noemt 0,5 uur" in page  # (1 + 1 + 2 + 0,5 + 1,5) / 5
    # 'De module past bij mijn werk.': 0% 17% 17% 33% 33%, agree 67%, mean 3,8
    row = page.split('<th scope="row">De module past bij mijn werk.</th>')[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == [
        "0%",
        "17%",
        "17%",
        "33%",
        "33%",
        "67%",
        "3,8",
        "6",
    ]
    assert "Buiten de periode" not in page


def test_grade_distribution_and_trend_tables(trainer_client, known):
    page = trainer_client.get(PAGE).get_data(as_text=True)
    assert '<tr><th scope="row">8</th><td>2</td><td>33%</td></tr>' in page
    assert '<tr><th scope="row">oktober 2026</th><td>1</td>\n          <td>–</td><td>2</td></tr>' in page
    assert '<tr><th scope="row">november 2026</th><td>5</td>\n          <td>8,4</td><td>6</td></tr>' in page


def test_charts_are_svg_with_titles_and_work_without_javascript(trainer_client, known):
    page = trainer_client.get(PAGE).get_data(as_text=True)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 5
    assert 'role="img"' in page and '<title id="grafiek-cijfers-title">' in page
    assert "<script" not in page.split("</head>")[1].replace("&lt;script", "")


def test_comments_newest_first_searchable_and_shown_as_text(trainer_client, known):
    page = trainer_client.get(PAGE).get_data(as_text=True)
    assert "4 opmerkingen, de nieuwste eerst." in page
    assert page.index("Meer over de wijk") < page.index("&lt;script&gt;")  # november before october
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page and SCRIPT not in page
    found = trainer_client.get(PAGE + "&q=WIJK").get_data(as_text=True)
    assert "1 opmerkingen met" in found and "Meer over de wijk" in found and "&lt;script" not in found
    assert "0 opmerkingen" in trainer_client.get(PAGE + "&q=%25").get_data(as_text=True)


def test_comments_are_paginated(trainer_client, make_user):
    add_responses([(date(2026, 11, 1), 8, 1.0, 4, "gelijk", [], {"beter": f"Opmerking {n:02}"}) for n in range(25)])
    first = trainer_client.get(PAGE).get_data(as_text=True)
    assert "Pagina 1 van 2" in first and first.count('class="comment"') == 20
    second = trainer_client.get(PAGE + "&pagina=2").get_data(as_text=True)
    assert second.count('class="comment"') == 5


def test_version_filter(trainer_client, known):
    add_responses([(date(2026, 11, 1), 3, 1.0, 1, "gelijk", [], {})] * 5, version="2.0")
    page = trainer_client.get(PAGE + "&versie=2.0").get_data(as_text=True)
    assert "Versie 2.0." in page and "<dt>Reacties</dt><dd>5</dd>" in page and "3,0" in page
    assert "<dt>Reacties</dt><dd>11</dd>" in trainer_client.get(PAGE).get_data(as_text=True)


def test_fewer_than_five_responses_show_no_breakdown(trainer_client, make_user):
    add_responses(KNOWN[:4])
    page = trainer_client.get(PAGE).get_data(as_text=True)
    assert "minder dan 5 reacties" in page
    assert "spreiding" not in page and "grafiek-cijfers" not in page and "&lt;script" not in page
    assert "Meer over" not in page and "De module past bij mijn werk." not in page
    for export in ("export.csv", "export.xlsx", "samenvatting.pdf"):
        response = trainer_client.get(f"/trainer/evaluaties/{MODULE_ID}/{export}?{PERIOD}")
        assert response.status_code == 302, export
    assert "Daarom kun je niets downloaden" in trainer_client.get(PAGE).get_data(as_text=True)


def test_overview_lists_every_module_with_its_targets(trainer_client, known):
    page = trainer_client.get(f"/trainer/evaluaties/?{PERIOD}").get_data(as_text=True)
    assert "Kennismaking met Leerpad" in page
    assert "8,0" in page and "doel niet gehaald" in page
    assert "8 van 42" in page  # 250 a year, 2 months: 41,67 → 42


def test_participant_target_per_module_from_config(app, trainer_client, known):
    app.config["PARTICIPANT_TARGETS"] = f"{MODULE_ID}=48"
    page = trainer_client.get(PAGE).get_data(as_text=True)
    assert "doel voor deze periode 8 (48 per jaar)" in page and "doel gehaald" in page


class DutchExcel(csv.excel):
    delimiter = ";"


def test_csv_export_opens_in_dutch_excel_anonymous_with_labels_and_numbers(trainer_client, known):
    response = trainer_client.get(f"/trainer/evaluaties/{MODULE_ID}/export.csv?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), dialect=DutchExcel))
    assert rows[0][:5] == [
        "Maand",
        "Versie",
        "Welk cijfer geef je de module? (1-10)",
        "De module past bij mijn werk. (1-5)",
        "Ik kan wat ik heb geleerd gebruiken in mijn praktijk. (1-5)",
    ]
    assert "Wat hielp je het meest bij het leren?" in rows[0] and "hielp" not in rows[0]
    assert not any("(uren)" in column or "user" in column or "@" in column for column in rows[0])
    assert len(rows) == 7
    beter = rows[0].index("Wat kan er beter aan de module?")
    texts = [row[beter] for row in rows[1:]]
    assert SCRIPT in texts
    assert "'" + FORMULA in texts and FORMULA not in texts
    assert rows[1][0] == "2026-11" and rows[-1][0] == "2026-10"
    hours = rows[0].index("Hoeveel uur heb je ongeveer aan de module gewerkt?")
    assert sorted(float(row[hours].replace(",", ".")) for row in rows[1:] if row[hours]) == [0.5, 1, 1, 1.5, 2]
    assert "0,5" in [row[hours] for row in rows[1:]]  # a decimal comma: Dutch Excel reads "0.5" as text or a date
    assert sorted(int(row[2]) for row in rows[1:]) == [6, 7, 8, 8, 9, 10]
    helped = rows[0].index("Wat hielp je het meest bij het leren?")
    assert "De verhalen en de personen; De toets" in [row[helped] for row in rows[1:]]


def test_csv_export_in_english_uses_commas_and_points(trainer_client, known):
    text = trainer_client.get(f"/trainer/evaluaties/{MODULE_ID}/export.csv?{PERIOD}&lang=en").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    hours = rows[0].index("Hoeveel uur heb je ongeveer aan de module gewerkt?")  # the form's own words
    assert "0.5" in [row[hours] for row in rows[1:]]


def test_xlsx_export_has_a_sheet_per_part_with_types_widths_and_frozen_filtered_headers(trainer_client, known):
    response = trainer_client.get(f"/trainer/evaluaties/{MODULE_ID}/export.xlsx?{PERIOD}")
    workbook = load_workbook(io.BytesIO(response.get_data()))
    assert workbook.sheetnames == [
        "Samenvatting",
        "Per maand",
        "Cijfers",
        "Stellingen",
        "Keuzevragen",
        "Opmerkingen",
        "Reacties",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), sheet.title
        for cell in sheet[1]:  # every header fits its column, or wraps in a column of the widest width
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= min(len(cell.value), 60), (sheet.title, cell.value, width)
    summary = {row[0]: row[1:] for row in workbook["Samenvatting"].iter_rows(min_row=2, values_only=True)}
    assert summary["Reacties"][0] == 6 and summary["Gemiddeld cijfer"] == (8.0, 8.6)
    months = list(workbook["Per maand"].iter_rows(min_row=2))
    assert [row[0].value.date() for row in months] == [date(2026, 10, 1), date(2026, 11, 1)]
    assert months[1][2].value == pytest.approx(8.4) and months[1][0].is_date
    statements = {row[0]: row for row in workbook["Stellingen"].iter_rows(min_row=2, values_only=True)}
    assert statements["De module past bij mijn werk."][4] == pytest.approx(100 / 3)  # "Eens": 2 of 6
    comments = list(workbook["Opmerkingen"].iter_rows(min_row=2, values_only=True))
    assert len(comments) == 4 and ("Wat kan er beter aan de module?") in [c[1] for c in comments]
    sheet = workbook["Reacties"]
    rows = list(sheet.iter_rows(values_only=True))
    beter = rows[0].index("Wat kan er beter aan de module?")
    cells = [row[beter] for row in rows[1:]]
    assert SCRIPT in cells and "'" + FORMULA in cells
    assert sorted(row[2] for row in rows[1:]) == [6, 7, 8, 8, 9, 10]
    text_cells = [c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    assert text_cells and all(c.data_type == "s" for c in text_cells)
    width = sheet.column_dimensions[sheet.cell(1, beter + 1).column_letter].width
    assert width >= len("Wat kan er beter aan de module?")


def pdf_text(reader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_pdf_summary_has_the_figures_vector_charts_and_text_as_text(trainer_client, known):
    response = trainer_client.get(f"/trainer/evaluaties/{MODULE_ID}/samenvatting.pdf?{PERIOD}")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.get_data()))
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Kennismaking met Leerpad" in first and "8,0" in first and "doel 8,6" in first
    # The charts are drawn as vector graphics: their labels are text, their bars are paths, no pixels.
    assert "doel 8,6" in first and "okt 26" in first.lower().replace(".", "")  # the trend chart's target and months
    text = pdf_text(reader)
    assert "Helemaal oneens Oneens Neutraal Eens Helemaal eens" in text  # the statements chart's legend
    assert "De verhalen en de personen 3 (60%)" in text  # a choice chart's bar label
    assert "doel 20,8 per maand" in text  # only the completions chart writes this
    for page in reader.pages:  # and no chart came in as pixels
        assert "/XObject" not in page["/Resources"], "a chart was drawn as an image"
    assert "<script>alert('x')</script>" in text
    assert "Café-gesprek: één keer geëvalueerd" in text


def test_pdf_summary_holds_every_comment_in_full(trainer_client, known):
    long = "Een lange opmerking " + "met veel woorden " * 40 + "EINDE"
    bodies = [f"Opmerking nummer {n:02}" for n in range(34)] + [long]
    add_responses([(date(2026, 11, 1), 8, 1.0, 4, "gelijk", [], {"beter": body}) for body in bodies])
    response = trainer_client.get(f"/trainer/evaluaties/{MODULE_ID}/samenvatting.pdf?{PERIOD}")
    reader = PdfReader(io.BytesIO(response.get_data()))
    text = pdf_text(reader)
    for body in bodies[:-1]:
        assert body in text, body
    assert "EINDE" in text and "Meer over de wijk" in text  # the long one in full, and the earlier ones
    assert "Wat kan er beter aan de module? (38)" in text and "Wat ga je na deze module anders doen" in text
    assert "Buiten de periode" not in text
    assert len(reader.pages) >= 2  # the figures first, the comments after


@pytest.mark.parametrize(
    "url",
    [
        "/trainer/evaluaties/",
        PAGE,
        f"/trainer/evaluaties/{MODULE_ID}/export.csv",
        f"/trainer/evaluaties/{MODULE_ID}/export.xlsx",
        f"/trainer/evaluaties/{MODULE_ID}/samenvatting.pdf",
    ],
)
def test_only_trainers_and_admins_reach_the_dashboard(app, make_user, url):
    client = app.test_client()
    assert client.get(url).status_code == 302  # to the login page
    login(client, make_user("learner"))
    assert client.get(url).status_code == 403
    admin = app.test_client()
    login(admin, make_user("admin"))
    assert admin.get(url).status_code in (200, 302)


def test_trainers_find_the_dashboard_in_their_menu(app, make_user):
    client = app.test_client()
    login(client, make_user("learner"))
    assert "/trainer/evaluaties/" not in client.get("/").get_data(as_text=True)
    login(client, make_user("trainer"))
    assert "/trainer/evaluaties/" in client.get("/").get_data(as_text=True)


def test_headline_figures_come_first_with_target_and_trend(trainer_client, known):
    page = trainer_client.get(PAGE).get_data(as_text=True)
    headline = page.split('class="headline"')[1].split("</section>")[0]
    assert page.index('class="headline"') < page.index("grafiek-cijfers")
    grade, participants, _responses = headline.split('class="headline-figure"')[1:]
    assert '<p class="big">8,0</p>' in grade and "doel 8,6" in grade and "doel niet gehaald" in grade
    assert "vorige periode: minder dan 5 reacties" in grade  # September had one response
    assert '<p class="big">8</p>' in participants and "doel 42" in participants
    assert "▲ 7 hoger dan" in participants and "vorige periode 1" in participants  # one completion in September


def test_every_chart_has_its_numbers_folded_under_it(trainer_client, known):
    page = trainer_client.get(PAGE).get_data(as_text=True)
    charts = page.count('<div class="chart-box" tabindex="0">')
    assert charts >= 5 and page.count('<details class="data">') >= 4
    for chunk in page.split('<details class="data">')[1:]:
        assert chunk.index("<table") < chunk.index("</details>")


@pytest.mark.parametrize("role, landing", [("trainer", "/trainer/evaluaties/"), ("learner", "/"), ("admin", "/")])
def test_a_trainer_logs_in_to_the_dashboard(app, make_user, role, landing):
    client = app.test_client()
    response = login(client, make_user(role))
    assert response.headers["Location"] == landing


def test_a_trainer_who_asked_for_a_page_gets_that_page(app, make_user):
    from conftest import PASSWORD

    client = app.test_client()
    user = make_user("trainer")
    db.session.commit()
    response = client.post("/inloggen?next=/trainer/quizzen", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/trainer/quizzen"
