"""The exported packages played in a real SCORM runtime: scorm-again in headless Chromium.

A small LMS host page installs scorm-again's Scorm12API / Scorm2004API as window.API /
window.API_1484_11 and opens the SCO in an iframe, all served from 127.0.0.1. The test
walks the module, fails the final test once, closes, reopens with the CMI data the LMS
kept, checks the resume, passes, closes again, and asserts what scorm-again recorded.
"""

import functools
import http.server
import io
import re
import shutil
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, FIXTURE_MODULES, axe_violations, make_app

from learn.assessment.attempts import score_responses
from learn.content.loader import load_library, load_module
from scorm_export import build_package
from scorm_export.manifest import pass_mark

pytestmark = pytest.mark.browser

SCORM_AGAIN = Path(__file__).resolve().parent / "node_modules" / "scorm-again" / "dist"
MODULES = Path(__file__).resolve().parent.parent / "modules"
HOST_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>LMS</title></head>
<body><h1>Test-LMS</h1><div id="frame"></div></body></html>"""

INSTALL_API = """
([standard, saved, mastery]) => {
  const api = standard === "1.2"
    ? new Scorm12API({logLevel: 5, autocommit: false})
    : new Scorm2004API({logLevel: 5, autocommit: false});
  window.lmsCalls = {initialize: 0, finish: 0, commit: 0, errors: []};
  const count = (name, key) => {
    const original = api[name].bind(api);
    api[name] = (...args) => {
      window.lmsCalls[key] += 1;
      const result = original(...args);
      if (String(result) === "false") window.lmsCalls.errors.push(name);
      return result;
    };
  };
  if (saved) api.loadFromJSON(saved);
  if (standard === "1.2") {
    if (mastery !== null) api.cmi.student_data.mastery_score = String(mastery);
    count("LMSInitialize", "initialize"); count("LMSFinish", "finish"); count("LMSCommit", "commit");
    const set = api.LMSSetValue.bind(api);
    api.LMSSetValue = (name, value) => {
      const result = set(name, value);
      if (String(result) !== "true") window.lmsCalls.errors.push(name + "=" + value + " -> " + api.LMSGetLastError());
      return result;
    };
    window.API = api;
  } else {
    count("Initialize", "initialize"); count("Terminate", "finish"); count("Commit", "commit");
    const set = api.SetValue.bind(api);
    api.SetValue = (name, value) => {
      const result = set(name, value);
      if (String(result) !== "true") window.lmsCalls.errors.push(name + "=" + value + " -> " + api.GetLastError());
      return result;
    };
    window.API_1484_11 = api;
  }
  const frame = document.createElement("iframe");
  frame.id = "sco"; frame.name = "sco"; frame.width = "1000"; frame.height = "800";
  frame.src = "pkg/index.html";
  document.getElementById("frame").appendChild(frame);
}
"""

READ_CMI = """
(standard) => {
  const api = standard === "1.2" ? window.API : window.API_1484_11;
  const cmi = JSON.parse(JSON.stringify(api.cmi));
  return {cmi, calls: window.lmsCalls};
}
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


@pytest.fixture(scope="module")
def kennismaking():
    return load_module(FIXTURE_MODULES / "kennismaking")


def serve_package(tmp_path: Path, module, standard: str):
    package = build_package(module, standard, make_app("sqlite://"))
    root = tmp_path / f"lms-{package.standard.slug}"
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        archive.extractall(root / "pkg")
    for name in ("scorm12.js", "scorm2004.js"):
        shutil.copy(SCORM_AGAIN / name, root / name)
    (root / "host.html").write_text(HOST_PAGE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def open_in_lms(context, base: str, standard: str, saved=None, mastery=None):
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{base}/host.html")
    page.add_script_tag(url=f"{base}/{'scorm12.js' if standard == '1.2' else 'scorm2004.js'}")
    page.evaluate(INSTALL_API, [standard, saved, mastery])
    frame = page.frame_locator("#sco")
    frame.locator("body[data-ready]").wait_for(
        state="attached"
    )  # the runtime has started (CSS alone may show the pager)
    assert problems == [] and frame.locator("section[data-step]:visible").count() == 1, problems
    return page, frame, problems, requests


def close_sco(page, standard: str) -> dict:
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
    page.wait_for_function("() => window.lmsCalls.finish > 0")
    page.wait_for_timeout(200)
    return page.evaluate(READ_CMI, standard)


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
    drawn = scope.locator("[data-question]:visible")
    ids = [drawn.nth(i).get_attribute("data-question") for i in range(drawn.count())]
    assert len(ids) == step.draw
    assert ids == [q.id for q in step.questions if q.id in ids]  # pool order, as on the platform
    questions = [step.question(qid) for qid in ids]
    responses = {q.id: answer(scope, q, right) for q in questions}
    scope.locator("[data-quiz-submit]").click()
    if step.final:
        scope.locator("[data-quiz-result]").wait_for(state="visible")
    return score_responses(questions, responses).percentage


def walk(frame, module, steps):
    """Do each step as a learner would and go on; stops on the last of ``steps``."""
    for step in steps:
        assert current_step(frame) == step.id
        scope = section(frame, step)
        if step.type_name == "reflection":
            for question in step.questions:
                area = scope.locator(f'textarea[data-reflection="{step.id}/{question.id}"]')
                area.fill(f"Mijn antwoord op {question.id}: ik luister eerst. " * 3)
                area.dispatch_event("change")
        elif step.type_name == "scenario":
            for _ in range(50):
                if scope.locator("[data-debrief]").is_visible():
                    break
                scope.locator(".scenario-node.current [data-choice]").first.click()
            assert scope.locator("[data-debrief]").is_visible()
        elif step.type_name == "quiz" and not step.final:
            take_quiz(frame, step, right=True)
        if step is not steps[-1]:
            frame.locator("[data-next]").click()


DURATION_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
DURATION_2004 = re.compile(r"^PT(\d+H)?(\d+M)?\d+(\.\d{1,2})?S$")


def interactions(cmi, standard):
    found = cmi["interactions"]
    return [found[key] for key in sorted(found, key=int)] if isinstance(found, dict) else list(found)


def saved_for_resume(cmi, standard):
    """What an LMS hands back on the next launch of a suspended attempt."""
    if standard == "1.2":
        core = cmi["core"]
        return {
            "suspend_data": cmi["suspend_data"],
            "core": {
                "lesson_location": core["lesson_location"],
                "lesson_status": core["lesson_status"],
                "entry": "resume",
                "score": core["score"],
            },
        }
    return {
        "suspend_data": cmi["suspend_data"],
        "location": cmi["location"],
        "entry": "resume",
        "completion_status": cmi["completion_status"],
        "success_status": cmi["success_status"],
        "score": cmi["score"],
    }


def all_modules():
    modules = [load_module(FIXTURE_MODULES / "kennismaking")]
    if MODULES.is_dir():
        modules += [m for m in load_library(MODULES)]
    return modules


@pytest.mark.parametrize("standard", ["1.2", "2004"])
@pytest.mark.parametrize("module", all_modules(), ids=lambda m: m.id)
def test_fail_close_resume_and_pass_in_scorm_again(browser, module, tmp_path, standard):
    server, base = serve_package(tmp_path, module, standard)
    mark = pass_mark(module)
    quiz = module.final_quiz
    at = module.steps.index(quiz)
    try:
        context = browser.new_context()
        page, frame, problems, requests = open_in_lms(context, base, standard, mastery=mark)
        walk(frame, module, module.steps[: at + 1])
        failed_score = take_quiz(frame, quiz, right=False)
        assert failed_score < mark
        reviews = section(frame, quiz).locator(".question-review:visible")
        assert reviews.count() == quiz.draw  # show_answers: after_submit
        assert frame.locator("[data-next]").is_hidden()  # not done: attempts left and not passed
        assert section(frame, quiz).locator("[data-quiz-submit]").is_hidden()
        assert axe_violations(page.frame(name="sco")) == []  # the reviewed final test
        first = close_sco(page, standard)
        cmi, calls = first["cmi"], first["calls"]
        assert calls["initialize"] == 1 and calls["finish"] == 1 and calls["commit"] >= 5
        assert calls["errors"] == []
        assert problems == []
        assert all(url.startswith(base) or url == "about:blank" for url in requests), requests
        found = interactions(cmi, standard)
        assert len(found) == quiz.draw
        assert "correct" not in {i["result"] for i in found}
        if standard == "1.2":
            core = cmi["core"]
            assert core["lesson_status"] == "failed"
            assert float(core["score"]["raw"]) == failed_score
            assert (core["score"]["min"], core["score"]["max"]) == ("0", "100")
            assert core["exit"] == "suspend"
            assert core["lesson_location"] == quiz.id
            assert DURATION_12.match(core["session_time"]), core["session_time"]
            assert len(cmi["suspend_data"].encode("utf-16-le")) // 2 <= 4096
            assert all(len(i["student_response"]) <= 255 for i in found)
        else:
            assert cmi["completion_status"] == "incomplete"
            assert cmi["success_status"] == "failed"
            assert float(cmi["score"]["raw"]) == failed_score
            assert float(cmi["score"]["scaled"]) == pytest.approx(failed_score / 100)
            assert cmi["exit"] == "suspend"
            assert cmi["location"] == quiz.id
            assert 0 < float(cmi["progress_measure"]) < 1
            assert DURATION_2004.match(cmi["session_time"]), cmi["session_time"]
            assert all(i["id"].startswith(f"urn:leerpad:{module.id}:{quiz.id}:") for i in found)
            assert len(cmi["suspend_data"].encode("utf-16-le")) // 2 <= 64000
        page.close()

        page, frame, problems, requests = open_in_lms(context, base, standard, saved_for_resume(cmi, standard), mark)
        assert current_step(frame) == quiz.id  # location
        for step in module.steps[:at]:  # reflections and scenario paths from suspend_data
            if step.type_name == "reflection":
                area = section(frame, step).locator("textarea[data-reflection]").first
                assert area.input_value().startswith("Mijn antwoord op")
            if step.type_name == "scenario":
                assert section(frame, step).locator("[data-debrief]").evaluate("e => !e.hidden")
        assert section(frame, quiz).locator("[data-quiz-retry]").is_visible()
        assert section(frame, quiz).locator("[data-quiz-result]").is_visible()
        section(frame, quiz).locator("[data-quiz-retry]").click()
        assert take_quiz(frame, quiz, right=True) == 100.0
        frame.locator("[data-next]").click()
        walk(frame, module, module.steps[at + 1 :])
        frame.locator("[data-next]").click()  # Afronden
        assert frame.locator("[data-finished]").is_visible()
        second = close_sco(page, standard)
        cmi, calls = second["cmi"], second["calls"]
        assert calls["initialize"] == 1 and calls["finish"] == 1 and calls["errors"] == []
        assert problems == []
        found = interactions(cmi, standard)
        assert len(found) == quiz.draw and {i["result"] for i in found} == {"correct"}
        if standard == "1.2":
            assert cmi["core"]["lesson_status"] == "passed"
            assert float(cmi["core"]["score"]["raw"]) == 100.0
            assert cmi["core"]["exit"] == ""
            assert DURATION_12.match(cmi["core"]["session_time"])
        else:
            assert cmi["completion_status"] == "completed" and cmi["success_status"] == "passed"
            assert float(cmi["score"]["scaled"]) == 1.0 and float(cmi["progress_measure"]) == 1.0
            assert cmi["exit"] == "normal"
            assert DURATION_2004.match(cmi["session_time"])
        context.close()
    finally:
        server.shutdown()


def test_preview_without_an_lms(browser, kennismaking, tmp_path):
    server, base = serve_package(tmp_path, kennismaking, "1.2")
    try:
        page = browser.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{base}/pkg/index.html")
        page.locator("body[data-ready]").wait_for(state="attached")
        assert page.locator("[data-preview]").is_visible()
        assert axe_violations(page) == []
        page.locator("[data-next]").click()
        assert page.locator("section[data-step]:visible").get_attribute("data-step") == "samira"
        assert problems == []
        page.close()
    finally:
        server.shutdown()


def test_long_reflections_in_scorm_12_are_kept_partly_and_the_learner_is_told(browser, kennismaking, tmp_path):
    server, base = serve_package(tmp_path, kennismaking, "1.2")
    try:
        context = browser.new_context()
        page, frame, problems, _ = open_in_lms(context, base, "1.2")
        walk(frame, kennismaking, kennismaking.steps[:3])
        area = frame.locator("textarea[data-reflection]").first
        long_answer = "Wat ik in de wijk zie, is dat ouders “eerst” gehoord willen worden.\n" * 90  # > 4,096 characters
        area.fill(long_answer)
        area.dispatch_event("change")
        assert frame.locator("[data-truncated]").is_visible()
        cmi = close_sco(page, "1.2")
        suspend_data = cmi["cmi"]["suspend_data"]
        assert len(suspend_data.encode("utf-16-le")) // 2 <= 4096
        assert cmi["calls"]["errors"] == [] and problems == []
        page.close()
        page, frame, problems, _ = open_in_lms(context, base, "1.2", saved_for_resume(cmi["cmi"], "1.2"))
        kept = frame.locator("textarea[data-reflection]").first.input_value()
        assert 1000 < len(kept) < len(long_answer) and long_answer.startswith(kept)
        assert frame.locator("[data-truncated]").is_visible()
        context.close()
    finally:
        server.shutdown()
