"""What every step type's schema shares."""

from marshmallow import fields, validate

from ..fields import Identifier, Markdown, StrictSchema


class StepSchema(StrictSchema):
    id = Identifier(required=True)
    type = fields.String(required=True)
    title = fields.String(required=True, validate=lambda s: bool(s.strip()))
    required = fields.Boolean(load_default=True)
    # Minutes of work the words do not show: an assignment done at work, a video. Counted in the study-time estimate.
    minutes = fields.Integer(load_default=None, validate=validate.Range(min=1, max=600))
    # Only for steps written as a YAML file; a Markdown step's body is the file's text.
    body = Markdown(load_default=None)
