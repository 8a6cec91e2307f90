"""Shared steps for the evaluation tests."""

from datetime import datetime

from learn.extensions import db
from learn.player.models import Enrolment

MODULE_ID = "kennismaking"
FORM_URL = f"/modules/{MODULE_ID}/evaluatie"

VALID_ANSWERS = {
    "q_cijfer": "8",
    "q_relevant": "4",
    "q_bruikbaar": "5",
    "q_taal": "4",
    "q_uren": "1,5",
    "q_studietijd": "gelijk",
    "q_hielp": ["verhalen", "casussen"],
    "q_anders_doen": "Ik vraag eerst door.",
    "q_beter": "Meer voorbeelden uit de wijk.",
}


def complete_module(user, version="1.0", when=None) -> Enrolment:
    """The learner finished the module (the player sets these two columns when the last step is done)."""
    enrolment = Enrolment(
        user_id=user.id,
        module_id=MODULE_ID,
        current_step_id="slot",
        completed_at=when or datetime(2026, 11, 2, 10, 0),
        completed_version=version,
    )
    db.session.add(enrolment)
    db.session.commit()
    return enrolment
