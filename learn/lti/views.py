"""LTI endpoints: JWKS, login initiation, launch, deep linking, the instructor's course page,
dynamic registration, the way to a tab of its own, and the admin page."""

import logging

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException
from pylti1p3.lineitem import LineItem
from sqlalchemy import select

from ..auth import sessions
from ..auth.views import _safe_next
from ..content.library import get_library
from ..database import write_from_here
from ..extensions import csrf, db
from ..player import records
from ..player.progress import resume_step_id
from ..security import content_security_policy, public, roles_required, signed_in
from ..urls import absolute_url
from . import dynamic, keys, registry
from .accounts import sign_in
from .forms import ActiveForm, ChooseForm, InviteForm, PlatformForm, lines
from .frame import allow_framing_by, allowed_frame_ancestors, origin_of, redeem_ticket, start_frame_session
from .launch import LaunchRefused, LeerpadLaunch, login_redirect
from .models import LtiContext, LtiMembership, LtiPlatform
from .protocol import find_platform, forget_expired_state
from .roster import course_figures, member_subjects

log = logging.getLogger(__name__)
bp = Blueprint("lti", __name__, url_prefix="/lti", template_folder="templates")
admin_bp = Blueprint("lti_admin", __name__, url_prefix="/beheer/lti", template_folder="templates")

DEEP_LINK_KEY = "lti_deep_link"  # the launch id of a deep-linking request awaiting the instructor's choice

REFUSALS = {
    "platform": _l("Deze leeromgeving is (nog) niet gekoppeld aan Leerpad."),
    "audience": _l("Je leeromgeving stuurde een inlog die niet voor Leerpad bedoeld is."),
    "deployment": _l("Deze plek in je leeromgeving is (nog) niet gekoppeld aan Leerpad."),
    "target": _l("De link in je leeromgeving wijst niet naar Leerpad."),
    "state": _l("Je browser gaf de inlog niet door. Dat gebeurt als cookies in dit venster geblokkeerd zijn."),
    "nonce": _l("Deze inlog is al gebruikt of verlopen."),
    "signature": _l("We konden niet controleren of deze inlog echt van je leeromgeving komt."),
    "expired": _l("Deze inlog is verlopen."),
    "message": _l("Je leeromgeving stuurde een bericht dat Leerpad niet kan lezen."),
}


def refused(problem: str, status: int = 400):
    db.session.rollback()
    return render_template("lti/refused.html", message=REFUSALS[problem], problem=problem), status


def session_ended():
    message = _("Je bent niet meer ingelogd in Leerpad. Je antwoorden tot nu toe zijn bewaard.")
    return render_template("lti/refused.html", message=message, problem="session"), 401


@bp.get("/jwks")
@public
def jwks():
    response = jsonify(keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt  # the platform starts the login; the state cookie and the signed id_token protect it
@public
def login():
    write_from_here()  # a GET too: it stores the nonce
    try:
        response = login_redirect()
    except LaunchRefused as refusal:
        log.info("LTI login refused: %s", refusal)
        return refused(refusal.problem)
    forget_expired_state()
    db.session.commit()
    return response


@bp.post("/launch")
@csrf.exempt  # a cross-site form post from the platform, authenticated by its signed id_token and the state
@public
def launch():
    message = LeerpadLaunch.from_request()
    try:
        message.validate()
        claims = message.get_launch_data()
        platform = find_platform(claims["iss"], message.get_client_id())
        landing = sign_in(platform, claims, instructor=message.check_teacher_access())
        if landing.deep_linking and not landing.instructor:
            raise LaunchRefused("message", "a deep-linking request from someone who is not an instructor")
    except LaunchRefused as refusal:
        log.info("LTI launch refused: %s", refusal)
        return refused(refusal.problem)
    module = get_library().get(landing.module_id) if landing.module_id else None
    enrolment = records.enrol(landing.user, module) if module and not landing.instructor else None
    sessions.begin(landing.user)  # a new server-side session, from nothing: no other user's state carries over
    start_frame_session(platform)
    db.session.commit()
    if landing.deep_linking:
        session[DEEP_LINK_KEY] = message.get_launch_id()
        return redirect(url_for("lti.choose"))
    if landing.instructor:
        return redirect(url_for("lti.course", context_id=landing.context.id))
    if enrolment is None:
        return redirect(url_for("player.catalogue"))
    step_id = landing.step_id or resume_step_id(
        module, enrolment.current_step_id, records.marked_done(records.step_states(enrolment))
    )
    return redirect(url_for("player.step", module_id=module.id, step_id=step_id))


def _deep_link_launch() -> LeerpadLaunch:
    launch_id = session.get(DEEP_LINK_KEY)
    try:
        return LeerpadLaunch.restore(launch_id, signing=True) if launch_id else abort(404)
    except LtiException:
        abort(404)


def _choices() -> list[tuple[str, str]]:
    choices = []
    for module in get_library():
        choices.append((f"module:{module.id}", _("Module: %(title)s", title=module.title)))
        if module.final_quiz is not None:
            choices.append((f"quiz:{module.id}", _("Alleen de eindtoets van %(title)s", title=module.title)))
    return choices


def _resource(choice: str, graded: bool, accepts_line_items: bool) -> DeepLinkResource:
    kind, _sep, module_id = choice.partition(":")
    module = get_library().get(module_id)
    if kind == "quiz":
        title = _("Eindtoets: %(title)s", title=module.title)
        url = absolute_url("player.step", module_id=module.id, step_id=module.final_quiz.id)
    else:
        title, url = module.title, absolute_url("player.overview", module_id=module.id)
    resource = DeepLinkResource().set_url(url).set_title(title[:255])
    if graded and accepts_line_items:
        resource.set_lineitem(
            LineItem().set_score_maximum(100).set_label(title[:255]).set_resource_id(module.id).set_tag(kind)
        )
    return resource


@bp.route("/kiezen", methods=["GET", "POST"])
@signed_in
def choose():
    """Deep linking: the instructor picks a module or a final quiz; the LMS gets the link back, signed."""
    launch = _deep_link_launch()
    settings = launch.get_launch_data().get("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", {})
    form = ChooseForm()
    form.item.choices = _choices()
    if form.validate_on_submit():
        resource = _resource(form.item.data, form.graded.data, settings.get("accept_lineitem", True) is not False)
        token = launch.get_deep_link().get_response_jwt([resource])
        session.pop(DEEP_LINK_KEY, None)
        return_url = settings["deep_link_return_url"]
        response = render_template("lti/deep_link_return.html", return_url=return_url, token=token)
        policy = content_security_policy(allowed_frame_ancestors(), [origin_of(return_url) or "'none'"])
        return response, 200, {"Content-Security-Policy": policy}
    return render_template("lti/choose.html", form=form, course=settings.get("title")), 400 if form.errors else 200


@bp.get("/cursus/<int:context_id>")
@signed_in
def course(context_id):
    """The instructor's figures for their course; for anyone else this course does not exist."""
    membership = db.session.scalar(
        select(LtiMembership).filter_by(context_id=context_id, user_id=current_user.id, instructor=True)
    )
    if membership is None:
        abort(404)
    context = db.session.get(LtiContext, context_id)
    subjects = member_subjects(context)
    return render_template(
        "lti/course.html", context=context, figures=course_figures(context, subjects), from_lms=subjects is not None
    )


@bp.get("/tabblad/<path:ticket>")
@public
def new_tab(ticket):
    """A one-time link from inside the LMS's frame: the same learner, signed in, in a tab of their own."""
    write_from_here()  # the ticket is used up here
    redeemed = redeem_ticket(ticket)
    if redeemed is None:
        db.session.rollback()
        return render_template("lti/refused.html", message=_("Deze link werkt niet meer."), problem="ticket"), 400
    user, path = redeemed
    sessions.begin(user)
    db.session.commit()
    return redirect(_safe_next(path.rstrip("?")))


@bp.route("/registreren/<path:invite>", methods=["GET", "POST"])
@csrf.exempt  # the secret link itself is the proof: only the admin who made it (and their LMS) has it
@public
def register(invite):
    """Dynamic registration, in the LMS's frame: confirm, then Leerpad registers itself with the platform."""
    openid_configuration = request.values.get("openid_configuration", "")
    registration_token = request.values.get("registration_token")
    lms = origin_of(openid_configuration)
    allow_framing_by([lms] if lms else [])  # the LMS that opened the link shows this page in its frame
    invite_id = registry.invite_id(invite)
    if invite_id is None:
        return render_template("lti/register.html", problem=_("Deze koppellink is verlopen of al gebruikt.")), 400
    if lms is None:
        return render_template("lti/register.html", problem=_("De leeromgeving gaf geen configuratie mee.")), 400
    if request.method == "GET":
        return render_template(
            "lti/register.html",
            openid_configuration=openid_configuration,
            registration_token=registration_token,
            lms=lms,
        )
    try:
        platform = dynamic.register(
            openid_configuration, registration_token, current_app.config["ACADEMY_NAME"], invite_id
        )
        db.session.commit()
    except dynamic.RegistrationFailed as failure:
        db.session.rollback()
        log.warning("dynamic registration failed: %s", failure)
        return render_template("lti/register.html", problem=_("Koppelen lukte niet."), detail=str(failure)), 502
    return render_template("lti/register.html", registered=platform)


# --- admin ---------------------------------------------------------------


def _admin_page(form=None, invite_url=None, status=200):
    return render_template(
        "lti/admin.html",
        platforms=registry.platforms(),
        form=form or PlatformForm(),
        invite_form=InviteForm(),
        active_form=ActiveForm(),
        invite_url=invite_url,
        tool=registry.tool_urls(),
    ), status


@admin_bp.get("")
@roles_required("admin")
def index():
    return _admin_page()


@admin_bp.post("/platforms")
@roles_required("admin")
def add_platform():
    form = PlatformForm()
    if not form.validate_on_submit():
        return _admin_page(form, status=400)
    try:
        platform = registry.add_platform(
            name=form.name.data,
            issuer=form.issuer.data,
            client_id=form.client_id.data,
            deployment_ids=lines(form.deployment_ids.data),
            auth_login_url=form.auth_login_url.data,
            auth_token_url=form.auth_token_url.data,
            key_set_url=form.key_set_url.data,
            frame_origins=lines(form.frame_origins.data),
            token_audience=form.token_audience.data,
        )
    except registry.PlatformError as error:
        db.session.rollback()
        form.issuer.errors.append(str(error))
        return _admin_page(form, status=400)
    flash(_("%(name)s is gekoppeld.", name=platform.name), "success")
    db.session.commit()
    return redirect(url_for("lti_admin.index"))


@admin_bp.post("/uitnodiging")
@roles_required("admin")
def invite():
    if not InviteForm().validate_on_submit():
        abort(400)
    return _admin_page(invite_url=registry.new_invite_url())


@admin_bp.post("/platforms/<int:platform_id>/actief")
@roles_required("admin")
def toggle(platform_id):
    platform = db.session.get(LtiPlatform, platform_id) or abort(404)
    if not ActiveForm().validate_on_submit():
        abort(400)
    platform.active = not platform.active
    if platform.active:
        flash(_("%(name)s staat aan.", name=platform.name), "success")
    else:
        flash(_("%(name)s staat uit: er kan niemand meer vandaan komen.", name=platform.name), "success")
    db.session.commit()
    return redirect(url_for("lti_admin.index"))
