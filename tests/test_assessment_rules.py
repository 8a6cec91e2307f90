"""Pure rules: the draw, reading the form, show_answers, pass and time, and the module result."""

from datetime import datetime, timedelta
from itertools import product

import pytest
from werkzeug.datastructures import MultiDict

from learn.assessment.attempts import (
    IncompleteOrdering,
    is_over_time,
    parse_responses,
    passed,
    reveals_answers,
    score_responses,
)
from learn.assessment.draw import draw_quiz
from learn.assessment.results import Attempt, ModuleResult, module_result
from learn.assessment.scoring import InvalidResponse


@pytest.fixture
def quiz(fixture_module):
    return fixture_module.step("eindtoets")


def with_(step, **changes):
    from dataclasses import replace

    return replace(step, **changes)


# the draw


def test_the_same_seed_draws_the_same_quiz(quiz):
    assert draw_quiz(quiz, 42) == draw_quiz(quiz, 42)
    draws = {draw_quiz(quiz, seed).question_ids for seed in range(40)}
    assert len(draws) > 1  # different attempts get different quizzes
    for ids in draws:
        assert len(ids) == 4 and len(set(ids)) == 4
        pool = [q.id for q in quiz.questions]
        assert list(ids) == sorted(ids, key=pool.index)  # shown in pool order


def test_one_per_tag_draws_each_tag_at_most_once(quiz):
    step = with_(quiz, one_per_tag=True, draw=3)
    for seed in range(40):
        tags = [step.question(q).tag for q in draw_quiz(step, seed).question_ids]
        assert sorted(tags) == ["begrippen", "gesprek", "netwerk"]


def test_a_retry_draws_the_questions_seen_least_first(quiz):
    pool = [q.id for q in quiz.questions]  # 5 questions, 4 drawn
    for seed in range(30):
        first = draw_quiz(quiz, seed).question_ids
        (unseen,) = set(pool) - set(first)
        second = draw_quiz(quiz, seed + 1000, seen=dict.fromkeys(first, 1)).question_ids
        assert unseen in second  # the one question attempt 1 did not show is always in attempt 2
        assert len(second) == 4


def test_least_seen_counts_how_often_not_only_whether(quiz):
    seen = {"luisteren": 2, "sleutelfiguren": 2, "volgorde": 1, "begrippen": 1, "beste-actie": 1}
    for seed in range(30):
        drawn = set(draw_quiz(quiz, seed, seen).question_ids)
        assert {"volgorde", "begrippen", "beste-actie"} <= drawn  # the three seen once beat the two seen twice


def test_without_history_every_question_gets_drawn_at_random(quiz):
    counts = {q.id: 0 for q in quiz.questions}
    for seed in range(500):
        for question_id in draw_quiz(quiz, seed, seen={}).question_ids:
            counts[question_id] += 1
    assert all(320 < count < 480 for count in counts.values()), counts  # 4 of 5: 400 each on average


def test_min_per_tag_gives_every_tag_its_questions_and_fills_the_rest(quiz):
    # tags: gesprek (luisteren, volgorde), netwerk (sleutelfiguren, beste-actie), begrippen (begrippen)
    step = with_(quiz, min_per_tag=1, draw=4)
    drawn_sets = set()
    for seed in range(60):
        drawn = draw_quiz(step, seed).question_ids
        tags = [step.question(q).tag for q in drawn]
        assert len(drawn) == 4 and {"gesprek", "netwerk", "begrippen"} <= set(tags)
        drawn_sets.add(drawn)
    assert len(drawn_sets) > 1


def test_min_per_tag_retry_still_covers_every_tag(quiz):
    step = with_(quiz, min_per_tag=1, draw=3)
    seen = {"begrippen": 5}  # the only 'begrippen' question was seen often: it is still drawn
    for seed in range(30):
        tags = {step.question(q).tag for q in draw_quiz(step, seed, seen).question_ids}
        assert tags == {"gesprek", "netwerk", "begrippen"}


def test_fixed_last_options_stay_last_and_the_rest_is_shuffled(quiz):
    orders = {tuple(draw_quiz(quiz, seed).option_orders.get("luisteren", ())) for seed in range(60)}
    orders.discard(())
    assert all(order[-1] == "geen" for order in orders)
    assert len(orders) == 2  # luister/regels both ways


def test_without_shuffle_options_keep_their_order(quiz):
    step = with_(quiz, shuffle=False, draw=5)
    draw = draw_quiz(step, 7)
    assert draw.option_orders["luisteren"] == ["luister", "regels", "geen"]
    assert draw.option_orders["begrippen"] == ["brug", "vertaler", "afleider"]


def test_ordering_items_are_never_shown_in_the_right_order(quiz):
    step = with_(quiz, draw=5)
    for seed in range(100):
        assert draw_quiz(step, seed).option_orders["volgorde"] != ["luisteren", "samenvatten", "afspreken"]


# reading the form


def form(**fields):
    data = MultiDict()
    for key, value in fields.items():
        for v in value if isinstance(value, list) else [value]:
            data.add(key.replace("_", "-"), v)
    return data


def test_parse_every_kind(quiz):
    questions = list(quiz.questions)
    responses = parse_responses(
        questions,
        form(
            q_luisteren="luister",
            q_sleutelfiguren=["vrijwilliger", "imam"],
            q_volgorde_luisteren="1",
            q_volgorde_samenvatten="2",
            q_volgorde_afspreken="3",
            q_begrippen_sleutelfiguur="brug",
            q_begrippen_tolk="",
        ),
    )
    assert responses == {
        "luisteren": "luister",
        "sleutelfiguren": ["vrijwilliger", "imam"],
        "volgorde": ["luisteren", "samenvatten", "afspreken"],
        "begrippen": {"sleutelfiguur": "brug"},
        "beste-actie": None,
    }
    scored = score_responses(questions, responses)
    assert scored.scores == {
        "luisteren": 1.0,
        "sleutelfiguren": 1.0,
        "volgorde": 1.0,
        "begrippen": 0.5,
        "beste-actie": 0.0,
    }
    assert scored.score == 3.5 and scored.max_score == 5.0 and scored.percentage == 70.0


def test_ordering_with_a_place_twice_is_a_slip_not_tampering(quiz):
    with pytest.raises(IncompleteOrdering):
        parse_responses(
            list(quiz.questions), form(q_volgorde_luisteren="1", q_volgorde_samenvatten="1", q_volgorde_afspreken="2")
        )
    draft = parse_responses(list(quiz.questions), form(q_volgorde_luisteren="1"), strict=False)
    assert draft["volgorde"] == {"luisteren": 1}


@pytest.mark.parametrize(
    "fields",
    [
        {"q_onbekend": "x"},
        {"q_luisteren": "nee"},
        {"q_luisteren": ["luister", "regels"]},
        {"q_volgorde_luisteren": "0"},
        {"q_volgorde_luisteren": "1.5"},
        {"q_begrippen_niemand": "brug"},
        {"q_sleutelfiguren": ["imam", "imam"]},
        {"q_begrippen_tolk": ["brug", "vertaler"]},
    ],
)
def test_fields_the_form_cannot_produce_are_refused(quiz, fields):
    with pytest.raises(InvalidResponse):
        parse_responses(list(quiz.questions), form(**fields))


# show_answers, passing and time


@pytest.mark.parametrize(
    "rule, submitted, has_passed, shown",
    [
        ("after_each", False, False, False),
        ("after_each", True, False, True),
        ("after_submit", False, False, False),
        ("after_submit", True, False, True),
        ("after_pass", True, False, False),
        ("after_pass", True, True, True),
        ("after_pass", False, True, False),
        ("never", True, True, False),
    ],
)
def test_show_answers_rules(quiz, rule, submitted, has_passed, shown):
    assert reveals_answers(with_(quiz, show_answers=rule), submitted, has_passed) is shown


def test_a_check_quiz_set_to_after_pass_gives_feedback_on_submit(quiz):
    check = with_(quiz, final=False, show_answers="after_pass")
    assert reveals_answers(check, True, False) is True
    assert reveals_answers(check, False, False) is False


def test_pass_mark_from_the_quiz_or_else_the_module(quiz):
    assert passed(quiz, 70.0, 70, False) is True
    assert passed(quiz, 69.9, 70, False) is False
    assert passed(with_(quiz, pass_mark=80), 75.0, 70, False) is False
    assert passed(quiz, 100.0, 70, True) is False  # over time never passes
    assert passed(with_(quiz, final=False), 100.0, 70, False) is None  # formative: no grade


def test_over_time_allows_a_short_grace():
    deadline = datetime(2026, 1, 1, 12, 0)
    assert not is_over_time(None, deadline + timedelta(days=1))
    assert not is_over_time(deadline, deadline + timedelta(seconds=30))
    assert is_over_time(deadline, deadline + timedelta(seconds=31))


# the module result

T0 = datetime(2026, 3, 1, 10, 0)


def attempt(pct, ok, minutes=0, step="eindtoets", submitted=True):
    return Attempt(step, pct, ok, T0 + timedelta(minutes=minutes) if submitted else None)


@pytest.mark.parametrize(
    "completed, attempts_given, expected",
    [
        (False, [], ModuleResult(False, False, None, 0, 3, None)),
        (True, [], ModuleResult(True, False, None, 0, 3, T0)),
        (True, [attempt(50, False)], ModuleResult(True, False, 50, 1, 2, T0)),
        (
            True,
            [attempt(50, False), attempt(80, True, 5)],
            ModuleResult(True, True, 80, 2, 1, T0 + timedelta(minutes=5)),
        ),
        (False, [attempt(90, True)], ModuleResult(False, True, 90, 1, 2, None)),
        (
            True,
            [attempt(40, False), attempt(60, False, 1), attempt(65, False, 2)],
            ModuleResult(True, False, 65, 3, 0, T0),
        ),
        (True, [attempt(100, False, 3)], ModuleResult(True, False, 100, 1, 2, T0)),  # over time: counted, not passed
        (True, [attempt(90, True, -10), attempt(30, False, 1)], ModuleResult(True, True, 90, 2, 1, T0)),  # best counts
        (True, [attempt(None, None, submitted=False)], ModuleResult(True, False, None, 0, 3, T0)),  # open: not used
        (True, [attempt(100, None, step="check-luisteren")], ModuleResult(True, False, None, 0, 3, T0)),  # formative
    ],
)
def test_module_result(fixture_module, completed, attempts_given, expected):
    steps = {s.id for s in fixture_module.steps} if completed else {"welkom"}
    assert module_result(fixture_module, steps, attempts_given, T0 if completed else None) == expected


def test_module_result_for_every_combination(fixture_module):
    """Completed or not × no/failed/passed attempts × limited/unlimited attempts: the invariants hold."""
    for completed, history, limited in product([False, True], ["none", "failed", "passed"], [False, True]):
        module = fixture_module
        if not limited:
            module = _with_final(fixture_module, max_attempts=None)
        attempts = {"none": [], "failed": [attempt(10, False)], "passed": [attempt(10, False), attempt(90, True, 1)]}
        result = module_result(
            module, {s.id for s in module.steps} if completed else set(), attempts[history], T0 if completed else None
        )
        assert result.completed is completed
        assert result.passed is (history == "passed")
        assert result.attempts_used == len(attempts[history])
        assert result.attempts_left == (3 - len(attempts[history]) if limited else None)
        assert (result.completed_at is not None) is completed
        assert result.succeeded is (completed and history == "passed")


def test_a_module_without_final_quiz_has_no_pass(fixture_module):
    module = _without_final(fixture_module)
    result = module_result(module, {s.id for s in module.steps}, [attempt(100, True)], T0)
    assert result == ModuleResult(True, None, None, 0, None, T0) and result.succeeded
    assert module_result(module, set(), [], None) == ModuleResult(False, None, None, 0, None, None)


def _with_final(module, **changes):
    from dataclasses import replace

    chapters = tuple(
        replace(c, steps=tuple(replace(s, **changes) if s.graded else s for s in c.steps)) for c in module.chapters
    )
    return replace(module, chapters=chapters)


def _without_final(module):
    from dataclasses import replace

    chapters = tuple(replace(c, steps=tuple(s for s in c.steps if not s.graded)) for c in module.chapters)
    return replace(module, chapters=chapters)


def test_an_ordering_question_shows_the_learners_order_so_far():
    from learn.assessment.attempts import shown_order
    from learn.content.steps.quiz import Item, Question

    question = Question("q", "ordering", "", "", None, 1, "partial", items=tuple(Item(i, i) for i in "abcd"))
    drawn = ["d", "b", "a", "c"]
    assert shown_order(question, drawn, None) == drawn
    assert shown_order(question, drawn, ["a", "b", "c", "d"]) == ["a", "b", "c", "d"]
    assert shown_order(question, drawn, {"c": 1, "a": 2}) == ["c", "a", "d", "b"]  # placed first, the rest as drawn
