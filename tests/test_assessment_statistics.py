"""Item statistics against hand-computed values, and the trainers' page (aggregates only)."""

import csv
import io
from math import sqrt

import pytest
from conftest import login
from markupsafe import Markup
from quiz_answers import quiz_form
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.assessment.statistics import (
    AttemptScores,
    item_flags,
    pearson,
    quiz_statistics,
    score_distribution,
)
from learn.extensions import db

#           A  B  C   (1 point each)
TABLE = [(1, 1, 1), (1, 0, 1), (0, 1, 0), (0, 0, 0)]


def scores(rows, passed=(True, False, False, False)):
    return [
        AttemptScores(dict(zip("ABC", map(float, row))), float(sum(row)), 3.0, round(100 * sum(row) / 3, 1), ok)
        for row, ok in zip(rows, passed)
    ]


def test_quiz_statistics_by_hand():
    report = quiz_statistics({"A": 1.0, "B": 1.0, "C": 1.0}, scores(TABLE))
    assert report.attempts == 4 and report.passed == 1 and report.pass_rate == 0.25
    assert report.mean_percentage == 50.0
    a, b, c = report.items
    assert (a.facility, b.facility, c.facility) == (0.5, 0.5, 0.5)
    # A against the rest (B+C)/2 = 1, .5, .5, 0: r = 0.5 / sqrt(1 * 0.5)
    assert a.discrimination == pytest.approx(1 / sqrt(2))
    # B against (A+C)/2 = 1, 1, 0, 0: no relation
    assert b.discrimination == pytest.approx(0.0)
    assert c.discrimination == pytest.approx(1 / sqrt(2))
    assert all(item.flags == () for item in report.items)  # too few attempts to judge discrimination


def test_score_distribution_bands():
    assert score_distribution([100.0, 66.7, 33.3, 0.0, 9.9, 10.0]) == (
        (0, 10, 2),
        (10, 20, 1),
        (20, 30, 0),
        (30, 40, 1),
        (40, 50, 0),
        (50, 60, 0),
        (60, 70, 1),
        (70, 80, 0),
        (80, 90, 0),
        (90, 100, 1),
    )


def test_items_not_drawn_in_an_attempt_are_left_out_of_its_statistics():
    attempts = [
        AttemptScores({"A": 1.0, "B": 1.0}, 2.0, 2.0, 100.0, True),
        AttemptScores({"A": 0.0, "C": 2.0}, 2.0, 3.0, 66.7, False),
    ]
    report = quiz_statistics({"A": 1.0, "B": 1.0, "C": 2.0}, attempts)
    a, b, c = report.items
    assert (a.attempts, b.attempts, c.attempts) == (2, 1, 1)
    assert a.facility == 0.5 and b.facility == 1.0 and c.facility == 1.0
    assert a.discrimination is None  # the rest scored full marks both times (B 1 of 1, C 2 of 2): no spread


def test_pearson_edge_cases():
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert pearson([1], [1]) is None
    assert pearson([1, 1, 1], [1, 2, 3]) is None


@pytest.mark.parametrize(
    "facility, discrimination, attempts, flags",
    [
        (0.1, 0.5, 50, ("too_hard",)),
        (0.97, 0.5, 50, ("too_easy",)),
        (0.5, 0.1, 50, ("weak_discrimination",)),
        (0.5, -0.3, 50, ("weak_discrimination",)),
        (0.5, 0.1, 9, ()),
        (0.5, 0.45, 50, ()),
        (1.0, None, 12, ("too_easy", "weak_discrimination")),
        (0.0, None, 2, ()),  # two attempts: too few to call a question hard
        (1.0, 0.9, 9, ()),
    ],
)
def test_badly_working_questions_are_flagged(facility, discrimination, attempts, flags):
    assert item_flags(facility, discrimination, attempts) == flags


def test_a_question_everyone_gets_wrong_regardless_of_ability_is_flagged():
    rows = [(1, 1, 0)] * 6 + [(0, 0, 0)] * 6  # C: nobody right; A and B perfectly together
    report = quiz_statistics({"A": 1.0, "B": 1.0, "C": 1.0}, scores(rows, passed=[r[0] == 1 for r in rows]))
    a, _b, c = report.items
    assert c.facility == 0.0 and "too_hard" in c.flags and "weak_discrimination" in c.flags
    assert a.discrimination == pytest.approx(1.0) and a.flags == ()


# the page

MODULE = "/modules/kennismaking"


def take_final(client, fixture_module, right):
    client.post(f"{MODULE}/enrol")
    client.get(f"{MODULE}/steps/eindtoets")
    attempt = db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))).one()
    client.post(f"{MODULE}/steps/eindtoets", data=quiz_form(fixture_module.step("eindtoets"), attempt, right))


@pytest.fixture
def some_attempts(app, make_user, fixture_module):
    for right in (True, False, True):
        client = app.test_client()
        login(client, make_user(name="Anneke Deelnemer"))
        take_final(client, fixture_module, right)


def test_trainers_see_aggregates_without_names_or_answers(app, make_user, some_attempts):
    client = app.test_client()
    login(client, make_user("trainer"))
    page = client.get("/trainer/quizzen").get_data(as_text=True)
    assert "Toetsresultaten" in page and "Eindtoets" in page
    assert "<svg" in page and "<table" in page
    assert "66,7%" in page  # 2 of 3 passed
    assert "Anneke" not in page and "@example.nl" not in page
    assert "Toetsresultaten</a>" in page  # in the role menu


def test_a_quiz_without_attempts_offers_no_empty_downloads(app, make_user, some_attempts):
    client = app.test_client()
    login(client, make_user("trainer"))
    page = client.get("/trainer/quizzen").get_data(as_text=True)
    assert "/trainer/quizzen/kennismaking/eindtoets.csv" in page  # three attempts: the figures can be taken along
    no_attempts = page[page.index("Nog geen ingeleverde pogingen.") :]
    no_attempts = no_attempts[: no_attempts.index("</section>")]
    assert "Downloaden" not in no_attempts and ".csv" not in no_attempts


def test_option_shares_count_each_chosen_option_once_and_need_five_attempts():
    def attempt(choice):
        return AttemptScores({"A": 1.0 if choice == "a" else 0.0}, 1.0, 1.0, 100.0, True, {"A": choice})

    four = quiz_statistics({"A": 1.0}, [attempt(c) for c in "abbc"], {"A": ["a", "b", "c", "d"]})
    assert four.items[0].options == ()  # four attempts: a share would show what one learner chose
    five = quiz_statistics({"A": 1.0}, [attempt(c) for c in "abbcb"], {"A": ["a", "b", "c", "d"]})
    shares = {o.option_id: (o.chosen, o.share) for o in five.items[0].options}
    assert shares == {"a": (1, 0.2), "b": (3, 0.6), "c": (1, 0.2), "d": (0, 0.0)}
    many = AttemptScores({"A": 0.5}, 0.5, 1.0, 50.0, False, {"A": ["a", "c", "a"]})
    multiple = quiz_statistics({"A": 1.0}, [many] * 5, {"A": ["a", "b", "c"]})
    assert [o.chosen for o in multiple.items[0].options] == [5, 0, 5]


class DutchExcel(csv.excel):
    delimiter = ";"


def test_csv_export_in_dutch_with_type_names_and_numbers(app, make_user, some_attempts, fixture_module):
    client = app.test_client()
    login(client, make_user("admin"))
    response = client.get("/trainer/quizzen/kennismaking/eindtoets.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), dialect=DutchExcel))
    assert rows[0] == ["Vraag", "Soort", "Pogingen", "Gemak (%)", "Onderscheidend vermogen", "Let op"]
    step = fixture_module.step("eindtoets")
    assert len(rows) == 1 + len(step.questions)
    assert sum(int(row[2]) for row in rows[1:]) == 3 * 4  # four questions drawn per attempt
    kinds = {"één antwoord kiezen", "meer antwoorden kiezen", "waar of niet waar", "beste aanpak kiezen"}
    kinds |= {"koppelen", "op volgorde zetten"}
    assert {row[1] for row in rows[1:]} <= kinds
    facilities = [float(row[3].replace(",", ".")) for row in rows[1:] if row[3]]
    assert facilities and all(0 <= f <= 100 for f in facilities)
    assert all(row[5] in ("", "weinig pogingen: zegt nog weinig") for row in rows[1:])  # 3 attempts: no flags
    assert "Anneke" not in text
    assert client.get("/trainer/quizzen/kennismaking/welkom.csv").status_code == 404


def test_the_page_warns_on_a_small_sample_and_names_types_in_dutch(app, make_user, some_attempts):
    client = app.test_client()
    login(client, make_user("trainer"))
    page = client.get("/trainer/quizzen").get_data(as_text=True)
    assert "Nog maar 3 pogingen." in page and 'class="flag"' not in page
    assert "<td>single</td>" not in page and "één antwoord kiezen" in page
    assert "Welke antwoorden kozen deelnemers?" not in page  # fewer than five attempts drew any question


def test_distractor_analysis_once_five_attempts_drew_a_question(app, make_user, fixture_module):
    for right in (True, False, True, True, False, True, False):  # each question is drawn in 4 of 5
        client = app.test_client()
        login(client, make_user(name="Anneke Deelnemer"))
        take_final(client, fixture_module, right)
    client = app.test_client()
    login(client, make_user("trainer"))
    page = client.get("/trainer/quizzen").get_data(as_text=True)
    assert "Welke antwoorden kozen deelnemers?" in page and "<meter" in page
    assert "Anneke" not in page
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/trainer/quizzen/kennismaking/eindtoets.xlsx").data))
    assert workbook.sheetnames == ["Vragen", "Antwoorden", "Scores"]
    shares = list(workbook["Antwoorden"].iter_rows(min_row=2, values_only=True))

    def plain(html):
        return Markup(html).striptags()  # noqa: S704 (module text, as the export strips it)

    options = {
        plain(q.text): {plain(o.text): o.correct for o in q.options} for q in fixture_module.step("eindtoets").questions
    }
    assert shares
    for question, option, right, chosen in shares:
        assert options[question][option] == (right == "ja")
        assert isinstance(chosen, float | int) and 0 <= chosen <= 100
    per_question = {}
    for question, _option, _right, chosen in shares:
        per_question[question] = per_question.get(question, 0) + chosen
    assert all(total >= 100 - 1e-6 for total in per_question.values())  # every attempt chose something


@pytest.mark.parametrize("role, status", [("learner", 403), ("institution", 403), ("trainer", 200), ("admin", 200)])
def test_only_trainers_and_admins(app, make_user, role, status):
    client = app.test_client()
    login(client, make_user(role))
    assert client.get("/trainer/quizzen").status_code == status
    assert client.get("/trainer/quizzen/kennismaking/eindtoets.csv").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/trainer/quizzen").status_code == 302
