"""The admin's user pages: create, reset mail, deactivate, role, a search that survives saving, sorting,
pages of 50, demo accounts out of the way; and one learner's record, which never shows what they wrote."""

import logging
import re
from datetime import datetime

import pytest
from certificate_helpers import REFLECTION, complete_module
from conftest import PASSWORD, login
from sqlalchemy import func, insert, select

from learn.assessment.models import AttemptGrant, QuizAttempt
from learn.auth.models import User
from learn.evaluation.models import EvaluationComment, EvaluationDraft, EvaluationResponse
from learn.extensions import db
from learn.player.models import Enrolment
from learn.studytime.models import StepStudyTime

USERS = "/beheer/gebruikers"


@pytest.fixture
def admin(app, make_user):
    client = app.test_client()
    user = make_user(role="admin", email="bea@example.nl", name="Bea Beheer")
    login(client, user)
    client.user = user
    return client


def names_on(page: str) -> list[str]:
    return re.findall(r'<p class="user-name"><a href="/beheer/gebruikers/\d+">([^<]+)</a>', page)


def mailed_link(caplog, path: str) -> str:
    return re.findall(rf"http://leerpad\.test({path}\S+)", caplog.text)[-1]


def test_an_admin_creates_an_account_and_its_owner_chooses_the_password_by_mail(app, admin, caplog):
    with caplog.at_level(logging.INFO):
        response = admin.post(
            f"{USERS}/nieuw", data={"name": "Noor Nieuw", "email": " Noor@Example.nl", "role": "trainer"}
        )
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(email="noor@example.nl"))
    assert user.name == "Noor Nieuw" and user.role == "trainer" and user.active
    assert response.headers["Location"].endswith(f"{USERS}/{user.id}")
    assert "mail (not sent, MAIL_BACKEND=log) to noor@example.nl" in caplog.text
    link = mailed_link(caplog, "/wachtwoord-herstellen/")  # absolute, from BASE_URL
    owner = app.test_client()
    assert (
        owner.post(link, data={"password": "een eigen wachtwoord", "confirm": "een eigen wachtwoord"}).status_code
        == 302
    )
    assert (
        owner.post("/inloggen", data={"email": "noor@example.nl", "password": "een eigen wachtwoord"}).status_code
        == 302
    )


def test_a_second_account_for_an_address_is_refused_and_the_form_keeps_what_was_typed(admin, make_user):
    make_user(email="dubbel@example.nl")
    response = admin.post(
        f"{USERS}/nieuw", data={"name": "Dirk Dubbel", "email": "DUBBEL@example.nl", "role": "learner"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Er is al een account met dit e-mailadres." in page
    assert 'value="Dirk Dubbel"' in page
    assert db.session.scalar(select(func.count(User.id)).filter_by(email="dubbel@example.nl")) == 1
    assert admin.post(f"{USERS}/nieuw", data={"name": "", "email": "geen-adres", "role": "learner"}).status_code == 400


def test_an_admin_sends_a_reset_mail_in_the_owners_language(admin, make_user, caplog):
    user = make_user(email="lid@example.nl", name="Lid")
    user.locale = "en"
    db.session.commit()
    with caplog.at_level(logging.INFO):
        response = admin.post(f"{USERS}/{user.id}/wachtwoordmail", follow_redirects=True)
    assert "lid@example.nl krijgt een mail" in response.get_data(as_text=True)
    assert "to lid@example.nl: New password" in caplog.text
    assert mailed_link(caplog, "/wachtwoord-herstellen/")


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(app, admin, make_user, caplog):
    user = make_user(email="stop@example.nl")
    own = app.test_client()
    login(own, user)
    assert own.get("/profiel").status_code == 200
    admin.post(f"{USERS}/{user.id}", data={f"u{user.id}-role": "learner"})  # "Actief" unticked
    db.session.refresh(user)
    assert not user.active
    assert "/inloggen" in own.get("/profiel").headers["Location"]
    assert app.test_client().post("/inloggen", data={"email": user.email, "password": PASSWORD}).status_code != 302
    with caplog.at_level(logging.INFO):
        page = admin.post(f"{USERS}/{user.id}/wachtwoordmail", follow_redirects=True).get_data(as_text=True)
    assert "Dit account is gestopt" in page and "wachtwoord-herstellen" not in caplog.text


def test_changing_a_role_keeps_the_search_sort_filter_and_page(admin, make_user):
    user = make_user(email="rol@example.nl", name="Rik Rol")
    response = admin.post(
        f"{USERS}/{user.id}?q=rol&sort=activiteit&demo=1&page=1",
        data={f"u{user.id}-role": "trainer", f"u{user.id}-active": "y"},
    )
    db.session.refresh(user)
    assert user.role == "trainer" and user.active
    location = response.headers["Location"]
    assert all(part in location for part in ("q=rol", "sort=activiteit", "demo=1", "page=1"))
    page = admin.get(location).get_data(as_text=True)
    assert 'value="rol"' in page and "rol@example.nl is bijgewerkt." in page
    assert f'action="/beheer/gebruikers/{user.id}?q=rol&amp;sort=activiteit&amp;page=1&amp;demo=1"' in page


def test_an_admin_cannot_take_away_their_own_admin_rights(admin):
    me = admin.user
    response = admin.post(f"{USERS}/{me.id}?q=bea", data={f"u{me.id}-role": "learner", f"u{me.id}-active": "y"})
    assert "q=bea" in response.headers["Location"]
    db.session.refresh(me)
    assert me.role == "admin"


def test_sorted_by_name_and_by_last_activity_as_moments_not_as_text(admin, make_user, fixture_module):
    users = {name: make_user(name=name) for name in ("anna", "Bram", "Cor", "Daan")}
    # Short dates read 05-02 and 10-01: as text January would come first, as moments February does.
    for name, when in (
        ("Cor", datetime(2026, 1, 10, 9)),
        ("anna", datetime(2026, 2, 5, 9)),
        ("Daan", datetime(2025, 12, 31)),
    ):
        db.session.add(Enrolment(user_id=users[name].id, module_id=fixture_module.id, last_activity_at=when))
    db.session.commit()
    by_name = names_on(admin.get(USERS).get_data(as_text=True))
    assert by_name == ["anna", "Bea Beheer", "Bram", "Cor", "Daan"]  # case-insensitive
    by_activity = names_on(admin.get(f"{USERS}?sort=activiteit").get_data(as_text=True))
    # Bea signed in just now; Bram never did anything and comes last.
    assert by_activity == ["Bea Beheer", "anna", "Cor", "Daan", "Bram"]


def test_fifty_to_a_page_with_links_that_keep_the_search(admin, make_user):
    db.session.execute(
        insert(User),
        [
            {"email": f"deelnemer{n:03d}@example.nl", "name": f"Deelnemer {n:03d}", "password_hash": "!"}
            for n in range(120)
        ],
    )
    db.session.commit()
    first = admin.get(f"{USERS}?q=deelnemer&sort=naam").get_data(as_text=True)
    assert len(names_on(first)) == 50 and "120 gebruikers" in first and "Pagina 1 van 3" in first
    assert 'href="/beheer/gebruikers?page=2&amp;q=deelnemer&amp;sort=naam" rel="next"' in first
    last = admin.get(f"{USERS}?q=deelnemer&sort=naam&page=3").get_data(as_text=True)
    assert names_on(last) == [f"Deelnemer {n:03d}" for n in range(100, 120)]
    assert admin.get(f"{USERS}?page=99999999999").status_code in (200, 404)


def test_demo_accounts_are_marked_and_left_out_unless_asked_for(app, admin, runner, make_user):
    make_user(name="Echte Deelnemer")
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    demo = db.session.scalar(select(func.count(User.id)).where(User.demo.is_(True)))
    made_up = db.session.scalar(select(func.count(User.id)).filter_by(name="Oud-deelnemer", demo=True))
    # The four sign-in accounts, Jorik (whose certificate is revoked) and the made-up former learners.
    assert made_up > 0 and demo == made_up + 5
    page = admin.get(USERS).get_data(as_text=True)
    assert names_on(page) == ["Bea Beheer", "Echte Deelnemer"]
    assert f"{demo} demo-accounts verborgen" in page and "Oud-deelnemer" not in page
    shown = admin.get(f"{USERS}?demo=1&q=oud-deelnemer").get_data(as_text=True)
    assert "Oud-deelnemer" in shown and '<span class="badge">demo</span>' in shown


def test_a_learners_record_shows_progress_time_scores_and_certificates_never_what_they_wrote(
    app, admin, make_user, fixture_module
):
    learner = make_user(name="Lotte Leerling")
    enrolment = complete_module(learner, fixture_module)  # reflections of real length, a passed final test
    db.session.add(StepStudyTime(enrolment_id=enrolment.id, step_id="eigen-praktijk", seconds=1500))
    draft_text = "Mijn geloof speelt mee in hoe ik naar ouders kijk"
    db.session.add(
        EvaluationDraft(
            user_id=learner.id, module_id=fixture_module.id, module_version="1.0", answers={"anders_doen": draft_text}
        )
    )
    response = EvaluationResponse(
        module_id=fixture_module.id,
        module_version="1.0",
        form_name="standaard",
        month=datetime(2026, 11, 1).date(),
        grade=8,
    )
    response.comments.append(
        EvaluationComment(
            module_id=fixture_module.id,
            module_version="1.0",
            month=datetime(2026, 11, 1).date(),
            field_id="hielp",
            body="Een anonieme opmerking over de module",
        )
    )
    db.session.add(response)
    db.session.commit()
    from learn.certificates import issuing

    with app.test_request_context():
        certificate = issuing.issue(
            learner, fixture_module, fixture_module.accreditations[0], enrolment, learner.name, "4610999999"
        )
    db.session.commit()

    page = admin.get(f"{USERS}/{learner.id}").get_data(as_text=True)
    assert "Lotte Leerling" in page and fixture_module.title in page
    for chapter in fixture_module.chapters:
        assert f"<td>{chapter.title}</td><td>{len(chapter.steps)} / {len(chapter.steps)}</td>" in page
    assert "25 minuten" in page  # the chapter with eigen-praktijk
    assert "90%" in page and "geslaagd" in page
    assert certificate.number in page
    for private in (REFLECTION, draft_text, "Een anonieme opmerking over de module"):
        assert private not in page
    assert 'name="reason"' not in page  # passed: no extra attempt to give


def fail_every_attempt(learner, module):
    enrolment = Enrolment(user_id=learner.id, module_id=module.id)
    db.session.add(enrolment)
    db.session.flush()
    final = module.final_quiz
    for number in range(1, final.max_attempts + 1):
        db.session.add(
            QuizAttempt(
                enrolment_id=enrolment.id,
                step_id=final.id,
                number=number,
                module_version="1.0",
                final=True,
                token=f"fail-{number}",
                percentage=30.0,
                passed=False,
                score=3,
                max_score=10,
                submitted_at=datetime(2026, 11, 20, 10, number),
            )
        )
    db.session.commit()
    return enrolment


def test_an_extra_attempt_is_granted_from_the_learners_page_once_with_the_reason(admin, make_user, fixture_module):
    learner = make_user(name="Pim Pech")
    enrolment = fail_every_attempt(learner, fixture_module)
    page = admin.get(f"{USERS}/{learner.id}").get_data(as_text=True)
    assert "Alle pogingen voor de eindtoets zijn gebruikt" in page and "30%" in page
    assert (
        admin.post(
            f"{USERS}/{learner.id}/extra-poging", data={"module_id": fixture_module.id, "reason": " "}
        ).status_code
        == 302
    )
    assert db.session.scalar(select(func.count(AttemptGrant.id))) == 0
    data = {"module_id": fixture_module.id, "reason": "Stroom viel uit tijdens poging 3"}
    done = admin.post(f"{USERS}/{learner.id}/extra-poging", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Pim Pech kan de eindtoets van" in done and "Stroom viel uit tijdens poging 3" in done
    again = admin.post(f"{USERS}/{learner.id}/extra-poging", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Deze deelnemer heeft nog een poging over." in again
    grant = db.session.scalars(select(AttemptGrant)).one()
    assert (grant.enrolment_id, grant.granted_by, grant.reason) == (enrolment.id, "Bea Beheer", data["reason"])
    assert 'name="reason"' not in admin.get(f"{USERS}/{learner.id}").get_data(as_text=True)


def test_only_admins_see_a_learners_record(app, make_user, learner):
    for role in ("trainer", "institution", "learner"):
        client = app.test_client()
        login(client, make_user(role=role))
        assert client.get(f"{USERS}/{learner.id}").status_code == 403
        assert (
            client.post(
                f"{USERS}/{learner.id}/extra-poging", data={"module_id": "kennismaking", "reason": "x"}
            ).status_code
            == 403
        )
