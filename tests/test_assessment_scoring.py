"""Scoring every question kind and rule, edge cases, and properties that hold for any response."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learn.assessment.scoring import InvalidResponse, percentage, question_credit, question_score
from learn.content.steps.quiz import Item, Option, Question


def choice(kind="single", credits=(1, 0, 0), scoring="partial", points=1.0):
    options = tuple(Option(chr(97 + i), f"optie {i}", float(c), "") for i, c in enumerate(credits))
    return Question(
        id="v", kind=kind, text="?", explanation="", tag=None, points=points, scoring=scoring, options=options
    )


def truefalse(answer=True):
    options = (Option("true", "Waar", float(answer), ""), Option("false", "Niet waar", float(not answer), ""))
    return Question(
        id="v", kind="truefalse", text="?", explanation="", tag=None, points=1.0, scoring="partial", options=options
    )


def matching(scoring="partial", prompts=2, extra_answers=1):
    ps = tuple(Item(f"p{i}", f"prompt {i}") for i in range(prompts))
    answers = tuple(Item(f"a{i}", f"antwoord {i}") for i in range(prompts + extra_answers))
    return Question(
        id="v",
        kind="matching",
        text="?",
        explanation="",
        tag=None,
        points=1.0,
        scoring=scoring,
        prompts=ps,
        answers=answers,
        pairs=tuple((f"p{i}", f"a{i}") for i in range(prompts)),
    )


def ordering(scoring="partial", n=3, points=1.0):
    items = tuple(Item(f"i{k}", f"stap {k}") for k in range(n))
    return Question(
        id="v", kind="ordering", text="?", explanation="", tag=None, points=points, scoring=scoring, items=items
    )


# single, true/false, judgement


def test_single_choice_right_wrong_and_unanswered():
    q = choice()
    assert question_credit(q, "a") == 1.0
    assert question_credit(q, "b") == 0.0
    assert question_credit(q, None) == 0.0 and question_credit(q, "") == 0.0


def test_true_false():
    q = truefalse(answer=False)
    assert question_credit(q, "false") == 1.0 and question_credit(q, "true") == 0.0


def test_judgement_gives_each_option_its_credit():
    q = choice("judgement", credits=(1, 0.5, 0))
    assert [question_credit(q, o) for o in "abc"] == [1.0, 0.5, 0.0]
    assert question_score(choice("judgement", credits=(1, 0.5, 0), points=3), "b") == 1.5


@pytest.mark.parametrize("response", ["z", ["a"], {"a": "b"}, 3])
def test_choice_kinds_refuse_what_the_form_cannot_send(response):
    with pytest.raises(InvalidResponse):
        question_credit(choice(), response)


# multiple response


def test_multiple_partial_credit_subtracts_wrong_ticks():
    q = choice("multiple", credits=(1, 1, 0, 0))
    assert question_credit(q, ["a", "b"]) == 1.0
    assert question_credit(q, ["a"]) == 0.5
    assert question_credit(q, ["a", "c"]) == 0.0
    assert question_credit(q, ["a", "b", "c"]) == 0.5
    assert question_credit(q, ["c", "d"]) == 0.0  # never below zero


def test_multiple_all_options_ticked_earns_nothing_unless_all_are_right():
    assert question_credit(choice("multiple", credits=(1, 1, 0, 0)), ["a", "b", "c", "d"]) == 0.0
    assert question_credit(choice("multiple", credits=(1, 1, 0, 0), scoring="all_or_nothing"), list("abcd")) == 0.0
    assert question_credit(choice("multiple", credits=(1, 1, 1)), ["a", "b", "c"]) == 1.0


def test_multiple_all_or_nothing():
    q = choice("multiple", credits=(1, 1, 0), scoring="all_or_nothing")
    assert question_credit(q, ["a", "b"]) == 1.0
    assert question_credit(q, ["a"]) == 0.0
    assert question_credit(q, []) == 0.0


@pytest.mark.parametrize("response", ["a", ["a", "z"], {"a": "b"}])
def test_multiple_refuses_unknown_options_and_wrong_shapes(response):
    with pytest.raises(InvalidResponse):
        question_credit(choice("multiple", credits=(1, 1, 0)), response)


# matching


def test_matching_partial_and_all_or_nothing():
    assert question_credit(matching(), {"p0": "a0", "p1": "a1"}) == 1.0
    assert question_credit(matching(), {"p0": "a0", "p1": "a2"}) == 0.5
    assert question_credit(matching(), {"p0": "a0"}) == 0.5
    assert question_credit(matching(), {"p0": "a0", "p1": ""}) == 0.5
    assert question_credit(matching("all_or_nothing"), {"p0": "a0", "p1": "a2"}) == 0.0
    assert question_credit(matching("all_or_nothing"), {"p0": "a0", "p1": "a1"}) == 1.0


@pytest.mark.parametrize("response", [{"p9": "a0"}, {"p0": "a9"}, ["a0"], "a0"])
def test_matching_refuses_unknown_prompts_and_answers(response):
    with pytest.raises(InvalidResponse):
        question_credit(matching(), response)


# ordering


def test_ordering_counts_items_in_place():
    assert question_credit(ordering(), ["i0", "i1", "i2"]) == 1.0
    assert question_credit(ordering(), ["i0", "i2", "i1"]) == pytest.approx(1 / 3, abs=1e-4)
    assert question_credit(ordering(), ["i2", "i0", "i1"]) == 0.0
    assert question_credit(ordering("all_or_nothing"), ["i0", "i2", "i1"]) == 0.0
    assert question_score(ordering(points=3), ["i0", "i2", "i1"]) == 1.0


@pytest.mark.parametrize("response", [["i0", "i1"], ["i0", "i0", "i1"], ["i0", "i1", "i9"], "i0", {"i0": 1}])
def test_ordering_needs_every_item_once(response):
    with pytest.raises(InvalidResponse):
        question_credit(ordering(), response)


def test_percentage():
    assert percentage(3, 4) == 75.0
    assert percentage(2, 3) == 66.7
    assert percentage(0, 0) == 0.0


# properties

ids = st.sampled_from("abcdef")


@st.composite
def multiple_questions(draw):
    n = draw(st.integers(2, 6))
    credits = draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n).filter(lambda c: 1 in c))
    points = draw(st.sampled_from([0.5, 1.0, 2.0, 3.0]))
    return credits, points


@settings(max_examples=300, deadline=None)
@given(multiple_questions(), st.data())
def test_multiple_scores_stay_in_range_and_partial_is_never_below_all_or_nothing(spec, data):
    credits, points = spec
    partial = choice("multiple", credits=credits, points=points)
    strict = choice("multiple", credits=credits, points=points, scoring="all_or_nothing")
    chosen = data.draw(st.sets(st.sampled_from([o.id for o in partial.options])))
    p, s = question_score(partial, chosen), question_score(strict, chosen)
    assert 0 <= s <= p <= points
    assert s in (0, points)
    assert (p == points) == (s == points)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 6), st.integers(0, 3), st.data())
def test_matching_scores_stay_in_range_and_partial_is_never_below_all_or_nothing(prompts, extra, data):
    partial, strict = matching(prompts=prompts, extra_answers=extra), matching("all_or_nothing", prompts, extra)
    answer_ids = [a.id for a in partial.answers] + [""]
    response = {p.id: data.draw(st.sampled_from(answer_ids)) for p in partial.prompts if data.draw(st.booleans())}
    p, s = question_credit(partial, response), question_credit(strict, response)
    assert 0 <= s <= p <= 1
    assert (p == 1) == (s == 1)


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 7), st.randoms(use_true_random=False))
def test_ordering_scores_stay_in_range_and_partial_is_never_below_all_or_nothing(n, rng):
    order = [f"i{k}" for k in range(n)]
    rng.shuffle(order)
    p, s = question_credit(ordering(n=n), order), question_credit(ordering("all_or_nothing", n=n), order)
    assert 0 <= s <= p <= 1
    assert (p == 1) == (s == 1) == (order == [f"i{k}" for k in range(n)])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([0, 0.25, 0.5, 0.75, 1]), min_size=2, max_size=5).filter(lambda c: 1 in c),
    st.sampled_from([0.5, 1.0, 4.0]),
    st.data(),
)
def test_judgement_scores_stay_in_range(credits, points, data):
    q = choice("judgement", credits=credits, points=points)
    response = data.draw(st.one_of(st.none(), st.sampled_from([o.id for o in q.options])))
    assert 0 <= question_score(q, response) <= points


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(max_size=5),
        st.lists(st.text(max_size=3), max_size=3),
        st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=3),
        st.integers(),
    )
)
def test_any_response_scores_in_range_or_is_refused_never_crashes(response):
    for question in (choice(), choice("multiple", credits=(1, 1, 0)), matching(), ordering(), truefalse()):
        try:
            credit = question_credit(question, response)
        except InvalidResponse:
            continue
        assert 0 <= credit <= 1
