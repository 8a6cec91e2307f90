"""End to end in headless Chromium: a new professional registers, takes the
fixture module, closes the browser half-way, comes back in a new browser and
finishes where they left off. axe-core checks every kind of page on the way."""

import pytest
from conftest import PASSWORD, axe_violations

pytestmark = pytest.mark.browser

EMAIL = "fatima@example.nl"
REFLECTION = "Ik vraag ouders vaker wat zij nodig hebben. <script>alert(1)</script>"


def new_page(browser, base_url):
    context = browser.new_context(base_url=base_url, bypass_csp=True, locale="nl-NL")
    return context.new_page()


def check_accessibility(page, seen: set, kind: str):
    if kind in seen:
        return
    seen.add(kind)
    assert axe_violations(page) == [], f"{kind}: {page.url}"


def next_step(page):
    page.get_by_role("button", name="Volgende").click(timeout=5000)


def answer_quiz(page):
    """Answer every question on a quiz page with its first option and submit."""
    form = page.locator("#step-form")
    for radio_group in form.locator("fieldset").all():
        radios = radio_group.locator("input[type=radio]")
        if radios.count():
            radios.first.check()
        boxes = radio_group.locator("input[type=checkbox]")
        if boxes.count():
            boxes.first.check()
    for fieldset in form.locator("fieldset").all():
        # a different choice per select: an ordering question needs each place once
        for index, select in enumerate(fieldset.locator("select").all()):
            values = select.locator("option").evaluate_all("options => options.map(o => o.value).filter(Boolean)")
            select.select_option(values[index % len(values)])
    page.locator("button[name=action][value=submit]").click()


def test_register_walk_leave_come_back_finish(live_server, launch_browser):
    seen = set()
    browser = launch_browser()
    page = new_page(browser, live_server)

    page.goto("/registreren")
    check_accessibility(page, seen, "register")
    page.get_by_label("Naam").fill("Fatima el Amrani")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    page.get_by_role("button", name="Account maken").click()
    check_accessibility(page, seen, "catalogue")

    page.get_by_role("link", name="Kennismaking met Leerpad").click()
    check_accessibility(page, seen, "overview")
    page.get_by_role("button", name="Start deze module").click()

    assert "Stap 1 van 7" in page.locator("#positie").inner_text()
    check_accessibility(page, seen, "narrative")
    next_step(page)
    check_accessibility(page, seen, "persona")
    next_step(page)
    check_accessibility(page, seen, "reflection")
    page.locator("textarea").first.fill(REFLECTION)
    page.keyboard.press("Tab")
    next_step(page)
    assert "Stap 4 van 7" in page.locator("#positie").inner_text()
    page.get_by_role("button", name="Je vraagt haar binnen en luistert eerst.").click()
    check_accessibility(page, seen, "scenario")
    browser.close()  # the learner closes the laptop mid-scenario

    browser = launch_browser()
    page = new_page(browser, live_server)
    page.goto("/inloggen")
    check_accessibility(page, seen, "login")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto("/modules/kennismaking")
    page.get_by_role("link", name="Ga verder").click()
    assert "Stap 4 van 7" in page.locator("#positie").inner_text()
    assert "Je vraagt haar binnen en luistert eerst." in page.locator(".scenario-path").inner_text()
    page.get_by_role("button", name="Je nodigt haar uit om een middag mee te kijken.").click()
    assert "Nabespreking" in page.content()
    next_step(page)

    # The reflection typed before the break is still there, as text.
    page.goto("/modules/kennismaking/steps/eigen-praktijk")
    assert page.locator("textarea").first.input_value() == REFLECTION
    page.goto("/modules/kennismaking/verder")
    while True:
        position = page.locator("#positie").inner_text()
        if page.locator("button[name=action][value=submit]").count():
            check_accessibility(page, seen, "quiz")
            answer_quiz(page)
        button = page.get_by_role("button", name="Afronden")
        if button.count():
            button.click()
            break
        next_step(page)
        assert page.locator("#positie").inner_text() != position, "the learner got stuck on " + position

    page.goto("/modules/kennismaking")
    assert "Je hebt alle stappen van deze module gedaan." in page.content()
    page.goto("/mijn-reflecties")
    check_accessibility(page, seen, "my reflections")
    assert REFLECTION in page.locator(".answer").first.inner_text()
    page.goto("/profiel")
    check_accessibility(page, seen, "profile")
