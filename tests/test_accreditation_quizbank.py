"""The quiz-bank lint and the simulations, on small fixture quizzes built to fail
(``cues.yaml``) and to pass (``clean.yaml``) every rule, and on edits of them at the bounds."""

from dataclasses import replace
from pathlib import Path

import pytest

from learn.accreditation.quizbank import lint_quiz, stem_echo
from learn.accreditation.simulation import (
    MAX_TESTWISE_PASS,
    cue_answers,
    goal_coverage,
    retry_overlap,
    simulate_testwise,
)
from learn.content.loader import load_step
from learn.content.steps.quiz import Option

QUIZZES = Path(__file__).parent / "fixtures" / "quizzes"
GOALS = ("gesprek", "netwerk", "beeld")


def load_quiz(name: str):
    errors = []
    step = load_step(QUIZZES / f"{name}.yaml", errors)
    assert errors == [] and step is not None
    return step


@pytest.fixture(scope="module")
def cues():
    return load_quiz("cues")


@pytest.fixture(scope="module")
def clean():
    return load_quiz("clean")


def with_questions(step, questions):
    return replace(step, questions=tuple(questions), draw=len(questions))


def set_answer(question, answer: bool):
    credits = {"true": float(answer), "false": float(not answer)}
    return replace(question, options=tuple(replace(o, credit=credits[o.id]) for o in question.options))


# true/false balance


def test_true_false_all_keyed_false_is_flagged(cues, clean):
    assert (lint_quiz(cues).truefalse_true, lint_quiz(cues).truefalse_total) == (0, 4)
    assert lint_quiz(cues).true_share_off
    assert lint_quiz(clean).true_share == 0.5 and not lint_quiz(clean).true_share_off


@pytest.mark.parametrize("keyed_true, off", [(0, True), (1, True), (2, False), (3, False), (4, True)])
def test_true_share_must_stay_within_35_to_65_percent(clean, keyed_true, off):
    base = next(q for q in clean.questions if q.kind == "truefalse")
    items = [replace(set_answer(base, i < keyed_true), id=f"tf-{i}") for i in range(5)]
    lint = lint_quiz(with_questions(clean, items))
    assert lint.truefalse_total == 5 and lint.true_share_off is off  # 0, 20, 40, 60, 80 %


def test_a_quiz_without_true_false_items_has_no_share_to_flag(clean):
    others = [q for q in clean.questions if q.kind != "truefalse"]
    assert lint_quiz(with_questions(clean, others)).true_share is None
    assert not lint_quiz(with_questions(clean, others)).true_share_off


# the longest option


def test_the_best_option_being_the_longest_is_counted(cues, clean):
    lint = lint_quiz(cues)
    assert lint.longest_best == ("eerste-stap", "sleutelfiguur", "afspraak", "vader") and lint.best_items == 4
    assert lint.longest_best_off
    assert lint_quiz(clean).longest_best == () and not lint_quiz(clean).longest_best_off


def test_forty_percent_longest_is_the_most_allowed(cues, clean):
    longest = [q for q in cues.questions if q.id in ("eerste-stap", "sleutelfiguur")]  # 2 keys the longest
    not_longest = [q for q in clean.questions if q.id in ("brug", "beeld-vraag", "gesprek-open")]  # keys not longest
    assert lint_quiz(with_questions(clean, longest + not_longest)).longest_best_share == 0.4
    assert not lint_quiz(with_questions(clean, longest + not_longest)).longest_best_off
    assert lint_quiz(with_questions(clean, longest + not_longest[:2])).longest_best_off  # 2 of 4


def test_a_tie_for_longest_still_counts_as_the_longest(clean):
    question = next(q for q in clean.questions if q.id == "brug")
    key, *others = question.options
    tied = replace(
        question, options=(key, replace(others[0], text="x" * len(key.text)), replace(others[1], text="Kort."))
    )
    assert lint_quiz(with_questions(clean, [tied])).longest_best == ("brug",)


# multiple response


def test_every_multiple_response_item_keyed_all_but_one_is_flagged(cues, clean):
    assert lint_quiz(cues).all_but_one == ("drempels", "samenwerken") and lint_quiz(cues).all_multiple_are_all_but_one
    assert lint_quiz(clean).all_but_one == () and not lint_quiz(clean).all_multiple_are_all_but_one


def test_one_all_but_one_item_among_others_is_not_the_pattern(cues, clean):
    mixed = [
        next(q for q in cues.questions if q.id == "drempels"),
        *[q for q in clean.questions if q.kind == "multiple"],
    ]
    lint = lint_quiz(with_questions(clean, mixed))
    assert lint.all_but_one == ("drempels",) and lint.multiple_items == 3 and not lint.all_multiple_are_all_but_one


# fillers and echoes


@pytest.mark.parametrize(
    "text, filler",
    [
        ("Geen van bovenstaande.", True),
        ("Alle bovenstaande antwoorden.", True),
        ("Alle antwoorden zijn goed", True),
        ("None of the above", True),
        ("Geen van de antwoorden hierboven", True),
        ("Alle ouders in de wijk", False),
        ("Geen tijd om te bellen", False),
    ],
)
def test_fillers_are_found_in_any_wording(clean, text, filler):
    question = next(q for q in clean.questions if q.id == "brug")
    options = (*question.options, Option("extra", text, 0.0, ""))
    lint = lint_quiz(with_questions(clean, [replace(question, options=options)]))
    assert bool(lint.fillers) is filler
    if filler:
        assert lint.fillers == (("brug", "extra"),)


def test_a_key_that_alone_repeats_the_stem_is_flagged(cues, clean):
    assert lint_quiz(cues).stem_echoes == (("sleutelfiguur", "sleutelfiguur"),)
    assert lint_quiz(clean).stem_echoes == ()


def test_a_stem_word_that_a_distractor_repeats_too_gives_nothing_away(cues):
    question = next(q for q in cues.questions if q.id == "sleutelfiguur")
    key, tolk, baas = question.options
    fair = replace(question, options=(key, replace(tolk, text="Een sleutelfiguur vertaalt."), baas))
    assert stem_echo(fair) is None


def test_function_words_are_no_echo(clean):
    question = next(q for q in clean.questions if q.id == "brug")
    key, *others = question.options
    echo = replace(question, text="Welke uitspraak klopt altijd?", options=(replace(key, text="Welke altijd"), *others))
    assert stem_echo(echo) is None


# the answer policy


@pytest.mark.parametrize(
    "show_answers, max_attempts, flagged",
    [
        ("after_submit", 3, True),
        ("after_each", None, True),
        ("after_submit", 1, False),
        ("after_pass", 3, False),
        ("never", None, False),
    ],
)
def test_keys_shown_before_passing_with_a_retry_are_flagged(clean, show_answers, max_attempts, flagged):
    step = replace(clean, show_answers=show_answers, max_attempts=max_attempts)
    assert lint_quiz(step).keys_before_passing is flagged
    assert lint_quiz(replace(step, final=False)).keys_before_passing is False  # a check quiz may teach at once


# the test-wise learner


def test_the_cue_reader_answers_false_the_longest_and_all_but_the_shortest(cues, clean):
    by_id = {q.id: q for q in cues.questions}
    assert cue_answers(by_id["tf-altijd"]) == ["false"]
    assert cue_answers(by_id["sleutelfiguur"]) == ["brug"]
    assert cue_answers(by_id["drempels"]) == [["taal", "tijden", "plek"]]
    assert cue_answers(next(q for q in clean.questions if q.kind == "matching")) is None  # random


def test_the_test_wise_learner_passes_the_quiz_full_of_cues(cues):
    result = simulate_testwise(cues, module_pass_mark=70, runs=200)
    assert result.one_attempt == 1.0 and result.within_allowed == 1.0
    assert result.attempts == 3 and result.limited


def test_the_test_wise_learner_fails_the_clean_quiz(clean):
    result = simulate_testwise(clean, module_pass_mark=70, runs=500)
    assert result.one_attempt <= MAX_TESTWISE_PASS
    assert result.within_allowed <= 2 * MAX_TESTWISE_PASS and result.attempts == 2


def test_the_pass_chance_rises_with_the_attempts_allowed(cues, clean):
    # 6 drawn from 5 questions the cues answer and 5 they miss: 4 of 6 right (60 %) in about a quarter of draws
    mixed = replace(
        with_questions(clean, [*cues.questions[:5], *clean.questions[5:10]]), draw=6, min_per_tag=None, pass_mark=60
    )
    once = simulate_testwise(replace(mixed, max_attempts=1), 70, runs=400)
    thrice = simulate_testwise(replace(mixed, max_attempts=3), 70, runs=400)
    assert 0.15 < once.one_attempt < 0.4 and once.one_attempt == once.within_allowed
    assert thrice.within_allowed > once.within_allowed


def test_without_a_maximum_the_simulation_runs_ten_attempts(clean):
    result = simulate_testwise(replace(clean, max_attempts=None), 70, runs=50)
    assert result.attempts == 10 and not result.limited


def test_the_simulation_is_the_same_every_run(clean):
    assert simulate_testwise(clean, 70, runs=300) == simulate_testwise(clean, 70, runs=300)


def test_the_pass_mark_decides(cues):
    wrong_true = with_questions(cues, [set_answer(q, True) if q.kind == "truefalse" else q for q in cues.questions])
    # 4 of 10 points lost on true/false: 60 % passes a pass mark of 60, not 70
    assert simulate_testwise(replace(wrong_true, pass_mark=60), 70, runs=50).one_attempt == 1.0
    assert simulate_testwise(replace(wrong_true, pass_mark=70), 70, runs=50).one_attempt == 0.0


# goal coverage and retry overlap


def test_a_draw_per_goal_leaves_no_goal_untested(clean):
    coverage = goal_coverage(clean, GOALS, runs=300)
    assert coverage.untested_share == 0.0 and coverage.fewest_per_goal == 2


def test_a_random_draw_of_a_small_pool_leaves_goals_untested(clean):
    coverage = goal_coverage(replace(clean, min_per_tag=None, draw=3), GOALS, runs=300)
    assert 0 < coverage.untested_share < 1 and coverage.fewest_per_goal == 0


def test_a_goal_without_questions_is_untested_in_every_draw(clean):
    coverage = goal_coverage(clean, (*GOALS, "samenwerken"), runs=50)
    assert coverage.untested_share == 1.0


def test_retries_see_new_questions_as_far_as_the_pool_allows(clean):
    ten = with_questions(clean, clean.questions[:10])
    half = replace(ten, draw=5, min_per_tag=None)
    overlap = retry_overlap(half, runs=100)  # 5 of 10: attempt 2 all new, attempt 3 all seen before
    assert overlap.attempt_2 == 0.0 and overlap.attempt_3 == pytest.approx(1.0)
    eight = replace(with_questions(clean, clean.questions[:8]), draw=5, min_per_tag=None)
    overlap = retry_overlap(eight, runs=100)  # attempt 2: the 3 unseen and 2 seen again
    assert overlap.attempt_2 == pytest.approx(0.4) and overlap.attempt_3 == pytest.approx(1.0)
