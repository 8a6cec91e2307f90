"""Learner, public and admin pages for certificates. Views are thin: issuing.py and pdf.py do the work."""

import re
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..content.library import get_library, module_or_404
from ..extensions import db, limiter
from ..input import page_number
from ..player import records
from ..security import public, roles_required, signed_in
from . import issuing
from .checklist import checklist
from .export import certificates_for_report, report_csv
from .facts import certified_version, facts_for
from .forms import ExportForm, IssueForm, ReissueForm, RevokeForm
from .models import Certificate
from .pdf import certificate_pdf

bp = Blueprint("certificates", __name__, template_folder="templates")
admin_bp = Blueprint("certificates_admin", __name__, url_prefix="/beheer/certificaten", template_folder="templates")

VERIFY_LIMIT = "20 per minute; 200 per hour"


def certificate_panel(module, enrolment) -> Markup:
    """The module page's certificate section: the conditions as a checklist, then a certificate per register."""
    if not module.accreditations:
        return Markup("")
    version = certified_version(module, enrolment)
    facts = facts_for(current_user, module, enrolment)
    offers = []
    for accreditation in module.accreditations:
        certificate = issuing.latest_certificate(current_user.id, module.id, version, accreditation.register)
        result = None if certificate else issuing.check(facts, accreditation)
        offers.append({"accreditation": accreditation, "certificate": certificate, "result": result})
    conditions = checklist(facts, [offer["result"] for offer in offers if offer["result"]])
    return Markup(render_template("certificates/panel.html", module=module, offers=offers, conditions=conditions))  # noqa: S704 (a rendered, autoescaped template)


def certificate_next(module, enrolment):
    """After the steps, the test and the evaluation: ask for the certificate, then download it. A
    certificate still out of reach (too little study time, say) points to the checklist of what it needs,
    so the module page never says "klaar" while that checklist says "nog niet"."""
    from ..player.actions import NextAction

    version = certified_version(module, enrolment)
    facts = facts_for(current_user, module, enrolment)
    issued, out_of_reach = [], False
    for accreditation in module.accreditations:
        certificate = issuing.latest_certificate(current_user.id, module.id, version, accreditation.register)
        if certificate is None and not issuing.check(facts, accreditation).blocked:
            url = url_for("certificates.request_certificate", module_id=module.id, register=accreditation.register)
            return NextAction(_("Vraag je certificaat aan"), url)
        if certificate is not None and certificate.is_current:
            issued.append(certificate)
        out_of_reach = out_of_reach or certificate is None
    if issued:
        return NextAction(_("Download je certificaat"), url_for("certificates.download", number=issued[0].number))
    if out_of_reach:
        return NextAction(
            _("Bekijk wat nog nodig is voor je certificaat"),
            url_for("player.overview", module_id=module.id, _anchor="certificaat"),
        )
    return None


def _pdf_response(certificate: Certificate) -> Response:
    return Response(
        certificate_pdf(certificate),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f"attachment; filename=certificaat-{certificate.number}.pdf",
            "Cache-Control": "private, no-store",
        },
    )


@bp.route("/modules/<module_id>/certificaat/<register>", methods=["GET", "POST"])
@signed_in
def request_certificate(module_id, register):
    module = module_or_404(module_id)
    accreditation = issuing.accreditation_for(module, register) or abort(404)
    enrolment = records.find_enrolment(current_user, module.id)
    if enrolment is None:
        return redirect(url_for("player.overview", module_id=module.id))
    existing = issuing.latest_certificate(
        current_user.id, module.id, certified_version(module, enrolment), accreditation.register
    )
    if existing is not None and existing.status == "revoked":
        # No second certificate for the same version and register: the learner is told why, not sent away.
        return render_template("certificates/revoked.html", certificate=existing, module=module)
    if existing is not None:
        flash(_("Je hebt dit certificaat al. Je vindt het hier."), "info")
        return redirect(url_for("certificates.mine"))
    result = issuing.check(facts_for(current_user, module, enrolment), accreditation)
    if result.blocked:
        return redirect(url_for("player.overview", module_id=module.id))
    form = IssueForm(
        register=accreditation.register,
        number_required=accreditation.register_number_required,
        data=None
        if request.method == "POST"
        else {
            "learner_name": current_user.name,
            "register_number": issuing.last_register_number(current_user.id, accreditation.register),
        },
    )
    if form.validate_on_submit():
        try:
            certificate = issuing.issue(
                current_user, module, accreditation, enrolment, form.learner_name.data, form.register_number.data
            )
        except issuing.NotEligible as refused:
            for message in refused.result.messages:
                flash(message, "error")
            return redirect(url_for("player.overview", module_id=module.id))
        db.session.commit()
        flash(_("Je certificaat %(number)s is klaar.", number=certificate.number), "success")
        return redirect(url_for("certificates.mine"))
    return render_template(
        "certificates/request.html",
        form=form,
        module=module,
        accreditation=accreditation,
        version=certified_version(module, enrolment),
    )


@bp.get("/mijn-certificaten")
@signed_in
def mine():
    certificates = db.session.scalars(
        select(Certificate).filter_by(user_id=current_user.id).order_by(Certificate.issued_at.desc())
    ).all()
    return render_template("certificates/mine.html", certificates=certificates)


@bp.get("/mijn-certificaten/<number>.pdf")
@signed_in
def download(number):
    certificate = db.session.scalar(select(Certificate).filter_by(number=number, user_id=current_user.id))
    if certificate is None:
        abort(404)
    return _pdf_response(certificate)


@bp.get("/verify/<path:code>")
@public
@limiter.limit(VERIFY_LIMIT)
def verify(code):
    """Public: anyone holding the code sees the status and the few facts a register checks."""
    certificate = issuing.find_by_code(code)
    status = 200 if certificate is not None else 404
    response = Response(render_template("certificates/verify.html", certificate=certificate), status=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- admin ---------------------------------------------------------------


def _certificate_or_404(certificate_id: int) -> Certificate:
    return db.session.get(Certificate, certificate_id) or abort(404)


def _registers() -> list[str]:
    known = {a.register for module in get_library() for a in module.accreditations}
    known |= set(db.session.scalars(select(Certificate.register).distinct()))
    return sorted(known, key=str.lower)


def _register_choices() -> list[SelectChoice]:
    return [SelectChoice(register, register) for register in _registers()]


@admin_bp.get("")
@roles_required("admin")
def index():
    query = request.args.get("q", "").strip()
    register = request.args.get("register", "")
    statement = issuing.search(
        select(Certificate).order_by(Certificate.issued_at.desc(), Certificate.id.desc()), query, register
    )
    pagination = db.paginate(
        statement, page=request.args.get("page", 1, type=page_number), per_page=50, error_out=False
    )
    export_form = ExportForm(request.args if "start" in request.args else None)
    export_form.register.choices = _register_choices()
    return render_template(
        "certificates/admin_list.html",
        pagination=pagination,
        query=query,
        register=register,
        registers=_registers(),
        export_form=export_form,
    )


@admin_bp.get("/<int:certificate_id>")
@roles_required("admin")
def detail(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    return render_template(
        "certificates/admin_detail.html",
        certificate=certificate,
        revoke_form=RevokeForm(),
        reissue_form=_filled_reissue_form(certificate),
    )


def _filled_reissue_form(certificate: Certificate) -> ReissueForm:
    return ReissueForm(
        register=certificate.register,
        formdata=None,
        data={"learner_name": certificate.learner_name, "register_number": certificate.register_number},
    )


@admin_bp.post("/<int:certificate_id>/intrekken")
@roles_required("admin")
def revoke(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        return render_template(
            "certificates/admin_detail.html",
            certificate=certificate,
            revoke_form=form,
            reissue_form=_filled_reissue_form(certificate),
        ), 400
    issuing.revoke(certificate, form.reason.data, by=current_user.name)
    db.session.commit()
    flash(_("Certificaat %(number)s is ingetrokken.", number=certificate.number), "success")
    return redirect(url_for("certificates_admin.detail", certificate_id=certificate.id))


@admin_bp.post("/<int:certificate_id>/heruitgeven")
@roles_required("admin")
def reissue(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    form = ReissueForm(register=certificate.register)
    if not form.validate_on_submit():
        return render_template(
            "certificates/admin_detail.html", certificate=certificate, revoke_form=RevokeForm(), reissue_form=form
        ), 400
    try:
        new = issuing.reissue(certificate, form.learner_name.data, form.register_number.data)
    except issuing.NotCurrent:
        flash(_("Een ingetrokken certificaat kan niet opnieuw worden uitgegeven."), "error")
        return redirect(url_for("certificates_admin.detail", certificate_id=certificate.id))
    db.session.commit()
    flash(_("Certificaat %(new)s vervangt %(old)s.", new=new.number, old=certificate.number), "success")
    return redirect(url_for("certificates_admin.detail", certificate_id=new.id))


@admin_bp.get("/<int:certificate_id>/pdf")
@roles_required("admin")
def admin_download(certificate_id):
    return _pdf_response(_certificate_or_404(certificate_id))


@admin_bp.get("/export")
@roles_required("admin")
def export():
    form = ExportForm(request.args)
    form.register.choices = _register_choices()
    if not form.validate():
        flash(_("Kies een register en een geldige periode."), "error")
        return redirect(url_for("certificates_admin.index"))
    rows = certificates_for_report(form.register.data, form.start.data, form.end.data)
    period = "-".join(d.isoformat() for d in (form.start.data, form.end.data) if d) or date.today().isoformat()
    filename = re.sub(r"[^A-Za-z0-9_.-]", "_", f"certificaten-{form.register.data}-{period}.csv")
    return Response(
        report_csv(rows),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )
