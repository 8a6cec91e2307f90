"""What Leerpad accepts from a request, whoever typed it.

Rules that hold for every form and every search, also those a feature adds later, so they
live below the forms: in the request object and the URL map.

- A request is at most ``MAX_CONTENT_LENGTH`` (1 MB, see ``learn.config``); a larger one gets
  the 413 page.
- Control characters never reach a form or the database: PostgreSQL refuses NUL in text (a
  500 on any form), and the others are invisible, so nobody typed them on purpose. Tab,
  newline and carriage return stay; a vertical tab or form feed (a line break pasted from a
  word processor) becomes a newline; the rest is taken out and the visitor is told.
- A text field has a length limit nobody reaches (``MaxLength``), and an over-long value is
  not sent back with the form.
- A number in a URL (an id, a page) stops at what a database column holds: beyond it is a 404
  or the last page, never an overflow.
"""

import re

from flask import Flask, abort, flash, request
from flask import Request as FlaskRequest
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property
from wtforms.validators import Length

MAX_ID = 2**31 - 1  # PostgreSQL's integer, the type of every id column
MAX_PAGE = 100_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\x0b\x0c]")
REMOVED_MESSAGE = _l("Er stonden onzichtbare tekens in wat je typte. Die hebben we weggehaald.")


def without_control_characters(text: str) -> str:
    """``text`` with line breaks from a word processor as newlines and every other control character taken out."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def _cleaned(values: MultiDict) -> MultiDict | None:
    """The same multi-dict without control characters, or None when it had none (the usual case)."""
    items = list(values.items(multi=True))
    if not any(_CONTROL.search(key) or _CONTROL.search(value) for key, value in items):
        return None
    return ImmutableMultiDict(
        (without_control_characters(key), without_control_characters(value)) for key, value in items
    )


class Request(FlaskRequest):
    """Query arguments and form fields as every view sees them: without control characters."""

    had_control_characters = False

    @cached_property
    def args(self):
        args = super().args
        cleaned = _cleaned(args)
        if cleaned is None:
            return args
        self.had_control_characters = True
        return cleaned

    def _load_form_data(self) -> None:
        super()._load_form_data()
        cleaned = _cleaned(self.__dict__["form"])
        if cleaned is not None:
            self.__dict__["form"] = cleaned
            self.had_control_characters = True


def too_long_message(limit: int) -> str:
    """For a text posted outside a WTForms form (a reflection, an evaluation draft)."""
    return _("Je tekst is te lang: gebruik hoogstens %(max)s tekens. Er is niets bewaard.", max=format_number(limit))


class MaxLength(Length):
    """A length limit that does not send an over-long value back: the form shows its first ``max`` characters."""

    def __init__(self, max: int, message=None):
        if message is None:
            message = _l("Dit is te lang: gebruik hoogstens %(max)s tekens.", max=max)
        super().__init__(max=max, message=message)

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except ValueError:
            field.data = field.data[: self.max]
            if field.raw_data:
                field.raw_data = [field.raw_data[0][: self.max]]
            raise


class BoundedIntegerConverter(IntegerConverter):
    """``<int:…>`` up to the largest id a column holds: a longer number is not found, not an overflow.

    The digits are bounded in the pattern too: Werkzeug compares the method before it converts, so a
    number that only the converter refused would make a POST to ``/x/<huge>`` a 405 where a GET
    rule shares the path, instead of a 404.
    """

    regex = rf"\d{{1,{len(str(MAX_ID))}}}"

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def page_number(text: str) -> int:
    """A ``?page=`` value for ``request.args.get(..., type=page_number)``: 1 up to MAX_PAGE."""
    return min(max(int(text), 1), MAX_PAGE)


# Views that look a value up by its digest: any string, control characters included, takes the same path and
# gets the same answer as any other unknown value (the verification page must not tell malformed from unknown).
ANY_TEXT_ENDPOINTS = frozenset({"certificates.verify"})


def init_app(app: Flask) -> None:
    """Before any blueprint: the URL converter applies to the rules they register."""
    app.request_class = Request
    app.url_map.converters["int"] = BoundedIntegerConverter

    @app.url_value_preprocessor
    def refuse_control_characters_in_paths(endpoint, values):
        if endpoint in ANY_TEXT_ENDPOINTS:
            return
        if values and any(isinstance(v, str) and _CONTROL.search(v) for v in values.values()):
            abort(404)

    @app.before_request
    def say_what_was_taken_out():
        # Both parsed here (Flask-WTF reads the form at this point anyway), so the visitor hears of it on this answer.
        request.args  # noqa: B018
        if request.method in {"POST", "PUT", "PATCH"}:
            request.form  # noqa: B018
        if request.had_control_characters:
            flash(REMOVED_MESSAGE, "info")
