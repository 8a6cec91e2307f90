"""The trainers' feedback dashboard and its exports. Thin: report, queries and exports do the work."""

from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _

from ..auth.models import utcnow
from ..content.library import get_library, module_or_404
from ..input import page_number
from ..security import roles_required
from . import exports, queries
from .aggregate import GRADE_BANDS, default_period, enough, parse_month
from .charts import number, report_charts
from .library import form_for
from .queries import Scope
from .report import module_report, overview_rows, previous_period

bp = Blueprint("evaluation_dashboard", __name__, url_prefix="/trainer/evaluaties", template_folder="templates")
TRAINERS = ("trainer", "admin")
COMMENTS_PER_PAGE = 20


def _period() -> tuple[date, date]:
    start, end = default_period(utcnow().date())
    chosen_start, chosen_end = parse_month(request.args.get("van")), parse_month(request.args.get("tot"))
    start, end = chosen_start or start, chosen_end or end
    return (end, start) if start > end else (start, end)


def _scope(module_id: str) -> tuple:
    module = module_or_404(module_id)
    form = form_for(module) or abort(404)
    start, end = _period()
    version = request.args.get("versie") or None
    if version and version not in queries.versions(module.id):
        version = None
    return module, form, Scope(module.id, version, start, end)


def _filters(scope: Scope) -> dict:
    return {"van": scope.start.strftime("%Y-%m"), "tot": scope.end.strftime("%Y-%m"), "versie": scope.version or ""}


@bp.get("/")
@roles_required(*TRAINERS)
def index():
    start, end = _period()
    modules = [module for module in get_library() if form_for(module) is not None]
    return render_template(
        "evaluation/dashboard_index.html",
        rows=overview_rows(modules, start, end),
        start=start,
        end=end,
        target_grade=current_app.config["TARGET_GRADE"],
    )


@bp.get("/<module_id>")
@roles_required(*TRAINERS)
def module(module_id):
    module, form, scope = _scope(module_id)
    report = module_report(module, form, scope)
    questions = {f.id: f.label for f in form.fields_of("text")}
    chosen = queries.CommentFilter(
        search=request.args.get("q", "")[:200],
        field_id=request.args.get("vraag") if request.args.get("vraag") in questions else None,
        band=request.args.get("cijfer") if request.args.get("cijfer") in GRADE_BANDS else None,
    )
    page = request.args.get("pagina", 1, type=page_number)
    # k >= 5 for every combination: the comments come from a group of at least five responses.
    readable = report.shown and enough(queries.group_size(scope, chosen.band))
    comments, total = queries.comments_page(scope, chosen, page, COMMENTS_PER_PAGE) if readable else ([], 0)
    comment_filters = {"q": chosen.search, "vraag": chosen.field_id or "", "cijfer": chosen.band or ""}
    return render_template(
        "evaluation/dashboard_module.html",
        report=report,
        previous=previous_period(scope),
        filters=_filters(scope),
        versions=queries.versions(module.id),
        comments=comments,
        comments_total=total,
        comments_readable=readable,
        chosen=chosen,
        page_args={**_filters(scope), **comment_filters},
        questions=questions,
        bands=band_labels(),
        page=page,
        pages=max(1, -(-total // COMMENTS_PER_PAGE)),
        labels={f.id: f.label for f in form.fields},
        charts=report_charts(report) if report.shown else _trend_only(report),
    )


def band_labels() -> dict[str, str]:
    return {"laag": _("1 tot en met 5"), "midden": _("6 of 7"), "hoog": _("8 tot en met 10")}


def _trend_only(report) -> dict:
    """Below five responses only the trend is drawn (completions; no monthly average is shown)."""
    charts = report_charts(report)
    return {key: charts[key] for key in ("trend_grade", "trend_completions")}


@bp.app_template_filter("figure")
def figure(value, digits: int = 1) -> str:
    """A number with a fixed number of decimals, in the reader's language (8,6 in Dutch)."""
    return "–" if value is None else number(value, digits)


@bp.app_template_filter("month")
def month_name(value) -> str:
    from flask_babel import format_date

    return format_date(value, "MMMM yyyy")


def _export_allowed(scope: Scope) -> bool:
    if enough(sum(n for _, _, n, _, _ in queries.grade_rows(scope))):
        return True
    flash(
        _(
            "Er zijn minder dan 5 reacties in deze periode. Daarom kun je niets downloaden: "
            "anders is misschien te zien wie wat heeft geschreven."
        ),
        "error",
    )
    return False


def _filename(scope: Scope, extension: str) -> str:
    version = f"-v{scope.version}" if scope.version else ""
    return f"evaluaties-{scope.module_id}{version}-{scope.start:%Y-%m}-tot-{scope.end:%Y-%m}.{extension}"


@bp.get("/<module_id>/export.csv")
@roles_required(*TRAINERS)
def export_csv(module_id):
    module, form, scope = _scope(module_id)
    if not _export_allowed(scope):
        return redirect(url_for(".module", module_id=module.id, **_filters(scope)))
    body = stream_with_context(exports.responses_csv(form, queries.response_rows(scope)))
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={_filename(scope, 'csv')}"},
    )


@bp.get("/<module_id>/export.xlsx")
@roles_required(*TRAINERS)
def export_xlsx(module_id):
    module, form, scope = _scope(module_id)
    if not _export_allowed(scope):
        return redirect(url_for(".module", module_id=module.id, **_filters(scope)))
    report = module_report(module, form, scope)
    body = exports.workbook(report, queries.response_rows(scope), queries.all_comments(scope))
    return Response(
        body,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename={_filename(scope, 'xlsx')}"},
    )


@bp.get("/<module_id>/samenvatting.pdf")
@roles_required(*TRAINERS)
def summary_pdf(module_id):
    module, form, scope = _scope(module_id)
    if not _export_allowed(scope):
        return redirect(url_for(".module", module_id=module.id, **_filters(scope)))
    report = module_report(module, form, scope)
    body = exports.pdf_bytes(
        report=report,
        charts=report_charts(report),
        comments=exports.comments_by_question(form, queries.all_comments(scope)),
        made_on=utcnow().date(),
    )
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f"attachment; filename={_filename(scope, 'pdf')}"},
    )
