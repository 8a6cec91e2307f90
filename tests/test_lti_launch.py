"""OIDC login and launch against the test LMS over real HTTP: who is signed in, where they land,
and every way a launch must be refused (a clear page, no account made)."""

import re
from datetime import timedelta

import pytest
from jwcrypto.jwk import JWK
from lti_helpers import COURSE, LmsClient, leerpad, lms  # noqa: F401
from sqlalchemy import func, select

from learn.auth.models import User
from learn.extensions import db
from learn.lti.models import LtiAccount, LtiMembership, LtiServerState
from learn.player.models import Enrolment


def module_link(lms, leerpad, step=None):
    path = f"/modules/kennismaking/steps/{step}" if step else "/modules/kennismaking"
    return lms.add_link(COURSE, "Kennismaking", leerpad + path)


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_a_learner_launch_makes_an_account_for_that_lms_user_and_opens_the_module(lms, leerpad):
    link = module_link(lms, leerpad)
    client = LmsClient()
    response = client.launch(lms, "learner-1", link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/modules/kennismaking/steps/welkom"
    page = client.get(leerpad + response.headers["Location"])
    assert page.status_code == 200 and "Cursist1 Jansen" not in page.text  # signed in, nothing personal shown

    account = db.session.scalar(select(LtiAccount).filter_by(issuer=lms.issuer, subject="learner-1"))
    assert account.user.name == "Cursist1 Jansen" and account.user.role == "learner"
    # The nonce is used up and nothing of the id_token is kept on the server.
    assert db.session.scalar(select(func.count()).select_from(LtiServerState)) == 0
    assert db.session.scalar(select(Enrolment).filter_by(user_id=account.user_id)).module_id == "kennismaking"

    again = LmsClient().launch(lms, "learner-1", link)  # another day, another browser: the same account
    assert again.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LtiAccount)) == 1


def test_a_link_to_a_step_opens_that_step(lms, leerpad):
    response = LmsClient().launch(lms, "learner-1", module_link(lms, leerpad, step="eindtoets"))
    assert response.headers["Location"] == "/modules/kennismaking/steps/eindtoets"


def test_an_account_with_the_same_email_is_never_merged(lms, leerpad, make_user):
    existing = make_user(email="cursist1@example.nl", name="Iemand Anders")
    LmsClient().launch(lms, "learner-1", module_link(lms, leerpad))
    account = db.session.scalar(select(LtiAccount).filter_by(subject="learner-1"))
    assert account.user_id != existing.id
    assert account.user.email != existing.email
    assert db.session.scalar(select(Enrolment).filter_by(user_id=existing.id)) is None


def test_the_session_cookie_of_a_framed_launch_is_partitioned_and_the_page_frameable_by_the_lms_only(lms, leerpad):
    client = LmsClient()
    response = client.launch(lms, "learner-1", module_link(lms, leerpad))
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=None" in cookie and "Secure" in cookie and "Partitioned" in cookie
    page = client.get(leerpad + response.headers["Location"])
    assert f"frame-ancestors {lms.url}" in page.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in page.headers

    outside = LmsClient().get(leerpad + "/inloggen")  # a page outside an LTI session
    assert "frame-ancestors 'none'" in outside.headers["Content-Security-Policy"]
    assert outside.headers["X-Frame-Options"] == "DENY"


def test_a_launch_in_a_window_of_its_own_gets_the_usual_session_cookie(lms, leerpad):
    client = LmsClient()
    link = module_link(lms, leerpad)
    action, fields = client.login(lms, "learner-1", f"link:{link.id}", link.url)
    response = client.post(action, fields, headers={"Sec-Fetch-Dest": "document"})
    assert response.status_code == 302
    assert "SameSite=Lax" in response.headers["Set-Cookie"] and "Partitioned" not in response.headers["Set-Cookie"]


def test_an_instructor_is_a_trainer_for_that_course_only(lms, leerpad):
    link = module_link(lms, leerpad)
    for learner in ("learner-1", "learner-2"):
        LmsClient().launch(lms, learner, link)
    teacher = LmsClient()
    response = teacher.launch(lms, "teacher", link)
    assert response.status_code == 302 and response.headers["Location"].startswith("/lti/cursus/")
    course = teacher.get(leerpad + response.headers["Location"])
    assert course.status_code == 200 and "Jongerenwerk 2027" in course.text
    membership = db.session.scalar(select(LtiMembership).filter_by(instructor=True))
    assert db.session.get(User, membership.user_id).role == "learner"  # no trainer rights anywhere else
    assert teacher.get(leerpad + "/trainer/evaluaties/").status_code == 403
    assert teacher.get(leerpad + "/trainer/quizzen").status_code == 403

    learner = LmsClient()
    learner.launch(lms, "learner-3", link)
    assert learner.get(leerpad + response.headers["Location"]).status_code == 404  # the same course, as a learner


OTHER_KEY = JWK.generate(kty="RSA", size=2048)


@pytest.mark.parametrize(
    "case, tamper, problem",
    [
        ("bad signature", {"sign_with": OTHER_KEY}, "signature"),
        ("wrong audience", {"aud": "another-tool", "azp": "another-tool"}, "audience"),
        ("expired token", {"exp": 1_700_000_000, "iat": 1_699_999_000}, "expired"),
        (
            "unknown deployment",
            {"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "dep-unknown"},
            "deployment",
        ),
        ("no resource link", {"drop": ["https://purl.imsglobal.org/spec/lti/claim/resource_link"]}, "message"),
        ("wrong version", {"https://purl.imsglobal.org/spec/lti/claim/version": "1.1"}, "message"),
        ("unknown issuer", {"iss": "https://lms.elders.example"}, "platform"),
    ],
)
def test_a_launch_that_fails_a_check_is_refused_with_a_clear_page_and_no_account(lms, leerpad, case, tamper, problem):
    before = users()
    lms.tamper = tamper
    response = LmsClient().launch(lms, "learner-1", module_link(lms, leerpad))
    assert response.status_code == 400, case
    assert "Openen vanuit je leeromgeving lukte niet" in response.text and f"lti-{problem}" in response.text, case
    assert users() == before and db.session.scalar(select(func.count()).select_from(LtiAccount)) == 0
    assert "frame-ancestors " + lms.url in response.headers["Content-Security-Policy"]  # shown in the LMS's frame
    assert not links_the_frame_would_refuse(response.text), case


def links_the_frame_would_refuse(page: str) -> list[str]:
    """Links on a page shown in the LMS's frame without a session to pages outside one (login,
    registration, the catalogue, the colophon), unless they open a tab: the frame would refuse them."""
    return [
        link
        for link in re.findall(r'<a [^>]*href="[^"]*"[^>]*>', page)
        if re.search(r'href="(/inloggen|/registreren|/|/colofon)"', link) and 'target="_blank"' not in link
    ]


def test_a_replayed_launch_is_refused(lms, leerpad):
    client = LmsClient()
    link = module_link(lms, leerpad)
    action, fields = client.login(lms, "learner-1", f"link:{link.id}", link.url)
    assert client.post(action, fields).status_code == 302
    replay = client.post(action, fields)
    assert replay.status_code == 400 and "lti-nonce" in replay.text


def test_an_id_token_with_a_nonce_used_before_is_refused(lms, leerpad):
    link = module_link(lms, leerpad)
    LmsClient().launch(lms, "learner-1", link)
    before = users()
    lms.tamper = {"nonce": lms.sent_nonces[-1]}  # a new login, an old nonce
    response = LmsClient().launch(lms, "learner-2", link)
    assert response.status_code == 400 and "lti-nonce" in response.text
    assert users() == before


def test_a_launch_whose_state_is_not_this_browsers_is_refused(lms, leerpad):
    link = module_link(lms, leerpad)
    victim, attacker = LmsClient(), LmsClient()
    action, fields = attacker.login(lms, "learner-1", f"link:{link.id}", link.url)
    response = victim.post(action, fields)  # a forged login: the attacker's token posted from the victim's browser
    assert response.status_code == 400 and "lti-state" in response.text
    assert users() == 0


def test_a_login_from_an_unknown_platform_or_for_another_site_is_refused(lms, leerpad):
    client = LmsClient()
    tool = next(iter(lms.tools.values()))
    unknown = client.get(f"{leerpad}/lti/login?iss=https://elders.example&login_hint=x&target_link_uri={leerpad}/")
    assert unknown.status_code == 400 and "lti-platform" in unknown.text
    elsewhere = client.get(lms.login_initiation(tool, "learner-1", "link:x", "https://evil.example/"))
    assert elsewhere.status_code == 400 and "lti-target" in elsewhere.text
    tool.deployment_id = "dep-unknown"
    undeployed = client.get(lms.login_initiation(tool, "learner-1", "link:x", leerpad + "/"))
    assert undeployed.status_code == 400 and "lti-deployment" in undeployed.text


def test_the_jwks_publishes_the_signing_key_and_keeps_the_old_one_after_a_rotation(app, runner, client):
    from learn.lti import keys

    first = keys.signing_key()
    db.session.commit()
    assert [k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]] == [first.kid]
    result = runner.invoke(args=["lti", "rotate-key"])
    assert result.exit_code == 0, result.output
    published = [k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]]
    new = keys.signing_key()
    assert published == [new.kid, first.kid] and new.kid != first.kid
    assert all(
        set(k) >= {"kty", "n", "e", "kid", "alg", "use"} and "d" not in k
        for k in client.get("/lti/jwks").get_json()["keys"]
    )
    runner.invoke(args=["lti", "rotate-key", "--drop-previous"])
    assert [k["kid"] for k in client.get("/lti/jwks").get_json()["keys"]] == [keys.signing_key().kid]


def test_the_link_to_a_tab_of_its_own_works_once(lms, leerpad):
    client = LmsClient()
    step = client.get(leerpad + client.launch(lms, "learner-1", module_link(lms, leerpad)).headers["Location"])
    ticket = re.search(r'href="(/lti/tabblad/[^"]+)" target="_blank"', step.text).group(1)
    tab = LmsClient()  # a tab of its own: no cookie from the frame
    opened = tab.get(leerpad + ticket)
    assert opened.status_code == 302 and opened.headers["Location"] == "/modules/kennismaking/steps/welkom"
    assert "SameSite=Lax" in opened.headers["Set-Cookie"] and "Partitioned" not in opened.headers["Set-Cookie"]
    assert tab.get(leerpad + "/modules/kennismaking/steps/welkom").status_code == 200
    again = LmsClient().get(leerpad + ticket)
    assert again.status_code == 400 and "Deze link werkt niet meer" in again.text


def test_the_link_to_a_tab_of_its_own_dies_with_the_session_in_the_frame(lms, leerpad):
    frame = LmsClient()
    step = frame.get(leerpad + frame.launch(lms, "learner-1", module_link(lms, leerpad)).headers["Location"])
    ticket = re.search(r'href="(/lti/tabblad/[^"]+)" target="_blank"', step.text).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', step.text).group(1)
    assert frame.post(leerpad + "/uitloggen", {"csrf_token": token}).status_code == 200  # logged out in the frame
    refused = LmsClient().get(leerpad + ticket)
    assert refused.status_code == 400 and "Deze link werkt niet meer" in refused.text
    assert "Set-Cookie" not in refused.headers


def test_logging_out_in_the_frame_ends_on_a_page_the_lms_may_show(lms, leerpad):
    frame = LmsClient()
    step = frame.get(leerpad + frame.launch(lms, "learner-1", module_link(lms, leerpad)).headers["Location"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', step.text).group(1)
    out = frame.post(leerpad + "/uitloggen", {"csrf_token": token})
    assert out.status_code == 200 and "Je bent uitgelogd" in out.text and "leeromgeving" in out.text
    assert "frame-ancestors " + lms.url in out.headers["Content-Security-Policy"]  # not refused in the frame
    assert not links_the_frame_would_refuse(out.text)
    assert frame.get(leerpad + "/modules/kennismaking/steps/welkom").status_code == 302  # signed out for real


def test_a_session_in_the_frame_that_ended_sends_the_learner_back_to_the_lms_not_to_a_password(app, lms, leerpad):
    frame = LmsClient()
    step = frame.launch(lms, "learner-1", module_link(lms, leerpad)).headers["Location"]
    app.config["SESSION_IDLE_TIMEOUT"] = timedelta(0)  # the learner was away too long
    login = frame.get(leerpad + frame.get(leerpad + step).headers["Location"])
    assert login.status_code == 401 and "lti-session" in login.text and 'type="password"' not in login.text
    assert "frame-ancestors " + lms.url in login.headers["Content-Security-Policy"]  # shown in the LMS's frame


def test_a_target_link_names_a_module_page_under_the_base_url_only(app):
    from learn.lti.accounts import module_page

    app.config["BASE_URL"] = "https://academie.nl/leerpad"
    assert module_page("https://academie.nl/leerpad/modules/kennismaking/steps/eindtoets") == (
        "kennismaking",
        "eindtoets",
    )
    assert module_page("https://academie.nl/leerpad/modules/kennismaking") == ("kennismaking", None)
    assert module_page("https://academie.nl/leerpad/modules/bestaat-niet") == (None, None)
    assert module_page("https://academie.nl/modules/kennismaking") == (None, None)  # outside Leerpad's path
    assert module_page("https://elders.example/leerpad/modules/kennismaking") == (None, None)
    assert module_page("https://academie.nl/leerpad/") == (None, None)  # the catalogue
