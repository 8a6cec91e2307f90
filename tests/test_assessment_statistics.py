"""Item statistics against hand-computed values, and the trainers' page (aggregates only)."""

import csv
import io
from math import sqrt

import pytest
from conftest import login
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
    ],
)
def test_badly_working_questions_are_flagged(facility, discrimination, attempts, flags):
    assert item_flags(facility, discrimination, attempts) == flags


def test_a_question_everyone_gets_wrong_regardless_of_ability_is_flagged():
    rows = [(1, 1, 0)] * 6 + [(0, 0, 0)] * 6  # C: nobody right; A and B perfectly together
    report = quiz_statistics({"A": 1.0, "B": 1.0, "C": 1.0}, scores(rows, passed=[r[0] == 1 for r in rows]))
    a, b, c = report.items
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


def test_csv_export(app, make_user, some_attempts, fixture_module):
    client = app.test_client()
    login(client, make_user("admin"))
    response = client.get("/trainer/quizzen/kennismaking/eindtoets.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["module", "quiz", "question"]
    questions = {row[2]: row for row in rows[1:6]}
    assert set(questions) == {q.id for q in fixture_module.step("eindtoets").questions}
    assert sum(int(row[5]) for row in questions.values()) == 3 * 4  # four questions drawn per attempt
    assert "Anneke" not in response.get_data(as_text=True)
    assert client.get("/trainer/quizzen/kennismaking/welkom.csv").status_code == 404


@pytest.mark.parametrize("role, status", [("learner", 403), ("institution", 403), ("trainer", 200), ("admin", 200)])
def test_only_trainers_and_admins(app, make_user, role, status):
    client = app.test_client()
    login(client, make_user(role))
    assert client.get("/trainer/quizzen").status_code == status
    assert client.get("/trainer/quizzen/kennismaking/eindtoets.csv").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/trainer/quizzen").status_code == 302
