"""Language choice: ``?lang=`` (remembered for the visit), else the profile setting, else Dutch."""

from decimal import ROUND_HALF_UP, Decimal

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_translations, refresh
from flask_login import current_user


def select_locale() -> str:
    if not has_request_context():  # a CLI command or a job: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
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


def when(moment) -> str:
    """A moment as people write it, in the UI language and the academy's time zone: 1 december 2026, 21:19."""
    return format_datetime(moment, "d MMMM y, HH:mm")


def day(value) -> str:
    """A date as people write it: 1 december 2026."""
    return format_date(value, "d MMMM y")


def points(number) -> str:
    """A score as people round it: 2, 0,7 or 66,7 (at most one decimal, half up, in the UI language)."""
    return format_decimal(Decimal(str(number)).quantize(Decimal("0.1"), ROUND_HALF_UP), "#,##0.#")


def register_filters(app) -> None:
    """One way to write moments, dates and scores on every page (``{{ x | when }}``), and a template's
    ``_()`` that finds the translations by the language alone (``translations_by_language``)."""
    app.jinja_env.filters.update(when=when, day=day, points=points)
    translations = translations_by_language()
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def translations_by_language():
    """Flask-Babel's translations for the current language, kept per language (one app's catalogue).

    Its own ``get_translations`` walks the request context four times and formats the locale's
    name for every string; a step page translates a dozen, about a tenth of its template's instructions.
    A language's catalogue does not change while the server runs.
    """
    kept: dict = {}

    def translations():
        locale = get_locale()
        found = kept.get(locale)
        if found is None:
            found = kept[locale] = get_translations()
        return found

    return translations
