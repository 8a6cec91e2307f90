"""The module-format additions the accreditation checks need: steps that declare their own minutes,
optional reflection questions with a minimum length, learning goals that quiz tags name, and a draw
with at least N questions per goal. Each mistake is an error naming the file and line."""

import pytest
from module_helpers import edit, errors_of, line_number, module_dir  # noqa: F401

from learn.content.loader import load_module
from learn.content.steps.reflection import MIN_ANSWER_LENGTH

GOALS = """learning_goals:
  - id: gesprek
    text: Je weet hoe een module werkt.
  - id: netwerk
    text: Je kunt een keuze maken in een casus.
  - id: begrippen
    text: Je kent de begrippen.
"""
PLAIN_GOALS = """learning_goals:
  - Je weet hoe een module werkt.
  - Je kunt een keuze maken in een casus.
"""


def test_a_step_declares_its_own_minutes(module_dir):
    module = load_module(module_dir)
    assert module.step("eigen-praktijk").minutes == 20
    assert module.step("welkom").minutes is None


@pytest.mark.parametrize("value", ["0", "veel", "601"])
def test_minutes_must_be_a_sensible_whole_number(module_dir, value):
    path = module_dir / "steps" / "03-reflectie.md"
    edit(path, "minutes: 20", f"minutes: {value}")
    messages = errors_of(module_dir)
    assert any(m.startswith(f"{path}:{line_number(path, 'minutes:')}:") and "minutes" in m for m in messages), messages


def test_reflection_questions_are_required_with_a_minimum_length_unless_marked(module_dir):
    path = module_dir / "steps" / "03-reflectie.md"
    edit(path, "    text: Wie hielp je toen verder?", "    text: Wie hielp je toen verder?\n    optional: true")
    edit(path, "  - id: moment\n", "  - id: moment\n    min_length: 80\n")
    step = load_module(module_dir).step("eigen-praktijk")
    moment, hulp = step.questions
    assert (moment.optional, moment.min_length) == (False, 80)
    assert (hulp.optional, hulp.min_length) == (True, MIN_ANSWER_LENGTH) and MIN_ANSWER_LENGTH == 40
    assert step.required_questions == (moment,)


def test_a_minimum_length_of_zero_is_refused(module_dir):
    path = module_dir / "steps" / "03-reflectie.md"
    edit(path, "  - id: moment\n", "  - id: moment\n    min_length: 0\n")
    messages = errors_of(module_dir)
    assert any(f"{path}:{line_number(path, 'min_length')}:" in m and "min_length" in m for m in messages), messages


def test_learning_goals_with_ids_are_named_by_the_final_quiz_tags(module_dir):
    edit(module_dir / "module.yaml", PLAIN_GOALS, GOALS)
    module = load_module(module_dir)
    assert [goal.id for goal in module.learning_goals] == ["gesprek", "netwerk", "begrippen"]
    assert str(module.learning_goals[0]) == "Je weet hoe een module werkt."


def test_plain_learning_goals_still_load(module_dir):
    module = load_module(module_dir)
    assert [str(goal) for goal in module.learning_goals] == [
        "Je weet hoe een module werkt.",
        "Je kunt een keuze maken in een casus.",
    ]
    assert all(goal.id is None for goal in module.learning_goals)


def test_a_tag_that_names_no_learning_goal_is_an_error_on_its_line(module_dir):
    edit(module_dir / "module.yaml", PLAIN_GOALS, GOALS)
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "tag: begrippen", "tag: begripen")
    messages = errors_of(module_dir)
    assert any(
        m.startswith(f"{quiz}:{line_number(quiz, 'tag: begripen')}:") and "'begripen' is not a learning goal id" in m
        for m in messages
    ), messages


def test_with_goal_ids_an_untagged_final_question_is_an_error(module_dir):
    edit(module_dir / "module.yaml", PLAIN_GOALS, GOALS)
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "    tag: begrippen\n", "")
    messages = errors_of(module_dir)
    assert any(str(quiz) in m and "'begrippen' has no tag" in m for m in messages), messages


@pytest.mark.parametrize(
    "goals, problem",
    [
        (GOALS.replace("  - id: netwerk\n    text:", "  -"), "every learning goal an 'id', or none"),
        (GOALS.replace("id: netwerk", "id: gesprek"), "duplicate learning goal id 'gesprek'"),
        (GOALS.replace("id: netwerk", "id: Netwerk!"), "not a valid id"),
    ],
)
def test_learning_goal_mistakes_are_named(module_dir, goals, problem):
    path = module_dir / "module.yaml"
    edit(path, PLAIN_GOALS, goals)
    messages = errors_of(module_dir)
    assert any(m.startswith(f"{path}:") and problem in m for m in messages), messages


def test_min_per_tag_draws_at_least_that_many_per_tag(module_dir):
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "draw: 4", "draw: 4\nmin_per_tag: 1")
    step = load_module(module_dir).step("eindtoets")
    assert step.min_per_tag == 1 and step.draws_per_tag


@pytest.mark.parametrize(
    "settings, problem",
    [
        ("draw: 4\nmin_per_tag: 2", "too few for: begrippen"),
        ("draw: 2\nmin_per_tag: 1", "needs a draw of at least 3"),
        ("draw: 3\nmin_per_tag: 1\none_per_tag: true", "either one_per_tag or min_per_tag"),
    ],
)
def test_a_per_tag_draw_the_pool_cannot_give_is_refused(module_dir, settings, problem):
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "draw: 4", settings)
    messages = errors_of(module_dir)
    assert any(m.startswith(f"{quiz}:") and problem in m for m in messages), messages


def test_min_per_tag_needs_a_tag_on_every_question(module_dir):
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "draw: 4", "draw: 4\nmin_per_tag: 1")
    edit(quiz, "    tag: begrippen\n", "")
    messages = errors_of(module_dir)
    assert any(str(quiz) in m and "min_per_tag needs a tag on every question" in m for m in messages), messages


def test_a_final_quiz_shows_the_keys_only_after_passing_unless_it_says_otherwise(module_dir):
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "show_answers: after_submit\n", "")
    module = load_module(module_dir)
    assert module.step("eindtoets").show_answers == "after_pass"
    assert module.step("check-luisteren").show_answers == "after_each"  # as its file says
    check = module_dir / "steps" / "05-check.yaml"
    edit(check, "show_answers: after_each\n", "")
    assert load_module(module_dir).step("check-luisteren").show_answers == "after_submit"
