"""Take the real modules end to end as a learner in headless Chromium, with screenshots.

    .venv/bin/python bench/walk_modules.py [OUT_DIR] [module-id ...]

Starts the app on a fresh SQLite database with MODULES_PATH=modules/, then per
viewport (phone 390x844, old laptop 1366x768) and per module: enrols, takes
every step (reflections typed, scenarios played to an end, check quizzes and
the final quiz answered wrong once to see the feedback, then right from the
module's own answer key), finishes, and photographs the overview. Prints the
layout problems it can measure (horizontal overflow, small tap targets) per page.
Not a test: a tool for reading the modules the way a learner does.
"""

import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, make_app  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from quiz_answers import answer_fields, fill_in, hand_in  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
REFLECTION = (
    "Bij ons in de wijk zie ik vooral jongens van 14 tot 17. Meiden en hun ouders zie ik bijna nooit. "
    "Ik wil eens langs bij de moskee en het buurthuis op de hoek, en vragen wat zij nodig hebben."
)

LAYOUT_PROBE = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') + ' ' + Math.round(r.right));
  }
  const small = [];
  for (const el of document.querySelectorAll('a, button, input, select, summary, label')) {
    const r = el.getBoundingClientRect();
    if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.tagName === 'A' && el.closest('p, li, dd') && getComputedStyle(el).display === 'inline') continue;
    if (r.height < 24 || r.width < 24) small.push(el.tagName.toLowerCase() + ' "' + (el.innerText || el.value || el.name || '').trim().slice(0, 30) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
  }
  const scrolling = [...document.querySelectorAll('main table, main pre')].filter(el => el.scrollWidth > el.clientWidth)
    .map(el => el.tagName.toLowerCase() + ' scrolls ' + el.scrollWidth + '>' + el.clientWidth);
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8), small: small.slice(0, 8), scrolling};
}"""


def serve(app):
    app.config.update(SERVER_NAME=None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


class Walk:
    def __init__(self, page, module, out: Path, findings: list):
        self.page, self.module, self.out, self.findings = page, module, out, findings
        self.count = 0
        out.mkdir(parents=True, exist_ok=True)

    def shot(self, label):
        self.count += 1
        name = f"{self.count:02d}-{label}.png"
        self.page.screenshot(path=str(self.out / name), full_page=True)
        probe = self.page.evaluate(LAYOUT_PROBE)
        if probe["scroll"] > probe["width"] or probe["wide"] or probe["scrolling"]:
            self.findings.append(f"{self.out.name}/{name}: {probe}")

    def answer(self, step, right):
        page = self.page
        for fieldset in page.locator("#step-form fieldset.question").all():
            fill_in(page, answer_fields(step.question(fieldset.get_attribute("data-question")), right))
        hand_in(page)

    def quiz(self, step, wrong_first):
        page = self.page
        if page.locator("button[name=action][value=retry]").count():
            page.locator("button[name=action][value=retry]").click()
        self.shot(f"{step.id}-open")
        if wrong_first:
            self.answer(step, right=False)
            self.shot(f"{step.id}-wrong")
            page.locator("button[name=action][value=retry]").click()
        self.answer(step, right=True)
        self.shot(f"{step.id}-right")

    def scenario(self, step):
        page = self.page
        for route in ("first", "last"):
            while page.locator("button.choice").count():
                choices = page.locator("button.choice")
                (choices.first if route == "first" else choices.last).click()
            self.shot(f"{step.id}-{route}")
            if route == "first":
                page.locator("button[name=action][value=restart]").click()

    def run(self, wrong_quizzes):
        page, module = self.page, self.module
        page.goto(f"/modules/{module.id}")
        self.shot("overview-start")
        page.get_by_role("button", name="Start deze module").click()
        while True:
            step_id = re.split(r"[#?]", page.url)[0].rstrip("/").split("/")[-1]
            step = module.step(step_id)
            if step.type_name == "reflection":
                for area in page.locator("textarea").all():
                    area.fill(REFLECTION)
                self.shot(step.id)
            elif step.type_name == "scenario":
                self.shot(f"{step.id}-start")
                self.scenario(step)
            elif step.type_name == "quiz":
                self.quiz(step, wrong_first=wrong_quizzes)
            else:
                self.shot(step.id)
            button = page.locator("button[name=action][value=next]")
            finishing = "Afronden" in button.inner_text()
            button.click()
            if finishing:
                break
            assert re.split(r"[#?]", page.url)[0].split("/")[-1] != step_id, f"stuck on {step_id}"
        page.goto(f"/modules/{module.id}")
        self.shot("overview-done")
        self.evaluate_and_certify()

    def evaluate_and_certify(self):
        """The evaluation form filled in (first radio of every group, a number, a sentence), then a certificate."""
        page = self.page
        page.goto(f"/modules/{self.module.id}/evaluatie")
        self.shot("evaluation-form")
        form = page.locator("form.evaluation-form")
        for group in form.locator("fieldset").all():
            radios = group.locator("input[type=radio]")
            if radios.count():
                radios.nth(radios.count() - 1 if radios.count() > 5 else 0).check()
            boxes = group.locator("input[type=checkbox]")
            if boxes.count():
                boxes.first.check()
        for field in form.locator("input[inputmode=decimal]").all():
            field.fill("3")
        for area in form.locator("textarea").all():
            area.fill("De casussen voelden echt. Meer voorbeelden uit een dorp zou fijn zijn.")
        form.locator("button[value=submit]").click()
        self.shot("evaluation-sent")
        page.goto(f"/modules/{self.module.id}")
        self.shot("overview-evaluated")
        request = page.locator("a", has_text="Certificaat aanvragen")
        if request.count():
            request.first.click()
            self.shot("certificate-request")
            page.get_by_label("Naam").first.fill("Sanne de Vries")
            number = page.locator("input[name=register_number]")
            if number.count():
                number.fill("123456789")
            page.locator("input[type=checkbox]").first.check()
            page.get_by_role("button", name="Certificaat uitgeven").click()
            self.shot("certificate-issued")


def main():
    import logging

    logging.disable(logging.INFO)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="walk-"))
    wanted = sys.argv[2:]
    database = Path(tempfile.mkdtemp()) / "walk.sqlite3"
    app = make_app(f"sqlite:///{database}", MODULES_PATH=str(ROOT / "modules"))
    with app.app_context():
        from learn.auth.models import User
        from learn.content.library import get_library
        from learn.extensions import db
        from learn.migrate import upgrade

        upgrade()
        modules = [m for m in get_library().modules.values() if not wanted or m.id in wanted]
        for name in VIEWPORTS:
            user = User(email=f"{name}@example.nl", name=f"Sanne {name.title()}", role="learner")
            user.set_password(PASSWORD)
            db.session.add(user)
        db.session.commit()
    server, base = serve(app)
    findings = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in VIEWPORTS.items():
            context = browser.new_context(base_url=base, viewport=viewport, locale="nl-NL", has_touch=name == "phone")
            page = context.new_page()
            page.goto("/inloggen")
            page.get_by_label("E-mailadres").fill(f"{name}@example.nl")
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
            for module in modules:
                with app.app_context():
                    Walk(page, module, out / name / module.id, findings).run(wrong_quizzes=name == "phone")
                print(f"{name} {module.id}: done", flush=True)
            context.close()
        browser.close()
    server.shutdown()
    print(f"screenshots in {out}")
    for line in findings:
        print(re.sub(r"\s+", " ", line))


if __name__ == "__main__":
    main()
