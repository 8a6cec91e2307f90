"""The accreditation checks of ``learn check-modules``: the honest study-time estimate, points per
register, and the errors and warnings for a final quiz, each naming the file and line to fix."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_MODULES
from module_helpers import edit, line_number, module_dir  # noqa: F401

from learn.accreditation.checks import check_module, expected_points
from learn.accreditation.studytime import (
    QUIZ_QUESTION_MINUTES,
    REFLECTION_QUESTION_MINUTES,
    WORDS_PER_MINUTE,
    estimate_step,
    estimate_study_time,
    median_route_words,
    question_words,
    route_texts,
)
from learn.content.loader import load_module
from learn.content.readability import count_words

QUIZZES = Path(__file__).parent / "fixtures" / "quizzes"
GOALS = """learning_goals:
  - id: gesprek
    text: Je voert een open gesprek.
  - id: netwerk
    text: Je werkt samen in de wijk.
  - id: beeld
    text: Je kijkt voorbij je eerste beeld.
"""
PLAIN_GOALS = """learning_goals:
  - Je weet hoe een module werkt.
  - Je kunt een keuze maken in een casus.
"""


def with_final_quiz(module_dir: Path, name: str, goal_ids: bool = True) -> Path:
    """The fixture module with one of the fixture quizzes as its final quiz."""
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    shutil.copy(QUIZZES / f"{name}.yaml", quiz)
    if goal_ids:
        edit(module_dir / "module.yaml", PLAIN_GOALS, GOALS)
    return quiz


def rules(report, warnings=False) -> set[str]:
    return {finding.rule for finding in (report.warnings if warnings else report.errors)}


# the study-time estimate


def test_reading_goes_at_150_words_a_minute(fixture_module):
    step = fixture_module.step("welkom")
    estimate = estimate_step(step, fixture_module)
    assert WORDS_PER_MINUTE == 150
    assert estimate.words == count_words([step.title, step.body])
    assert estimate.minutes == pytest.approx(estimate.words / 150)


def test_a_persona_step_reads_the_whole_card(fixture_module):
    step = fixture_module.step("samira")
    persona = fixture_module.personas["samira"]
    card = count_words([persona.name, persona.role, persona.quote, persona.background])
    assert estimate_step(step, fixture_module).words == count_words([step.title, step.body]) + card


def test_required_reflection_questions_add_writing_time_and_declared_minutes_count(fixture_module):
    step = fixture_module.step("eigen-praktijk")  # two questions, minutes: 20
    estimate = estimate_step(step, fixture_module)
    assert estimate.reflection_questions == 2 and estimate.declared_minutes == 20
    assert estimate.minutes == pytest.approx(estimate.words / 150 + 2 * REFLECTION_QUESTION_MINUTES + 20)
    optional = replace(step, questions=(step.questions[0], replace(step.questions[1], optional=True)))
    assert estimate_step(optional, fixture_module).reflection_questions == 1


def test_a_scenario_counts_its_median_route_not_every_branch(fixture_module):
    step = fixture_module.step("casus-ouders")
    routes = step.routes()
    assert len(routes) == 3  # luisteren-uitnodigen, luisteren-folder, regels
    before = estimate_step(step, fixture_module).words
    long_branch = replace(  # one rarely taken branch gets very long: the typical path stays as it was
        step, nodes=tuple(replace(n, text=n.text + " woord" * 3000) if n.id == "einde-weg" else n for n in step.nodes)
    )
    via_gesprek = {count_words(route_texts(r)) for r in routes if r.taken[0][1].id == "luisteren"}
    assert median_route_words(long_branch) in via_gesprek  # the median route is now one of the other two
    assert estimate_step(long_branch, fixture_module).words - before < 5


def test_a_route_shows_every_choice_on_offer(fixture_module):
    step = fixture_module.step("casus-ouders")
    begin = step.node("begin")  # every route starts here, where both labels are read before choosing
    relabelled = replace(
        step,
        nodes=tuple(
            replace(n, choices=tuple(replace(c, label=c.label + " extra") for c in n.choices)) if n.id == "begin" else n
            for n in step.nodes
        ),
    )
    assert median_route_words(relabelled) == median_route_words(step) + len(begin.choices)


def test_a_quiz_counts_the_questions_one_attempt_draws(fixture_module):
    final = fixture_module.step("eindtoets")  # draw 4 of 5
    estimate = estimate_step(final, fixture_module)
    average = sum(question_words(q) for q in final.questions) / len(final.questions)
    assert estimate.quiz_questions == 4
    assert estimate.words == count_words([final.title, final.body]) + round(4 * average)
    bigger_pool = replace(final, questions=final.questions * 2)
    assert estimate_step(bigger_pool, fixture_module).words == estimate.words  # the pool size does not count
    assert estimate.minutes == pytest.approx(estimate.words / 150 + 4 * QUIZ_QUESTION_MINUTES)


def test_a_quiz_that_never_shows_feedback_is_read_without_it(fixture_module):
    final = fixture_module.step("eindtoets")
    silent = replace(final, show_answers="never")
    assert estimate_step(silent, fixture_module).words < estimate_step(final, fixture_module).words


def test_steps_that_are_not_required_are_left_out(fixture_module):
    total = estimate_study_time(fixture_module)
    chapters = tuple(
        replace(c, steps=tuple(replace(s, required=False) if s.id == "eigen-praktijk" else s for s in c.steps))
        for c in fixture_module.chapters
    )
    lighter = estimate_study_time(replace(fixture_module, chapters=chapters))
    assert total.minutes - lighter.minutes == pytest.approx(
        estimate_step(fixture_module.step("eigen-praktijk"), fixture_module).minutes
    )
    assert [title for title, _ in total.chapters] == ["Begin", "Oefenen", "Afsluiting"]
    assert sum(minutes for _, minutes in total.chapters) == pytest.approx(total.minutes)


# stated duration and points


def test_the_fixture_module_states_an_honest_time(fixture_module):
    report = check_module(fixture_module)
    assert report.errors == []
    assert report.stated_minutes == 30 and 25 <= report.estimate.minutes <= 40


def test_a_duration_more_than_20_percent_above_the_estimate_is_an_error(module_dir):
    estimate = estimate_study_time(load_module(module_dir)).minutes
    path = module_dir / "module.yaml"
    limit = int(estimate * 1.2)
    edit(path, "duration_minutes: 30", f"duration_minutes: {limit}")
    assert "study-time" not in rules(check_module(load_module(module_dir)))
    edit(path, f"duration_minutes: {limit}", f"duration_minutes: {limit + 1}")
    (finding,) = [f for f in check_module(load_module(module_dir)).errors if f.rule == "study-time"]
    assert (finding.file, finding.line) == (path, line_number(path, "duration_minutes"))
    assert f"{limit + 1} minutes is" in finding.message and f"estimated {estimate:.0f} minutes" in finding.message


@pytest.mark.parametrize(
    "register, minutes, points",
    [("SKJ", 180, 3), ("SKJ", 170, 2.5), ("Registerplein", 89, 1), ("Registerplein", 90, 1.5), ("SKJ", 29, 0)],
)
def test_points_are_the_stated_hours_in_whole_and_half_points_rounded_down(register, minutes, points):
    assert expected_points(register, minutes) == points


def test_an_unknown_register_is_not_checked():
    assert expected_points("Kwaliteitsregister Paramedici", 180) is None


def test_points_that_do_not_follow_from_the_hours_are_an_error(module_dir):
    path = module_dir / "module.yaml"
    edit(path, "    points: 0.5\n    valid_from", "    points: 1\n    valid_from")  # SKJ: 1 point for 30 minutes
    (finding,) = [f for f in check_module(load_module(module_dir)).errors if f.rule == "points"]
    assert (finding.file, finding.line) == (path, line_number(path, "points: 1"))
    assert "SKJ" in finding.message and "30 minutes is 0.5 points, not 1" in finding.message


# the final quiz


def test_a_final_quiz_full_of_cues_fails_and_every_lint_rule_names_its_line(module_dir):
    quiz = with_final_quiz(module_dir, "cues")
    report = check_module(load_module(module_dir))
    assert rules(report) == {"test-wise"}
    assert rules(report, warnings=True) == {
        "true-false-balance",
        "longest-best",
        "all-but-one",
        "filler",
        "stem-echo",
        "keys-before-passing",
    }
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["test-wise"].file == quiz and "passes one attempt in 100.0%" in by_rule["test-wise"].message
    assert by_rule["filler"].line == line_number(quiz, "id: geen")
    assert by_rule["stem-echo"].line == line_number(quiz, "id: sleutelfiguur")
    assert by_rule["keys-before-passing"].line == line_number(quiz, "show_answers:")
    assert str(by_rule["filler"]).startswith(f"{quiz}:{by_rule['filler'].line}: questions.4: option 'geen'")
    assert report.final_quiz.testwise.one_attempt == 1.0


def test_a_clean_final_quiz_drawn_per_goal_passes_without_warnings(module_dir):
    with_final_quiz(module_dir, "clean")
    report = check_module(load_module(module_dir))
    assert report.findings == ()
    final = report.final_quiz
    assert final.goals_from == "learning goals" and final.coverage.goals == ("gesprek", "netwerk", "beeld")
    assert final.coverage.untested_share == 0 and final.coverage.fewest_per_goal == 2
    assert final.testwise.one_attempt <= 0.05


def test_a_per_goal_draw_with_a_goal_no_question_tests_is_an_error(module_dir):
    quiz = with_final_quiz(module_dir, "clean")
    edit(
        module_dir / "module.yaml", "  - id: beeld\n", "  - id: samenwerken\n    text: Je werkt samen.\n  - id: beeld\n"
    )
    (finding,) = check_module(load_module(module_dir)).errors
    assert finding.rule == "goal-coverage" and finding.file == quiz
    assert finding.line == line_number(quiz, "min_per_tag:")
    assert "100.0% of draws leave a learning goal untested" in finding.message and "samenwerken" in finding.message


def test_one_per_tag_drawing_fewer_than_the_goals_is_an_error(module_dir):
    quiz = module_dir / "steps" / "06-eindtoets.yaml"
    edit(quiz, "draw: 4", "draw: 2\none_per_tag: true")  # 3 tags, 2 drawn
    report = check_module(load_module(module_dir))
    assert "goal-coverage" in rules(report)
    assert report.final_quiz.goals_from == "tags" and report.final_quiz.coverage.untested_share == 1.0


def test_a_random_draw_reports_its_coverage_without_an_error(fixture_module):
    report = check_module(fixture_module)
    coverage = report.final_quiz.coverage
    assert coverage.goals == ("begrippen", "gesprek", "netwerk") and coverage.untested_share > 0
    assert "goal-coverage" not in rules(report)


# the command


def test_check_modules_prints_every_figure_and_fails_on_errors(runner, module_dir):
    with_final_quiz(module_dir, "cues")
    result = runner.invoke(args=["check-modules", str(module_dir.parent)])
    assert result.exit_code == 1
    for figure in (
        "study time: estimated",
        "at 150 words/min",
        "final quiz lint: true/false keyed true 0 of 4",
        "goal coverage:",
        "retry overlap: attempt 2 repeats",
        "test-wise learner: passes one attempt 100.0%, within 3 attempts 100.0%",
    ):
        assert figure in result.output, result.output
    assert "✗ kennismaking 1.0 — Kennismaking met Leerpad: 1 error(s), 6 warning(s)" in result.output
    assert "1 module(s), 0 valid, 1 with errors" in result.output


def test_warnings_alone_do_not_fail_the_command(runner):
    result = runner.invoke(args=["check-modules", str(FIXTURE_MODULES)])
    assert result.exit_code == 0, result.output
    assert "✓ kennismaking" in result.output and "warning(s)" in result.output
    assert f"    warning: {FIXTURE_MODULES / 'kennismaking' / 'steps' / '06-eindtoets.yaml'}:" in result.output
