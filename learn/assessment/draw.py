"""Drawing a quiz attempt: which questions, and in which order their options appear.

A pure function of the quiz and a seed, so the same seed gives the same quiz;
the attempt stores the result, so resuming shows the same quiz even if the
module changes in between.
"""

import random
from dataclasses import dataclass

from ..content.steps.quiz import Question, QuizStep


@dataclass(frozen=True)
class Draw:
    question_ids: tuple[str, ...]
    # Per question the ids in display order: options (choice kinds), answers (matching) or items (ordering).
    option_orders: dict[str, list[str]]


def draw_quiz(step: QuizStep, seed: int) -> Draw:
    """``step.draw`` questions from the pool (one per tag when asked), shown in pool order."""
    rng = random.Random(seed)
    pool = list(step.questions)
    if step.one_per_tag:
        by_tag: dict[str, list[Question]] = {}
        for question in pool:
            by_tag.setdefault(question.tag, []).append(question)
        tags = rng.sample(sorted(by_tag), step.draw)
        chosen = {rng.choice(by_tag[tag]).id for tag in tags}
    else:
        chosen = {q.id for q in rng.sample(pool, step.draw)}
    questions = [q for q in pool if q.id in chosen]
    return Draw(
        question_ids=tuple(q.id for q in questions),
        option_orders={q.id: option_order(q, rng, step.shuffle) for q in questions},
    )


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
