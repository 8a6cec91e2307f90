"""Drawing a quiz attempt: which questions, and in which order their options appear.

A pure function of the quiz, a seed and what the learner has seen before, so the
same inputs give the same quiz; the attempt stores the result, so resuming shows
the same quiz even if the module changes in between.

A retry draws the questions the learner has seen least often first (``seen``),
so a second attempt is a new test as far as the pool allows; ties are broken at
random. With ``min_per_tag`` every tag (learning goal) gets at least that many
questions; with ``one_per_tag`` each drawn question has a tag of its own.
"""

import random
from collections.abc import Mapping
from dataclasses import dataclass

from ..content.steps.quiz import Question, QuizStep


@dataclass(frozen=True)
class Draw:
    question_ids: tuple[str, ...]
    # Per question the ids in display order: options (choice kinds), answers (matching) or items (ordering).
    option_orders: dict[str, list[str]]


def draw_quiz(step: QuizStep, seed: int, seen: Mapping[str, int] | None = None) -> Draw:
    """``step.draw`` questions from the pool, least seen first, shown in pool order.

    ``seen`` maps a question id to the number of earlier attempts that showed it.
    """
    rng = random.Random(seed)  # noqa: S311 (a reproducible draw per attempt seed, not a secret)
    question_ids = choose_questions(step, rng, seen or {})
    return Draw(
        question_ids=question_ids,
        option_orders={qid: option_order(step.question(qid), rng, step.shuffle) for qid in question_ids},
    )


def choose_questions(step: QuizStep, rng: random.Random, seen: Mapping[str, int]) -> tuple[str, ...]:
    """The ids of the drawn questions in pool order (the part of the draw the simulations repeat)."""
    # Least seen first; among equals a random order (one random key per question, drawn in pool order).
    tiebreak = {q.id: rng.random() for q in step.questions}
    ranked = sorted(step.questions, key=lambda q: (seen.get(q.id, 0), tiebreak[q.id]))
    if step.one_per_tag:
        chosen = _one_per_tag(ranked, step.draw, seen, rng)
    elif step.min_per_tag:
        chosen = _min_per_tag(ranked, step.draw, step.min_per_tag)
    else:
        chosen = {q.id for q in ranked[: step.draw]}
    return tuple(q.id for q in step.questions if q.id in chosen)


def _one_per_tag(ranked: list[Question], count: int, seen: Mapping[str, int], rng: random.Random) -> set[str]:
    """The least-seen question of ``count`` tags: the tags whose best question was seen least, equals at random.

    Tags are ranked on their own random key, so with nothing seen every tag has the same chance,
    however many questions it has.
    """
    best_per_tag: dict[str, Question] = {}
    for question in ranked:
        best_per_tag.setdefault(question.tag, question)
    tag_tiebreak = {tag: rng.random() for tag in sorted(best_per_tag)}
    tags = sorted(best_per_tag, key=lambda tag: (seen.get(best_per_tag[tag].id, 0), tag_tiebreak[tag]))
    return {best_per_tag[tag].id for tag in tags[:count]}


def _min_per_tag(ranked: list[Question], count: int, per_tag: int) -> set[str]:
    """The ``per_tag`` least-seen questions of every tag, then the least seen of the rest up to ``count``."""
    taken: dict[str, int] = {}
    chosen: list[str] = []
    for question in ranked:
        if taken.get(question.tag, 0) < per_tag:
            taken[question.tag] = taken.get(question.tag, 0) + 1
            chosen.append(question.id)
    picked = set(chosen)
    rest = [question.id for question in ranked if question.id not in picked]
    return picked | set(rest[: count - len(chosen)])


def option_order(question: Question, rng: random.Random, shuffle: bool) -> list[str]:
    if question.kind == "truefalse":
        return [option.id for option in question.options]
    if question.kind == "matching":
        ids = [answer.id for answer in question.answers]
        if shuffle:
            rng.shuffle(ids)
        return ids
    if question.kind == "ordering":
        return shuffled_away([item.id for item in question.items], rng)
    movable = [option.id for option in question.options if not option.fixed_last]
    last = [option.id for option in question.options if option.fixed_last]
    if shuffle:
        rng.shuffle(movable)
    return movable + last


def shuffled_away(correct: list[str], rng: random.Random) -> list[str]:
    """Ordering items are always shuffled, and never shown in the correct order (that would give it away)."""
    order = list(correct)
    rng.shuffle(order)
    if order == correct and len(order) > 1:
        order = order[1:] + order[:1]
    return order
