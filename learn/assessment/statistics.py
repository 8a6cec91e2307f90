"""Quiz and item statistics for trainers, as in Moodle's quiz statistics report. Pure functions.

Per quiz: attempts, pass rate, mean score and the score distribution. Per
question, over the attempts that drew it:
  facility index       the mean credit (share of the marks earned), 0..1;
  discrimination index the Pearson correlation between the credit on the
                       question and the score on the rest of the test (the
                       attempt's score without this question, as a share of
                       the rest's maximum), -1..1: the "corrected item-total
                       correlation" Moodle reports.
A question is flagged when it is very hard or very easy, or, once enough
attempts drew it, when it does not tell strong from weak learners apart.
Only aggregates leave this module: no learner's answers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

TOO_HARD = 0.2
TOO_EASY = 0.95
WEAK_DISCRIMINATION = 0.2
MIN_ATTEMPTS_FOR_DISCRIMINATION = 10
BINS = 10


@dataclass(frozen=True)
class AttemptScores:
    """One submitted attempt: points per drawn question and the attempt's totals."""

    scores: dict[str, float]
    score: float
    max_score: float
    percentage: float
    passed: bool | None


@dataclass(frozen=True)
class ItemStatistics:
    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None
    flags: tuple[str, ...]


@dataclass(frozen=True)
class QuizStatistics:
    attempts: int
    passed: int
    pass_rate: float | None
    mean_percentage: float | None
    distribution: tuple[tuple[int, int, int], ...]  # (from %, to %, attempts)
    items: tuple[ItemStatistics, ...]


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Correlation coefficient; None when undefined (fewer than two pairs, or no spread in either)."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / sqrt(sxx * syy)


def facility_index(credits: Sequence[float]) -> float | None:
    return mean(credits)


def discrimination_index(credits: Sequence[float], rest_shares: Sequence[float]) -> float | None:
    return pearson(credits, rest_shares)


def score_distribution(percentages: Sequence[float], bins: int = BINS) -> tuple[tuple[int, int, int], ...]:
    """Attempts per band of ``100 / bins`` percent; 100% falls in the top band."""
    width = 100 // bins
    counts = [0] * bins
    for value in percentages:
        counts[min(int(value // width), bins - 1) if value > 0 else 0] += 1
    return tuple((i * width, (i + 1) * width, count) for i, count in enumerate(counts))


def item_flags(facility: float | None, discrimination: float | None, attempts: int) -> tuple[str, ...]:
    flags = []
    if facility is not None and facility < TOO_HARD:
        flags.append("too_hard")
    if facility is not None and facility > TOO_EASY:
        flags.append("too_easy")
    if attempts >= MIN_ATTEMPTS_FOR_DISCRIMINATION and (discrimination is None or discrimination < WEAK_DISCRIMINATION):
        flags.append("weak_discrimination")
    return tuple(flags)


def item_statistics(question_id: str, points: float, attempts: Sequence[AttemptScores]) -> ItemStatistics:
    credits, rests = [], []
    for attempt in attempts:
        if question_id not in attempt.scores:
            continue
        earned = attempt.scores[question_id]
        credits.append(earned / points if points else 0.0)
        rest_max = attempt.max_score - points
        rests.append((attempt.score - earned) / rest_max if rest_max > 0 else 0.0)
    facility = facility_index(credits)
    discrimination = discrimination_index(credits, rests)
    return ItemStatistics(
        question_id, len(credits), facility, discrimination, item_flags(facility, discrimination, len(credits))
    )


def quiz_statistics(points: dict[str, float], attempts: Sequence[AttemptScores]) -> QuizStatistics:
    """Statistics of one quiz; ``points`` gives every question of the pool (in pool order) its weight."""
    graded = [a.passed for a in attempts if a.passed is not None]
    passed = sum(1 for p in graded if p)
    percentages = [a.percentage for a in attempts]
    mean_percentage = mean(percentages)
    return QuizStatistics(
        attempts=len(attempts),
        passed=passed,
        pass_rate=passed / len(graded) if graded else None,
        mean_percentage=round(mean_percentage, 1) if mean_percentage is not None else None,
        distribution=score_distribution(percentages),
        items=tuple(item_statistics(qid, weight, attempts) for qid, weight in points.items()),
    )
