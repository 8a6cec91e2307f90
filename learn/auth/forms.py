from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length

from ..input import MaxLength

MIN_PASSWORD = 10


class RegisterForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), MaxLength(200)])
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), Email(check_deliverability=False), MaxLength(254)]
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, message=_l("Kies minstens %(n)s tekens.", n=MIN_PASSWORD)),
            MaxLength(200),
        ],
        description=_l("Minstens %(n)s tekens.", n=MIN_PASSWORD),
    )
    confirm = PasswordField(
        _l("Wachtwoord nog een keer"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("De wachtwoorden zijn niet hetzelfde.")),
            MaxLength(200),
        ],
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mailadres"), validators=[DataRequired(), MaxLength(254)])
    password = PasswordField(_l("Wachtwoord"), validators=[DataRequired(), MaxLength(200)])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"), validators=[DataRequired(), Email(check_deliverability=False), MaxLength(254)]
    )


def _new_password_fields(password_id=None, confirm_id=None):
    """A new password and its repetition, as the reset page and the profile ask for them."""
    password = PasswordField(
        _l("Nieuw wachtwoord"),
        id=password_id,
        validators=[
            DataRequired(),
            Length(min=MIN_PASSWORD, message=_l("Kies minstens %(n)s tekens.", n=MIN_PASSWORD)),
            MaxLength(200),
        ],
        description=_l("Minstens %(n)s tekens.", n=MIN_PASSWORD),
    )
    confirm = PasswordField(
        _l("Nieuw wachtwoord nog een keer"),
        id=confirm_id,
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("De wachtwoorden zijn niet hetzelfde.")),
            MaxLength(200),
        ],
    )
    return password, confirm


class ResetPasswordForm(FlaskForm):
    password, confirm = _new_password_fields()


class ChangePasswordForm(FlaskForm):
    # Ids of their own: the profile page also has the account deletion's password field.
    current = PasswordField(
        _l("Je huidige wachtwoord"), id="current-password", validators=[DataRequired(), MaxLength(200)]
    )
    password, confirm = _new_password_fields("new-password", "new-password-again")


class ConfirmForm(FlaskForm):
    """Only the button (and its CSRF token): pressing it confirms the account."""


class ProfileForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), MaxLength(200)])
    locale = SelectField(_l("Taal"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Je wachtwoord, ter bevestiging"), validators=[DataRequired(), MaxLength(200)])
