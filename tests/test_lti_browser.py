"""Leerpad inside the test LMS's iframe, cross-site (LMS on 127.0.0.1, Leerpad as localhost), in
headless Chromium with the page's Content-Security-Policy enforced: dynamic registration, deep
linking, a learner who takes the module and its final quiz in the frame, the gradebook that
gets one score per submission, the instructor's course page, a tab of its own, and an LMS that
is down when the score is sent."""

from datetime import timedelta
from pathlib import Path

import pytest
from conftest import AXE, CHROMIUM, CHROMIUM_ARGS, PASSWORD
from lti_helpers import COURSE, LEARNERS, leerpad, lms, register_leerpad  # noqa: F401
from quiz_answers import answer_fields
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.auth.models import utcnow
from learn.content.library import get_library
from learn.extensions import db
from learn.jobs import run_pending
from learn.lti import registry
from learn.lti.models import LtiPlatform
from learn.testing.lti_platform import TestPlatform

pytestmark = pytest.mark.browser
SHOTS = Path("/work/shots/lti")


@pytest.fixture(scope="module")
def browser(playwright_instance):
    """One Chromium for these tests; each page gets a profile of its own (``lms_page``)."""
    chromium = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


def lms_page(browser, **options):
    """A fresh browser profile with the CSP enforced (frame-ancestors is what is tested)."""
    context = browser.new_context(locale="nl-NL", **options)
    context.set_default_timeout(30_000)  # a launch is four requests across two servers, on a busy machine
    return context.new_page()


def tool_frame(page):
    return page.frame_locator("#tool")


def axe_in(frame_or_page) -> list[str]:
    """axe-core through the DevTools protocol, which the page's CSP does not block (no bypass needed)."""
    result = frame_or_page.evaluate(AXE.read_text() + "\n;axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def answer_right(frame, page_frame, attempt, step):
    """Every drawn question of the attempt answered right, through the form in the frame."""
    for qid in attempt.question_ids:
        for name, value in answer_fields(step.question(qid), right=True).items():
            for one in value if isinstance(value, list) else [value]:
                field = frame.locator(f'[name="{name}"]')
                if field.first.evaluate("e => e.tagName") == "SELECT":
                    field.select_option(one)
                else:
                    frame.locator(f'[name="{name}"][value="{one}"]').check()


REFLECTION = "Een moeder was boos over de tijden. Ik luisterde eerst en vroeg wat ze nodig had."


def walk_to_final_quiz(frame, page_frame, module):
    """From the first step to the final quiz, doing each step's work: write, choose, answer every question."""
    next_button = frame.get_by_role("button", name="Volgende")
    next_button.click()  # welcome
    next_button.click()  # persona
    frame.get_by_role("heading", name="Jouw praktijk").wait_for()
    for box in frame.locator("textarea").all():
        box.fill(REFLECTION)
    next_button.click()  # reflection
    frame.get_by_role("button", name="Je vraagt haar binnen en luistert eerst.").click()
    frame.get_by_role("button", name="Je nodigt haar uit om een middag mee te kijken.").click()
    next_button.click()  # scenario
    frame.get_by_role("heading", name="Even checken").wait_for()
    answer_right(frame, page_frame, open_attempt("check-luisteren"), module.step("check-luisteren"))
    frame.locator("button[name=action][value=submit]").click()
    next_button.click()  # check quiz
    frame.get_by_role("heading", name="Eindtoets").wait_for()


def open_attempt(step_id):
    db.session.rollback()  # a new transaction: see what the server wrote meanwhile
    return db.session.scalars(select(QuizAttempt).filter_by(step_id=step_id).order_by(QuizAttempt.id)).all()[-1]


def final_attempt():
    return open_attempt("eindtoets")


def test_an_lms_registers_leerpad_adds_a_module_and_its_learners_are_graded(app, leerpad, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    module = get_library().get("kennismaking")
    platform = TestPlatform().start()
    platform.token_audience = f"{platform.url}/oauth2/audience"  # as Brightspace: not the token URL
    platform.add_user("teacher", "Tineke de Docent", "instructor")
    for number, user_id in enumerate(LEARNERS, start=1):
        platform.add_user(user_id, f"Cursist{number} Jansen", "learner")
    platform.add_course(COURSE, "Jongerenwerk 2027", ["teacher", *LEARNERS])
    try:
        # Dynamic registration: the LMS admin pastes Leerpad's link; the LMS frames it.
        admin = lms_page(browser)
        admin.goto(platform.register_page_url(registry.new_invite_url()))
        tool_frame(admin).get_by_role("button", name="Koppelen").wait_for()
        assert axe_in(admin.frames[1]) == []
        tool_frame(admin).get_by_role("button", name="Koppelen").click()
        tool_frame(admin).get_by_text("Klaar: Leerpad is gekoppeld").wait_for()
        admin.locator("#status").get_by_text("closed").wait_for()  # org.imsglobal.lti.close reached the LMS
        registered = db.session.scalar(select(LtiPlatform))
        tool = next(iter(platform.tools.values()))
        assert (registered.issuer, registered.client_id) == (platform.issuer, tool.client_id)
        assert [d.deployment_id for d in registered.deployments] == [tool.deployment_id]
        assert tool.login_url == f"{leerpad}/lti/login" and tool.jwks_url == f"{leerpad}/lti/jwks"
        admin.screenshot(path=SHOTS / "registration-laptop.png")

        # Deep linking: the instructor adds the module, graded, from Leerpad's page in the LMS's frame.
        teacher = lms_page(browser, viewport={"width": 1366, "height": 768})
        teacher.goto(platform.add_page_url(COURSE, "teacher"))
        chooser = tool_frame(teacher)
        chooser.get_by_role("heading", name="Welke module wil je toevoegen?").wait_for()
        assert axe_in(teacher.frames[1]) == []
        teacher.screenshot(path=SHOTS / "deep-linking-laptop.png")
        chooser.get_by_label(f"Module: {module.title}").check()
        chooser.get_by_role("button", name="Toevoegen").click()
        # The LMS's own page, after it verified the response (the chooser itself also shows the title).
        chooser.locator("#added").get_by_text(module.title, exact=True).wait_for()
        link = next(iter(platform.links.values()))
        assert link.title == module.title and link.url == f"{leerpad}/modules/kennismaking"
        assert platform.lineitems[link.lineitem].score_maximum == 100

        # A learner opens it in the course and takes the module, final quiz included, inside the frame.
        learner = lms_page(browser, viewport={"width": 390, "height": 844})
        learner.goto(platform.course_page_url(link, "learner-1"))
        frame = tool_frame(learner)
        frame.get_by_role("heading", name="Welkom").wait_for()
        assert axe_in(learner.frames[1]) == []
        learner.screenshot(path=SHOTS / "learner-step-phone.png")
        walk_to_final_quiz(frame, learner.frames[1], module)
        answer_right(frame, learner.frames[1], final_attempt(), module.step("eindtoets"))
        # signed in by the LMS, with no password: no "log in again" while the session lives
        assert frame.get_by_role("link", name="Log opnieuw in").is_hidden()
        frame.locator("button[name=action][value=submit]").click()
        # The result page ("Geslaagd!"), not any "goed": the quiz page itself says "Je hebt 70% goed nodig".
        frame.get_by_text("Geslaagd!", exact=True).wait_for()
        learner.screenshot(path=SHOTS / "learner-result-phone.png")
        scores = platform.scores_for("learner-1")
        assert len(scores) == 1, scores  # exactly one score for one submission
        assert scores[0]["scoreGiven"] == 100 and scores[0]["scoreMaximum"] == 100
        assert (scores[0]["activityProgress"], scores[0]["gradingProgress"]) == ("Submitted", "FullyGraded")

        frame.get_by_role("button", name="Volgende").click()
        frame.get_by_role("button", name="Afronden").click()  # the last step completes the module
        frame.get_by_text("Je hebt de module afgerond").wait_for()  # the completion page
        scores = platform.scores_for("learner-1")
        assert len(scores) == 2 and scores[1]["activityProgress"] == "Completed" and scores[1]["scoreGiven"] == 100

        # Another learner only opens it.
        other = lms_page(browser)
        other.goto(platform.course_page_url(link, "learner-2"))
        tool_frame(other).get_by_role("heading", name="Welkom").wait_for()
        # and logs out in the frame: a page the frame shows (the catalogue would be refused there), no way to a password.
        tool_frame(other).get_by_role("button", name="Uitloggen").click()
        tool_frame(other).get_by_role("heading", name="Je bent uitgelogd").wait_for()
        assert tool_frame(other).get_by_role("link", name="Inloggen").count() == 0
        other.screenshot(path=SHOTS / "logged-out-in-the-frame.png")

        # The instructor opens the link: the course's figures, with the learners from the LMS's member list.
        teacher.goto(platform.course_page_url(link, "teacher"))
        course = tool_frame(teacher)
        course.get_by_role("heading", name="Jongerenwerk 2027").wait_for()
        figures = course.locator(".course-figures", has_text=module.title).locator("dd")
        assert figures.all_inner_texts() == ["3", "2", "1", "1"]  # learners, started, completed, passed
        assert axe_in(teacher.frames[1]) == []
        teacher.screenshot(path=SHOTS / "course-laptop.png")
    finally:
        platform.stop()


def test_the_admin_page_for_lmss_reads_well_at_phone_size(leerpad, lms, browser, make_user):
    admin = make_user("admin")
    page = lms_page(browser, viewport={"width": 390, "height": 844})
    page.goto(leerpad + "/inloggen")
    page.get_by_label("E-mailadres").fill(admin.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(leerpad + "/beheer/lti")
    page.get_by_role("button", name="Nieuwe koppellink maken").click()
    assert page.locator("#invite-url").input_value().startswith(leerpad + "/lti/registreren/")
    assert axe_in(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_page_outside_a_launch_cannot_be_framed(leerpad, lms, browser):
    page = lms_page(browser)
    page.goto(lms.url + "/jwks")  # any page of the LMS's site
    page.set_content(f'<iframe id="tool" src="{leerpad}/inloggen"></iframe>')
    page.frames[1].wait_for_url(
        "chrome-error://chromewebdata/"
    )  # refused: X-Frame-Options DENY, frame-ancestors 'none'
    assert page.frames[1].locator("form").count() == 0


def test_a_learner_opens_the_module_in_a_tab_of_their_own_and_keeps_working(leerpad, lms, browser):
    link = lms.add_link(COURSE, "Kennismaking", leerpad + "/modules/kennismaking")
    page = lms_page(browser)
    page.goto(lms.course_page_url(link, "learner-1"))
    frame = tool_frame(page)
    frame.get_by_role("button", name="Volgende").click()
    with page.expect_popup() as popup:
        frame.get_by_role("link", name="Open in een nieuw tabblad").click()
    tab = popup.value
    tab.wait_for_load_state()
    assert tab.url.startswith(leerpad + "/modules/kennismaking/steps/")
    tab.get_by_role("button", name="Volgende").click()  # signed in, with a working CSRF token, on its own
    tab.get_by_role("heading", name="Jouw praktijk").wait_for()


def test_an_lms_that_is_down_gets_the_score_when_it_is_back(leerpad, lms, browser):
    module = get_library().get("kennismaking")
    link = lms.add_link(COURSE, "Eindtoets", leerpad + "/modules/kennismaking/steps/eindtoets")
    page = lms_page(browser)
    page.goto(lms.course_page_url(link, "learner-1"))
    frame = tool_frame(page)
    frame.get_by_role("heading", name="Eindtoets").wait_for()
    answer_right(frame, page.frames[1], final_attempt(), module.step("eindtoets"))
    lms.stop()  # the LMS goes down just before the learner submits
    frame.locator("button[name=action][value=submit]").click()
    frame.get_by_text("Geslaagd!", exact=True).wait_for()  # the learner's result is recorded all the same
    lms.start()
    assert lms.scores_for("learner-1") == []
    assert run_pending(utcnow() + timedelta(hours=2)) >= 1  # the retry, later
    assert len(lms.scores_for("learner-1")) == 1
    run_pending(utcnow() + timedelta(hours=4))
    assert len(lms.scores_for("learner-1")) == 1  # once
