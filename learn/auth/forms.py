from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

MIN_PASSWORD = 10


class RegisterForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, max=200, message=_l("Kies minstens %(n)s tekens.", n=MIN_PASSWORD)),
        ],
        description=_l("Minstens %(n)s tekens.", n=MIN_PASSWORD),
    )
    confirm = PasswordField(
        _l("Wachtwoord nog een keer"),
        validators=[DataRequired(), EqualTo("password", message=_l("De wachtwoorden zijn niet hetzelfde."))],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), Length(max=200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), Email(check_deliverability=False)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, max=200, message=_l("Kies minstens %(n)s tekens.", n=MIN_PASSWORD)),
        ],
    )
    confirm = PasswordField(
        _l("Nieuw wachtwoord nog een keer"),
        validators=[DataRequired(), EqualTo("password", message=_l("De wachtwoorden zijn niet hetzelfde."))],
    )


class ProfileForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Taal"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Je wachtwoord, ter bevestiging"), validators=[DataRequired()])
