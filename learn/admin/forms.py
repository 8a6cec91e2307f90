from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email

from ..auth.models import ROLES
from ..input import MaxLength

ROLE_LABELS = {
    "learner": _l("Deelnemer"),
    "trainer": _l("Trainer"),
    "admin": _l("Beheerder"),
    "institution": _l("Instelling"),
}


def role_choices() -> list[SelectChoice]:
    return [SelectChoice(role, ROLE_LABELS[role]) for role in ROLES]


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Rol"), choices=role_choices())
    active = BooleanField(_l("Actief"))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class NewUserForm(FlaskForm):
    name = StringField(_l("Naam"), validators=[DataRequired(), MaxLength(200)], filters=[_strip])
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(), Email(check_deliverability=False), MaxLength(254)],
        filters=[_strip],  # an address pasted from a mail often brings a space
    )
    role = SelectField(_l("Rol"), choices=role_choices(), default="learner")
