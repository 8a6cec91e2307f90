"""Pure rules of an attempt: reading the form, scoring, and what the learner may see afterwards.

Form names are documented in ``templates/steps/_question.html``. Anything the
form could not have produced (a field for a question not drawn, an unknown
option, two values for a radio, a position out of range) raises
:class:`InvalidResponse`: the view answers 400. A learner's own slip (two
ordering items on the same place) raises :class:`IncompleteOrdering`, which
re-shows the form with a message and loses nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from werkzeug.datastructures import MultiDict

from ..content.steps.quiz import Question, QuizStep
from .scoring import InvalidResponse, percentage, question_credit, question_score

# A submit this long after the deadline still counts: the request may have been slow.
GRACE = timedelta(seconds=30)


class IncompleteOrdering(ValueError):
    def __init__(self, question_id: str):
        super().__init__(question_id)
        self.question_id = question_id


def field_names(question: Question) -> set[str]:
    base = f"q-{question.id}"
    if question.kind == "matching":
        return {f"{base}-{prompt.id}" for prompt in question.prompts}
    if question.kind == "ordering":
        return {f"{base}-{item.id}" for item in question.items}
    return {base}


def parse_responses(questions: list[Question], form: MultiDict, strict: bool = True) -> dict:
    """Responses by question id in the scoring form; None for an unanswered question.

    With ``strict`` an ordering question answered half-way raises :class:`IncompleteOrdering`
    (on submit); without it (saving a draft) its positions are kept as they are.
    """
    expected = set().union(*(field_names(q) for q in questions)) if questions else set()
    unknown = {key for key in form if key.startswith("q-") and key not in expected}
    if unknown:
        raise InvalidResponse(f"fields for questions not in this attempt: {sorted(unknown)[:3]}")
    responses = {}
    for question in questions:
        name = f"q-{question.id}"
        if question.kind == "multiple":
            values = form.getlist(name)
            if len(set(values)) != len(values):
                raise InvalidResponse("an option ticked twice")
            response = values or None
        elif question.kind == "matching":
            response = {}
            for prompt in question.prompts:
                values = form.getlist(f"{name}-{prompt.id}")
                if len(values) > 1:
                    raise InvalidResponse("two answers for one prompt")
                if values and values[0]:
                    response[prompt.id] = values[0]
            response = response or None
        elif question.kind == "ordering":
            response = _ordering(question, form, strict)
        else:
            values = form.getlist(name)
            if len(values) > 1:
                raise InvalidResponse("two options for a one-answer question")
            response = values[0] if values and values[0] else None
        if response is not None and not (question.kind == "ordering" and isinstance(response, dict)):
            question_credit(question, response)  # raises InvalidResponse on unknown ids
        responses[question.id] = response
    return responses


def _ordering(question: Question, form: MultiDict, strict: bool):
    positions = {}
    for item in question.items:
        values = form.getlist(f"q-{question.id}-{item.id}")
        if len(values) > 1:
            raise InvalidResponse("two positions for one item")
        if values and values[0]:
            try:
                place = int(values[0])
            except ValueError:
                raise InvalidResponse("a position that is not a number") from None
            if not 1 <= place <= len(question.items):
                raise InvalidResponse("a position out of range")
            positions[item.id] = place
    if not positions:
        return None
    if len(positions) == len(question.items) and len(set(positions.values())) == len(positions):
        return sorted(positions, key=positions.get)
    if strict:
        raise IncompleteOrdering(question.id)
    return positions  # a draft: shown again as given


def shown_order(question: Question, option_order: list[str], response) -> list[str]:
    """The order to show: an ordering question in the learner's order so far (placed items first, by
    place), so the list reorders as they go even without JavaScript; other questions as drawn."""
    if question.kind != "ordering" or not response:
        return option_order
    places = response if isinstance(response, dict) else {item: place for place, item in enumerate(response, 1)}
    return sorted(option_order, key=lambda item: (item not in places, places.get(item, 0)))


# What a submit does: hand the attempt in, ask to confirm the unanswered questions first, or refuse an empty one.
SUBMIT, CONFIRM, EMPTY = "submit", "confirm", "empty"


def unanswered(question_ids, responses: dict) -> list[int]:
    """Positions (1-based, as the learner sees them) of the questions without an answer."""
    return [n for n, qid in enumerate(question_ids, start=1) if responses.get(qid) is None]


def submit_decision(questions: list[Question], responses: dict, confirmed: bool) -> str:
    """An empty submit never uses up an attempt; a partly answered one counts once the learner confirms."""
    open_positions = unanswered([q.id for q in questions], responses)
    if len(open_positions) == len(questions):
        return EMPTY
    if open_positions and not confirmed:
        return CONFIRM
    return SUBMIT


@dataclass(frozen=True)
class Scored:
    scores: dict[str, float]
    score: float
    max_score: float
    percentage: float


def score_responses(questions: list[Question], responses: dict) -> Scored:
    scores = {q.id: question_score(q, responses.get(q.id)) for q in questions}
    earned = round(sum(scores.values()), 4)
    maximum = round(sum(q.points for q in questions), 4)
    return Scored(scores, earned, maximum, percentage(earned, maximum))


def pass_mark(step: QuizStep, module_pass_mark: int) -> int:
    return step.pass_mark if step.pass_mark is not None else module_pass_mark


def is_over_time(deadline: datetime | None, submitted_at: datetime) -> bool:
    """Late submits are scored and kept, marked over time, and never count as passed."""
    return deadline is not None and submitted_at > deadline + GRACE


def passed(step: QuizStep, result_percentage: float, module_pass_mark: int, over_time: bool) -> bool | None:
    """None for a formative check quiz (no grade); a final quiz passes at or above its pass mark, in time."""
    if not step.final:
        return None
    return result_percentage >= pass_mark(step, module_pass_mark) and not over_time


def reveals_answers(step: QuizStep, submitted: bool, has_passed: bool) -> bool:
    """Whether correct answers, option feedback and explanations are shown.

    Never before submitting. ``after_each`` and ``after_submit``: once the
    attempt is submitted (the web form submits every question at once, so after
    each question is the same moment). ``after_pass``: once the learner passed
    this quiz (a formative check quiz, which has no pass, shows them on
    submit). ``never``: never; the review then shows only the total.
    """
    if not submitted:
        return False
    return {
        "after_each": True,
        "after_submit": True,
        "after_pass": has_passed or not step.final,  # a check quiz has no pass: its feedback comes right away
        "never": False,
    }[step.show_answers]


@dataclass(frozen=True)
class QuestionReview:
    """What a submitted question shows; the answer key fields are empty unless ``reveal``."""

    score: float
    points: float
    credit: float
    graded: bool
    reveal: bool
    correct: object = None  # option ids (set), {prompt: answer}, or the item ids in order
    verdict: str = ""
    verdict_class: str = ""


def review(question: Question, response, score: float, graded: bool, reveal: bool, verdicts: dict) -> QuestionReview:
    credit = round(score / question.points, 4) if question.points else 0.0
    if response is None:
        key = "unanswered"
    elif credit >= 1:
        key = "right"
    elif credit > 0:
        key = "partly"
    else:
        key = "wrong"
    correct = None
    if reveal:
        if question.kind == "matching":
            correct = dict(question.pairs)
        elif question.kind == "ordering":
            correct = [item.id for item in question.items]
        else:
            correct = set(question.correct_option_ids)
    return QuestionReview(
        score=score,
        points=question.points,
        credit=credit,
        graded=graded,
        reveal=reveal,
        correct=correct,
        verdict=verdicts[key],
        verdict_class=f"verdict-{key}" if verdicts[key] else "",
    )
