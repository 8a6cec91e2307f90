"""k >= 5 for every filter combination of the dashboard: period x version x question x grade band.

Every comment carries a marker of the response it belongs to (month, version, grade), so the
test knows, for each combination, how many responses the shown figures and comments come
from, computed here independently of the queries, and which comments must be shown.
"""

import re
from datetime import date
from itertools import product

import pytest
from conftest import login
from evaluation_helpers import MODULE_ID

from learn.evaluation import records
from learn.evaluation.aggregate import GRADE_BANDS, MIN_GROUP
from learn.extensions import db

SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
# (month, version, grades): some groups of five or more, many smaller ones.
GROUPS = [
    (SEP, "1.0", [9, 9, 9, 9, 9, 3]),
    (OCT, "1.0", [7, 7, 8, 8]),
    (OCT, "2.0", [6, 6, 6, 6, 6, 10, 2]),
    (NOV, "2.0", [4, 4, 4, 8, 8]),
]
RESPONSES = [
    (month, version, grade, n)
    for month, version, grades in GROUPS
    for n, grade in enumerate(grades)  # every response writes 'beter'; every other one 'anders_doen' too
]
MONTHS = [SEP, OCT, NOV]
PERIODS = [(a, b) for a, b in product(MONTHS, MONTHS) if a <= b]
VERSIONS = ["", "1.0", "2.0"]
QUESTIONS = ["", "beter", "anders_doen"]
BANDS = ["", *GRADE_BANDS]


def marker(month, version, grade, n, field):
    return f"M{month:%m}v{version}g{grade}n{n}{field}"


@pytest.fixture
def responses(app):
    for month, version, grade, n in RESPONSES:
        texts = {"beter": marker(month, version, grade, n, "beter")}
        if n % 2 == 0:
            texts["anders_doen"] = marker(month, version, grade, n, "anders_doen")
        records.store_response(MODULE_ID, version, "standaard", month, {"relevant": 4}, grade, 1.0, texts)
    db.session.commit()


def in_group(response, start, end, version, band):
    month, response_version, grade, _ = response
    low, high = GRADE_BANDS.get(band, (1, 10))
    return start <= month <= end and version in ("", response_version) and low <= grade <= high


def test_every_filter_combination_shows_nothing_from_fewer_than_five(app, make_user, responses):
    client = app.test_client()
    login(client, make_user("trainer"))
    checked = hidden = 0
    for (start, end), version, question, band in product(PERIODS, VERSIONS, QUESTIONS, BANDS):
        url = (
            f"/trainer/evaluaties/{MODULE_ID}?van={start:%Y-%m}&tot={end:%Y-%m}"
            f"&versie={version}&vraag={question}&cijfer={band}"
        )
        page = client.get(url).get_data(as_text=True)
        period_group = [r for r in RESPONSES if in_group(r, start, end, version, "")]
        group = [r for r in RESPONSES if in_group(r, start, end, version, band)]
        shown = set(re.findall(r"M\d\dv[\d.]+g\d+n\d+(?:beter|anders_doen)", page))
        breakdown = "grafiek-cijfers" in page
        assert breakdown == (len(period_group) >= MIN_GROUP), url
        if len(period_group) < MIN_GROUP or len(group) < MIN_GROUP:
            assert not shown, (url, len(group), shown)
            hidden += 1
            continue
        expected = {
            marker(*r, field)
            for r in group
            for field in ("beter", "anders_doen")
            if question in ("", field) and (field == "beter" or r[3] % 2 == 0)
        }
        assert f"{len(expected)} opmerkingen, de nieuwste eerst." in page, (url, len(expected))
        assert shown <= expected, (url, shown - expected)  # only comments of this group (one page of them)
        assert len(shown) == min(len(expected), 20), url
        checked += 1
    assert checked > 20 and hidden > 20  # both sides of the rule were met


def test_a_small_band_is_explained_not_shown(app, make_user, responses):
    client = app.test_client()
    login(client, make_user("trainer"))
    page = client.get(f"/trainer/evaluaties/{MODULE_ID}?van=2026-09&tot=2026-09&cijfer=laag").get_data(as_text=True)
    assert "Minder dan 5 reacties gaven een cijfer in deze groep" in page
    assert "M09v1.0g3" not in page
