"""One more attempt at a final quiz, granted by a trainer or admin (the admin form and ``learn attempts grant``)."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.models import User
from ..content.library import get_library
from ..extensions import db
from ..player.records import find_enrolment
from .records import GrantRefused, grant_attempt


def grant_for(email: str, module_id: str, reason: str, by: User | None):
    """Grant the learner with this e-mail address one more attempt at the module's final quiz."""
    learner = db.session.scalar(select(User).where(User.email == User.normalize_email(email)))
    if learner is None:
        raise GrantRefused(_("Er is geen account met dit e-mailadres."))
    return learner, grant_to(learner, module_id, reason, by)


def grant_to(learner: User, module_id: str, reason: str, by: User | None):
    """Grant ``learner`` one more attempt at the module's final quiz (the per-learner admin page's button)."""
    module = get_library().get(module_id)
    if module is None or module.final_quiz is None:
        raise GrantRefused(_("Deze module heeft geen eindtoets."))
    enrolment = find_enrolment(learner, module.id)
    if enrolment is None:
        raise GrantRefused(_("Deze deelnemer is niet met de module begonnen."))
    grant_attempt(enrolment, module.final_quiz, by, reason)
    return module
