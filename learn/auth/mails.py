"""The mails about an account. Each is one ``send_mail``, so every path that sends one costs the same.

Registration and "forgot password" send exactly one mail whether or not the address has an
account (finding 13 of the security review): the page says the same in both cases, and what
differs is only in the mail, which reaches the address's owner and nobody else.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from ..mail import send_mail
from ..urls import absolute_url
from .models import User
from .tokens import make_confirm_token, make_reset_token


def _academy() -> str:
    return current_app.config["ACADEMY_NAME"]


def reset(user: User) -> None:
    send_mail(
        user.email,
        _("Nieuw wachtwoord voor %(academy)s", academy=_academy()),
        _(
            "Hallo %(name)s,\n\nKies een nieuw wachtwoord via deze link (een uur geldig):\n%(link)s\n\n"
            "Heb je dit niet gevraagd? Dan kun je deze mail negeren.",
            name=user.name,
            link=absolute_url("auth.reset_password", token=make_reset_token(user)),
        ),
    )


def confirm(user: User) -> None:
    send_mail(
        user.email,
        _("Bevestig je account bij %(academy)s", academy=_academy()),
        _(
            "Hallo %(name)s,\n\nWelkom! Klik op deze link om je account te bevestigen (drie dagen geldig):\n"
            "%(link)s\n\nHeb je geen account gemaakt? Dan kun je deze mail negeren.",
            name=user.name,
            link=absolute_url("auth.confirm_account", token=make_confirm_token(user)),
        ),
    )


def already_registered(user: User) -> None:
    send_mail(
        user.email,
        _("Je hebt al een account bij %(academy)s", academy=_academy()),
        _(
            "Hallo %(name)s,\n\nIemand wilde een account maken met dit e-mailadres. Maar je hebt al een "
            "account.\n\nWeet je je wachtwoord niet meer? Kies een nieuw wachtwoord via deze link "
            "(een uur geldig):\n%(link)s\n\nHeb je dit niet zelf gedaan? Dan kun je deze mail negeren.",
            name=user.name,
            link=absolute_url("auth.reset_password", token=make_reset_token(user)),
        ),
    )


def no_account(email: str) -> None:
    send_mail(
        email,
        _("Je aanvraag bij %(academy)s", academy=_academy()),
        _(
            "Hallo,\n\nIemand vroeg met dit e-mailadres een nieuw wachtwoord aan. Maar met dit adres kun je "
            "bij ons niet inloggen: er is geen account, of het account is gestopt.\n\n"
            "Wil je een account? Maak er een via deze link:\n%(link)s\n\n"
            "Denk je dat er iets niet klopt? Neem dan contact op met de academie. "
            "Heb je dit niet zelf gedaan? Dan kun je deze mail negeren.",
            link=absolute_url("auth.register"),
        ),
    )


def locked(user: User, wait: timedelta) -> None:
    from .lockout import LOCKOUT_THRESHOLD

    with force_locale(user.locale):  # the owner's language, not that of whoever typed the passwords
        send_mail(
            user.email,
            _("Je account bij %(academy)s is even op slot", academy=_academy()),
            _(
                "Hallo %(name)s,\n\nEr is %(count)s keer achter elkaar een fout wachtwoord ingevuld voor je "
                "account. Daarom kun je de komende %(minutes)s minuten niet inloggen.\n\nWas jij dit? Kies dan een nieuw wachtwoord via "
                "deze link (een uur geldig). Daarna kun je meteen weer inloggen:\n%(link)s\n\n"
                "Was jij dit niet? Dan probeerde iemand anders in te loggen. Je account is veilig. "
                "Kies voor de zekerheid een nieuw wachtwoord via dezelfde link.",
                name=user.name,
                count=LOCKOUT_THRESHOLD,
                minutes=int(wait.total_seconds() // 60),
                link=absolute_url("auth.reset_password", token=make_reset_token(user)),
            ),
        )


def welcome(user: User) -> None:
    """An account an admin made: the owner chooses the password, so nobody else ever knows it."""
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("Je account bij %(academy)s", academy=_academy()),
            _(
                "Hallo %(name)s,\n\nEr is een account voor je gemaakt bij %(academy)s. Kies je wachtwoord via "
                "deze link (een uur geldig):\n%(link)s\n\nIs de link verlopen? Kies dan 'Wachtwoord vergeten' "
                "op %(login)s",
                name=user.name,
                academy=_academy(),
                link=absolute_url("auth.reset_password", token=make_reset_token(user)),
                login=absolute_url("auth.login"),
            ),
        )
