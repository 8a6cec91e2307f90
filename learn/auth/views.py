from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db, limiter
from ..mail import send_mail
from ..security import public, signed_in
from .forms import DeleteAccountForm, ForgotPasswordForm, LoginForm, ProfileForm, RegisterForm, ResetPasswordForm
from .models import User
from .tokens import make_reset_token, user_for_reset_token

bp = Blueprint("auth", __name__, template_folder="templates")

# Checked for unknown addresses so that they cost as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("no-account-has-this-password", method="scrypt")


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login, never another host."""
    if target:
        parts = urlsplit(target)
        # A backslash is a slash to browsers ("/\\evil.example" is another host): never followed.
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
            and "\\" not in target
            and target.isprintable()
        ):
            return target
    return url_for("player.catalogue")


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == User.normalize_email(email)))


@bp.route("/registreren", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@public
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        user = User(
            email=User.normalize_email(form.email.data),
            name=form.name.data.strip(),
            role="learner",
            locale=session.get("lang", "nl"),
        )
        user.set_password(form.password.data)
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.email.errors.append(
                _("Er is al een account met dit e-mailadres. Log in of vraag een nieuw wachtwoord aan.")
            )
        else:
            login_user(user)
            flash(_("Welkom, %(name)s! Je account is klaar.", name=user.name), "success")
            return redirect(url_for("player.catalogue"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"])
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is None:
            check_password_hash(_DUMMY_HASH, form.password.data)
        elif user.check_password(form.password.data) and user.is_active:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Dit e-mailadres en wachtwoord horen niet bij elkaar."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/uitloggen")
@public
def logout():
    logout_user()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("player.catalogue"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is not None and user.is_active:
            link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
            send_mail(
                user.email,
                _("Nieuw wachtwoord voor %(academy)s", academy=current_app.config["ACADEMY_NAME"]),
                _(
                    "Hallo %(name)s,\n\nKies een nieuw wachtwoord via deze link (een uur geldig):\n%(link)s\n\n"
                    "Heb je dit niet gevraagd? Dan kun je deze mail negeren.",
                    name=user.name,
                    link=link,
                ),
            )
        # The same answer whether or not the address is known: no account discovery.
        flash(_("Als dit adres bij ons bekend is, krijg je een mail met een link."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 400 if form.errors else 200


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    user = user_for_reset_token(token)
    if user is None:
        flash(_("Deze link is verlopen of al gebruikt. Vraag een nieuwe aan."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        db.session.commit()
        flash(_("Je wachtwoord is veranderd. Log in met je nieuwe wachtwoord."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


@bp.route("/profiel", methods=["GET", "POST"])
@signed_in
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        current_user.locale = form.locale.data
        session["lang"] = form.locale.data
        db.session.commit()
        flash(_("Je gegevens zijn bewaard."), "success")
        return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, delete_form=DeleteAccountForm()), 400 if form.errors else 200


@bp.get("/profiel/mijn-gegevens")
@signed_in
def my_data():
    """Everything Leerpad keeps about the signed-in learner (GDPR right of access)."""
    from ..privacy import personal_data

    return Response(
        personal_data(current_user),
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=mijn-gegevens.json"},
    )


@bp.post("/profiel/verwijderen")
@signed_in
def delete_account():
    form = DeleteAccountForm()
    if form.validate_on_submit() and current_user.check_password(form.password.data):
        user = db.session.get(User, current_user.id)
        logout_user()
        db.session.delete(user)
        db.session.commit()
        flash(_("Je account en al je gegevens zijn verwijderd."), "info")
        return redirect(url_for("player.catalogue"))
    flash(_("Je wachtwoord klopt niet. Er is niets verwijderd."), "error")
    return redirect(url_for("auth.profile"))
