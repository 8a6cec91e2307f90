"""The mail a learner gets when their certificate is revoked: what, when, why, and what they can do."""

from flask_babel import force_locale
from flask_babel import gettext as _

from ..mail import send_mail
from ..urls import absolute_url
from .models import Certificate


def revoked(certificate: Certificate) -> None:
    user = certificate.user
    if user is None or not user.active:
        return
    with force_locale(user.locale):
        send_mail(
            user.email,
            _("Je certificaat %(number)s is ingetrokken", number=certificate.number),
            _(
                "Hallo %(name)s,\n\nJe certificaat %(number)s voor %(module)s (%(register)s) is ingetrokken.\n\n"
                "De reden:\n%(reason)s\n\nHet certificaat is niet meer geldig. De controlepagina van het "
                "certificaat meldt dat ook. Je ziet het op:\n%(link)s\n\n"
                "Denk je dat dit niet klopt, of wil je weten hoe je een nieuw certificaat kunt krijgen? "
                "Neem dan contact op met %(academy)s.",
                name=user.name,
                number=certificate.number,
                module=certificate.module_title,
                register=certificate.register,
                reason=certificate.revoke_reason,
                link=absolute_url("certificates.mine"),
                academy=certificate.academy_name,
            ),
        )
