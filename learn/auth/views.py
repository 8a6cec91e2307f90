from urllib.parse import urlsplit

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db, limiter
from ..security import public, signed_in
from . import mails, sessions
from .forms import (
    ChangePasswordForm,
    ConfirmForm,
    DeleteAccountForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from .lockout import Outcome, check_login, check_password, find_user, minutes_left, unlock
from .models import User, utcnow
from .registration import register as register_account
from .tokens import user_for_confirm_token, user_for_reset_token

bp = Blueprint("auth", __name__, template_folder="templates")

# Per address, over every page that checks a password together; the per-account count is in learn.auth.lockout.
password_checks = limiter.shared_limit("10 per minute;50 per hour", scope="password-checks", methods=["POST"])


# Where a role starts after login when no page asked for it: a trainer's work is the dashboard.
LANDING = {"trainer": "evaluation_dashboard.index"}


def _safe_next(target: str | None, role: str = "learner") -> str:
    """Only same-site paths are followed after login, never another host; else the role's start page."""
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
    return url_for(LANDING.get(role, "player.catalogue"))


@bp.route("/registreren", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
@public
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        register_account(form.name.data.strip(), form.email.data, form.password.data, session.get("lang", "nl"))
        return redirect(url_for("auth.check_mail"))
    return render_template("auth/register.html", form=form), 400 if form.errors else 200


@bp.get("/registreren/kijk-in-je-mail")
@public
def check_mail():
    """The same page whether the address was new or had an account: the mail tells the owner which."""
    return render_template("auth/check_mail.html")


@bp.route("/account-bevestigen/<token>", methods=["GET", "POST"])
@public
def confirm_account(token):
    """The link from the mail shows a button; only pressing it confirms (mail scanners open links too)."""
    user = user_for_confirm_token(token)
    if user is None or not user.is_active:
        return render_template("auth/confirm.html", form=None, user=None)
    form = ConfirmForm()
    if form.validate_on_submit():
        user.confirmed_at = utcnow()
        sessions.begin(user)
        db.session.commit()
        flash(_("Welkom, %(name)s! Je account is klaar.", name=user.name), "success")
        return redirect(url_for("player.catalogue"))
    return render_template("auth/confirm.html", form=form, user=user)


@bp.route("/inloggen", methods=["GET", "POST"])
@password_checks
@public
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = check_login(form.email.data, form.password.data)
        if user is not None:
            sessions.begin(user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next"), user.role))
        # One answer for an unknown address, a wrong password, a locked, deactivated or unconfirmed account.
        form.password.errors.append(_("Dit e-mailadres en wachtwoord horen niet bij elkaar."))
        form.password.errors.append(_("Heb je net een account gemaakt? Klik dan eerst op de link in je mail."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.post("/uitloggen")
@public
def logout():
    sessions.end()
    db.session.commit()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("player.catalogue"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit("5 per minute;20 per hour", methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # One mail either way, and the same answer: no account discovery.
        user = find_user(form.email.data)
        if user is not None and user.is_active:
            mails.reset(user)
        else:
            mails.no_account(User.normalize_email(form.email.data))
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
        user.confirmed_at = user.confirmed_at or utcnow()  # the link proved the address is theirs
        unlock(user)
        sessions.end_all(user)  # whoever knew the old password is signed out everywhere
        db.session.commit()
        flash(_("Je wachtwoord is veranderd. Log in met je nieuwe wachtwoord."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 400 if form.errors else 200


def _profile_page(status=200, **forms):
    forms = {
        "form": ProfileForm(obj=current_user, formdata=None),
        "password_form": ChangePasswordForm(formdata=None),
        "delete_form": DeleteAccountForm(formdata=None),
        **forms,
    }
    return render_template("auth/profile.html", **forms), status


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
    return _profile_page(400 if form.errors else 200, form=form)


def _wrong_password_message(outcome: Outcome) -> str:
    if outcome is Outcome.LOCKED:
        return _(
            "Te veel foute pogingen. Probeer het over %(minutes)s minuten opnieuw, of kies een nieuw wachtwoord "
            "via 'Wachtwoord vergeten'.",
            minutes=minutes_left(current_user),
        )
    return _("Je huidige wachtwoord klopt niet.")


@bp.post("/profiel/wachtwoord")
@password_checks
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        outcome = check_password(current_user, form.current.data)
        if outcome is Outcome.RIGHT:
            current_user.set_password(form.password.data)
            sessions.end_others(current_user)
            db.session.commit()
            flash(_("Je wachtwoord is veranderd. Op je andere apparaten ben je nu uitgelogd."), "success")
            return redirect(url_for("auth.profile"))
        form.current.errors.append(_wrong_password_message(outcome))
    return _profile_page(400, password_form=form)


@bp.post("/profiel/uitloggen-overal")
@signed_in
def log_out_everywhere():
    sessions.end_all(current_user)
    sessions.end()
    db.session.commit()
    flash(_("Je bent uitgelogd op al je apparaten, ook op dit apparaat."), "info")
    return redirect(url_for("auth.login"))


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
@password_checks
@signed_in
def delete_account():
    form = DeleteAccountForm()
    outcome = check_password(current_user, form.password.data) if form.validate_on_submit() else Outcome.WRONG
    if outcome is Outcome.RIGHT:
        user = db.session.get(User, current_user.id)
        sessions.end_all(user)
        sessions.end()
        db.session.delete(user)
        db.session.commit()
        flash(_("Je account en al je gegevens zijn verwijderd."), "info")
        return redirect(url_for("player.catalogue"))
    if outcome is Outcome.LOCKED:
        flash(_wrong_password_message(outcome), "error")
    else:
        flash(_("Je wachtwoord klopt niet. Er is niets verwijderd."), "error")
    return redirect(url_for("auth.profile"))
