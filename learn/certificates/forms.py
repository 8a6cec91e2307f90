from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..input import MaxLength
from .eligibility import register_number_problem


class IssueForm(FlaskForm):
    """The learner confirms the name to print and, where the register asks, their register number."""

    learner_name = StringField(
        _l("Naam op het certificaat"),
        validators=[DataRequired(), MaxLength(200)],
        description=_l(
            "Zo komt je naam op het certificaat. Controleer de spelling en "
            "de accenten: na uitgifte kan alleen de beheerder dit nog wijzigen."
        ),
    )
    register_number = StringField(_l("Registratienummer"), validators=[MaxLength(60)])
    confirm = BooleanField(_l("Mijn naam en gegevens kloppen"), validators=[DataRequired()])

    def __init__(self, *args, register: str, number_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.number_required = number_required
        self.register_number.label.text = _l("Registratienummer bij %(register)s", register=register)
        if not number_required:
            self.register_number.description = _l("Niet verplicht voor %(register)s.", register=register)

    def validate_learner_name(self, field):
        check_printable(field)

    def validate_register_number(self, field):
        if self.number_required or (field.data or "").strip():
            problem = register_number_problem(self.register, field.data)
            if problem:
                raise ValidationError(problem)


def check_printable(field) -> None:
    from .pdf import unprintable

    missing = unprintable(field.data or "")
    if missing:
        raise ValidationError(
            _l(
                "Het certificaat kan deze tekens niet afdrukken: %(chars)s. Schrijf je naam in Latijnse letters, "
                "of vraag de academie om hulp.",
                chars=" ".join(missing),
            )
        )


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden van intrekken"),
        validators=[DataRequired(), MaxLength(2000)],
        description=_l("De deelnemer krijgt deze reden per mail en ziet hem bij zijn certificaten."),
    )
    confirm = BooleanField(
        _l("Ja, trek dit certificaat in. Dit kan niet ongedaan worden gemaakt."),
        validators=[DataRequired(_l("Vink aan dat je het certificaat echt wilt intrekken."))],
    )


class ReissueForm(FlaskForm):
    learner_name = StringField(_l("Gecorrigeerde naam"), validators=[DataRequired(), MaxLength(200)])
    register_number = StringField(_l("Registratienummer"), validators=[Optional(), MaxLength(60)])

    def __init__(self, *args, register: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register

    def validate_learner_name(self, field):
        check_printable(field)

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
