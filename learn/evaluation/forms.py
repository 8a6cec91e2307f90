"""The learner's evaluation form: a Flask-WTF form built from a form definition file."""

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from ..input import MaxLength
from .definitions import EvaluationForm, FormField

MAX_DRAFT_TEXT = 20_000


class HoursField(Field):
    """Hours as Dutch people type them: '1,5' as well as '1.5'."""

    widget = TextInput()

    def __init__(self, *args, max_hours: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_hours = max_hours

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}".replace(".", ",")

    def process_formdata(self, valuelist):
        self.data = None
        self.unreadable = False
        text = (valuelist[0] if valuelist else "").strip()
        if text:
            try:
                self.data = float(text.replace(",", "."))
            except ValueError:
                self.unreadable = True

    def pre_validate(self, form):
        # Checked before the required check, so "anderhalf" gets this message and not "fill this in".
        if getattr(self, "unreadable", False):
            raise StopValidation(_l("Vul een getal in, bijvoorbeeld 1,5."))
        if self.data is not None and not 0 < self.data <= self.max_hours:
            raise StopValidation(_l("Vul een aantal uren in tussen 0 en %(max)s.", max=f"{self.max_hours:g}"))


def field_name(field: FormField) -> str:
    """Form field names get a prefix so a question id never clashes with FlaskForm's own attributes."""
    return f"q_{field.id}"


def _required(field: FormField, message) -> list:
    return [DataRequired(message=message)] if field.required else [Optional()]


def _wtf_field(field: FormField):
    label = field.label
    description = field.hint
    if field.type == "grade":
        return RadioField(
            label,
            description=description,
            coerce=int,
            choices=[SelectChoice(n, str(n)) for n in range(1, 11)],
            validators=_required(field, _l("Kies een cijfer van 1 tot en met 10.")),
        )
    if field.type == "likert":
        return RadioField(
            label,
            description=description,
            coerce=int,
            choices=[SelectChoice(n, label) for n, label in enumerate(field.labels, start=1)],
            validators=_required(field, _l("Kies een antwoord.")),
        )
    if field.type == "single_choice":
        return RadioField(
            label,
            description=description,
            choices=[SelectChoice(o.id, o.label) for o in field.options],
            validators=_required(field, _l("Kies een antwoord.")),
        )
    if field.type == "multiple_choice":
        return SelectMultipleField(
            label,
            description=description,
            choices=[SelectChoice(o.id, o.label) for o in field.options],
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
            validators=_required(field, _l("Kies minstens één antwoord.")),
        )
    if field.type == "text":
        return TextAreaField(
            label,
            description=description,
            validators=[
                *_required(field, _l("Vul dit in.")),
                MaxLength(
                    field.max_length,
                    message=_l("Je antwoord is te lang: gebruik hoogstens %(max)s tekens.", max=field.max_length),
                ),
            ],
        )
    if field.type == "time_spent":
        return HoursField(
            label,
            description=description,
            max_hours=field.max_hours,
            validators=_required(field, _l("Vul het aantal uren in.")),
        )
    raise ValueError(field.type)


@lru_cache(maxsize=64)
def form_class(definition: EvaluationForm) -> type[FlaskForm]:
    """One WTForms class per form definition (definitions are immutable, so it is cached)."""
    attributes = {field_name(f): _wtf_field(f) for f in definition.fields}
    return type(f"EvaluationForm_{definition.name}", (FlaskForm,), attributes)


def raw_answers(definition: EvaluationForm, formdata: MultiDict) -> dict:
    """What the learner typed, as typed, for a draft (it need not be valid yet)."""
    answers = {}
    for field in definition.fields:
        name = field_name(field)
        if field.type == "multiple_choice":
            values = formdata.getlist(name)
            if values:
                answers[field.id] = values
        elif formdata.get(name):
            answers[field.id] = formdata.get(name)
    if any(len(v) > MAX_DRAFT_TEXT for v in answers.values() if isinstance(v, str)):
        raise ValueError("answer too long")
    return answers


def draft_formdata(definition: EvaluationForm, answers: dict) -> MultiDict:
    """A draft's answers as form data, so the form shows them again."""
    data = MultiDict()
    for field in definition.fields:
        value = answers.get(field.id)
        for item in value if isinstance(value, list) else ([] if value is None else [value]):
            data.add(field_name(field), str(item))
    return data


def cleaned_answers(definition: EvaluationForm, form: FlaskForm) -> dict:
    """A validated form split into what the response stores: the grade, the hours, the
    closed answers (Likert and choices) and the open texts (as typed; empty ones left out)."""
    closed, texts = {}, {}
    grade = hours = None
    for field in definition.fields:
        value = form[field_name(field)].data
        if field.type == "grade":
            grade = value
        elif field.type == "time_spent":
            hours = value
        elif field.type == "text":
            if value and value.strip():
                texts[field.id] = value
        elif value not in (None, "", []):
            closed[field.id] = value
    return {"grade": grade, "hours_spent": hours, "answers": closed, "comments": texts}
