from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from .eligibility import register_number_problem


class IssueForm(FlaskForm):
    """The learner confirms the name to print and, where the register asks, their register number."""

    learner_name = StringField(
        _l("Naam op het certificaat"),
        validators=[DataRequired(), Length(max=200)],
        description=_l(
            "Zo komt je naam op het certificaat. Controleer de spelling en "
            "de accenten: na uitgifte kan alleen de beheerder dit nog wijzigen."
        ),
    )
    register_number = StringField(_l("Registratienummer"), validators=[Length(max=60)])
    confirm = BooleanField(_l("Mijn naam en gegevens kloppen"), validators=[DataRequired()])

    def __init__(self, *args, register: str, number_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.number_required = number_required
        self.register_number.label.text = _l("Registratienummer bij %(register)s", register=register)
        if not number_required:
            self.register_number.description = _l("Niet verplicht voor %(register)s.", register=register)

    def validate_register_number(self, field):
        if self.number_required or (field.data or "").strip():
            problem = register_number_problem(self.register, field.data)
            if problem:
                raise ValidationError(problem)


class RevokeForm(FlaskForm):
    reason = TextAreaField(_l("Reden van intrekken"), validators=[DataRequired(), Length(max=2000)])


class ReissueForm(FlaskForm):
    learner_name = StringField(_l("Gecorrigeerde naam"), validators=[DataRequired(), Length(max=200)])
    register_number = StringField(_l("Registratienummer"), validators=[Optional(), Length(max=60)])

    def __init__(self, *args, register: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register

    def validate_register_number(self, field):
        if field.data and field.data.strip():
            problem = register_number_problem(self.register, field.data)
            if problem:
                raise ValidationError(problem)


class ExportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download with filters changes nothing

    register = SelectField(_l("Register"), validators=[DataRequired()])
    start = DateField(_l("Afgerond vanaf"), validators=[Optional()])
    end = DateField(_l("Afgerond tot en met"), validators=[Optional()])
