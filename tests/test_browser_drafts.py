"""Never lose a word, in headless Chromium: type, then reload, go back, kill the browser, lose the
session or the connection; the text is there every time (drafts.js with the server adapter)."""

import os
import signal
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD
from quiz_answers import press
from sqlalchemy import select

from learn.extensions import db
from learn.player.models import ReflectionAnswer

pytestmark = pytest.mark.browser

STEP = "/modules/kennismaking/steps/eigen-praktijk"
TEXT = "Gisteren stond een moeder boos aan de deur. Ik wist niet wat ik moest zeggen."


@pytest.fixture
def learner_account(make_user):
    return make_user(email="sanne@example.nl")


def sign_in(context, base_url, email="sanne@example.nl"):
    page = context.new_page()
    page.goto(f"{base_url}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    press(page, page.get_by_role("button", name="Inloggen"))
    return page


def enrolled_page(browser, live_server):
    context = browser.new_context(locale="nl-NL")
    page = sign_in(context, live_server)
    page.goto(f"{live_server}/modules/kennismaking")
    press(page, page.get_by_role("button", name="Start deze module"))
    page.goto(f"{live_server}{STEP}")
    page.wait_for_load_state("networkidle")  # the runtime is in: a learner is slower than a test
    return page


def saved_answers():
    db.session.rollback()  # a fresh read: the server thread wrote meanwhile
    return {a.question_id: a.answer for a in db.session.scalars(select(ReflectionAnswer))}


def wait_saved(page):
    page.locator(".save-status", has_text="Opgeslagen om").wait_for(timeout=10_000)


def test_typed_text_survives_a_reload_and_shows_on_another_browser(live_server, launch_browser, learner_account):
    page = enrolled_page(launch_browser(), live_server)
    page.locator("#answer-moment").press_sequentially(TEXT[:40])
    page.locator("#answer-moment").press_sequentially(TEXT[40:])
    wait_saved(page)
    page.reload()
    assert page.locator("#answer-moment").input_value() == TEXT
    other = sign_in(launch_browser().new_context(locale="nl-NL"), live_server)
    other.goto(f"{live_server}{STEP}")
    assert other.locator("#answer-moment").input_value() == TEXT


def test_text_typed_before_the_runtime_arrives_is_saved(live_server, launch_browser, learner_account):
    page = enrolled_page(launch_browser(), live_server)
    held = []
    page.route(
        "**/runtime/drafts.js*", lambda route: held.append(route)
    )  # a slow phone: the script is still on its way
    with page.expect_request("**/runtime/drafts.js*"):
        page.reload(wait_until="domcontentloaded")
    page.locator("#answer-moment").fill(TEXT)
    held[0].continue_()
    wait_saved(page)
    assert saved_answers() == {"moment": TEXT}


def test_going_back_right_after_typing_waits_for_the_save(live_server, launch_browser, learner_account):
    page = enrolled_page(launch_browser(), live_server)
    page.locator("#answer-moment").fill(TEXT)  # no pause: the save has not started yet
    page.get_by_role("link", name="Vorige").click()
    page.wait_for_url(f"{live_server}/modules/kennismaking/steps/samira")
    assert saved_answers() == {"moment": TEXT}


def test_killing_the_browser_after_the_save_loses_nothing(live_server, playwright_instance, tmp_path, learner_account):
    profile = tmp_path / "profiel"
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="nl-NL"
    )
    page = sign_in(context, live_server)
    page.goto(f"{live_server}/modules/kennismaking")
    press(page, page.get_by_role("button", name="Start deze module"))
    page.goto(f"{live_server}{STEP}")
    page.locator("#answer-moment").fill(TEXT)
    wait_saved(page)
    for pid in browser_pids(profile):
        os.kill(pid, signal.SIGKILL)  # the battery runs out: no goodbye
    other = sign_in(
        playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS).new_context(), live_server
    )
    other.goto(f"{live_server}{STEP}")
    assert other.locator("#answer-moment").input_value() == TEXT
    other.context.browser.close()


def browser_pids(profile: Path) -> list[int]:
    """The Chromium processes using this test's own profile folder (started by this test)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"--user-data-dir={profile}".encode() in command:
                pids.append(int(entry.name))
    assert pids
    return pids


def end_the_session_on_the_server(page, user):
    """The server ends the session (expired, or "Log overal uit" on another device); the cookie stays."""
    from learn.auth.models import utcnow
    from learn.auth.sessions import store

    store().revoke_all(user.id, utcnow())
    db.session.commit()


def forget_the_cookie(page, user):
    page.context.clear_cookies()  # the browser lost the session (logged out in another tab)


@pytest.mark.parametrize("end_session", [end_the_session_on_the_server, forget_the_cookie])
def test_an_ended_session_keeps_the_text_and_saves_it_after_logging_in(
    live_server, launch_browser, learner_account, end_session
):
    browser = launch_browser()
    page = enrolled_page(browser, live_server)
    end_session(page, learner_account)
    page.locator("#answer-moment").fill(TEXT)
    status = page.locator(".save-status", has_text="je bent uitgelogd")
    status.wait_for(timeout=10_000)
    assert saved_answers() == {}
    page.get_by_role("link", name="Log opnieuw in").click()
    page.get_by_label("E-mailadres").fill("sanne@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server}{STEP}")
    page.locator(".save-status", has_text="teruggezet en opgeslagen").wait_for(timeout=10_000)
    assert page.locator("#answer-moment").input_value() == TEXT
    assert saved_answers() == {"moment": TEXT}


def test_leaving_with_text_the_server_does_not_have_asks_first(live_server, launch_browser, learner_account):
    page = enrolled_page(launch_browser(), live_server)
    page.route("**/bewaar", lambda route: route.abort())  # the wifi is gone
    page.locator("#answer-moment").fill(TEXT)
    page.locator(".save-status", has_text="geen verbinding").wait_for(timeout=10_000)
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # the learner stays, and the text with them
    assert page.locator("#answer-moment").input_value() == TEXT
