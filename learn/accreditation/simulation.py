"""Final quizzes taken many times with the real draw and the real scoring.

- The **test-wise learner** knows nothing of the subject, only the cues of badly written
  items: answers "false" to every true/false item, picks the longest option, ticks every
  option but the shortest, and matches and orders at random. Their chance to pass one
  attempt must be at most ``MAX_TESTWISE_PASS`` (5 %).
- **Goal coverage**: the share of draws that leave a learning goal without a question.
- **Retry overlap**: how much of attempt 2 (and 3) the learner has seen before, with
  retries drawing the least-seen questions first as the platform does.

Every figure comes from seeded runs, so ``check-modules`` prints the same figures each time.
"""

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..assessment.attempts import passed
from ..assessment.draw import choose_questions
from ..assessment.scoring import percentage, question_score
from ..content.steps.quiz import Question, QuizStep

MAX_TESTWISE_PASS = 0.05
RUNS = 2000
SEED = 2026
# A quiz without a maximum is simulated over this many attempts.
UNLIMITED_ATTEMPTS = 10


@dataclass(frozen=True)
class TestWise:
    one_attempt: float
    within_allowed: float
    attempts: int  # the attempts simulated: the quiz's maximum, or UNLIMITED_ATTEMPTS
    limited: bool


@dataclass(frozen=True)
class Coverage:
    goals: tuple[str, ...]
    untested_share: float  # draws with at least one goal without a question
    fewest_per_goal: int  # over all draws, the fewest questions one goal got


@dataclass(frozen=True)
class Overlap:
    attempt_2: float  # share of attempt 2's questions that attempt 1 showed
    attempt_3: float  # share of attempt 3's questions that attempts 1 and 2 showed


def cue_answers(question: Question) -> list | None:
    """The answers the cue-reading learner gives, equally likely (ties), in the scoring form;
    None for matching and ordering, which they answer at random."""
    options = question.options
    if question.kind == "truefalse":
        return ["false"]
    if question.kind in ("single", "judgement"):
        longest = max(len(option.text.strip()) for option in options)
        return [option.id for option in options if len(option.text.strip()) == longest]
    if question.kind == "multiple":
        shortest = min(len(option.text.strip()) for option in options)
        left_out = [option.id for option in options if len(option.text.strip()) == shortest]
        return [[option.id for option in options if option.id != out] for out in left_out]
    return None


def random_answer(question: Question, rng: random.Random):
    if question.kind == "matching":
        answers = rng.sample([answer.id for answer in question.answers], len(question.prompts))
        return dict(zip((prompt.id for prompt in question.prompts), answers))
    order = [item.id for item in question.items]
    rng.shuffle(order)
    return order


def _attempts(step: QuizStep, count: int, rng: random.Random) -> Iterable[tuple[str, ...]]:
    """The question ids of ``count`` successive attempts, each retry drawing the least-seen first."""
    seen: Counter = Counter()
    for _ in range(count):
        drawn = choose_questions(step, rng, seen)
        seen.update(drawn)
        yield drawn


def simulate_testwise(step: QuizStep, module_pass_mark: int, runs: int = RUNS, seed: int = SEED) -> TestWise:
    rng = random.Random(seed)  # noqa: S311 (a reproducible simulation, not a secret)
    # The cue answers are scored once; matching and ordering are answered and scored afresh each time.
    cue_scores = {
        q.id: [question_score(q, answer) for answer in answers]
        for q in step.questions
        if (answers := cue_answers(q)) is not None
    }
    attempts = step.max_attempts or UNLIMITED_ATTEMPTS
    first = within = 0
    for _ in range(runs):
        for number, drawn in enumerate(_attempts(step, attempts, rng), start=1):
            questions = [step.question(question_id) for question_id in drawn]
            earned = sum(
                rng.choice(cue_scores[q.id]) if q.id in cue_scores else question_score(q, random_answer(q, rng))
                for q in questions
            )
            result = percentage(earned, sum(q.points for q in questions))
            if passed(step, result, module_pass_mark, over_time=False):
                first += number == 1
                within += 1
                break
    return TestWise(first / runs, within / runs, attempts, step.max_attempts is not None)


def goal_coverage(step: QuizStep, goals: Iterable[str], runs: int = RUNS, seed: int = SEED) -> Coverage:
    goals = tuple(goals)
    rng = random.Random(seed)  # noqa: S311 (a reproducible simulation, not a secret)
    untested, fewest = 0, None
    for _ in range(runs):
        (drawn,) = _attempts(step, 1, rng)
        per_goal = Counter(step.question(question_id).tag for question_id in drawn)
        untested += any(per_goal[goal] == 0 for goal in goals)
        least = min((per_goal[goal] for goal in goals), default=0)
        fewest = least if fewest is None else min(fewest, least)
    return Coverage(goals, untested / runs, fewest or 0)


def retry_overlap(step: QuizStep, runs: int = RUNS, seed: int = SEED) -> Overlap:
    rng = random.Random(seed)  # noqa: S311 (a reproducible simulation, not a secret)
    second = third = 0.0
    for _ in range(runs):
        first, again, last = (set(drawn) for drawn in _attempts(step, 3, rng))
        second += len(again & first) / len(again)
        third += len(last & (first | again)) / len(last)
    return Overlap(second / runs, third / runs)
