"""The dashboard's figures, computed from counts the database grouped (pure functions, no database).

The database does the GROUP BY (see :mod:`learn.evaluation.queries`); what comes back
is small (counts per month and grade, per statement and point), and these functions
turn it into averages, spreads and shares, and decide what may be shown.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from math import sqrt

# No breakdown for a smaller group: with fewer answers a trainer could tell who wrote what.
MIN_GROUP = 5
GRADES = tuple(range(1, 11))


# Comments can be read per band of the grade given in the same response: bands, not single
# grades, so that a filtered group stays large enough (k >= 5 still applies to every band).
GRADE_BANDS = {"laag": (1, 5), "midden": (6, 7), "hoog": (8, 10)}


def enough(count: int) -> bool:
    return count >= MIN_GROUP


@dataclass(frozen=True)
class GradeSummary:
    count: int
    mean: float | None
    sd: float | None  # sample standard deviation (n - 1)
    distribution: tuple[int, ...]  # number of answers per grade 1..10

    @property
    def shown(self) -> bool:
        return enough(self.count)


def grade_summary(counts: Mapping[int, int]) -> GradeSummary:
    distribution = tuple(int(counts.get(grade, 0)) for grade in GRADES)
    n = sum(distribution)
    if n == 0:
        return GradeSummary(0, None, None, distribution)
    mean = sum(g * c for g, c in zip(GRADES, distribution)) / n
    sd = sqrt(sum(c * (g - mean) ** 2 for g, c in zip(GRADES, distribution)) / (n - 1)) if n > 1 else None
    return GradeSummary(n, mean, sd, distribution)


def shares(counts: Sequence[int]) -> tuple[float, ...]:
    """Each count as a percentage of the total (0 when there is nothing)."""
    total = sum(counts)
    return tuple(100 * c / total if total else 0.0 for c in counts)


@dataclass(frozen=True)
class ScaleSummary:
    """A Likert statement or a choice question: how many gave each answer."""

    field_id: str
    label: str
    answers: tuple[str, ...]  # the answer labels, in order
    counts: tuple[int, ...]
    respondents: int  # how many answered the question (a multiple-choice answer counts once)
    mean: float | None = None  # Likert only: 1 (helemaal oneens) .. 5 (helemaal eens)

    @property
    def percentages(self) -> tuple[float, ...]:
        """Share of respondents per answer (for multiple choice they add up to more than 100)."""
        return tuple(100 * c / self.respondents if self.respondents else 0.0 for c in self.counts)

    @property
    def agree(self) -> float | None:
        """Likert: the share that agrees (the two highest points)."""
        if self.mean is None or not self.respondents:
            return None
        return 100 * sum(self.counts[3:]) / self.respondents


def likert_summary(field_id: str, label: str, labels: Sequence[str], counts: Mapping[int, int]) -> ScaleSummary:
    values = tuple(int(counts.get(point, 0)) for point in range(1, 6))
    n = sum(values)
    mean = sum(p * c for p, c in zip(range(1, 6), values)) / n if n else None
    return ScaleSummary(field_id, label, tuple(labels), values, n, mean)


def choice_summary(
    field_id: str,
    label: str,
    options: Sequence[tuple[str, str]],
    counts: Mapping[str, int],
    respondents: int | None = None,
) -> ScaleSummary:
    values = tuple(int(counts.get(option_id, 0)) for option_id, _ in options)
    return ScaleSummary(
        field_id,
        label,
        tuple(label for _, label in options),
        values,
        sum(values) if respondents is None else respondents,
    )


def response_rate(responses: int, completions: int) -> float | None:
    """Responses per completion, as a percentage. Not capped: a learner may complete in one
    period and answer in the next, so a short period can show more than 100%."""
    return 100 * responses / completions if completions else None


def mean_or_none(total: float | None, count: int) -> float | None:
    return total / count if count and total is not None else None


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_in(start: date, end: date) -> list[date]:
    """Every month from ``start`` to ``end``, both included (first days of the months)."""
    months, month = [], first_of_month(start)
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def parse_month(text: str | None) -> date | None:
    """'2026-03' (what <input type="month"> sends) as 1 March 2026; None for anything else."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months, this month included."""
    end = first_of_month(today)
    return add_months(end, -11), end


def period_target(annual_target: int, months: int) -> float:
    """The participant target for a period: the yearly target spread evenly over the months."""
    return annual_target * months / 12


@dataclass(frozen=True)
class MonthPoint:
    month: date
    responses: int
    mean_grade: float | None  # None when the month has fewer than MIN_GROUP responses
    completions: int


def monthly_trend(
    months: Iterable[date], grade_rows: Iterable[tuple[date, int | None, int]], completions: Mapping[date, int]
) -> tuple[MonthPoint, ...]:
    """Per month: responses, average grade (only for a big enough group) and completions."""
    per_month: dict[date, dict[int, int]] = {}
    answered: dict[date, int] = {}
    for month, grade, count in grade_rows:
        answered[month] = answered.get(month, 0) + count
        if grade is not None:
            per_month.setdefault(month, {})[grade] = per_month.get(month, {}).get(grade, 0) + count
    points = []
    for month in months:
        summary = grade_summary(per_month.get(month, {}))
        points.append(
            MonthPoint(
                month, answered.get(month, 0), summary.mean if summary.shown else None, completions.get(month, 0)
            )
        )
    return tuple(points)


@dataclass(frozen=True)
class TargetCheck:
    value: float | None
    target: float
    met: bool | None  # None: not enough data to say


def check_grade(mean: float | None, count: int, target: float) -> TargetCheck:
    if mean is None or not enough(count):
        return TargetCheck(None, target, None)
    return TargetCheck(mean, target, round(mean, 1) >= target)


def check_participants(completions: int, target: float) -> TargetCheck:
    return TargetCheck(completions, target, completions >= target)
