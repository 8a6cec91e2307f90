"""The whole learner journey in headless Chromium, on a phone (390×844) and a laptop (1366×768):
register → home → overview → steps → a reflection autosaved across a reload → a scenario → the final
test one question per screen, an ordering question reordered with the keyboard, the overview before
handing in → the completion moment → the evaluation → the certificate → Mijn reflecties.

Every page type is checked with axe-core (no serious or critical violation) and for width (nothing
wider than the screen), and photographed to /work/shots/journey/ (or LEERPAD_SHOTS) to look at."""

import os
import re
from pathlib import Path

import pytest
from conftest import PASSWORD, axe_violations
from quiz_answers import answer_fields, fill_in, hand_in, press
from sqlalchemy import select

from learn.assessment.models import QuizAttempt
from learn.extensions import db
from learn.player.models import Enrolment

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
SHOTS = Path(os.environ.get("LEERPAD_SHOTS", "/work/shots/journey"))
REFLECTION = "Ik vraag ouders vaker wat zij nodig hebben. <script>alert(1)</script>"
MODULE = "/modules/kennismaking"

WIDTH_PROBE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && r.right > width + 1 && getComputedStyle(e).position !== 'fixed' && !e.closest('.visually-hidden');
  }).map(e => e.tagName.toLowerCase() + '.' + e.className);
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


class Walk:
    """One learner's walk: looks at every page the way the suite promises."""

    def __init__(self, page, viewport: str):
        self.page, self.viewport, self.checked = page, viewport, set()
        SHOTS.mkdir(parents=True, exist_ok=True)

    def look(self, kind: str):
        page = self.page
        page.wait_for_load_state("load")  # images too (portraits), before the photograph
        page.screenshot(path=str(SHOTS / f"{self.viewport}-{kind}.png"), full_page=True)
        probe = page.evaluate(WIDTH_PROBE)
        assert probe["scroll"] <= probe["width"] and not probe["wide"], f"{kind} is wider than the screen: {probe}"
        if kind not in self.checked:
            self.checked.add(kind)
            assert axe_violations(page) == [], f"{kind}: {page.url}"

    def next_step(self):
        press(self.page, self.page.get_by_role("button", name="Volgende"))


def open_attempt():
    db.session.rollback()  # a fresh read: the server thread wrote meanwhile
    return db.session.scalars(select(QuizAttempt).where(QuizAttempt.submitted_at.is_(None))).one()


def confirm_account(email):
    from learn.auth.models import User, utcnow

    db.session.rollback()
    db.session.scalars(select(User).filter_by(email=email)).one().confirmed_at = utcnow()
    db.session.commit()


def studied_the_module():
    db.session.rollback()
    enrolment = db.session.scalars(select(Enrolment)).one()
    enrolment.seconds_on_task = 30 * 60
    db.session.commit()


def put_in_order(page, question, fieldset):
    """Reorder an ordering question with the keyboard only: focus an arrow button and press Enter."""
    texts = [item.text for item in question.items]
    for target, text in enumerate(texts):
        while True:
            rows = [row.inner_text() for row in fieldset.locator(".ordering li").all()]
            position = next(i for i, row in enumerate(rows) if text in row)
            if position == target:
                break
            fieldset.get_by_role("button", name=f"Zet hoger: {text}").focus()
            page.keyboard.press("Enter")
    ranks = fieldset.locator("select").evaluate_all("selects => selects.map(s => s.value)")
    assert sorted(ranks) == [str(n) for n in range(1, len(texts) + 1)]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_whole_learner_journey(live_server, launch_browser, fixture_module, viewport):
    context = launch_browser().new_context(
        base_url=live_server, bypass_csp=True, locale="nl-NL", viewport=VIEWPORTS[viewport]
    )
    page = context.new_page()
    walk = Walk(page, viewport)

    page.goto("/registreren")
    walk.look("register")
    page.get_by_label("Naam").fill("Fatima el Amrani")
    page.get_by_label("E-mailadres").fill(f"fatima-{viewport}@example.nl")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Wachtwoord nog een keer").fill(PASSWORD)
    press(page, page.get_by_role("button", name="Account maken"))
    walk.look("check-your-mail")
    confirm_account(f"fatima-{viewport}@example.nl")  # the mail's link has its own test (test_auth.py)
    page.goto("/inloggen")
    page.get_by_label("E-mailadres").fill(f"fatima-{viewport}@example.nl")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    press(page, page.get_by_role("button", name="Inloggen"))
    page.goto("/")
    walk.look("catalogue")

    press(page, page.get_by_role("link", name="Kennismaking met Leerpad").first)
    walk.look("overview-new")
    press(page, page.get_by_role("button", name="Start deze module"))
    assert "Stap 1 van 7" in page.locator("#positie").inner_text()
    walk.look("narrative")
    walk.next_step()
    assert page.locator(".persona-card img.portrait").get_attribute("alt").startswith("Getekend portret")
    walk.look("persona")
    walk.next_step()

    # A reflection is saved while typing and is there after a reload.
    page.locator("#answer-moment").press_sequentially(REFLECTION, delay=5)
    page.locator(".save-status", has_text="Opgeslagen om").wait_for(timeout=10_000)
    page.reload()
    assert page.locator("#answer-moment").input_value() == REFLECTION
    page.locator("#answer-hulp").fill("Mijn collega Joyce: zij belde de ouders samen met mij.")
    walk.look("reflection")
    walk.next_step()

    press(page, page.get_by_role("button", name="Je vraagt haar binnen en luistert eerst."))
    assert "Samira" in page.locator(".scenario-node .speaker").first.inner_text()
    walk.look("scenario")
    press(page, page.get_by_role("button", name="Je nodigt haar uit om een middag mee te kijken."))
    assert "Einde van deze casus" in page.content() and "Nabespreking" in page.content()
    walk.look("scenario-end")
    walk.next_step()

    check = fixture_module.step("check-luisteren")
    for qid in open_attempt().question_ids:  # a check quiz is done once every question is answered
        fill_in(page, answer_fields(check.question(qid), right=False))
    press(page, page.get_by_role("button", name="Controleer mijn antwoorden"))
    assert "niet goed" in page.locator(".question.reviewed").first.inner_text()
    walk.look("check-quiz-review")

    # Home: where the learner was, with the next action on top.
    page.goto("/")
    assert "Verder waar je was" in page.content()
    walk.look("home")
    press(page, page.locator(".resume").get_by_role("link", name="Ga verder"))

    # The final test, one question per screen.
    walk.next_step()
    page.locator("form.paged").wait_for(state="attached")
    assert page.locator(".quiz-counter").inner_text() == "Vraag 1 van 4"
    walk.look("final-quiz")
    step = fixture_module.step("eindtoets")
    attempt = open_attempt()
    questions = [step.question(qid) for qid in attempt.question_ids]
    left_open = next(i for i, q in enumerate(questions) if q.kind != "ordering")
    for index, question in enumerate(questions):
        if index == left_open:
            continue
        fieldset = page.locator(f"#vraag-{index + 1}")
        if question.kind == "ordering":
            page.locator(".quiz-number").nth(index).click()
            put_in_order(page, question, fieldset)
            walk.look("final-quiz-ordering")
        else:
            fill_in(page, answer_fields(question, right=True))
    page.locator(".save-status", has_text="Opgeslagen om").wait_for(timeout=10_000)
    page.reload()  # the answers were saved into the attempt
    page.locator("form.paged").wait_for(state="attached")
    answered = page.locator(".quiz-number.answered").count()
    assert answered == 3, "a resumed test shows the answers given"

    page.get_by_role("button", name="Overzicht", exact=True).click()
    overview = page.locator(".quiz-overview").inner_text()
    assert "3 van 4 vragen beantwoord." in overview and f"Vraag {left_open + 1}" in overview
    walk.look("final-quiz-overview")
    # Handed in with a question open: the server asks to confirm, on the overview screen (nothing counts yet).
    hand_in(page)
    page.locator("form.paged").wait_for(state="attached")
    confirm = page.locator(".quiz-overview .quiz-confirm")
    assert "1 van 4 vragen niet beantwoord" in confirm.inner_text()
    walk.look("final-quiz-confirm")
    confirm.get_by_role("link", name=f"vraag {left_open + 1}").click()
    assert page.locator(f"#vraag-{left_open + 1}").is_visible()
    fill_in(page, answer_fields(questions[left_open], right=True))
    page.get_by_role("button", name="Overzicht", exact=True).click()
    assert "4 van 4 vragen beantwoord." in page.locator(".quiz-overview").inner_text()
    hand_in(page)
    assert "Geslaagd!" in page.locator("#uitslag").inner_text()
    assert not page.locator(".save-status").count(), "a test handed in is not autosaved (nor said to fail)"
    walk.look("final-quiz-result")
    walk.next_step()

    press(page, page.get_by_role("button", name="Afronden"))
    assert "Je hebt de module afgerond" in page.content()
    walk.look("completed")
    press(page, page.locator(".next-card").get_by_role("link", name="Vul de evaluatie in"))
    walk.look("evaluation")
    form = page.locator("form.evaluation-form")
    for group in form.locator("fieldset").all():
        radios = group.locator("input[type=radio]")
        if radios.count():
            radios.nth(radios.count() - 2 if radios.count() > 5 else 0).check()
    for field in form.locator("input[inputmode=decimal]").all():
        field.fill("1")
    press(page, form.get_by_role("button", name="Versturen"))
    walk.look("evaluation-thanks")

    studied_the_module()  # a certificate states study time really spent; this walk took minutes, not half an hour
    page.goto(MODULE)
    press(page, page.locator(".next-card").get_by_role("link", name="Vraag je certificaat aan"))
    walk.look("certificate-request")
    page.get_by_label("Registratienummer bij SKJ").fill("4610123456")
    page.get_by_label("Mijn naam en gegevens kloppen").check()
    press(page, page.get_by_role("button", name="Certificaat uitgeven"))
    page.goto(MODULE)
    assert re.search(r"Vraag je certificaat aan|Download je certificaat", page.locator(".next-card").inner_text())
    walk.look("overview-done")
    page.goto("/mijn-certificaten")
    walk.look("my-certificates")

    page.goto("/mijn-reflecties")
    assert REFLECTION in page.locator(".answer").first.inner_text()
    walk.look("my-reflections")
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == "mijn-reflecties.pdf"
    page.goto("/profiel")
    walk.look("profile")
    page.goto(f"{MODULE}/verify-bestaat-niet")
    walk.look("not-found")
