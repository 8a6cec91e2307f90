"""Scoring: pure functions from a question and a learner's response to credit in 0..1.

A response is ``None`` (unanswered) or, per kind:
  single / truefalse / judgement: an option id;
  multiple: a collection of option ids;
  matching: a mapping of prompt id to answer id;
  ordering: a sequence of item ids.
An id the question does not know raises :class:`InvalidResponse`: that is a
tampered form, not a wrong answer. The SCORM runtime mirrors these rules in
JavaScript; ``tests/test_scorm_scoring_parity.py`` proves they agree.
"""

from collections.abc import Collection, Mapping, Sequence

from ..content.steps.quiz import Question


class InvalidResponse(ValueError):
    """The response names options, prompts or items the question does not have."""


def question_credit(question: Question, response) -> float:
    """Credit for one response, from 0 (wrong or unanswered) to 1 (fully right), to 4 decimals."""
    return round(_exact_credit(question, response), 4)


def _exact_credit(question: Question, response) -> float:
    if response is None or response == "" or (isinstance(response, Collection) and len(response) == 0):
        return 0.0
    scorer = {
        "single": _choice,
        "truefalse": _choice,
        "judgement": _choice,
        "multiple": _multiple,
        "matching": _matching,
        "ordering": _ordering,
    }[question.kind]
    return scorer(question, response)


def question_score(question: Question, response) -> float:
    """Points earned: credit times the question's weight, rounded to avoid float noise.

    The unrounded credit is multiplied (1 of 3 items in place on a 3-point question is 1 point, not 0.9999).
    """
    return round(_exact_credit(question, response) * question.points, 4)


def _choice(question: Question, response) -> float:
    if not isinstance(response, str):
        raise InvalidResponse("expected one option")
    option = question.option(response)
    if option is None:
        raise InvalidResponse(f"unknown option {response!r}")
    return option.credit


def _multiple(question: Question, response) -> float:
    if isinstance(response, (str, Mapping)) or not isinstance(response, Collection):
        raise InvalidResponse("expected a set of options")
    chosen = set(response)
    known = {option.id for option in question.options}
    if chosen - known:
        raise InvalidResponse(f"unknown options {sorted(chosen - known)}")
    correct = question.correct_option_ids
    if question.scoring == "all_or_nothing":
        return 1.0 if chosen == correct else 0.0
    wrong_options = known - correct
    hits = len(chosen & correct) / len(correct)
    misses = len(chosen - correct) / len(wrong_options) if wrong_options else 0.0
    return max(0.0, hits - misses)


def _matching(question: Question, response) -> float:
    if not isinstance(response, Mapping):
        raise InvalidResponse("expected prompt to answer pairs")
    prompts = {prompt.id for prompt in question.prompts}
    answers = {answer.id for answer in question.answers}
    for prompt_id, answer_id in response.items():
        if prompt_id not in prompts or (answer_id not in answers and answer_id not in ("", None)):
            raise InvalidResponse(f"unknown pair {prompt_id!r}: {answer_id!r}")
    right = sum(1 for prompt_id, answer_id in question.pairs if response.get(prompt_id) == answer_id)
    if question.scoring == "all_or_nothing":
        return 1.0 if right == len(question.pairs) else 0.0
    return right / len(question.pairs)


def _ordering(question: Question, response) -> float:
    if isinstance(response, (str, Mapping)) or not isinstance(response, Sequence):
        raise InvalidResponse("expected a sequence of items")
    correct = [item.id for item in question.items]
    if sorted(response) != sorted(correct):
        raise InvalidResponse("the order must name every item exactly once")
    in_place = sum(1 for given, expected in zip(response, correct) if given == expected)
    if question.scoring == "all_or_nothing":
        return 1.0 if in_place == len(correct) else 0.0
    return in_place / len(correct)


def percentage(earned: float, maximum: float) -> float:
    """Score as a percentage with one decimal, the figure compared with the pass mark."""
    return round(100 * earned / maximum, 1) if maximum else 0.0
