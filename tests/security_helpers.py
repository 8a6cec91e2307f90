"""A learner with data in every place Leerpad keeps any, for the security and privacy tests.

``populate`` goes through the real pages where it can (enrol, a step, a reflection, a
quiz attempt) and writes the rest directly (a completed module, an evaluation draft and a
submitted evaluation, an issued certificate), so every id-bearing record exists.
"""

from dataclasses import dataclass

import pytest
from conftest import login
from quiz_answers import quiz_form
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.auth.models import utcnow
from learn.certificates import issuing
from learn.certificates.models import Certificate
from learn.content.library import get_library
from learn.evaluation import records as evaluation
from learn.extensions import db
from learn.player.models import Enrolment, StepState

MODULE = "/modules/kennismaking"


@dataclass
class Learner:
    user: object
    secret: str
    reflection: str
    draft_text: str
    comment: str
    printed_name: str
    register_number: str
    certificate: Certificate
    attempt_token: str

    @property
    def private_texts(self) -> list[str]:
        """What nobody but this learner may ever see."""
        return [self.reflection, self.draft_text, self.user.email]


def populate(
    client,
    user,
    secret: str,
    *,
    printed_name: str | None = None,
    register_number: str = "4610123456",
    reflection: str | None = None,
    comment: str | None = None,
) -> Learner:
    """Sign ``user`` in on ``client`` and give them data everywhere; ``secret`` marks every piece of it."""
    module = get_library().get("kennismaking")
    login(client, user)
    client.post(f"{MODULE}/enrol")
    client.post(f"{MODULE}/steps/welkom", data={"action": "next"})
    reflection = reflection or f"Mijn geloof speelt mee {secret}"
    assert (
        client.post(f"{MODULE}/steps/eigen-praktijk", data={"action": "save", "answer-moment": reflection}).status_code
        == 302
    )
    client.post(f"{MODULE}/steps/casus-ouders", data={"choice": "begin:luisteren"})
    check = module.step("check-luisteren")
    assert client.get(f"{MODULE}/steps/check-luisteren").status_code == 200
    enrolment = db.session.scalar(select(Enrolment).filter_by(user_id=user.id))
    attempt = db.session.scalar(select(QuizAttempt).filter_by(enrolment_id=enrolment.id, step_id=check.id))
    client.post(f"{MODULE}/steps/check-luisteren", data=quiz_form(check, attempt, right=True))
    final = module.step("eindtoets")
    assert client.get(f"{MODULE}/steps/eindtoets").status_code == 200
    attempt = db.session.scalar(select(QuizAttempt).filter_by(enrolment_id=enrolment.id, step_id=final.id))
    client.post(f"{MODULE}/steps/eindtoets", data=quiz_form(final, attempt, right=True))
    token = attempt.token

    # The rest of the module done, the evaluation submitted (anonymously) and a draft for an older version.
    db.session.expire_all()
    enrolment = db.session.get(Enrolment, enrolment.id)
    done = set(db.session.scalars(select(StepState.step_id).filter_by(enrolment_id=enrolment.id)))
    for step in module.steps:
        if step.id not in done:
            db.session.add(StepState(enrolment_id=enrolment.id, step_id=step.id, done_at=utcnow()))
        else:
            db.session.scalar(
                select(StepState).filter_by(enrolment_id=enrolment.id, step_id=step.id)
            ).done_at = utcnow()
    enrolment.completed_at = enrolment.completed_at or utcnow()
    enrolment.completed_version = module.version
    comment = comment or f"Opmerking over de trainer {secret}"
    evaluation.submit(
        user.id,
        module.id,
        module.version,
        "standaard",
        {"relevant": 4, "studietijd": "gelijk"},
        8,
        2.5,
        {"beter": comment},
    )
    draft_text = f"Half ingevuld {secret}"
    evaluation.save_draft(user.id, module.id, "0.9", {"beter": draft_text})
    db.session.commit()
    printed_name = printed_name or f"Naam {secret}"
    certificate = issuing.issue(
        user, module, issuing.accreditation_for(module, "Registerplein"), enrolment, printed_name, register_number
    )
    db.session.commit()
    return Learner(
        user=user,
        secret=secret,
        reflection=reflection,
        draft_text=draft_text,
        comment=comment,
        printed_name=printed_name,
        register_number=register_number,
        certificate=certificate,
        attempt_token=token,
    )


def url_for_rule(rule, values: dict) -> str:
    """The rule's URL with ``values``; an argument a newer route has that ``values`` lacks gets "x"."""
    return rule.build({name: values.get(name, "x") for name in rule.arguments}, append_unknown=False)[1]


@pytest.fixture
def two_learners(app, make_user):
    """Alice and Bob, each with data in every place and signed in on a client of their own."""
    alice_client, bob_client = app.test_client(), app.test_client()
    alice = populate(alice_client, make_user(name="Alice Aanmelder"), "ALICE-7731")
    bob = populate(bob_client, make_user(name="Bob Bezoeker"), "BOB-4402", register_number="4610999999")
    return alice, alice_client, bob, bob_client
