from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from ..assessment.grants import grant_to
from ..assessment.records import GrantRefused
from ..auth import mails, sessions
from ..auth.lockout import unlock
from ..auth.models import User, utcnow
from ..extensions import db
from ..input import MaxLength, page_number
from ..security import roles_required
from .forms import ROLE_LABELS, NewUserForm, UserRoleForm
from .learner import certificates_of, learner_records
from .users import SORTS, UserError, create_user, demo_count, last_activity_of, search_users, set_role

bp = Blueprint("admin", __name__, url_prefix="/beheer", template_folder="templates")


class GrantForm(FlaskForm):
    module_id = HiddenField(validators=[DataRequired(), MaxLength(200)])
    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(), MaxLength(2000)],
        description=_l("Komt in het dossier en in de gegevens die de deelnemer kan downloaden."),
    )


def list_state() -> dict:
    """The list's search, sort, filter and page, carried through every form on it so a save keeps them."""
    state = {
        "q": request.args.get("q", "").strip(),
        "sort": request.args.get("sort") if request.args.get("sort") in SORTS else SORTS[0],
        "page": request.args.get("page", 1, type=page_number),
    }
    if request.args.get("demo") == "1":
        state["demo"] = "1"
    return state


def _back_to_list():
    return redirect(url_for("admin.users", **list_state()))


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.get("/gebruikers")
@roles_required("admin")
def users():
    state = list_state()
    pagination = search_users(state["q"], state["page"], state["sort"], demo="demo" in state)
    return render_template(
        "admin/users.html",
        pagination=pagination,
        forms={user.id: UserRoleForm(obj=user, prefix=f"u{user.id}") for user in pagination.items},
        activity=last_activity_of(pagination.items),
        state=state,
        others={key: value for key, value in state.items() if key != "page"},
        demo_total=demo_count(),
        role_labels=ROLE_LABELS,
        locked={user.id for user in pagination.items if user.locked_until and user.locked_until > utcnow()},
    )


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@roles_required("admin")
def new_user():
    """The admin names the account; its owner chooses the password through the mailed link."""
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.name.data, role=form.role.data)
        except UserError:
            form.email.errors.append(_("Er is al een account met dit e-mailadres."))
        else:
            mails.welcome(user)
            flash(
                _(
                    "Account voor %(email)s gemaakt. We hebben een mail gestuurd om een wachtwoord te kiezen.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/new_user.html", form=form), 400 if form.errors else 200


@bp.get("/gebruikers/<int:user_id>")
@roles_required("admin")
def user(user_id):
    """One person: how far and how long, attempts and scores, certificates. Never what they wrote."""
    person = _user_or_404(user_id)
    return render_template(
        "admin/user.html",
        person=person,
        form=UserRoleForm(obj=person, prefix=f"u{person.id}"),
        grant_form=GrantForm(),
        records=learner_records(person),
        certificates=certificates_of(person),
        role_labels=ROLE_LABELS,
    )


@bp.post("/gebruikers/<int:user_id>/ontgrendelen")
@roles_required("admin")
def unlock_user(user_id):
    """After too many wrong passwords (learn.auth.lockout): the admin opens the account again at once."""
    user = _user_or_404(user_id)
    unlock(user)
    db.session.commit()
    flash(_("%(email)s kan weer inloggen.", email=user.email), "success")
    return _back_to_list()


@bp.post("/gebruikers/<int:user_id>/wachtwoordmail")
@roles_required("admin")
def send_reset(user_id):
    user = _user_or_404(user_id)
    if not user.active:
        flash(_("Dit account is gestopt. Zet het eerst weer op actief."), "error")
    else:
        with force_locale(user.locale):  # the owner's language
            mails.reset(user)
        flash(
            _("%(email)s krijgt een mail met een link om een nieuw wachtwoord te kiezen.", email=user.email), "success"
        )
    return redirect(url_for("admin.user", user_id=user.id))


@bp.post("/gebruikers/<int:user_id>/extra-poging")
@roles_required("admin")
def grant(user_id):
    """One more attempt at a final quiz, from the learner's page (the rule: learn.assessment.records)."""
    person = _user_or_404(user_id)
    form = GrantForm()
    if not form.validate_on_submit():
        flash(_("Geef een reden op."), "error")
        return redirect(url_for("admin.user", user_id=person.id))
    try:
        module = grant_to(person, form.module_id.data, form.reason.data, current_user)
    except GrantRefused as refused:
        flash(str(refused), "error")
    else:
        db.session.commit()
        message = _(
            "%(name)s kan de eindtoets van %(module)s nog één keer maken.", name=person.name, module=module.title
        )
        flash(message, "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/gebruikers/<int:user_id>")
@roles_required("admin")
def update_user(user_id):
    user = _user_or_404(user_id)
    form = UserRoleForm(prefix=f"u{user.id}")
    back = url_for("admin.user", user_id=user.id) if request.args.get("from") == "user" else None
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
        flash(_("Je kunt je eigen beheerrechten niet intrekken."), "error")
        return redirect(back) if back else _back_to_list()
    if user.active and not form.active.data:
        sessions.end_all(user)  # signed out in every browser, not only refused at the next sign-in
    user.active = form.active.data
    set_role(user, form.role.data)
    flash(_("%(email)s is bijgewerkt.", email=user.email), "success")
    return redirect(back) if back else _back_to_list()
