"""End to end in headless Chromium: a learner who completed the module fills in the form
(saving half-way first), and a trainer sees the response counted on the dashboard."""
import shutil
import threading

import pytest
from conftest import PASSWORD
from evaluation_helpers import MODULE_ID, complete_module
from werkzeug.serving import make_server

pytestmark = pytest.mark.browser
playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def live_url(app):
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def page():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable) if executable else p.chromium.launch()
        context = browser.new_context(java_script_enabled=False)  # everything works without JavaScript
        yield context.new_page()
        browser.close()


def log_in(page, base, user):
    page.goto(f"{base}/inloggen")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_learner_evaluates_and_trainer_sees_it_counted(live_url, page, make_user):
    learner, trainer = make_user("learner"), make_user("trainer")
    complete_module(learner)

    log_in(page, live_url, learner)
    page.goto(f"{live_url}/modules/{MODULE_ID}")
    page.get_by_role("link", name="Vul de evaluatie in").click()
    page.get_by_role("group", name="Welk cijfer geef je de module?").get_by_label("9", exact=True).check()
    page.get_by_label("Wat kan er beter aan de module?").fill("Meer <b>voorbeelden</b>")
    page.get_by_role("button", name="Opslaan en later verder").click()
    assert "opgeslagen" in page.content()

    page.goto(f"{live_url}/modules/{MODULE_ID}/evaluatie")
    assert page.get_by_label("Wat kan er beter aan de module?").input_value() == "Meer <b>voorbeelden</b>"
    page.get_by_role("button", name="Versturen").click()
    assert page.locator(".error-summary").is_visible()  # required questions still open
    for statement in ("De module past bij mijn werk.", "Ik kan wat ik heb geleerd gebruiken in mijn praktijk.",
                      "De teksten waren duidelijk en goed te lezen."):
        page.get_by_role("group", name=statement).get_by_label("Eens", exact=True).check()
    page.get_by_label("Hoeveel uur heb je ongeveer aan de module gewerkt?").fill("0,75")
    page.get_by_label("Het klopte ongeveer.").check()
    page.get_by_role("button", name="Versturen").click()
    assert page.get_by_role("heading", name="Bedankt voor je evaluatie").is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, live_url, trainer)
    page.get_by_role("link", name="Evaluaties").click()
    row = page.get_by_role("row", name="Kennismaking met Leerpad")
    assert row.get_by_role("cell").nth(0).inner_text() == "1"  # one response
    row.get_by_role("link").click()
    assert "minder dan 5 reacties" in page.content()  # a single response gets no breakdown
