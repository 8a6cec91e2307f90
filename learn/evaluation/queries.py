"""The dashboard's database work: every figure is a GROUP BY, never a loop over responses.

Each function returns small grouped rows that :mod:`learn.evaluation.aggregate` turns into
figures. Grades and hours come from a covering index on the responses
(module_id, month, grade, module_version, hours_spent), read in GROUP BY order; the closed
answers from the tallies.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..database import contains
from ..extensions import db
from ..player.models import Enrolment
from .aggregate import GRADE_BANDS, add_months, months_in
from .models import EvaluationComment, EvaluationResponse, EvaluationTally


@dataclass(frozen=True)
class Scope:
    """Which responses a figure is about: one module, one version or all, from month to month."""

    module_id: str
    version: str | None
    start: date  # first day of the first month
    end: date  # first day of the last month (included)

    @property
    def until(self) -> date:
        return add_months(self.end, 1)


def _responses(scope: Scope) -> list:
    conditions = [
        EvaluationResponse.module_id == scope.module_id,
        EvaluationResponse.month >= scope.start,
        EvaluationResponse.month <= scope.end,
    ]
    if scope.version:
        conditions.append(EvaluationResponse.module_version == scope.version)
    return conditions


def grade_rows(scope: Scope) -> list[tuple[date, int | None, int, float | None, int]]:
    """(month, grade, responses, sum of hours, responses with hours) per month and grade."""
    r = EvaluationResponse
    statement = (
        select(r.month, r.grade, func.count(), func.sum(r.hours_spent), func.count(r.hours_spent))
        .where(*_responses(scope))
        .group_by(r.month, r.grade)
    )
    return [(_as_date(m), g, n, h, hn) for m, g, n, h, hn in db.session.execute(statement)]


def closed_answer_counts(scope: Scope) -> dict[str, dict[str, int]]:
    """How often each Likert point and each option was chosen: {field: {value: count}}, summed from
    the tallies (a few rows per month), so the answers themselves are not read."""
    t = EvaluationTally
    conditions = [t.module_id == scope.module_id, t.month >= scope.start, t.month <= scope.end]
    if scope.version:
        conditions.append(t.module_version == scope.version)
    statement = select(t.field_id, t.value, func.sum(t.count)).where(*conditions).group_by(t.field_id, t.value)
    counts: dict[str, dict[str, int]] = {}
    for field_id, value, count in db.session.execute(statement):
        counts.setdefault(field_id, {})[value] = int(count)
    return counts


def month_key(column):
    """The 'YYYY-MM' of a timestamp, in the database's own dialect."""
    if db.engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def _completions(module_id: str | None, version: str | None, start: date, end: date) -> list:
    e = Enrolment
    conditions = [e.completed_at >= start, e.completed_at < add_months(end, 1)]
    if module_id:
        conditions.append(e.module_id == module_id)
    if version:
        conditions.append(e.completed_version == version)
    return conditions


def completions_per_month(scope: Scope) -> dict[date, int]:
    key = month_key(Enrolment.completed_at)
    statement = (
        select(key, func.count())
        .where(*_completions(scope.module_id, scope.version, scope.start, scope.end))
        .group_by(key)
    )
    return {date(int(k[:4]), int(k[5:7]), 1): n for k, n in db.session.execute(statement)}


def versions(module_id: str) -> list[str]:
    """The module versions that have responses or completions, newest first (as text)."""
    found = set(
        db.session.scalars(
            select(EvaluationResponse.module_version).where(EvaluationResponse.module_id == module_id).distinct()
        )
    )
    found |= set(
        db.session.scalars(
            select(Enrolment.completed_version)
            .where(Enrolment.module_id == module_id, Enrolment.completed_version.is_not(None))
            .distinct()
        )
    )
    return sorted(found, key=_version_key, reverse=True)


def _version_key(version: str):
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def overview(start: date, end: date) -> tuple[dict, dict]:
    """For every module: grade counts and completions in the period (two grouped queries)."""
    r = EvaluationResponse
    grades: dict[str, dict] = {}
    statement = (
        select(r.module_id, r.grade, func.count())
        .where(r.month >= start, r.month <= end)
        .group_by(r.module_id, r.grade)
    )
    for module_id, grade, count in db.session.execute(statement):
        grades.setdefault(module_id, {})[grade] = count
    statement = (
        select(Enrolment.module_id, func.count())
        .where(*_completions(None, None, start, end))
        .group_by(Enrolment.module_id)
    )
    return grades, dict(db.session.execute(statement).all())


@dataclass(frozen=True)
class CommentFilter:
    """Which open answers a trainer reads: a search, one question, one band of the grade."""

    search: str = ""
    field_id: str | None = None
    band: str | None = None  # a key of GRADE_BANDS


def _band_conditions(scope: Scope, band: str | None) -> list:
    conditions = _responses(scope)
    if band in GRADE_BANDS:
        low, high = GRADE_BANDS[band]
        conditions.append(EvaluationResponse.grade.between(low, high))
    return conditions


def group_size(scope: Scope, band: str | None) -> int:
    """How many responses a comment filter draws from: the k of the k >= 5 rule."""
    return db.session.scalar(select(func.count()).select_from(EvaluationResponse).where(*_band_conditions(scope, band)))


def _comment_conditions(scope: Scope, search: str, field_id: str | None = None, band: str | None = None) -> list:
    c = EvaluationComment
    conditions = [c.module_id == scope.module_id, c.month >= scope.start, c.month <= scope.end]
    if scope.version:
        conditions.append(c.module_version == scope.version)
    if search.strip():
        conditions.append(contains(c.body, search.strip()))
    if field_id:
        conditions.append(c.field_id == field_id)
    if band in GRADE_BANDS:
        conditions.append(c.response_id.in_(select(EvaluationResponse.id).where(*_band_conditions(scope, band))))
    return conditions


def comments_page(scope: Scope, chosen: CommentFilter, page: int, per_page: int = 20) -> tuple[list, int]:
    """One page of open answers, newest month first: [(month, field_id, body)], and how many there are."""
    c = EvaluationComment
    conditions = _comment_conditions(scope, chosen.search, chosen.field_id, chosen.band)
    total = db.session.scalar(select(func.count()).select_from(c).where(*conditions))
    statement = (
        select(c.month, c.field_id, c.body)
        .where(*conditions)
        .order_by(c.month.desc(), c.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return [(_as_date(m), f, b) for m, f, b in db.session.execute(statement)], total


def all_comments(scope: Scope):
    """Every open answer of the scope, newest month first: (month, field_id, body), for the exports."""
    c = EvaluationComment
    statement = (
        select(c.month, c.field_id, c.body).where(*_comment_conditions(scope, "")).order_by(c.month.desc(), c.id)
    )
    for month, field_id, body in db.session.execute(statement):
        yield _as_date(month), field_id, body


def response_rows(scope: Scope):
    """Every response of the scope with its open answers, newest month first, for the exports.
    One query per month for the responses and one for their comments: memory stays one month."""
    r, c = EvaluationResponse, EvaluationComment
    for month in reversed(months_in(scope.start, scope.end)):
        month_scope = Scope(scope.module_id, scope.version, month, month)
        texts: dict[str, dict[str, str]] = {}
        statement = select(c.response_id, c.field_id, c.body).where(*_comment_conditions(month_scope, ""))
        for response_id, field_id, body in db.session.execute(statement):
            texts.setdefault(response_id, {})[field_id] = body
        statement = (
            select(r.id, r.month, r.module_version, r.grade, r.hours_spent, r.answers)
            .where(*_responses(month_scope))
            .order_by(r.id)
        )
        for row in db.session.execute(statement):
            yield row, texts.get(row.id, {})


def _as_date(value) -> date:
    if isinstance(value, str):  # SQLite returns dates as text in raw rows
        return date.fromisoformat(value[:10])
    return value
