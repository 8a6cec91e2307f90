"""Marshmallow building blocks shared by the module schema and every step type."""

import re

from marshmallow import Schema, ValidationError, fields

from .markdown import render_markdown

IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class Markdown(fields.String):
    """Author prose in Markdown, loaded as sanitized HTML (a ``Markup`` string)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return render_markdown(super()._deserialize(value, attr, data, **kwargs))


class Identifier(fields.String):
    """A stable id: lower case letters, digits, '-' and '_'; progress and results are keyed by it."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not IDENTIFIER.match(text):
            raise ValidationError(f"'{text}' is not a valid id: use lower case letters, digits, '-' and '_' (max 64)")
        return text


class StrictSchema(Schema):
    """Unknown keys are errors: a typo in a module file must not pass silently."""

    class Meta:
        ordered = True


def unique_ids(items, what: str) -> None:
    seen = set()
    for index, item in enumerate(items):
        if item["id"] in seen:
            raise ValidationError({index: {"id": [f"duplicate {what} id '{item['id']}'"]}})
        seen.add(item["id"])
