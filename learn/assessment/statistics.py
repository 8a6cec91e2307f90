"""Quiz and item statistics for trainers, as in Moodle's quiz statistics report. Pure functions.

Per quiz: attempts, pass rate, mean score and the score distribution. Per
question, over the attempts that drew it:
  facility index       the mean credit (share of the marks earned), 0..1;
  discrimination index the Pearson correlation between the credit on the
                       question and the score on the rest of the test (the
                       attempt's score without this question, as a share of
                       the rest's maximum), -1..1: the "corrected item-total
                       correlation" Moodle reports.
  option shares        per option, the share of those attempts that chose it
                       (distractor analysis: a wrong option nobody picks does no
                       work; one picked more than the right one points at the text).
A question is flagged, once enough attempts drew it, when it is very hard or very
easy or does not tell strong from weak learners apart: on a handful of attempts a
figure says little (Moodle's quiz statistics give the same caveat).
Only aggregates leave this module: no learner's answers, and no option shares for a
question fewer than five attempts drew.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import sqrt

TOO_HARD = 0.2
TOO_EASY = 0.95
WEAK_DISCRIMINATION = 0.2
MIN_ATTEMPTS_FOR_DISCRIMINATION = 10
MIN_ATTEMPTS_FOR_FLAGS = 10  # below this the page warns that the figures say little
MIN_GROUP = 5  # no option shares for fewer attempts: they would show what one learner chose
BINS = 10


@dataclass(frozen=True)
class AttemptScores:
    """One submitted attempt: points per drawn question and the attempt's totals."""

    scores: dict[str, float]
    score: float
    max_score: float
    percentage: float
    passed: bool | None
    responses: Mapping = field(default_factory=dict)  # question id -> option id(s) chosen


@dataclass(frozen=True)
class OptionShare:
    option_id: str
    chosen: int
    share: float  # of the attempts that drew the question, 0..1


@dataclass(frozen=True)
class ItemStatistics:
    question_id: str
    attempts: int
    facility: float | None
    discrimination: float | None
    flags: tuple[str, ...]
    options: tuple[OptionShare, ...] = ()

    @property
    def small_sample(self) -> bool:
        return self.attempts < MIN_ATTEMPTS_FOR_FLAGS


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
    if attempts < MIN_ATTEMPTS_FOR_FLAGS:
        return ()
    if facility is not None and facility < TOO_HARD:
        flags.append("too_hard")
    if facility is not None and facility > TOO_EASY:
        flags.append("too_easy")
    if attempts >= MIN_ATTEMPTS_FOR_DISCRIMINATION and (discrimination is None or discrimination < WEAK_DISCRIMINATION):
        flags.append("weak_discrimination")
    return tuple(flags)


def option_shares(question_id: str, option_ids: Sequence[str], drew: Sequence[AttemptScores]) -> tuple:
    """How many of the attempts that drew the question chose each option; nothing below five attempts."""
    if len(drew) < MIN_GROUP or not option_ids:
        return ()
    chosen: Counter = Counter()
    for attempt in drew:
        response = attempt.responses.get(question_id)
        picked = {response} if isinstance(response, str) else set(response) if isinstance(response, list) else set()
        chosen.update(picked & set(option_ids))
    return tuple(OptionShare(o, chosen[o], chosen[o] / len(drew)) for o in option_ids)


def item_statistics(
    question_id: str, points: float, attempts: Sequence[AttemptScores], option_ids: Sequence[str] = ()
) -> ItemStatistics:
    credits, rests, drew = [], [], []
    for attempt in attempts:
        if question_id not in attempt.scores:
            continue
        drew.append(attempt)
        earned = attempt.scores[question_id]
        credits.append(earned / points if points else 0.0)
        rest_max = attempt.max_score - points
        rests.append((attempt.score - earned) / rest_max if rest_max > 0 else 0.0)
    facility = facility_index(credits)
    discrimination = discrimination_index(credits, rests)
    return ItemStatistics(
        question_id,
        len(credits),
        facility,
        discrimination,
        item_flags(facility, discrimination, len(credits)),
        option_shares(question_id, option_ids, drew),
    )


def quiz_statistics(
    points: dict[str, float], attempts: Sequence[AttemptScores], options: Mapping[str, Sequence[str]] | None = None
) -> QuizStatistics:
    """Statistics of one quiz; ``points`` gives every question of the pool (in pool order) its weight,
    ``options`` the option ids of the questions that have options (for the option shares)."""
    options = options or {}
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
        items=tuple(item_statistics(qid, weight, attempts, options.get(qid, ())) for qid, weight in points.items()),
    )
