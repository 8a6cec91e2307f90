from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice

from ..auth.models import ROLES

ROLE_LABELS = {
    "learner": _l("Deelnemer"),
    "trainer": _l("Trainer"),
    "admin": _l("Beheerder"),
    "institution": _l("Instelling"),
}


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Rol"), choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES])
    active = BooleanField(_l("Actief"))
