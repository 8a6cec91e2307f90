"""The dashboard's figures as pure functions, checked against numbers worked out by hand."""

from datetime import date
from math import isclose, sqrt

from learn.evaluation.aggregate import (
    add_months,
    check_grade,
    check_participants,
    choice_summary,
    default_period,
    enough,
    grade_summary,
    likert_summary,
    monthly_trend,
    months_in,
    parse_month,
    period_target,
    response_rate,
)


def test_grade_summary_mean_spread_and_distribution():
    summary = grade_summary({6: 1, 7: 1, 8: 2, 9: 1, 10: 1})
    assert summary.count == 6
    assert summary.mean == 8.0
    assert isclose(summary.sd, sqrt(10 / 5))  # squared deviations 4+1+0+0+1+4, n-1 = 5
    assert summary.distribution == (0, 0, 0, 0, 0, 1, 1, 2, 1, 1)


def test_grade_summary_of_nothing_and_of_one():
    assert grade_summary({}).mean is None and grade_summary({}).count == 0
    one = grade_summary({9: 1})
    assert one.mean == 9 and one.sd is None


def test_likert_summary_shares_agreement_and_mean():
    summary = likert_summary("relevant", "Past bij mijn werk", "abcde", {5: 2, 4: 2, 3: 1, 2: 1})
    assert summary.counts == (0, 1, 1, 2, 2) and summary.respondents == 6
    assert [round(p, 1) for p in summary.percentages] == [0.0, 16.7, 16.7, 33.3, 33.3]
    assert isclose(summary.agree, 400 / 6)
    assert isclose(summary.mean, 23 / 6)


def test_multiple_choice_shares_are_of_respondents():
    summary = choice_summary("hielp", "Wat hielp", [("a", "A"), ("b", "B")], {"a": 3, "b": 2}, respondents=4)
    assert summary.percentages == (75.0, 50.0)
    assert summary.agree is None


def test_response_rate_and_targets():
    assert response_rate(6, 8) == 75.0
    assert response_rate(3, 0) is None
    assert period_target(250, 12) == 250 and period_target(240, 3) == 60
    assert check_participants(59, 60).met is False and check_participants(60, 60).met is True
    assert check_grade(8.56, 10, 8.6).met is True  # shown as 8,6: rounded to one decimal first
    assert check_grade(8.54, 10, 8.6).met is False
    assert check_grade(9.5, 4, 8.6).met is None  # too few answers to say


def test_the_k_5_rule():
    assert not enough(4) and enough(5)


def test_months_and_periods():
    assert months_in(date(2025, 11, 1), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)
    assert default_period(date(2026, 11, 27)) == (date(2025, 12, 1), date(2026, 11, 1))
    assert parse_month("2026-03") == date(2026, 3, 1)
    assert parse_month("2026-13") is None and parse_month("maart") is None and parse_month(None) is None


def test_monthly_trend_hides_the_average_of_a_small_month():
    oct_, nov = date(2026, 10, 1), date(2026, 11, 1)
    rows = [(oct_, 6, 1), (nov, 7, 1), (nov, 8, 2), (nov, 9, 1), (nov, 10, 1), (nov, None, 1)]
    trend = monthly_trend([date(2026, 9, 1), oct_, nov], rows, {oct_: 3, nov: 5})
    assert [(p.responses, p.mean_grade, p.completions) for p in trend] == [(0, None, 0), (1, None, 3), (6, 8.4, 5)]
