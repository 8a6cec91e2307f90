"""Language choice: ``?lang=`` (remembered for the visit), else the profile setting, else Dutch."""

from flask import current_app, request, session
from flask_babel import refresh
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    if session.get("lang") in languages:
        return session["lang"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def choose_locale_afresh() -> None:
    """Before each request: remember ``?lang=`` and forget a locale cached on ``g``.

    ``?lang=`` is stored here, not only when a page asks for the locale, so that it
    also sticks on a request that only redirects (``POST /inloggen?lang=en``).
    A new request normally gets a new application context (and ``g``); when one is
    already pushed (tests, ``flask shell``) requests share it, and Flask-Babel would
    keep the first request's language.
    """
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"]:
        session["lang"] = asked
    refresh()
