"""Another learner's data is unreachable by changing an id, and trainers and admins never see a
learner's reflections, quiz answers or evaluation texts.

Two learners get data in every place Leerpad keeps any (security_helpers.populate); then
every route of the application, read from ``app.url_map``, is requested with the first
learner's ids (certificate ids and numbers, user ids, module and step ids, attempt tokens)
by the second learner, by a trainer and by an admin.
"""

import pytest
from conftest import login
from security_helpers import two_learners, url_for_rule  # noqa: F401 (a fixture)
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.content.library import get_library
from learn.extensions import db
from learn.player.models import ReflectionAnswer
from learn.security import PUBLIC

# Public by design: the verification page shows the printed name to whoever holds the code,
# a reset link works for whoever holds the token (it was mailed to the owner).
PUBLIC_BY_CODE = {"certificates.verify", "auth.reset_password"}


def id_values(victim) -> list[dict]:
    """Every id of the victim's records, once per step of the module."""
    certificate = victim.certificate
    base = {
        "module_id": "kennismaking",
        "register": certificate.register,
        "number": certificate.number,
        "certificate_id": certificate.id,
        "user_id": victim.user.id,
        "filename": "x.png",
        "token": "x",
        "code": certificate.verification_code,
    }
    return [dict(base, step_id=step.id) for step in get_library().get("kennismaking").steps]


def every_get(app, values_list):
    seen = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in rule.methods or rule.endpoint in PUBLIC_BY_CODE:
            continue
        for values in values_list:
            url = url_for_rule(rule, values)
            if url not in seen:
                seen.add(url)
                yield rule, url


def test_another_learner_reaches_nothing_of_the_first_by_any_id(app, two_learners):
    alice, _, bob, bob_client = two_learners
    forbidden = [
        *alice.private_texts,
        alice.printed_name,
        alice.register_number,
        alice.comment,
        alice.certificate.number,
        alice.attempt_token,
        alice.user.name,
    ]
    checked = 0
    for _rule, url in every_get(app, id_values(alice)):
        response = bob_client.get(url)
        body = response.data.decode("utf-8", "replace")
        checked += 1
        for text in forbidden:
            assert text not in body, f"{url} shows {text!r} of another learner to {bob.user.name}"
    assert checked > 15
    # Alice's certificate number in Bob's download URL: not found, not forbidden (nothing confirms it exists).
    response = bob_client.get(f"/mijn-certificaten/{alice.certificate.number}.pdf")
    assert response.status_code == 404
    assert bob_client.get(f"/mijn-certificaten/{bob.certificate.number}.pdf").status_code == 200
    # Admin pages by Alice's certificate and user id: refused for the role, without any of her details.
    for url in (f"/beheer/certificaten/{alice.certificate.id}", f"/beheer/certificaten/{alice.certificate.id}/pdf"):
        response = bob_client.get(url)
        assert response.status_code == 403 and alice.printed_name not in response.get_data(as_text=True)
    assert (
        bob_client.post(f"/beheer/gebruikers/{alice.user.id}", data={f"u{alice.user.id}-role": "learner"}).status_code
        == 403
    )
    assert (
        bob_client.post(f"/beheer/certificaten/{alice.certificate.id}/intrekken", data={"reason": "x"}).status_code
        == 403
    )
    # Bob's own data export holds nothing of Alice.
    export = bob_client.get("/profiel/mijn-gegevens").get_data(as_text=True)
    assert bob.reflection in export
    for text in forbidden:
        assert text not in export


def test_another_learners_attempt_token_does_not_touch_their_attempt(app, two_learners):
    alice, _, _bob, bob_client = two_learners
    before = db.session.scalar(select(QuizAttempt).filter_by(token=alice.attempt_token))
    snapshot = (before.responses, before.score, before.submitted_at)
    response = bob_client.post(
        "/modules/kennismaking/steps/eindtoets", data={"action": "submit", "attempt": alice.attempt_token}
    )
    assert response.status_code in (302, 400, 404)
    db.session.expire_all()
    after = db.session.scalar(select(QuizAttempt).filter_by(token=alice.attempt_token))
    assert (after.responses, after.score, after.submitted_at) == snapshot


def test_saving_a_reflection_only_ever_writes_the_own_record(app, two_learners):
    alice, _, _bob, bob_client = two_learners
    bob_client.post(
        "/modules/kennismaking/steps/eigen-praktijk",
        data={"action": "save", "answer-moment": "overschreven", "enrolment": "1", "user_id": alice.user.id},
    )
    db.session.expire_all()
    answers = {r.answer for r in db.session.scalars(select(ReflectionAnswer))}
    assert alice.reflection in answers and "overschreven" in answers


@pytest.mark.parametrize("role", ["trainer", "admin", "institution"])
def test_staff_never_see_reflections_quiz_answers_or_evaluation_texts_of_a_learner(app, make_user, two_learners, role):
    alice, _, bob, _ = two_learners
    staff = app.test_client()
    login(staff, make_user(role))
    private = [
        alice.reflection,
        bob.reflection,
        alice.draft_text,
        bob.draft_text,
        alice.attempt_token,
        bob.attempt_token,
    ]
    checked = 0
    for values in (id_values(alice), id_values(bob)):
        for rule, url in every_get(app, values):
            view = app.view_functions[rule.endpoint]
            if view.access != PUBLIC and role not in view.access:
                continue
            body = staff.get(url).data.decode("utf-8", "replace")
            checked += 1
            for text in private:
                assert text not in body, f"{url} shows {text!r} to a {role}"
            if role != "admin":  # admins manage accounts and certificates: names are theirs to see
                for text in (alice.user.email, alice.printed_name, alice.user.name):
                    assert text not in body, f"{url} shows {text!r} to a {role}"
    assert checked > 5


def test_an_evaluation_draft_is_only_ever_shown_to_its_author(app, make_user, fixture_module):
    from certificate_helpers import complete_module

    from learn.evaluation import records as evaluation

    clients = {}
    for name in ("Carla", "Dirk"):
        user = make_user(name=name)
        complete_module(user, fixture_module, evaluated=False)
        evaluation.save_draft(
            user.id, fixture_module.id, fixture_module.version, {"beter": f"Concept van {name} over de trainer"}
        )
        db.session.commit()
        clients[name] = app.test_client()
        login(clients[name], user)
    for name, other in (("Carla", "Dirk"), ("Dirk", "Carla")):
        page = clients[name].get("/modules/kennismaking/evaluatie").get_data(as_text=True)
        assert f"Concept van {name} over de trainer" in page
        assert f"Concept van {other}" not in page
