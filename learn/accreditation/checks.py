"""The accreditation checks ``learn check-modules`` runs on every module that loads.

Errors (the module is not fit to certify):
- the stated ``duration_minutes`` is more than 20 % above the honest estimate (``studytime``);
- the points of a register do not follow from the stated hours under that register's rule;
- the test-wise learner passes one attempt of the final quiz more than 5 % of the time;
- a final quiz that draws per goal leaves a learning goal untested in some draw.
Warnings: the quiz-bank lint (``quizbank``).
Every finding names the file and line an author fixes, as the loader's errors do.
"""

from dataclasses import dataclass
from math import floor
from pathlib import Path

from ..content.model import Module
from ..content.source import line_in, line_of, read_source
from ..content.steps.quiz import QuizStep
from .quizbank import MAX_LONGEST_BEST_SHARE, TRUE_SHARE_RANGE, QuizLint, lint_quiz
from .simulation import (
    MAX_TESTWISE_PASS,
    RUNS,
    Coverage,
    Overlap,
    TestWise,
    goal_coverage,
    retry_overlap,
    simulate_testwise,
)
from .studytime import (
    QUIZ_QUESTION_MINUTES,
    REFLECTION_QUESTION_MINUTES,
    WORDS_PER_MINUTE,
    StudyTimeEstimate,
    estimate_study_time,
)

ERRORS = ("study-time", "points", "test-wise", "goal-coverage")
WARNINGS = ("true-false-balance", "longest-best", "all-but-one", "filler", "stem-echo", "keys-before-passing")
MAX_OVERSTATEMENT = 0.20
# Points per net study hour. SKJ and Registerplein: 1 hour = 1 point (../shared/ACCREDITATION.md; Registerplein's
# accreditation rules: "Eén uur netto scholing is één punt"). Points go by whole and half points, rounded down:
# a started half hour is not certified. A register not listed here is not checked.
POINTS_PER_HOUR = {"SKJ": 1.0, "Registerplein": 1.0}


@dataclass(frozen=True)
class Finding:
    rule: str  # one of ERRORS or WARNINGS
    file: Path
    line: int | None
    message: str

    @property
    def warning(self) -> bool:
        return self.rule in WARNINGS

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class FinalQuizReport:
    lint: QuizLint
    goals_from: str  # "learning goals" or "tags"
    coverage: Coverage | None  # None when no question carries a tag
    overlap: Overlap
    testwise: TestWise


@dataclass(frozen=True)
class ModuleReport:
    estimate: StudyTimeEstimate
    stated_minutes: int
    final_quiz: FinalQuizReport | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.warning]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.warning]


def expected_points(register: str, stated_minutes: int) -> float | None:
    per_hour = POINTS_PER_HOUR.get(register)
    return None if per_hour is None else floor(stated_minutes / 60 * per_hour * 2) / 2


def check_module(module: Module) -> ModuleReport:
    meta = module.folder / "module.yaml"
    estimate = estimate_study_time(module)
    findings = [*_duration(module, estimate, meta), *_points(module, meta)]
    quiz = module.final_quiz
    final = None
    if quiz is not None:
        final = _final_quiz_report(module, quiz)
        findings.extend(_final_quiz_findings(quiz, final))
    return ModuleReport(estimate, module.duration_minutes, final, tuple(findings))


def _duration(module: Module, estimate: StudyTimeEstimate, meta: Path):
    ceiling = estimate.minutes * (1 + MAX_OVERSTATEMENT)
    if module.duration_minutes > ceiling:
        above = module.duration_minutes / estimate.minutes - 1
        yield Finding(
            "study-time",
            meta,
            line_in(meta, ("duration_minutes",)),
            f"duration_minutes: {module.duration_minutes} minutes is {above:.0%} above the estimated "
            f"{estimate.minutes:.0f} minutes (at most {MAX_OVERSTATEMENT:.0%} above, so at most {floor(ceiling)}): "
            "state the honest time and the points that follow, or add real work (a step with 'minutes:')",
        )


def _points(module: Module, meta: Path):
    for index, entry in enumerate(module.accreditations):
        expected = expected_points(entry.register, module.duration_minutes)
        if expected is not None and entry.points != expected:
            yield Finding(
                "points",
                meta,
                line_in(meta, ("accreditations", index, "points")),
                f"accreditations.{index}.points: {entry.register} gives {POINTS_PER_HOUR[entry.register]:g} point "
                f"per net study hour (whole and half points, rounded down): {module.duration_minutes} minutes "
                f"is {expected:g} points, not {entry.points:g}",
            )


def _goals(module: Module, quiz: QuizStep) -> tuple[str, tuple[str, ...]]:
    ids = tuple(goal.id for goal in module.learning_goals if goal.id)
    if ids:
        return "learning goals", ids
    return "tags", tuple(sorted({q.tag for q in quiz.questions if q.tag}))


def _final_quiz_report(module: Module, quiz: QuizStep) -> FinalQuizReport:
    goals_from, goals = _goals(module, quiz)
    return FinalQuizReport(
        lint=lint_quiz(quiz),
        goals_from=goals_from,
        coverage=goal_coverage(quiz, goals) if goals else None,
        overlap=retry_overlap(quiz),
        testwise=simulate_testwise(quiz, module.pass_mark),
    )


def _final_quiz_findings(quiz: QuizStep, report: FinalQuizReport):
    file = quiz.file
    source = read_source(file)

    def at(*path) -> int | None:
        return line_of(source, path)

    question_index = {question.id: index for index, question in enumerate(quiz.questions)}
    testwise = report.testwise
    if testwise.one_attempt > MAX_TESTWISE_PASS:
        yield Finding(
            "test-wise",
            file,
            at("questions"),
            f"a learner who only reads cues (answers 'false', picks the longest option, ticks all but the shortest) "
            f"passes one attempt in {testwise.one_attempt:.1%} of {RUNS} tries (at most {MAX_TESTWISE_PASS:.0%}): "
            "remove the cues the warnings name",
        )
    coverage = report.coverage
    if quiz.draws_per_tag and coverage is not None and coverage.untested_share > 0:
        empty = [goal for goal in coverage.goals if not any(q.tag == goal for q in quiz.questions)]
        why = f"; no question tests {', '.join(empty)}" if empty else ""
        yield Finding(
            "goal-coverage",
            file,
            at("min_per_tag") if quiz.min_per_tag else at("one_per_tag"),
            f"{coverage.untested_share:.1%} of draws leave a learning goal untested (a draw per goal must test "
            f"every goal){why}",
        )
    yield from _lint_warnings(quiz, report.lint, at, question_index)


def _lint_warnings(quiz: QuizStep, lint: QuizLint, at, question_index: dict):
    file = quiz.file
    if lint.true_share_off:
        low, high = TRUE_SHARE_RANGE
        yield Finding(
            "true-false-balance",
            file,
            at("questions"),
            f"true/false items keyed true: {lint.truefalse_true} of {lint.truefalse_total} ({lint.true_share:.0%}; "
            f"keep it between {low:.0%} and {high:.0%}): a learner who always answers one way should not win",
        )
    if lint.longest_best_off:
        yield Finding(
            "longest-best",
            file,
            at("questions"),
            f"the best option is the longest in {len(lint.longest_best)} of {lint.best_items} single/judgement "
            f"items ({lint.longest_best_share:.0%}; at most {MAX_LONGEST_BEST_SHARE:.0%}): "
            f"{', '.join(lint.longest_best)}",
        )
    if lint.all_multiple_are_all_but_one:
        yield Finding(
            "all-but-one",
            file,
            at("questions"),
            f"every multiple-response item ({lint.multiple_items}) is keyed 'every option but one': "
            f"{', '.join(lint.all_but_one)}",
        )
    for question_id, option_id in lint.fillers:
        index = question_index[question_id]
        option = quiz.question(question_id).option(option_id)
        yield Finding(
            "filler",
            file,
            at("questions", index, "options", _option_index(quiz, question_id, option_id)),
            f"questions.{index}: option '{option_id}' ({option.text!r}) is a filler: write a real distractor",
        )
    for question_id, word in lint.stem_echoes:
        index = question_index[question_id]
        yield Finding(
            "stem-echo",
            file,
            at("questions", index),
            f"questions.{index}: only the correct option repeats '{word}' from the question ('{question_id}')",
        )
    if lint.keys_before_passing:
        attempts = quiz.max_attempts or "unlimited"
        yield Finding(
            "keys-before-passing",
            file,
            at("show_answers"),
            f"show_answers: {quiz.show_answers} shows the correct answers after a failed attempt while {attempts} "
            "attempts are allowed, so a retry becomes copying: use after_pass or never",
        )


def _option_index(quiz: QuizStep, question_id: str, option_id: str) -> int:
    return [option.id for option in quiz.question(question_id).options].index(option_id)


def figures(report: ModuleReport) -> dict[str, str]:
    """The lines ``learn check-modules`` prints for a module, after the loader's figures."""
    estimate = report.estimate
    above = report.stated_minutes / estimate.minutes - 1 if estimate.minutes else 0
    lines = {
        "study time": (
            f"estimated {estimate.minutes:.0f} min: {estimate.words} words at {WORDS_PER_MINUTE} words/min "
            f"({estimate.reading_minutes:.0f} min), {estimate.reflection_questions} reflection questions × "
            f"{REFLECTION_QUESTION_MINUTES} min, {estimate.quiz_questions} quiz questions × {QUIZ_QUESTION_MINUTES} "
            f"min, {estimate.declared_minutes} min declared by steps; stated {report.stated_minutes} min ({above:+.0%})"
        ),
        "study time per chapter": "; ".join(f"{title} {minutes:.0f} min" for title, minutes in estimate.chapters),
    }
    final = report.final_quiz
    if final is None:
        return lines
    lint = final.lint
    true_share = f" ({lint.true_share:.0%})" if lint.true_share is not None else ""
    longest = f" ({lint.longest_best_share:.0%})" if lint.longest_best_share is not None else ""
    lines["final quiz lint"] = (
        f"true/false keyed true {lint.truefalse_true} of {lint.truefalse_total}{true_share}, "
        f"best option the longest {len(lint.longest_best)} of {lint.best_items}{longest}, "
        f"multiple response 'every option but one' {len(lint.all_but_one)} of {lint.multiple_items}, "
        f"fillers {len(lint.fillers)}, key repeats the stem {len(lint.stem_echoes)}, "
        f"keys shown before passing: {'yes' if lint.keys_before_passing else 'no'}"
    )
    coverage = final.coverage
    lines["goal coverage"] = (
        f"{len(coverage.goals)} {final.goals_from}; {coverage.untested_share:.1%} of draws leave a goal untested; "
        f"fewest questions on one goal in a draw: {coverage.fewest_per_goal}"
        if coverage
        else "no question has a tag, so no draw can be checked against the learning goals"
    )
    lines["retry overlap"] = (
        f"attempt 2 repeats {final.overlap.attempt_2:.0%} of attempt 1; "
        f"attempt 3 repeats {final.overlap.attempt_3:.0%} of attempts 1-2"
    )
    testwise = final.testwise
    allowed = f"{testwise.attempts} attempts" if testwise.limited else f"{testwise.attempts} attempts (no maximum)"
    lines["test-wise learner"] = (
        f"passes one attempt {testwise.one_attempt:.1%}, within {allowed} {testwise.within_allowed:.1%} "
        f"({RUNS} simulated learners)"
    )
    return lines
