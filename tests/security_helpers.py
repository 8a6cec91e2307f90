"""A learner with data in every place Leerpad keeps any, for the security and privacy tests.

``populate`` goes through the real pages where it can (enrol, a step, a reflection, a
quiz attempt) and writes the rest directly (a completed module, an evaluation draft and a
submitted evaluation, an issued certificate), so every id-bearing record exists.
"""

from dataclasses import dataclass

import pytest
from certificate_helpers import scenario_played_to_an_end
from conftest import login
from quiz_answers import quiz_form
from sqlalchemy import select
from werkzeug.routing.converters import NumberConverter

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
    reflection = reflection or f"Mijn geloof speelt mee als ik met dit gezin praat {secret}"
    helped = "Een collega die eerst vroeg wat ik zelf al had geprobeerd."
    form = {"action": "save", "answer-moment": reflection, "answer-hulp": helped}
    assert client.post(f"{MODULE}/steps/eigen-praktijk", data=form).status_code == 302
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

    # The rest of the module done (the scenario played to an end, the module's study time spent), the
    # evaluation submitted (anonymously) and a draft for an older version.
    db.session.expire_all()
    enrolment = db.session.get(Enrolment, enrolment.id)
    states = {
        state.step_id: state for state in db.session.scalars(select(StepState).filter_by(enrolment_id=enrolment.id))
    }
    for step in module.steps:
        state = states.get(step.id) or StepState(enrolment_id=enrolment.id, step_id=step.id)
        state.done_at = utcnow()
        if step.type_name == "scenario":
            state.state = scenario_played_to_an_end(step)
        db.session.add(state)
    enrolment.seconds_on_task = module.duration_minutes * 60
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
    """The rule's URL with ``values``; an argument a newer route has that ``values`` lacks gets a
    placeholder its converter accepts (1 for a number, "x" otherwise)."""

    def placeholder(name):
        return 1 if isinstance(rule._converters.get(name), NumberConverter) else "x"

    return rule.build({name: values.get(name, placeholder(name)) for name in rule.arguments}, append_unknown=False)[1]


@pytest.fixture
def two_learners(app, make_user):
    """Alice and Bob, each with data in every place and signed in on a client of their own."""
    alice_client, bob_client = app.test_client(), app.test_client()
    alice = populate(alice_client, make_user(name="Alice Aanmelder"), "ALICE-7731")
    bob = populate(bob_client, make_user(name="Bob Bezoeker"), "BOB-4402", register_number="4610999999")
    return alice, alice_client, bob, bob_client


@pytest.fixture(scope="session")
def redis_server_url():
    """The Redis the test command starts (``LEERPAD_TEST_REDIS_URL``), or one of this run's own."""
    import os

    from learn.testing.servers import RedisServer

    url = os.environ.get("LEERPAD_TEST_REDIS_URL")
    if url:
        yield url.rstrip("/")
        return
    server = RedisServer().start()
    yield f"redis://127.0.0.1:{server.port}"
    server.stop()


@pytest.fixture
def redis_url(redis_server_url):
    """A Redis database of this pytest worker's own, empty at the start of the test."""
    import os

    import redis

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    url = f"{redis_server_url}/{1 + worker % 15}"
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()
