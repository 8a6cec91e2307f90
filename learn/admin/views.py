from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import User
from ..extensions import db
from ..security import roles_required
from .forms import ROLE_LABELS, UserRoleForm
from .users import search_users, set_role

bp = Blueprint("admin", __name__, url_prefix="/beheer", template_folder="templates")


@bp.get("/gebruikers")
@roles_required("admin")
def users():
    query = request.args.get("q", "")
    page = request.args.get("page", 1, type=int)
    pagination = search_users(query, page)
    forms = {user.id: UserRoleForm(obj=user, prefix=f"u{user.id}") for user in pagination.items}
    return render_template("admin/users.html", pagination=pagination, forms=forms, query=query, role_labels=ROLE_LABELS)


@bp.post("/gebruikers/<int:user_id>")
@roles_required("admin")
def update_user(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = UserRoleForm(prefix=f"u{user.id}")
    if not form.validate_on_submit():
        abort(400)
    if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
        flash(_("Je kunt je eigen beheerrechten niet intrekken."), "error")
        return redirect(url_for("admin.users"))
    user.active = form.active.data
    set_role(user, form.role.data)
    flash(_("%(email)s is bijgewerkt.", email=user.email), "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))
