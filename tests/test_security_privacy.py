"""GDPR: the personal data export holds everything kept about the learner and nothing about others,
deleting the account removes the learner's personal data (anonymous evaluation responses and
issued certificates stay, as designed), evaluation responses cannot be linked to a person, and
nothing is collected that is not needed (no IP addresses, no user agents).

The checks walk every table in the models, so a feature that adds a table with a ``user_id``
or ``enrolment_id`` is held to the same rules without touching this file.
"""

import json
import logging
from datetime import date, datetime

from conftest import PASSWORD
from security_helpers import two_learners  # noqa: F401 (a fixture)
from sqlalchemy import Date, DateTime, select

from learn.certificates.models import Certificate
from learn.evaluation.models import EvaluationComment, EvaluationResponse
from learn.extensions import db
from learn.player.models import Enrolment

# Not about the person: hashes, one-time nonces and lookup digests; what a certificate copies from the
# module and the academy (title, unit, academy, signatory); the shuffled order of a quiz's options.
NOT_EXPORTED = {
    "password_hash",
    "token",
    "token_hash",
    "code_digest",
    "verification_code",
    "id",
    "module_title",
    "points_unit",
    "academy_name",
    "signatory",
    "option_orders",
}


def rows_of(user_id: int) -> dict[str, list[dict]]:
    """Every row in every table that belongs to the user, by user_id or through an enrolment."""
    enrolments = list(db.session.scalars(select(Enrolment.id).filter_by(user_id=user_id)))
    found = {}
    for table in db.metadata.sorted_tables:
        if table.name == "users":
            condition = table.c.id == user_id
        elif "user_id" in table.c:
            condition = table.c.user_id == user_id
        elif "enrolment_id" in table.c:
            condition = table.c.enrolment_id.in_(enrolments or [-1])
        else:
            continue
        rows = [dict(row._mapping) for row in db.session.execute(select(table).where(condition))]
        if rows:
            found[table.name] = rows
    return found


def leaves(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(key)
            yield from leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def everything_stored() -> str:
    parts = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            parts.append(json.dumps(dict(row._mapping), default=str, ensure_ascii=False))
    return "\n".join(parts)


def test_the_export_holds_every_value_stored_about_the_learner(two_learners):
    alice, alice_client, _bob, _ = two_learners
    export = alice_client.get("/profiel/mijn-gegevens").get_data(as_text=True)
    rows = rows_of(alice.user.id)
    assert {
        "users",
        "enrolments",
        "step_states",
        "reflection_answers",
        "quiz_attempts",
        "evaluation_drafts",
        "evaluation_submissions",
        "certificates",
    } <= set(rows)
    missing = []
    for table, table_rows in rows.items():
        for row in table_rows:
            for column, value in row.items():
                if column in NOT_EXPORTED or column.endswith("_id") or value is None or isinstance(value, bool):
                    continue
                for leaf in leaves(value):
                    if isinstance(leaf, (int, float)) and not isinstance(leaf, bool):
                        continue  # numbers are too ambiguous to look for; their column's strings are checked
                    text = json.dumps(leaf, ensure_ascii=False, default=str).strip('"')
                    if isinstance(leaf, (datetime, date)):
                        text = str(leaf)
                    if text and text not in export:
                        missing.append(f"{table}.{column}: {text[:60]}")
    assert missing == [], "\n".join(missing)
    for text in (alice.reflection, alice.draft_text, alice.printed_name, alice.register_number, alice.user.email):
        assert text in export


def test_the_export_holds_nothing_about_anyone_else(two_learners):
    alice, alice_client, bob, _ = two_learners
    export = alice_client.get("/profiel/mijn-gegevens").get_data(as_text=True)
    for text in (bob.secret, bob.user.email, bob.user.name, bob.register_number, bob.certificate.number):
        assert text not in export
    # Not even the learner's own evaluation answers: they are anonymous and cannot be found back.
    assert alice.comment not in export
    assert "password" not in export.lower()


def test_deleting_the_account_removes_the_learners_personal_data(two_learners):
    alice, alice_client, bob, bob_client = two_learners
    responses_before = db.session.scalar(select(db.func.count()).select_from(EvaluationResponse))
    bob_before = rows_of(bob.user.id)
    user_id = alice.user.id
    assert alice_client.post("/profiel/verwijderen", data={"password": PASSWORD}).status_code == 302
    db.session.expire_all()
    assert rows_of(user_id) == {}
    stored = everything_stored()
    for text in (alice.reflection, alice.draft_text, alice.user.email, alice.user.name, alice.attempt_token):
        assert text not in stored, f"{text!r} is still stored after the account was deleted"
    # As designed: the anonymous evaluation (with its comment) and the issued certificate stay.
    assert db.session.scalar(select(db.func.count()).select_from(EvaluationResponse)) == responses_before
    assert alice.comment in stored
    certificate = db.session.get(Certificate, alice.certificate.id)
    assert certificate.user_id is None and certificate.learner_name == alice.printed_name
    assert alice_client.get(f"/verify/{certificate.verification_code}").status_code == 200
    # Signed out, and the other learner has lost nothing.
    assert alice_client.get("/profiel").status_code == 302
    assert rows_of(bob.user.id) == bob_before
    assert bob_client.get("/mijn-reflecties").get_data(as_text=True).count(bob.reflection.split()[-1]) >= 1


def test_a_wrong_password_deletes_nothing(two_learners):
    alice, alice_client, _, _ = two_learners
    before = rows_of(alice.user.id)
    alice_client.post("/profiel/verwijderen", data={"password": "niet mijn wachtwoord"})
    db.session.expire_all()
    after = rows_of(alice.user.id)
    assert after["users"][0].pop("failed_logins") == 1, "a wrong password counts (learn.auth.lockout)"
    before["users"][0].pop("failed_logins")
    assert after == before


def test_evaluation_responses_cannot_be_linked_to_a_person():
    for table in (EvaluationResponse.__table__, EvaluationComment.__table__):
        for column in table.c:
            assert column.name not in ("user_id", "enrolment_id", "email", "name"), f"{table.name}.{column.name}"
            targets = {fk.column.table.name for fk in column.foreign_keys}
            assert targets <= {"evaluation_responses"}, f"{table.name}.{column.name} points to {targets}"
            assert not isinstance(column.type, DateTime), f"{table.name}.{column.name} keeps a moment"
    assert isinstance(EvaluationResponse.__table__.c.month.type, Date)


def test_evaluation_responses_keep_only_the_month_and_a_random_id(two_learners):
    responses = list(db.session.scalars(select(EvaluationResponse)))
    assert len(responses) == 2
    assert all(r.month.day == 1 for r in responses)
    assert all(len(r.id) == 32 and not r.id.isdigit() for r in responses)


def test_no_ip_address_or_browser_is_stored_or_logged(app, two_learners, caplog):
    for table in db.metadata.sorted_tables:
        for column in table.c:
            words = set(column.name.lower().split("_"))  # "memberships_url" is not an address
            assert not words & {"ip", "addr", "address", "agent", "useragent", "host", "hostname"}, (
                f"{table.name}.{column.name}"
            )
    _alice, alice_client, _, _ = two_learners
    with caplog.at_level(logging.INFO):
        alice_client.get("/", environ_base={"REMOTE_ADDR": "203.0.113.77"}, headers={"User-Agent": "Spion/1.0"})
        alice_client.post(
            "/inloggen", data={"email": "x@example.nl", "password": "x"}, environ_base={"REMOTE_ADDR": "203.0.113.77"}
        )
    assert "203.0.113.77" not in caplog.text and "Spion" not in caplog.text
    assert "203.0.113.77" not in everything_stored()
