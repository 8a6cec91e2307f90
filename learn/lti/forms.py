from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..input import MaxLength
from .frame import origin_of


def _web_address(form, field):
    if origin_of(field.data) is None or any(c.isspace() for c in field.data.strip()):
        raise ValidationError(_l("Vul een webadres in dat begint met https://"))


def _web_addresses(form, field):
    for line in lines(field.data):
        if origin_of(line) is None:
            raise ValidationError(_l("Dit is geen webadres: %(value)s", value=line))


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PlatformForm(FlaskForm):
    """A platform registered by hand, with what the LMS shows for Leerpad after adding it as a tool."""

    name = StringField(
        _l("Naam"), validators=[Length(max=200)], description=_l("Bijvoorbeeld: Moodle Hogeschool Noord")
    )
    issuer = StringField(_l("Platform-ID (issuer)"), validators=[DataRequired(), Length(max=255), _web_address])
    client_id = StringField(_l("Client-ID"), validators=[DataRequired(), Length(max=255)])
    deployment_ids = TextAreaField(
        _l("Deployment-ID's"), validators=[DataRequired(), MaxLength(4000)], description=_l("Eén per regel.")
    )
    auth_login_url = StringField(
        _l("Authenticatie-URL (OIDC)"), validators=[DataRequired(), Length(max=500), _web_address]
    )
    auth_token_url = StringField(_l("Toegangstoken-URL"), validators=[DataRequired(), Length(max=500), _web_address])
    key_set_url = StringField(
        _l("Publieke sleutelset-URL (JWKS)"), validators=[DataRequired(), Length(max=500), _web_address]
    )
    token_audience = StringField(
        _l("Audience voor het toegangstoken"),
        validators=[Optional(), Length(max=500), _web_address],
        description=_l("Alleen als de leeromgeving het vraagt, zoals Brightspace. Anders leeg laten."),
    )
    frame_origins = TextAreaField(
        _l("Webadressen van de leeromgeving"),
        validators=[MaxLength(4000), _web_addresses],
        description=_l(
            "Waar cursisten de leeromgeving openen, één per regel. Alleen deze adressen mogen Leerpad tonen. "
            "Het adres van de issuer staat er al bij."
        ),
    )


class InviteForm(FlaskForm):
    """A button: a new dynamic registration link."""


class ActiveForm(FlaskForm):
    """A button: switch a platform on or off."""


class ChooseForm(FlaskForm):
    """The instructor's choice in deep linking: a module or its final quiz, graded or not."""

    item = RadioField(_l("Wat wil je toevoegen?"), validators=[DataRequired(_l("Kies een module of een eindtoets."))])
    graded = BooleanField(_l("Met cijfer in het cijferoverzicht van je leeromgeving"), default=True)
