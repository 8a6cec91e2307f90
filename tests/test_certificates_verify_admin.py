"""Public verification, the admin pages (revoke, reissue, export) and the CLI."""

import csv
import io

import pytest
from certificate_helpers import complete_module
from conftest import login, make_app

from learn.certificates import issuing
from learn.certificates.models import Certificate
from learn.extensions import db


@pytest.fixture
def certificate(app, learner, fixture_module):
    enrolment = complete_module(learner, fixture_module)
    issued = issuing.issue(
        learner,
        fixture_module,
        issuing.accreditation_for(fixture_module, "Registerplein"),
        enrolment,
        "Zoë Visser",
        "4610123456",
    )
    db.session.commit()
    return issued


@pytest.fixture
def admin_client(client, make_user):
    login(client, make_user("admin"))
    return client


def test_verify_valid_needs_no_login_and_shows_only_the_public_facts(client, certificate):
    response = client.get(f"/verify/{certificate.verification_code}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Geldig certificaat" in page
    # what the certificate itself says: number, module and version, accreditation number, points, date, study time
    for shown in (
        certificate.number,
        "Zoë Visser",
        "Kennismaking met Leerpad (versie 1.0)",
        "20 november 2026",
        "Registerplein",
        "VOORBEELD-RP-0000",
        "0,5",
        "30 minuten",
    ):
        assert shown in page
    for hidden in ("4610123456", "learner", "@example.nl"):  # no more personal data than the certificate shows
        assert hidden not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_verify_revoked_shows_the_date(client, certificate):
    issuing.revoke(certificate, "Fraude")
    db.session.commit()
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Ingetrokken op" in page and "niet meer geldig" in page and "Geldig certificaat" not in page
    assert "Fraude" not in page


def test_verify_replaced_says_so(client, certificate):
    new = issuing.reissue(certificate, "Zoë Visser-Bakker")
    db.session.commit()
    assert "Vervangen op" in client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "Geldig certificaat" in client.get(f"/verify/{new.verification_code}").get_data(as_text=True)


@pytest.mark.parametrize(
    "code",
    [
        "A" * 43,
        "onbekend",
        "x",
        "../../etc/passwd",
        "a/b/c",
        "%00",
        "é" * 10,
        "'; DROP TABLE certificates; --",
        "Z" * 500,
    ],
)
def test_unknown_and_malformed_codes_get_the_same_answer(client, certificate, code):
    reference = client.get("/verify/" + "B" * 43)
    response = client.get("/verify/" + code)
    assert response.status_code == reference.status_code == 404
    assert response.get_data() == reference.get_data()


def test_a_code_differing_in_case_or_one_character_is_unknown(client, certificate):
    code = certificate.verification_code
    assert client.get(f"/verify/{code.swapcase()}").status_code == 404
    assert client.get(f"/verify/{code[:-1]}").status_code == 404


def test_verify_is_rate_limited(database_url):
    limited = make_app(database_url, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://")
    client = limited.test_client()
    with limited.app_context():
        statuses = [client.get("/verify/" + "C" * 43).status_code for _ in range(25)]
    assert statuses[:20] == [404] * 20
    assert statuses[-5:] == [429] * 5


@pytest.mark.parametrize("role", ["learner", "trainer", "institution"])
def test_admin_pages_are_admin_only(client, make_user, certificate, role):
    login(client, make_user(role))
    for url in (
        "/beheer/certificaten",
        f"/beheer/certificaten/{certificate.id}",
        f"/beheer/certificaten/{certificate.id}/pdf",
        "/beheer/certificaten/export?register=Registerplein",
    ):
        assert client.get(url).status_code == 403, url
    for url in (
        f"/beheer/certificaten/{certificate.id}/intrekken",
        f"/beheer/certificaten/{certificate.id}/heruitgeven",
    ):
        assert client.post(url, data={"reason": "x", "learner_name": "x"}).status_code == 403, url
    assert certificate.status == "valid"


def test_admin_lists_and_searches(admin_client, certificate):
    page = admin_client.get("/beheer/certificaten?q=visser").get_data(as_text=True)
    assert certificate.number in page and "Zoë Visser" in page
    page = admin_client.get("/beheer/certificaten?q=nobody").get_data(as_text=True)
    assert certificate.number not in page and "Geen certificaten gevonden." in page
    assert "Certificaten" in admin_client.get("/").get_data(as_text=True)  # menu entry


def test_admin_revokes_with_a_reason_and_the_pdf_stays(admin_client, certificate):
    assert admin_client.post(f"/beheer/certificaten/{certificate.id}/intrekken", data={"reason": ""}).status_code == 400
    response = admin_client.post(
        f"/beheer/certificaten/{certificate.id}/intrekken", data={"reason": "Dubbel", "confirm": "y"}
    )
    assert response.status_code == 302
    db.session.refresh(certificate)
    assert certificate.status == "revoked" and certificate.revoke_reason == "Dubbel"
    assert admin_client.get(f"/beheer/certificaten/{certificate.id}/pdf").status_code == 200


def test_admin_reissues_after_a_name_correction(admin_client, certificate):
    response = admin_client.post(
        f"/beheer/certificaten/{certificate.id}/heruitgeven",
        data={"learner_name": "Zoë Visser-Bakker", "register_number": ""},
    )
    assert response.status_code == 302
    db.session.refresh(certificate)
    new = certificate.replaced_by
    assert certificate.status == "replaced" and new.status == "valid"
    assert new.learner_name == "Zoë Visser-Bakker" and new.register_number == "4610123456"
    assert new.edition == 2 and new.number != certificate.number
    assert new.verification_code != certificate.verification_code
    assert (new.completion_date, new.accreditation_number) == (
        certificate.completion_date,
        certificate.accreditation_number,
    )
    # A second submit of the same form issues nothing new.
    admin_client.post(f"/beheer/certificaten/{certificate.id}/heruitgeven", data={"learner_name": "Zoë Visser-Bakker"})
    assert db.session.query(Certificate).count() == 2


def test_reissue_rejects_a_bad_register_number(admin_client, certificate):
    response = admin_client.post(
        f"/beheer/certificaten/{certificate.id}/heruitgeven", data={"learner_name": "Zoë", "register_number": "999"}
    )
    assert response.status_code == 400 and db.session.query(Certificate).count() == 1


def test_learner_sees_a_revoked_certificate_as_revoked(learner_client, certificate):
    issuing.revoke(certificate, "Fout")
    db.session.commit()
    assert "ingetrokken" in learner_client.get("/mijn-certificaten").get_data(as_text=True)


def _rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_csv_export_per_register_and_period(admin_client, make_user, fixture_module, certificate):
    other = make_user(name='=HYPERLINK("x")')
    enrolment = complete_module(other, fixture_module)
    skj = issuing.issue(
        other,
        fixture_module,
        issuing.accreditation_for(fixture_module, "SKJ"),
        enrolment,
        '=HYPERLINK("x")',
        "120034567",
    )
    db.session.commit()
    response = admin_client.get("/beheer/certificaten/export?register=Registerplein&start=2026-11-01&end=2026-11-30")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "certificaten-Registerplein-2026-11-01-2026-11-30.csv" in response.headers["Content-Disposition"]
    rows = _rows(response.data)
    assert rows[0][:7] == [
        "Naam",
        "Registratienummer",
        "Register",
        "Accreditatienummer",
        "Punten",
        "Eenheid",
        "Datum afronding",
    ]
    assert rows[1][:7] == [
        "Zoë Visser",
        "4610123456",
        "Registerplein",
        "VOORBEELD-RP-0000",
        "0,5",
        "punten",
        "2026-11-20",
    ]
    assert rows[1][9] == certificate.number and len(rows) == 2
    outside = admin_client.get("/beheer/certificaten/export?register=Registerplein&start=2026-12-01")
    assert len(_rows(outside.data)) == 1
    skj_rows = _rows(admin_client.get("/beheer/certificaten/export?register=SKJ").data)
    assert skj_rows[1][0] == '\'=HYPERLINK("x")'  # a spreadsheet formula is defused
    assert skj.number in skj_rows[1]


def test_csv_export_leaves_out_revoked_and_replaced(admin_client, certificate):
    new = issuing.reissue(certificate, "Zoë Visser-Bakker")
    db.session.commit()
    rows = _rows(admin_client.get("/beheer/certificaten/export?register=Registerplein").data)
    assert [row[9] for row in rows[1:]] == [new.number]
    issuing.revoke(new, "Fout")
    db.session.commit()
    assert len(_rows(admin_client.get("/beheer/certificaten/export?register=Registerplein").data)) == 1


def test_cli_list_revoke_reissue_export(runner, certificate, tmp_path):
    listed = runner.invoke(args=["certificates", "list", "-q", "visser"])
    assert certificate.number in listed.output and "valid" in listed.output
    reissued = runner.invoke(args=["certificates", "reissue", certificate.number, "--name", "Zoë V."])
    assert reissued.exit_code == 0 and "replaces" in reissued.output
    new = db.session.query(Certificate).filter_by(edition=2).one()
    revoked = runner.invoke(args=["certificates", "revoke", new.number, "--reason", "test"])
    assert revoked.exit_code == 0 and new.number in revoked.output
    assert runner.invoke(args=["certificates", "reissue", new.number, "--name", "X"]).exit_code != 0
    assert runner.invoke(args=["certificates", "revoke", "LP-0000-000000", "--reason", "x"]).exit_code != 0
    output = tmp_path / "rp.csv"
    exported = runner.invoke(
        args=["certificates", "export", "--register", "Registerplein", "--from", "2026-01-01", "-o", str(output)]
    )
    assert exported.exit_code == 0
    assert output.read_text(encoding="utf-8").startswith("\ufeffNaam;Registratienummer")


def test_personal_data_export_includes_certificates(app, learner, certificate):
    import json

    from learn.privacy import personal_data

    data = json.loads(personal_data(learner))
    assert data["certificates"][0]["number"] == certificate.number


def test_deleting_the_account_keeps_the_certificate_verifiable(client, learner, certificate):
    db.session.delete(learner)
    db.session.commit()
    assert client.get(f"/verify/{certificate.verification_code}").status_code == 200


def test_models_and_migrations_agree(app):
    from learn.migrate import schema_differences

    assert [d for d in schema_differences() if "certificates" in repr(d)] == []
