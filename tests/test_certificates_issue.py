"""Issuing from the module page: what is missing, the confirmation form, once only, and downloads."""

import re

import pytest
from certificate_helpers import complete_module
from conftest import login

from learn.certificates.models import Certificate
from learn.extensions import db

MODULE = "/modules/kennismaking"


def checklist(page: str) -> dict[str, bool]:
    """The certificate conditions on the module page: label -> met."""
    items = re.findall(r'<li class="(met|open)">\s*<span class="check"[^>]*>.</span>\s*<span>([^<]+)', page)
    return {label.strip(): state == "met" for state, label in items}


def test_module_page_lists_the_conditions_as_a_checklist(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module, steps=False, passed=False, evaluated=False)
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert checklist(page) == {"Alle stappen gedaan": False, "Eindtoets gehaald": False, "Evaluatie ingevuld": False}
    assert page.count("Alle stappen gedaan") == 1, "one list for every register, not one per register"
    assert "Nog 5 stappen te doen" in page  # 7 steps, 2 done
    assert "Certificaat aanvragen" not in page


def test_only_the_evaluation_missing(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module, evaluated=False)
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert checklist(page) == {"Alle stappen gedaan": True, "Eindtoets gehaald": True, "Evaluatie ingevuld": False}
    assert learner_client.get(f"{MODULE}/certificaat/SKJ").status_code == 302


def test_eligible_learner_is_offered_a_certificate_per_register(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert page.count("Certificaat aanvragen") == 2
    form = learner_client.get(f"{MODULE}/certificaat/SKJ").get_data(as_text=True)
    assert learner.name in form and "Registratienummer bij SKJ" in form


def test_register_number_is_required_where_the_register_asks(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    response = learner_client.post(f"{MODULE}/certificaat/SKJ", data={"learner_name": "Zoë Visser", "confirm": "y"})
    assert response.status_code == 200
    assert "Vul je registratienummer bij SKJ in." in response.get_data(as_text=True)
    assert db.session.query(Certificate).count() == 0
    response = learner_client.post(
        f"{MODULE}/certificaat/Registerplein",
        data={"learner_name": "Zoë Visser", "confirm": "y", "register_number": "1234"},
    )
    assert "begint met 4610" in response.get_data(as_text=True)


def test_name_must_be_confirmed(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    response = learner_client.post(f"{MODULE}/certificaat/Registerplein", data={"learner_name": "Zoë Visser"})
    assert response.status_code == 200 and db.session.query(Certificate).count() == 0


def test_issue_records_the_confirmed_name_and_facts(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    response = learner_client.post(
        f"{MODULE}/certificaat/SKJ",
        data={"learner_name": "  Zoë   Anaïs Hélène de Vries ", "register_number": " 1200 34567 ", "confirm": "y"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/mijn-certificaten")
    certificate = db.session.query(Certificate).one()
    assert certificate.learner_name == "Zoë Anaïs Hélène de Vries"
    assert certificate.register_number == "120034567"
    assert certificate.number == f"LP-{certificate.issued_at.year}-{certificate.id:06d}"
    assert (certificate.module_id, certificate.module_version, certificate.register) == ("kennismaking", "1.0", "SKJ")
    assert certificate.accreditation_number == "VOORBEELD-SKJ-0000" and certificate.points == 0.5
    assert certificate.completion_date.isoformat() == "2026-11-20"
    assert certificate.academy_name == "Leerpad Academie" and certificate.signatory.startswith("Drs.")
    assert len(certificate.verification_code) >= 32  # 32 random bytes, url-safe
    page = learner_client.get("/mijn-certificaten").get_data(as_text=True)
    assert certificate.number in page
    overview = learner_client.get(MODULE).get_data(as_text=True)
    assert "Download certificaat (PDF)" in overview and overview.count("Certificaat aanvragen") == 1


def test_a_double_submit_issues_one_certificate(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module)
    data = {"learner_name": "Zoë Visser", "confirm": "y"}
    first = learner_client.post(f"{MODULE}/certificaat/Registerplein", data=data)
    second = learner_client.post(f"{MODULE}/certificaat/Registerplein", data=data)
    assert first.status_code == second.status_code == 302
    assert db.session.query(Certificate).count() == 1


def test_issue_service_is_idempotent_and_unique_per_register(app, learner, fixture_module):
    from learn.certificates import issuing

    enrolment = complete_module(learner, fixture_module)
    rp = issuing.accreditation_for(fixture_module, "registerplein")
    first = issuing.issue(learner, fixture_module, rp, enrolment, "Zoë")
    again = issuing.issue(learner, fixture_module, rp, enrolment, "Iemand anders")
    assert again.id == first.id and again.learner_name == "Zoë"
    skj = issuing.accreditation_for(fixture_module, "SKJ")
    other = issuing.issue(learner, fixture_module, skj, enrolment, "Zoë", "120034567")
    db.session.commit()
    assert other.id != first.id and db.session.query(Certificate).count() == 2


def test_the_unique_key_holds_in_the_database(app, learner, fixture_module):
    from sqlalchemy.exc import IntegrityError

    from learn.certificates import issuing

    enrolment = complete_module(learner, fixture_module)
    first = issuing.issue(learner, fixture_module, fixture_module.accreditations[1], enrolment, "Zoë")
    db.session.commit()
    duplicate = Certificate(
        **{
            c: getattr(first, c)
            for c in (
                "user_id",
                "edition",
                "learner_name",
                "module_id",
                "module_title",
                "module_version",
                "register",
                "accreditation_number",
                "points",
                "points_unit",
                "completion_date",
                "academy_name",
                "signatory",
            )
        },
        verification_code="x",
        code_digest="y",
    )
    db.session.add(duplicate)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_not_eligible_cannot_post_a_certificate(learner_client, learner, fixture_module):
    complete_module(learner, fixture_module, passed=False)
    response = learner_client.post(f"{MODULE}/certificaat/Registerplein", data={"learner_name": "Zoë", "confirm": "y"})
    assert response.status_code == 302
    assert db.session.query(Certificate).count() == 0


def test_placeholder_numbers_give_no_certificate_in_production_mode(app, learner_client, learner, fixture_module):
    app.config["CERTIFICATES_ALLOW_PLACEHOLDER"] = False
    complete_module(learner, fixture_module)
    page = learner_client.get(MODULE).get_data(as_text=True)
    assert "Het accreditatienummer bij SKJ is nog voorlopig" in page
    assert "Certificaat aanvragen" not in page


def test_download_again_and_not_someone_elses(client, make_user, fixture_module):
    owner, other = make_user(), make_user()
    complete_module(owner, fixture_module)
    login(client, owner)
    client.post(f"{MODULE}/certificaat/Registerplein", data={"learner_name": "Zoë", "confirm": "y"})
    number = db.session.query(Certificate).one().number
    first = client.get(f"/mijn-certificaten/{number}.pdf")
    assert first.status_code == 200 and first.mimetype == "application/pdf"
    assert client.get(f"/mijn-certificaten/{number}.pdf").data == first.data
    client.post("/uitloggen")
    login(client, other)
    assert client.get(f"/mijn-certificaten/{number}.pdf").status_code == 404
    assert client.get("/mijn-certificaten/LP-2026-999999.pdf").status_code == 404


def test_pages_need_a_login(client):
    assert client.get("/mijn-certificaten").status_code in (302, 401)
    assert client.get(f"{MODULE}/certificaat/SKJ").status_code in (302, 401)


def test_printed_name_is_normalized():
    from learn.certificates.issuing import clean_name

    assert clean_name("Zoe\u0308\u00a0 van\tDijk\u0000") == "Zoë van Dijk"
