"""The exported packages played in a strict LMS: scorm-again behind the conformance layer, in Chromium.

The test LMS (all on 127.0.0.1) installs scorm-again's Scorm12API / Scorm2004API, wrapped in
tests/scorm_conformance.mjs, which checks every call against the SCORM 2004 4th edition (or 1.2)
data model with the strictest practice of the major LMSs; any violation or API error fails the test.
It opens the SCO in an iframe and hands each launch the record an LMS would keep (as Moodle does:
entry "resume" after exit "suspend"; review mode with empty suspend_data after completion).

Every module in both standards: fail the final test, return with attempts left (the record stays
open), pass, return after completion (nothing written) and in review mode (nothing written); and
three failed attempts. Then the LMS's errors in debug mode, and suspend_data that cannot be used.
"""

import functools
import http.server
import io
import re
import shutil
import threading
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURE_MODULES, axe_violations, make_app

from learn.assessment.attempts import score_responses
from learn.content.loader import load_library, load_module
from scorm_export import build_package
from scorm_export.standards import pass_mark

pytestmark = [pytest.mark.browser, pytest.mark.no_database]

TESTS = Path(__file__).resolve().parent
SCORM_AGAIN = TESTS / "node_modules" / "scorm-again" / "dist"
MODULES = TESTS.parent / "modules"
HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>LMS</title></head>
<body><h1>Test-LMS</h1><div id="frame"></div></body></html>"""

INSTALL_API = """
async ([standard, record, launch, options]) => {
  const { conform } = await import("./conformance.js");
  const api = standard === "1.2"
    ? new Scorm12API({logLevel: 5, autocommit: false})
    : new Scorm2004API({logLevel: 5, autocommit: false});
  api.loadFromJSON(record);
  if (options.refuse) {  // an LMS that refuses one element, to see the package report it
    const name = standard === "1.2" ? "LMSSetValue" : "SetValue";
    const set = api[name].bind(api);
    let refused = false;
    api[name] = (element, value) => (element === options.refuse ? ((refused = true), "false") : ((refused = false), set(element, value)));
    const error = standard === "1.2" ? "LMSGetLastError" : "GetLastError";
    const last = api[error].bind(api);
    api[error] = () => (refused ? "405" : last());
  }
  if (options.refuseCommit) {  // an LMS whose server cannot be reached: every Commit fails
    const name = standard === "1.2" ? "LMSCommit" : "Commit";
    api[name] = () => "false";
  }
  const layer = conform(api, standard, launch);
  window.layer = layer;
  window.lms = api;
  window[standard === "1.2" ? "API" : "API_1484_11"] = layer.api;
  const frame = document.createElement("iframe");
  frame.id = "sco"; frame.name = "sco"; frame.width = "1000"; frame.height = "800";
  frame.src = "pkg/index.html" + (options.debug ? "?debug" : "");
  document.getElementById("frame").appendChild(frame);
}
"""

READ_RESULT = """
() => ({
  cmi: JSON.parse(JSON.stringify(window.lms.cmi)),
  violations: window.layer.violations,
  writes: window.layer.writes,
})
"""


@pytest.fixture(scope="module")
def browser(playwright_instance):
    """One Chromium for this file, from the suite's shared Playwright (one per process is allowed)."""
    if not Path(CHROMIUM).exists() or not SCORM_AGAIN.is_dir():
        pytest.skip("needs /usr/bin/chromium and tests/node_modules/scorm-again")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Result:
    """What the LMS holds after a session, and what the conformance layer saw."""

    cmi: dict
    violations: list
    writes: list

    def written(self, element: str):
        values = [value for name, value in self.writes if name == element]
        return values[-1] if values else None


class StrictLms:
    """The package served on 127.0.0.1 in the test LMS, for one standard; each launch a new page."""

    def __init__(self, browser, tmp_path: Path, module, standard: str):
        self.module, self.standard = module, standard
        package = build_package(module, standard, make_app("sqlite://"))
        root = tmp_path / f"lms-{package.standard.slug}"
        with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
            archive.extractall(root / "pkg")
        for name in ("scorm12.js", "scorm2004.js"):
            shutil.copy(SCORM_AGAIN / name, root / name)
        shutil.copy(TESTS / "scorm_conformance.mjs", root / "conformance.js")
        (root / "host.html").write_text(HOST_PAGE)
        handler = functools.partial(QuietHandler, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.context = browser.new_context()
        mark = pass_mark(module)
        self.pass_mark = mark
        self.known = (
            {} if mark is None else {"masteryScore": mark} if standard == "1.2" else {"scaledPassingScore": mark / 100}
        )

    def close(self):
        self.context.close()
        self.server.shutdown()

    def launch(self, record: dict | None = None, mode: str = "normal", **options) -> "Session":
        """Open the SCO as the LMS would, with ``record`` (what it kept of earlier sessions)."""
        record = dict(record or {})
        statuses = {k: v for k, v in record.items() if k in ("completion_status", "success_status")}
        if self.standard == "1.2":
            core = record.setdefault("core", {})
            core["lesson_mode"] = mode
            statuses = {"lesson_status": core.get("lesson_status", "not attempted")}
            if self.pass_mark is not None:
                record["student_data"] = {"mastery_score": str(self.pass_mark)}
        else:
            record["mode"] = mode
            if self.pass_mark is not None:
                record["scaled_passing_score"] = str(self.pass_mark / 100)
        launch = {"mode": mode, "record": statuses, **self.known}
        return Session(self, record, launch, options)


class Session:
    def __init__(self, lms: StrictLms, record: dict, launch: dict, options: dict):
        self.lms = lms
        self.page = page = lms.context.new_page()
        self.problems, self.requests, self.warnings = [], [], []
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.on("console", self.on_console)
        page.on(
            "response",
            lambda r: (
                self.problems.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None
            ),
        )
        page.on("request", lambda request: self.requests.append(request.url))
        page.goto(f"{lms.base}/host.html")
        page.add_script_tag(url=f"{lms.base}/{'scorm12.js' if lms.standard == '1.2' else 'scorm2004.js'}")
        page.evaluate(INSTALL_API, [lms.standard, record, launch, options])
        self.frame = page.frame_locator("#sco")
        self.frame.locator("body[data-ready]").wait_for(state="attached")  # the runtime has started
        assert self.problems == [], self.problems
        assert self.frame.locator("section[data-step]:visible").count() == 1

    def on_console(self, message):
        if message.type == "warning":
            self.warnings.append(message.text)
        elif message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(message.text)

    def close(self, strict=True) -> Result:
        """Close the SCO as a learner closing the window does; what the LMS holds then."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        self.page.wait_for_function("() => window.lms.isTerminated()")
        result = Result(**self.page.evaluate(READ_RESULT))
        self.page.close()
        if strict:
            assert result.violations == [], result.violations
            assert self.problems == [], self.problems
            assert all(url.startswith(self.lms.base) or url == "about:blank" for url in self.requests)
        return result


def current_step(frame) -> str:
    return frame.locator("section[data-step]:visible").get_attribute("data-step")


def section(frame, step):
    return frame.locator(f'section[data-step="{step.id}"]')


def answer(scope, question, right: bool):
    """Answer one question in the SCO's form: right, or as wrong as the kind allows."""
    box = scope.locator(f'[data-question="{question.id}"]')
    name = f"q-{question.id}"
    if question.kind in ("single", "judgement", "truefalse"):
        options = sorted(question.options, key=lambda o: o.credit, reverse=right)
        box.locator(f'input[name="{name}"][value="{options[0].id}"]').check()
        return options[0].id
    if question.kind == "multiple":
        chosen = [o.id for o in question.options if o.correct == right] or [question.options[0].id]
        for option_id in chosen:
            box.locator(f'input[name="{name}"][value="{option_id}"]').check()
        return chosen
    if question.kind == "matching":
        pairs = dict(question.pairs)
        response = {}
        for prompt in question.prompts:
            target = pairs[prompt.id] if right else next(a.id for a in question.answers if a.id != pairs[prompt.id])
            box.locator(f'select[name="{name}-{prompt.id}"]').select_option(target)
            response[prompt.id] = target
        return response
    order = [item.id for item in question.items]
    if not right:
        order = order[1:] + order[:1]  # every item out of place
    for position, item_id in enumerate(order, start=1):
        box.locator(f'select[name="{name}-{item_id}"]').select_option(str(position))
    return order


def take_quiz(frame, step, right: bool) -> float:
    """Answer the drawn questions and submit; the server's score for the same answers."""
    scope = section(frame, step)
    ids = drawn_ids(frame, step)
    assert len(ids) == step.draw
    assert ids == [q.id for q in step.questions if q.id in ids]  # pool order, as on the platform
    questions = [step.question(qid) for qid in ids]
    if step.min_per_tag:  # every learning goal tested, as learn.assessment.draw does
        tags = Counter(q.tag for q in questions)
        assert all(tags[q.tag] >= step.min_per_tag for q in step.questions), tags
    responses = {q.id: answer(scope, q, right) for q in questions}
    scope.locator("[data-quiz-submit]").click()
    if step.final:
        scope.locator("[data-quiz-result]").wait_for(state="visible")
    return score_responses(questions, responses).percentage


def drawn_ids(frame, step) -> list[str]:
    drawn = section(frame, step).locator("[data-question]:visible")
    return [drawn.nth(i).get_attribute("data-question") for i in range(drawn.count())]


def walk(frame, module, steps, thorough=True):
    """Do each step as a learner would and go on; stops on the last of ``steps``. Not thorough:
    only go on (a learner clicking through to the final test)."""
    for step in steps:
        assert current_step(frame) == step.id
        scope = section(frame, step)
        if thorough and step.type_name == "reflection":
            for question in step.questions:
                area = scope.locator(f'textarea[data-reflection="{step.id}/{question.id}"]')
                area.fill(f"Mijn antwoord op {question.id}: ik luister eerst. " * 3)
                area.dispatch_event("change")
        elif thorough and step.type_name == "scenario":
            for _ in range(50):
                if scope.locator("[data-debrief]").is_visible():
                    break
                scope.locator(".scenario-node.current [data-choice]").first.click()
            assert scope.locator("[data-debrief]").is_visible()
        elif step.type_name == "quiz" and not step.final:
            take_quiz(frame, step, right=True)
        if step is not steps[-1]:
            frame.locator("[data-next]").click()


def interactions(cmi) -> list[dict]:
    found = cmi["interactions"]
    if isinstance(found, dict) and "childArray" in found:
        found = found["childArray"]
    return [found[key] for key in sorted(found, key=int)] if isinstance(found, dict) else list(found)


def resumed(cmi: dict, standard: str) -> dict:
    """What an LMS hands the next launch: the record, entry "resume" after exit "suspend" (Moodle's rule)."""
    if standard == "1.2":
        core = cmi["core"]
        return {
            "suspend_data": cmi["suspend_data"],
            "interactions": cmi["interactions"],
            "core": {
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
                "entry": "resume" if core["exit"] == "suspend" else "",
                "score": core["score"],
            },
        }
    return {
        "suspend_data": cmi["suspend_data"],
        "interactions": cmi["interactions"],
        "location": cmi["location"],
        "entry": "resume" if cmi["exit"] == "suspend" else "",
        "completion_status": cmi["completion_status"],
        "success_status": cmi["success_status"],
        "score": cmi["score"],
    }


def reviewed(cmi: dict, standard: str) -> dict:
    """Moodle's review launch after completion: the statuses and score, entry ab-initio, no suspend_data."""
    record = resumed(cmi, standard)
    record["suspend_data"] = ""
    if standard == "1.2":
        record["core"]["entry"] = "ab-initio"
    else:
        record["entry"] = "ab-initio"
    return record


def status(cmi: dict, standard: str) -> tuple[str, str]:
    """(completion, success) as the LMS holds them; 1.2's one lesson_status is both."""
    if standard == "1.2":
        return cmi["core"]["lesson_status"], cmi["core"]["lesson_status"]
    return cmi["completion_status"], cmi["success_status"]


def score(cmi: dict, standard: str) -> str:
    return (cmi["core"] if standard == "1.2" else cmi)["score"]["raw"]


def all_modules():
    modules = [load_module(FIXTURE_MODULES / "kennismaking")]
    if MODULES.is_dir():
        modules += list(load_library(MODULES))
    return modules


PORTABLE = re.compile(r"^[A-Za-z0-9_.]+$")
STANDARDS = ["1.2", "2004"]


@pytest.fixture
def strict_lms(browser, tmp_path):
    opened = []

    def open_lms(module, standard):
        opened.append(StrictLms(browser, tmp_path, module, standard))
        return opened[-1]

    yield open_lms
    for lms in opened:
        lms.close()


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("module", all_modules(), ids=lambda m: m.id)
def test_fail_return_pass_and_return_after_completion(strict_lms, module, standard):
    lms = strict_lms(module, standard)
    quiz = module.final_quiz
    at = module.steps.index(quiz)

    # First launch: the whole module up to the final test, failed once.
    session = lms.launch()
    walk(session.frame, module, module.steps[: at + 1])
    failed_score = take_quiz(session.frame, quiz, right=False)
    assert failed_score < lms.pass_mark
    scope = section(session.frame, quiz)
    assert scope.locator(".question-review:visible").count() == quiz.draw  # show_answers: after_submit
    assert session.frame.locator("[data-next]").is_hidden()  # not done: attempts left and not passed
    assert axe_violations(session.page.frame(name="sco")) == []  # the reviewed final test
    first = session.close()
    # Attempts left: the record stays open (issue 18, point 3) and resumable.
    if standard == "1.2":
        assert status(first.cmi, standard) == ("incomplete", "incomplete")
        assert first.cmi["core"]["exit"] == "suspend"
    else:
        assert status(first.cmi, standard) == ("incomplete", "unknown")
        assert first.cmi["exit"] == "suspend"
        assert 0 < float(first.cmi["progress_measure"]) < 1
    assert score(first.cmi, standard) == ""  # no score before the outcome is decided
    found = interactions(first.cmi)
    assert len(found) == quiz.draw and "correct" not in {i["result"] for i in found}
    response = "student_response" if standard == "1.2" else "learner_response"
    for interaction in found:  # every answer and answer key stored, in a form every runtime accepts
        assert PORTABLE.match(interaction["id"]) and interaction[response]
        assert interaction["correct_responses"]

    # Back with attempts left: everything restored, the retry passes, the rest is walked.
    session = lms.launch(resumed(first.cmi, standard))
    assert current_step(session.frame) == quiz.id
    for step in module.steps[:at]:
        if step.type_name == "reflection":
            area = section(session.frame, step).locator("textarea[data-reflection]").first
            assert area.input_value().startswith("Mijn antwoord op")
        if step.type_name == "scenario":
            assert section(session.frame, step).locator("[data-debrief]").evaluate("e => !e.hidden")
    assert scope_of(session, quiz).locator("[data-quiz-result]").is_visible()
    scope_of(session, quiz).locator("[data-quiz-retry]").click()
    assert take_quiz(session.frame, quiz, right=True) == 100.0
    session.frame.locator("[data-next]").click()
    walk(session.frame, module, module.steps[at + 1 :])
    session.frame.locator("[data-next]").click()  # Afronden
    assert session.frame.locator("[data-finished]").is_visible()
    passed = session.close()
    assert status(passed.cmi, standard) == (("passed", "passed") if standard == "1.2" else ("completed", "passed"))
    assert float(score(passed.cmi, standard)) == 100.0
    assert len(interactions(passed.cmi)) == 2 * quiz.draw
    assert passed.written("cmi.core.exit" if standard == "1.2" else "cmi.exit") == "suspend"  # revisitable
    if standard == "2004":
        assert float(passed.cmi["score"]["scaled"]) == 1.0 and float(passed.cmi["progress_measure"]) == 1.0

    # Back after completion, as the LMS resumes it: readable, and nothing written over the record.
    session = lms.launch(resumed(passed.cmi, standard))
    notice = session.frame.locator("[data-read-only]")
    assert notice.is_visible() and "afgerond" in notice.inner_text() and "100" in notice.inner_text()
    assert axe_violations(session.page.frame(name="sco")) == []  # the read-only notice and controls
    reflection = next((s for s in module.steps if s.type_name == "reflection"), None)
    if reflection:
        session.frame.locator(f'[data-goto="{module.steps.index(reflection)}"]').dispatch_event("click")
        area = section(session.frame, reflection).locator("textarea").first
        assert area.input_value().startswith("Mijn antwoord op") and area.get_attribute("readonly") is not None
    session.frame.locator("[data-next]").click()
    assert session.close().writes == []

    # In review mode, with the empty suspend_data Moodle gives then: the result, nothing written.
    session = lms.launch(reviewed(passed.cmi, standard), mode="review")
    assert "afgerond" in session.frame.locator("[data-read-only]").inner_text()
    assert session.frame.locator("[data-progress]").is_hidden()  # not an empty bar under "afgerond"
    session.frame.locator("[data-next]").click()
    assert session.close().writes == []


def scope_of(session, step):
    return section(session.frame, step)


@pytest.mark.parametrize("standard", STANDARDS)
@pytest.mark.parametrize("module", all_modules(), ids=lambda m: m.id)
def test_three_failed_attempts(strict_lms, module, standard):
    lms = strict_lms(module, standard)
    quiz = module.final_quiz
    at = module.steps.index(quiz)
    assert quiz.max_attempts == 3
    session = lms.launch()
    walk(session.frame, module, module.steps[: at + 1], thorough=False)
    scores, draws = [], []
    for attempt in range(3):
        if attempt:
            scope_of(session, quiz).locator("[data-quiz-retry]").click()
        draws.append(set(drawn_ids(session.frame, quiz)))
        scores.append(take_quiz(session.frame, quiz, right=False))
        if attempt < 2:  # still open
            assert scope_of(session, quiz).locator("[data-quiz-retry]").is_visible()
    result = scope_of(session, quiz).locator("[data-quiz-result]")
    assert "geen pogingen meer" in result.inner_text()
    assert scope_of(session, quiz).locator("[data-quiz-retry]").is_hidden()
    # A retry is a new test as far as the pool allows: the questions seen least often first.
    assert len(draws[0] & draws[1]) == max(0, 2 * quiz.draw - len(quiz.questions))
    failed = session.close()
    assert status(failed.cmi, standard)[1] == "failed"  # only now: no attempt left
    assert float(score(failed.cmi, standard)) == max(scores)
    assert len(interactions(failed.cmi)) == 3 * quiz.draw
    if standard == "1.2":  # failed is final in 1.2: coming back changes nothing
        session = lms.launch(resumed(failed.cmi, standard))
        assert session.frame.locator("[data-read-only]").is_visible()
        assert session.close().writes == []


@pytest.mark.parametrize("standard", STANDARDS)
def test_lms_errors_show_in_debug_mode_and_the_console(strict_lms, standard):
    lms = strict_lms(load_module(FIXTURE_MODULES / "kennismaking"), standard)
    location = "cmi.core.lesson_location" if standard == "1.2" else "cmi.location"
    # 1.2 has no preview mode of its own: ?debug in the launch address; 2004: the LMS's browse mode.
    if standard == "1.2":
        session = lms.launch(refuse=location, debug=True)
    else:
        session = lms.launch(mode="browse", refuse=location)
    session.frame.locator("[data-next]").click()
    note = session.frame.locator("[data-lms-errors]")
    assert note.is_visible() and "LMS meldt een fout" in note.inner_text()
    assert location in note.inner_text() and "405" in note.inner_text()
    assert any(location in warning for warning in session.warnings)
    assert axe_violations(session.page.frame(name="sco")) == []
    result = session.close(strict=False)
    assert any(location in violation for violation in result.violations)  # the layer saw it too

    session = lms.launch()  # a learner in normal mode sees no test notes
    session.frame.locator("[data-next]").click()
    assert session.frame.locator("[data-lms-errors]").is_hidden()
    session.close()


@pytest.mark.parametrize("standard", STANDARDS)
def test_a_reflection_the_lms_never_got_comes_back_from_the_browser(strict_lms, standard):
    """The drafts module the web player uses keeps the text in the browser until the LMS has it."""
    module = load_module(FIXTURE_MODULES / "kennismaking")
    reflection = next(step for step in module.steps if step.type_name == "reflection")
    lms = strict_lms(module, standard)
    session = lms.launch(refuseCommit=True)
    walk(session.frame, module, module.steps[: module.steps.index(reflection) + 1], thorough=False)
    text = "Ik vraag eerst wat de jongere zelf wil. Dan pas kijk ik verder."
    section(session.frame, reflection).locator("textarea").first.fill(text)  # typing, no change event yet
    status = session.frame.locator(".save-status")
    status.filter(
        has_text="Nog niet opgeslagen: de leeromgeving nam je werk niet aan"
    ).wait_for()  # the learner is told
    session.close(strict=False)

    session = lms.launch()  # the LMS kept nothing of that session
    assert section(session.frame, reflection).locator("textarea").first.input_value() == text
    session.frame.locator(".save-status").filter(has_text="teruggezet").wait_for()
    assert text in session.close().written("cmi.suspend_data")


BAD_STATES = [
    '{"v":1,"l":9999}',  # security finding 16.12: TypeError and a dead player before
    '{"v":1,"l":"2","d":5,"q":{"5":{"a":"x"}}}',
    '{"v":1,"l":1,"d":"00","r":[[1,0,null]]}',
    "{not json",
]


@pytest.mark.parametrize("suspend_data", BAD_STATES)
@pytest.mark.parametrize("standard", STANDARDS)
def test_unusable_suspend_data_gives_a_fresh_start_with_a_message(strict_lms, standard, suspend_data):
    module = load_module(FIXTURE_MODULES / "kennismaking")
    lms = strict_lms(module, standard)
    record = {"suspend_data": suspend_data}
    record.update(
        {"core": {"entry": "resume", "lesson_status": "incomplete"}} if standard == "1.2" else {"entry": "resume"}
    )
    session = lms.launch(record)
    assert session.frame.locator("[data-state-reset]").is_visible()
    assert current_step(session.frame) == module.steps[0].id
    assert any("cannot be used" in warning for warning in session.warnings)
    session.frame.locator("[data-next]").click()  # the learner goes on: a fresh, valid state is saved
    result = session.close()
    assert result.written("cmi.suspend_data").startswith('{"v":1,"l":1,')


def test_preview_without_an_lms(browser, tmp_path):
    lms = StrictLms(browser, tmp_path, load_module(FIXTURE_MODULES / "kennismaking"), "1.2")
    try:
        page = lms.context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{lms.base}/pkg/index.html")
        page.locator("body[data-ready]").wait_for(state="attached")
        assert page.locator("[data-preview]").is_visible()
        assert axe_violations(page) == []
        page.keyboard.press("ArrowRight")  # the shared keyboard module works in the package too
        assert page.locator("section[data-step]:visible").get_attribute("data-step") == "samira"
        page.locator("[data-next]").click()
        assert problems == []
    finally:
        lms.close()


def test_long_reflections_in_scorm_12_are_kept_partly_and_the_learner_is_told(strict_lms):
    kennismaking = load_module(FIXTURE_MODULES / "kennismaking")
    lms = strict_lms(kennismaking, "1.2")
    session = lms.launch()
    walk(session.frame, kennismaking, kennismaking.steps[:3])
    area = session.frame.locator("textarea[data-reflection]").first
    long_answer = "Wat ik in de wijk zie, is dat ouders “eerst” gehoord willen worden.\n" * 90  # > 4,096 characters
    area.fill(long_answer)
    area.dispatch_event("change")
    assert session.frame.locator("[data-truncated]").is_visible()
    result = session.close()
    assert len(result.cmi["suspend_data"].encode("utf-16-le")) // 2 <= 4096
    session = lms.launch(resumed(result.cmi, "1.2"))
    kept = session.frame.locator("textarea[data-reflection]").first.input_value()
    assert 1000 < len(kept) < len(long_answer) and long_answer.startswith(kept)
    assert session.frame.locator("[data-truncated]").is_visible()
    session.close()
