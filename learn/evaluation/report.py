"""Everything the dashboard, the PDF summary and the overview show about one module and period:
the grouped rows from :mod:`queries`, turned into figures by :mod:`aggregate`."""

from dataclasses import dataclass
from datetime import date

from flask import current_app

from ..content.model import Module
from . import queries
from .aggregate import (
    GradeSummary,
    MonthPoint,
    ScaleSummary,
    TargetCheck,
    add_months,
    check_grade,
    check_participants,
    choice_summary,
    enough,
    grade_summary,
    likert_summary,
    mean_or_none,
    monthly_trend,
    months_in,
    period_target,
    response_rate,
)
from .definitions import EvaluationForm
from .queries import Scope


def annual_participant_target(module_id: str) -> int:
    """``PARTICIPANT_TARGETS`` ("id=250,id=120" or a dict) per module, else ``PARTICIPANT_TARGET``."""
    config = current_app.config
    targets = config.get("PARTICIPANT_TARGETS") or {}
    if isinstance(targets, str):
        pairs = (item.split("=", 1) for item in targets.split(",") if "=" in item)
        targets = {key.strip(): value.strip() for key, value in pairs}
    try:
        return int(targets.get(module_id, config["PARTICIPANT_TARGET"]))
    except (TypeError, ValueError):
        return int(config["PARTICIPANT_TARGET"])


@dataclass(frozen=True)
class ModuleReport:
    module: Module
    form: EvaluationForm
    scope: Scope
    responses: int
    completions: int
    rate: float | None
    grades: GradeSummary
    mean_hours: float | None
    hours_answered: int
    likert: tuple[ScaleSummary, ...]
    choices: tuple[ScaleSummary, ...]
    trend: tuple[MonthPoint, ...]
    grade_target: TargetCheck
    participant_target: TargetCheck
    annual_target: int

    @property
    def shown(self) -> bool:
        """The k >= 5 rule: no breakdown at all for a smaller group."""
        return enough(self.responses)

    @property
    def months(self) -> int:
        return len(self.trend)


def module_report(module: Module, form: EvaluationForm, scope: Scope) -> ModuleReport:
    rows = queries.grade_rows(scope)
    per_grade: dict[int, int] = {}
    responses = hours_count = 0
    hours_total = 0.0
    for _, grade, count, hours_sum, hours_n in rows:
        responses += count
        hours_total += hours_sum or 0
        hours_count += hours_n
        if grade is not None:
            per_grade[grade] = per_grade.get(grade, 0) + count
    completions_by_month = queries.completions_per_month(scope)
    completions = sum(completions_by_month.values())
    grades = grade_summary(per_grade)
    months = months_in(scope.start, scope.end)
    counts = queries.closed_answer_counts(scope) if enough(responses) else {}
    likert = tuple(
        likert_summary(f.id, f.label, f.labels, {int(v): n for v, n in counts.get(f.id, {}).items() if v.isdigit()})
        for f in form.fields_of("likert")
    )
    choices = tuple(
        choice_summary(
            f.id,
            f.label,
            [(o.id, o.label) for o in f.options],
            counts.get(f.id, {}),
            counts.get(f.id, {}).get("*", 0) if f.type == "multiple_choice" else None,
        )
        for f in form.fields_of("single_choice", "multiple_choice")
    )
    annual = annual_participant_target(module.id)
    return ModuleReport(
        module=module,
        form=form,
        scope=scope,
        responses=responses,
        completions=completions,
        rate=response_rate(responses, completions),
        grades=grades,
        mean_hours=mean_or_none(hours_total, hours_count),
        hours_answered=hours_count,
        likert=likert,
        choices=choices,
        trend=monthly_trend(months, [(m, g, n) for m, g, n, _, _ in rows], completions_by_month),
        grade_target=check_grade(grades.mean, grades.count, current_app.config["TARGET_GRADE"]),
        participant_target=check_participants(completions, period_target(annual, len(months))),
        annual_target=annual,
    )


@dataclass(frozen=True)
class Previous:
    """The period of the same length just before: the headline figures' trend."""

    start: date
    end: date
    grade: float | None  # None below five responses
    completions: int


def previous_period(scope: Scope) -> Previous:
    months = len(months_in(scope.start, scope.end))
    before = Scope(scope.module_id, scope.version, add_months(scope.start, -months), add_months(scope.start, -1))
    per_grade: dict[int, int] = {}
    for _, grade, count, _, _ in queries.grade_rows(before):
        if grade is not None:
            per_grade[grade] = per_grade.get(grade, 0) + count
    grades = grade_summary(per_grade)
    completions = sum(queries.completions_per_month(before).values())
    return Previous(before.start, before.end, grades.mean if grades.shown else None, completions)


@dataclass(frozen=True)
class OverviewRow:
    module: Module
    responses: int
    completions: int
    rate: float | None
    grade_target: TargetCheck
    participant_target: TargetCheck


def overview_rows(modules: list[Module], start: date, end: date) -> list[OverviewRow]:
    grades, completions = queries.overview(start, end)
    months = len(months_in(start, end))
    rows = []
    for module in modules:
        summary = grade_summary({g: n for g, n in grades.get(module.id, {}).items() if g is not None})
        responses = sum(grades.get(module.id, {}).values())
        done = completions.get(module.id, 0)
        rows.append(
            OverviewRow(
                module,
                responses,
                done,
                response_rate(responses, done),
                check_grade(summary.mean, responses, current_app.config["TARGET_GRADE"]),
                check_participants(done, period_target(annual_participant_target(module.id), months)),
            )
        )
    return rows
