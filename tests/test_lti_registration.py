"""Registering an LMS: the admin page, ``learn lti add-platform``, and Dynamic Registration's refusals;
deep-linking requests Leerpad refuses; what an LTI learner has in certificates, evaluation and their data."""

import re

import requests
from certificate_helpers import complete_module
from conftest import login
from evaluation_helpers import VALID_ANSWERS
from lti_helpers import COURSE, LmsClient, leerpad, lms  # noqa: F401
from sqlalchemy import select, update

from learn.certificates.models import Certificate
from learn.content.library import get_library
from learn.extensions import db
from learn.lti import registry
from learn.lti.models import LtiAccount, LtiPlatform
from learn.player.models import Enrolment
from learn.testing.lti_platform import TestPlatform

FORM = {
    "name": "Moodle Hogeschool Noord",
    "issuer": "https://moodle.hsnoord.example",
    "client_id": "Xk3pR9",
    "deployment_ids": "1\n7",
    "auth_login_url": "https://moodle.hsnoord.example/mod/lti/auth.php",
    "auth_token_url": "https://moodle.hsnoord.example/mod/lti/token.php",
    "key_set_url": "https://moodle.hsnoord.example/mod/lti/certs.php",
    "frame_origins": "https://leren.hsnoord.example",
}


def test_an_admin_registers_a_platform_by_hand_and_sees_what_to_give_the_lms(client, make_user):
    login(client, make_user("admin"))
    page = client.get("/beheer/lti")
    assert page.status_code == 200
    for url in ("/lti/login", "/lti/launch", "/lti/jwks", "/lti/kiezen"):
        assert f"http://leerpad.test{url}" in page.get_data(as_text=True)
    assert client.post("/beheer/lti/platforms", data=FORM).status_code == 302
    platform = db.session.scalar(select(LtiPlatform))
    assert (platform.name, platform.client_id) == ("Moodle Hogeschool Noord", "Xk3pR9")
    assert [d.deployment_id for d in platform.deployments] == ["1", "7"]
    assert platform.frame_origins == ["https://moodle.hsnoord.example", "https://leren.hsnoord.example"]
    # The same issuer and client again: a deployment added, nothing doubled.
    assert client.post("/beheer/lti/platforms", data={**FORM, "deployment_ids": "7\n9"}).status_code == 302
    assert [d.deployment_id for d in db.session.scalar(select(LtiPlatform)).deployments] == ["1", "7", "9"]


def test_a_platform_form_with_mistakes_comes_back_with_messages_and_stores_nothing(client, make_user):
    login(client, make_user("admin"))
    response = client.post(
        "/beheer/lti/platforms",
        data={**FORM, "issuer": "moodle.hsnoord", "frame_origins": "https://ok.example\nniet een adres; script-src *"},
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Vul een webadres in dat begint met https://" in body and "Dit is geen webadres" in body
    assert 'value="Xk3pR9"' in body  # what was typed stays
    assert db.session.scalar(select(LtiPlatform)) is None


def test_a_platform_switched_off_launches_nobody(lms, leerpad, client, make_user):
    login(client, make_user("admin"))
    platform = db.session.scalar(select(LtiPlatform))
    assert client.post(f"/beheer/lti/platforms/{platform.id}/actief").status_code == 302
    link = lms.add_link(COURSE, "Kennismaking", leerpad + "/modules/kennismaking")
    tool = next(iter(lms.tools.values()))
    refused = LmsClient().get(lms.login_initiation(tool, "learner-1", f"link:{link.id}", link.url))
    assert refused.status_code == 400 and "lti-platform" in refused.text


CANVAS = (
    "lti add-platform --name Canvas --issuer https://canvas.instructure.com --client-id 10000000000042"
    " --deployment-id 12:8865aa05b4b79b64a91a86042e43af5ea8ae79eb"
    " --auth-url https://sso.canvaslms.com/api/lti/authorize_redirect"
    " --token-url https://sso.canvaslms.com/login/oauth2/token"
    " --jwks-url https://sso.canvaslms.com/api/lti/security/jwks --frame-origin https://hsnoord.instructure.com"
)


def test_learn_lti_add_platform_and_platforms(runner):
    result = runner.invoke(args=CANVAS.split())
    assert result.exit_code == 0, result.output
    listed = runner.invoke(args=["lti", "platforms"])
    assert "Canvas\thttps://canvas.instructure.com\t10000000000042" in listed.output
    assert "tool login: http://leerpad.test/lti/login" in listed.output
    wrong = runner.invoke(args=CANVAS.replace("https://canvas.instructure.com", "canvas").split())
    assert wrong.exit_code == 1 and "not an http(s) address" in wrong.output
    link = runner.invoke(args=["lti", "registration-link"])
    assert link.output.startswith("http://leerpad.test/lti/registreren/")


def test_a_registration_link_works_once(leerpad):
    platform = TestPlatform().start()
    try:
        invite = registry.new_invite_url()
        client = LmsClient()
        for attempt in range(2):
            token = f"token-{attempt}"
            platform.registration_tokens.add(token)
            params = {"openid_configuration": f"{platform.url}/openid-configuration", "registration_token": token}
            response = requests.post(invite, data=params, timeout=30)
            if attempt == 0:
                assert response.status_code == 200 and "Klaar" in response.text
            else:
                assert response.status_code == 400 and "verlopen of al gebruikt" in response.text
        assert f"frame-ancestors {platform.url}" in response.headers["Content-Security-Policy"]
        assert (
            len(platform.registrations) == 1
            and client.get(invite.replace("/registreren/", "/registreren/x")).status_code == 400
        )
    finally:
        platform.stop()


def test_a_registration_from_a_configuration_on_another_host_is_refused(leerpad):
    platform = TestPlatform().start()
    try:
        platform.issuer = "https://someone-else.example"  # the configuration claims an issuer it does not live at
        platform.registration_tokens.add("t")
        params = {"openid_configuration": f"{platform.url}/openid-configuration", "registration_token": "t"}
        response = requests.post(registry.new_invite_url(), data=params, timeout=30)
        assert response.status_code == 502 and "Koppelen lukte niet" in response.text
        assert "is not on the host of" in response.text
        assert db.session.scalar(select(LtiPlatform)) is None and platform.registrations == []
    finally:
        platform.stop()


def test_the_registration_request_asks_only_for_what_leerpad_uses(leerpad):
    platform = TestPlatform().start()
    try:
        platform.registration_tokens.add("t")
        params = {"openid_configuration": f"{platform.url}/openid-configuration", "registration_token": "t"}
        requests.post(registry.new_invite_url(), data=params, timeout=30)
        sent = platform.registrations[0]
        assert sent["scope"].split() == [
            "https://purl.imsglobal.org/spec/lti-ags/scope/score",
            "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
        ]
        configuration = sent["https://purl.imsglobal.org/spec/lti-tool-configuration"]
        assert "email" not in configuration["claims"]  # collected nowhere, so not asked for
        assert {m["type"] for m in configuration["messages"]} == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
        assert configuration["domain"] == leerpad.removeprefix("http://")
        assert all(
            u.startswith(leerpad) for u in (sent["initiate_login_uri"], sent["jwks_uri"], *sent["redirect_uris"])
        )
    finally:
        platform.stop()


def test_a_learner_cannot_start_deep_linking(lms, leerpad):
    before = db.session.scalar(select(LtiAccount))
    client = LmsClient()
    action, fields = client.login(lms, "learner-1", f"deeplink:{COURSE}", leerpad + "/lti/kiezen")
    response = client.post(action, fields)
    assert response.status_code == 400 and "lti-message" in response.text
    assert before is None and db.session.scalar(select(LtiAccount)) is None
    assert client.get(leerpad + "/lti/kiezen").status_code in (302, 404)  # nothing to choose for


def test_an_lti_learner_evaluates_gets_a_certificate_with_the_lms_name_and_gives_the_register_number_once(lms, leerpad):
    module = get_library().get("kennismaking")
    client = LmsClient()
    client.launch(lms, "learner-1", lms.add_link(COURSE, "Kennismaking", leerpad + "/modules/kennismaking"))
    account = db.session.scalar(select(LtiAccount).filter_by(subject="learner-1"))
    db.session.delete(db.session.scalar(select(Enrolment).filter_by(user_id=account.user_id)))  # made by the launch
    db.session.commit()
    complete_module(account.user, module, evaluated=False)  # done, passed: what the journey test clicks through

    evaluation = client.post(f"{leerpad}/modules/kennismaking/evaluatie", VALID_ANSWERS)
    assert evaluation.status_code == 302
    form = client.get(f"{leerpad}/modules/kennismaking/certificaat/SKJ")
    assert form.status_code == 200
    assert re.search(r'name="learner_name"[^>]*value="Cursist1 Jansen"', form.text)  # the name the LMS gave
    issued = client.post(
        f"{leerpad}/modules/kennismaking/certificaat/SKJ",
        {"learner_name": "Cursist1 Jansen", "register_number": "100012345", "confirm": "y"},
    )
    assert issued.status_code == 302, issued.text[:2000]
    mine = client.get(f"{leerpad}/mijn-certificaten")
    number = re.search(r"/mijn-certificaten/([^\"/]+)\.pdf", mine.text).group(1)
    pdf = client.get(f"{leerpad}/mijn-certificaten/{number}.pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    # Back for the module's next version: the register number is not asked again.
    db.session.execute(update(Certificate).values(module_version="0.9"))
    db.session.commit()
    again = client.get(f"{leerpad}/modules/kennismaking/certificaat/SKJ")
    assert re.search(r'name="register_number"[^>]*value="100012345"', again.text)


def test_an_lti_learners_data_export_names_their_lms_links(lms, leerpad):
    client = LmsClient()
    client.launch(lms, "learner-1", lms.add_link(COURSE, "Kennismaking", leerpad + "/modules/kennismaking"))
    data = client.get(f"{leerpad}/profiel/mijn-gegevens").json()
    assert data["lti_accounts"][0]["issuer"] == lms.issuer and data["lti_accounts"][0]["subject"] == "learner-1"
    assert data["lti_courses"][0]["course"] == "Jongerenwerk 2027" and data["lti_courses"][0]["instructor"] is False
