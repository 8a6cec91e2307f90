// The player inside a SCORM package: the launch page (scorm_export/templates/scorm_export/sco.html)
// holds every step; this shows one at a time, runs scenarios, reflections and quizzes, scores the
// final test as the platform does, keeps the learner's state in suspend_data and reports to the LMS
// through the standard's adapter. Makes no network requests.
//
// What it writes to the LMS, and when: nothing before it has read where the learner stands (mode,
// status, suspend_data); nothing at all in review mode or when the LMS's record is already
// finished (the learner can read everything back); otherwise the state, location and status
// after each change, and cmi.exit "suspend" always, so the attempt stays resumable until the
// institution's LMS ends it.

import { Drafts, draftKey, draftStore, reconcile, sweep } from "./drafts.js";
import { Connection } from "./lms.js";
import { lmsReport, moduleFinished, stepDoneNow } from "./progress.js";
import * as Quiz from "./quiz.js";
import { renderScenario, walk, choose } from "./scenario.js";
import * as Scoring from "./scoring.js";
import * as State from "./state.js";

const LOCKED = "input, select, [data-choice], [data-restart], [data-quiz-submit], [data-quiz-retry]";

const $ = (root, selector) => root.querySelector(selector);
const $$ = (root, selector) => [...root.querySelectorAll(selector)];
const show = (element, visible) => {
  if (element) element.hidden = !visible;
};
const decimal = (number) => String(number).replace(".", ",");

/** The browser's localStorage, or a memory for this page where it is forbidden (some LMS frames, private modes). */
function browserStorage(win) {
  try {
    const storage = win.localStorage;
    storage.getItem("leerpad");
    return storage;
  } catch {
    const memory = new Map();
    return {
      getItem: (key) => (memory.has(key) ? memory.get(key) : null),
      setItem: (key, value) => memory.set(key, String(value)),
      removeItem: (key) => memory.delete(key),
      key: (index) => [...memory.keys()][index] ?? null,
      get length() {
        return memory.size;
      },
    };
  }
}

export function startPackage(data, adapter, win) {
  const document = win.document;
  const labels = $(document, "[data-labels]").dataset;
  const sections = $$(document, "section[data-step]");
  const debug = new URLSearchParams(win.location.search).has("debug");
  const lms = new Connection(adapter, win, reportError);
  const live = lms.start();
  const launch = live ? adapter.launch(lms) : null;
  lms.readOnly = Boolean(launch && (launch.mode === "review" || launch.finished));
  let state = { l: 0, d: data.steps.map(() => false), s: {}, q: {}, r: [] };
  let drafts = null; // while the LMS keeps what the learner does
  const attemptStarted = {};
  const answeredAt = {};

  win.LeerpadPlayer = { lms, state: () => state };

  /* ---------- state and tracking ---------- */

  /** In the console always; on the page in the LMS's preview (browse mode) or with ?debug in the address. */
  function reportError(text) {
    win.console.warn(`Leerpad SCORM: LMS error ${text}`);
    if (!debug && !(launch && launch.mode === "browse")) return;
    const box = $(document, "[data-lms-errors]");
    const item = document.createElement("li");
    item.textContent = text;
    $(box, "ul").appendChild(item);
    box.hidden = false;
  }

  /** The state as suspend_data holds it; tells the learner when some reflection text did not fit. */
  function encodeState() {
    const encoded = State.encode(state, data.suspendLimit);
    if (encoded.truncated) state.t = true;
    show($(document, "[data-truncated]"), Boolean(state.t));
    return encoded.text;
  }

  function write() {
    lms.set("cmi.suspend_data", encodeState());
    lms.set(adapter.location, data.steps[state.l].id);
    adapter.report(lms, lmsReport(data, state));
  }

  /** Write the state, location and status, and commit: true unless the LMS refused something. */
  function commit() {
    const errors = lms.errors.length;
    write();
    lms.commit();
    return lms.errors.length === errors;
  }

  /** Something changed: kept in this browser at once, written to the LMS shortly after (drafts.js). */
  function changed() {
    const text = encodeState();
    if (drafts) drafts.change({ state: [text] });
  }

  /** A step taken: written to the LMS now. */
  function save() {
    changed();
    if (drafts) drafts.flush();
  }

  function finish() {
    if (!lms.active || lms.finished) return;
    if (!lms.readOnly) write();
    lms.finish(); // Terminate / LMSFinish store the data themselves: no Commit right before it
  }

  /** The drafts the web player keeps too: every change in this browser until the LMS has it, so a crash
      or an LMS that cannot be reached costs nothing; a copy newer than the LMS's is put back and saved. */
  function keepDrafts() {
    const status = $(document, ".save-status");
    const say = (text) => {
      status.textContent = text || "";
    };
    const store = draftStore(browserStorage(win));
    sweep(store, Date.now()); // copies nobody came back for go after a week, as in the web player
    const saved = () => ({ ok: true, message: labels.saved.replace("{time}", new Date().toTimeString().slice(0, 5)) });
    drafts = new Drafts({
      // After Terminate nothing reaches the LMS: the copy stays here until a launch finds the LMS has it.
      adapter: { save: async () => (!lms.finished && commit() ? saved() : { ok: false, reason: "offline" }) },
      store,
      key: draftKey(launch.learner || "-", `scorm/${data.id}/${data.version}/${data.standard}`),
      base: { state: [launch.suspendData] },
      // A failed Commit is the LMS's answer (it refused, or could not be reached): not "no connection".
      status: (step, result) => say(step === "saving" ? status.dataset.saving : step === "saved" ? result.message : status.dataset.lmsFailed),
      // the window's own timers: setTimeout called as another object's method throws "Illegal invocation"
      clock: { now: () => Date.now(), set: (run, delay) => win.setTimeout(run, delay), clear: (timer) => win.clearTimeout(timer) },
    });
    const kept = store.get(drafts.key);
    if (!kept) return;
    const { fields, changed: newer } = reconcile(kept.base, drafts.base, kept.fields);
    let copy = null;
    try {
      copy = newer ? State.decode(fields.state[0], data) : null;
    } catch (error) {
      if (!(error instanceof State.InvalidState)) throw error;
    }
    if (!copy) {
      store.remove(drafts.key);
      return;
    }
    state = copy;
    drafts.change(fields);
    drafts.flush().then((ok) => ok && say(status.dataset.restored));
  }

  /** Read-only: the learner reads everything back (reflections stay readable text), changes nothing. */
  function lock() {
    for (const control of $$(document, LOCKED)) control.disabled = true;
    for (const textarea of $$(document, "textarea")) textarea.readOnly = true;
  }

  /* ---------- navigation ---------- */

  function scenarioEnded(index) {
    const scenario = data.scenarios[data.steps[index].id];
    return Boolean(scenario) && walk(scenario, state.s[index] || []).ended;
  }

  function doneNow(index) {
    return stepDoneNow(data, state, index, scenarioEnded(index));
  }

  function render() {
    sections.forEach((section, i) => show(section, i === state.l));
    $(document, "[data-position]").textContent = String(state.l + 1);
    $(document, "[data-progress]").value = state.d.filter(Boolean).length;
    for (const element of $$(document, "[data-state]")) {
      element.textContent = state.d[Number(element.dataset.state)] ? `(${labels.done})` : "";
    }
    const next = $(document, "[data-next]");
    const last = state.l === data.steps.length - 1;
    $(document, "[data-prev]").hidden = state.l === 0;
    next.textContent = last ? next.dataset.labelFinish : next.dataset.labelNext;
    next.hidden = data.steps[state.l].type === "quiz" && !doneNow(state.l);
    show($(document, "[data-finished]"), last && moduleFinished(data, state));
    if (data.steps[state.l].type === "quiz") prepareQuiz(state.l);
    if (lms.readOnly) lock();
  }

  function goTo(index, focus) {
    state.l = Math.max(0, Math.min(data.steps.length - 1, index));
    render();
    save();
    if (focus) {
      const heading = $(sections[state.l], "h1");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      win.scrollTo(0, 0);
    }
  }

  function next() {
    if (doneNow(state.l)) state.d[state.l] = true;
    if (state.l < data.steps.length - 1) goTo(state.l + 1, true);
    else {
      render();
      save();
    }
  }

  /* ---------- scenarios ---------- */

  function showScenario(index) {
    renderScenario($(sections[index], "[data-scenario]"), data.scenarios[data.steps[index].id], state.s[index] || []);
  }

  function chooseInScenario(index, nodeId, choiceId) {
    const path = choose(data.scenarios[data.steps[index].id], state.s[index] || [], nodeId, choiceId);
    if (!path) return;
    state.s[index] = path;
    showScenario(index);
    render();
    save();
  }

  /* ---------- reflections ---------- */

  function reflectionKey(textarea) {
    const [stepId, questionId] = textarea.dataset.reflection.split("/");
    return [data.steps.findIndex((s) => s.id === stepId), data.reflections[stepId].indexOf(questionId)];
  }

  function rememberReflection(textarea) {
    const [step, question] = reflectionKey(textarea);
    state.r = state.r.filter((entry) => entry[0] !== step || entry[1] !== question);
    if (textarea.value) state.r.push([step, question, textarea.value]); // newest last
  }

  function restoreReflections() {
    for (const textarea of $$(document, "textarea[data-reflection]")) {
      const [step, question] = reflectionKey(textarea);
      for (const entry of state.r) if (entry[0] === step && entry[1] === question) textarea.value = entry[2];
    }
  }

  /* ---------- quizzes ---------- */

  const quizOf = (index) => data.quizzes[data.steps[index].id];
  const fieldset = (index, question) => $(sections[index], `[data-question="${question.id}"]`);
  const passMarkOf = (quiz) => (quiz.passMark !== null ? quiz.passMark : data.passMark);

  function quizState(index) {
    if (!state.q[index]) state.q[index] = { a: 0, n: "", f: {}, u: 0, p: 0, c: null };
    return state.q[index];
  }

  function drawn(index) {
    return State.parseIndexList(quizState(index).n, quizOf(index).questions.length).filter((i) => i !== null);
  }

  function prepareQuiz(index) {
    const quiz = quizOf(index);
    const current = quizState(index);
    if (!current.n) {
      const seen = State.seenCounts(current.h, quiz.questions.length);
      current.n = State.indexList(Quiz.draw(quiz, Math.random, seen), quiz.questions.length);
      current.f = {};
      current.u = 0;
      changed();
    }
    if (!attemptStarted[index]) attemptStarted[index] = new Date();
    renderQuiz(index);
  }

  function renderQuiz(index) {
    const quiz = quizOf(index);
    const current = quizState(index);
    const container = $(sections[index], "[data-quiz]");
    const chosen = drawn(index);
    const anchor = $(container, "[data-quiz-message]");
    quiz.questions.forEach((question, i) => {
      const element = fieldset(index, question);
      if (!element) return;
      const position = chosen.indexOf(i);
      element.hidden = position < 0;
      if (position < 0) return;
      container.insertBefore(element, anchor);
      const number = $(element, ".question-number");
      if (number) number.textContent = number.textContent.replace(/\d+\s*$/, String(position + 1));
      const form = State.decodeForm(question, current.f[i]);
      Quiz.writeForm(element, question, form);
      for (const input of $$(element, "input, select")) input.disabled = Boolean(current.u);
      showReview(index, element, question, current.u ? Quiz.responseFromForm(question, form) : undefined);
    });
    const canRetry = current.u && !current.p && Quiz.attemptsLeft(quiz, current) > 0;
    $(container, "[data-quiz-submit]").hidden = Boolean(current.u);
    $(container, "[data-quiz-retry]").hidden = !(current.u && (!quiz.final || canRetry));
    show(anchor, false);
    renderResult(index);
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    node.setAttribute("data-review", "");
    return node;
  }

  /** The review of a submitted question, as _question.html shows it on the platform. */
  function showReview(index, element, question, response) {
    const quiz = quizOf(index);
    element.classList.remove("reviewed", "verdict-right", "verdict-partly", "verdict-wrong", "verdict-unanswered");
    for (const node of $$(element, "[data-review]")) node.remove();
    for (const node of $$(element, ".is-correct, .is-chosen")) node.classList.remove("is-correct", "is-chosen");
    if (response === undefined) return;
    const reveal = Quiz.revealAnswers(quiz, quizState(index));
    const score = Scoring.questionScore(question, response);
    const credit = question.points ? Scoring.pyRound(score / question.points, 4) : 0;
    const key = response === null ? "unanswered" : credit >= 1 ? "right" : credit > 0 ? "partly" : "wrong";
    element.classList.add("reviewed", `verdict-${key}`);
    const extra = quiz.reviews[question.id] || {};
    if (question.kind === "matching" || question.kind === "ordering") {
      (question.kind === "matching" ? question.prompts : question.items).forEach((id, position) => {
        const select = Quiz.selectFor(element, question, id);
        if (!select || !reveal) return;
        let tag;
        if (question.kind === "matching") {
          const right = question.pairs.find((pair) => pair[0] === id)[1];
          const option = $(select, `option[value="${right}"]`);
          const text = `${labels.rightAnswer}: ${option ? option.textContent : right}`;
          tag = make("span", `tag ${select.value === right ? "tag-ok" : "tag-bad"}`, text);
        } else {
          tag = make("span", "tag", `${labels.rightPlace}: ${position + 1}`);
        }
        select.parentNode.appendChild(tag);
      });
    } else {
      const chosen = Array.isArray(response) ? response : [response];
      for (const input of $$(element, `input[name="q-${question.id}"]`)) {
        const item = input.closest("li") || input.parentNode;
        const option = question.options.find((o) => o.id === input.value);
        const picked = chosen.includes(input.value);
        if (picked) {
          item.classList.add("is-chosen");
          item.appendChild(make("span", "tag", labels.yourAnswer));
        }
        if (reveal && option && option.credit === 1) {
          item.classList.add("is-correct");
          item.appendChild(make("span", "tag tag-ok", labels.rightAnswer));
        }
        if (reveal && picked && extra.feedback && extra.feedback[input.value]) {
          const feedback = make("div", "option-feedback prose");
          feedback.innerHTML = extra.feedback[input.value]; // sanitized module content
          item.appendChild(feedback);
        }
      }
    }
    const box = make("div", "question-review");
    box.setAttribute("role", "status");
    const verdict = make("p", "verdict");
    verdict.appendChild(make("strong", "", reveal ? labels[key] : ""));
    if (quiz.final) {
      const points = labels.points.replace("%(score)s", decimal(score)).replace("%(points)s", decimal(question.points));
      verdict.appendChild(document.createTextNode(` (${points})`));
    }
    box.appendChild(verdict);
    if (reveal && extra.explanation) {
      const explanation = make("div", "explanation prose");
      explanation.innerHTML = extra.explanation; // sanitized module content
      box.appendChild(explanation);
    }
    element.appendChild(box);
  }

  function renderResult(index) {
    const quiz = quizOf(index);
    const current = quizState(index);
    const box = $(sections[index], "[data-quiz-result]");
    if (!current.u || !quiz.final) {
      box.hidden = true;
      return;
    }
    const lines = [
      `${labels.score}: ${decimal(current.c)}%. ${labels.best}: ${decimal(current.b)}%. ${labels.passMark}: ${passMarkOf(quiz)}%.`,
      current.p ? labels.passed : labels.failed,
    ];
    if (!current.p) {
      const left = Quiz.attemptsLeft(quiz, current);
      if (left <= 0) lines.push(labels.noAttempts);
      else if (left !== Infinity) lines.push(`${labels.attemptsLeft}: ${left}`);
    }
    box.textContent = lines.join(" ");
    box.hidden = false;
  }

  function rememberAnswer(index, element) {
    const quiz = quizOf(index);
    const poolIndex = quiz.questions.findIndex((q) => q.id === element.dataset.question);
    if (poolIndex < 0) return;
    quizState(index).f[poolIndex] = State.encodeForm(quiz.questions[poolIndex], Quiz.readForm(element, quiz.questions[poolIndex]));
    answeredAt[`${index}/${poolIndex}`] = new Date();
    changed();
  }

  function submitQuiz(index) {
    const quiz = quizOf(index);
    const questions = drawn(index).map((i) => quiz.questions[i]);
    const responses = {};
    for (const question of questions) {
      responses[question.id] = Quiz.responseFromForm(question, Quiz.readForm(fieldset(index, question), question));
    }
    const message = $(sections[index], "[data-quiz-message]");
    if (Object.values(responses).includes(null)) {
      message.textContent = labels.incomplete;
      message.hidden = false;
      return;
    }
    const result = Scoring.scoreAttempt(questions, responses);
    if (quiz.final) {
      state.q[index] = Quiz.recordAttempt(quizState(index), result.percentage, passMarkOf(quiz));
      recordInteractions(index, questions, responses);
    } else {
      quizState(index).u = 1;
    }
    if (doneNow(index)) state.d[index] = true;
    renderQuiz(index);
    render();
    save();
    const box = $(sections[index], "[data-quiz-result]");
    if (!box.hidden) box.focus();
  }

  function retryQuiz(index) {
    const current = quizState(index);
    const h = State.addSeen(current.h, drawn(index), quizOf(index).questions.length);
    Object.assign(current, { n: "", u: 0, f: {}, h });
    attemptStarted[index] = null;
    prepareQuiz(index);
    render();
    save();
  }

  function recordInteractions(index, questions, responses) {
    if (!live) return;
    const now = new Date();
    const start = attemptStarted[index] || now;
    const first = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
    questions.forEach((question, n) => {
      const poolIndex = quizOf(index).questions.indexOf(question);
      const text = $(fieldset(index, question), ".prose");
      adapter.interaction(lms, first + n, {
        question,
        names: quizOf(index).interactions[question.id],
        language: data.language,
        response: responses[question.id],
        correct: Quiz.correctResponse(question),
        credit: Scoring.questionCredit(question, responses[question.id]),
        time: now,
        latency: (answeredAt[`${index}/${poolIndex}`] || now) - start,
        description: text ? text.textContent.replace(/\s+/g, " ").trim().slice(0, 240) : "",
      });
    });
  }

  /* ---------- start ---------- */

  /** The state the LMS kept, every field checked; a state that cannot be used gives a fresh start, and the learner is told. */
  function restore() {
    try {
      const saved = State.decode(launch.suspendData, data);
      if (saved) state = saved;
    } catch (error) {
      if (!(error instanceof State.InvalidState)) throw error;
      win.console.warn(`Leerpad SCORM: the saved state cannot be used (${error.message}); starting afresh`);
      show($(document, "[data-state-reset]"), true);
    }
    const at = data.steps.findIndex((s) => s.id === launch.location);
    if (at >= 0) state.l = at;
  }

  /** Review, or a record already finished: say so, with the result the LMS or the state holds. */
  function showReadOnly() {
    const box = $(document, "[data-read-only]");
    const finalState = state.q[data.steps.findIndex((step) => (data.quizzes[step.id] || {}).final)];
    const best = finalState && finalState.b !== undefined && finalState.b !== null ? finalState.b : launch.score;
    const result = [];
    if (best !== "" && best !== undefined && best !== null) result.push(`${labels.best}: ${decimal(best)}%.`);
    if (launch.success !== "unknown") result.push(launch.success === "passed" ? labels.passed : labels.failed);
    $(box, "[data-result]").textContent = result.join(" ");
    show($(box, "[data-done]"), launch.finished);
    box.hidden = false;
    // Review launches often come without suspend_data: which steps were done is then unknown, and an
    // empty progress bar under "afgerond" would say the opposite of the notice.
    if (!launch.suspendData) $(document, "[data-progress]").hidden = true;
  }

  function bind() {
    $(document, "[data-next]").addEventListener("click", next);
    $(document, "[data-prev]").addEventListener("click", () => goTo(state.l - 1, true));
    for (const link of $$(document, "[data-goto]")) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        goTo(Number(link.dataset.goto), true);
      });
    }
    sections.forEach((section, index) => {
      for (const button of $$(section, "[data-choice]")) {
        button.addEventListener("click", () => chooseInScenario(index, button.closest("[data-node]").dataset.node, button.dataset.choice));
      }
      const restart = $(section, "[data-restart]");
      if (restart) {
        restart.addEventListener("click", () => {
          state.s[index] = [];
          showScenario(index);
          render();
          save();
        });
      }
      for (const textarea of $$(section, "textarea[data-reflection]")) {
        textarea.addEventListener("input", () => {
          rememberReflection(textarea);
          changed();
        });
        textarea.addEventListener("change", () => {
          rememberReflection(textarea);
          save();
        });
      }
      for (const element of $$(section, "[data-question]")) element.addEventListener("change", () => rememberAnswer(index, element));
      const submit = $(section, "[data-quiz-submit]");
      if (submit) submit.addEventListener("click", () => submitQuiz(index));
      const retry = $(section, "[data-quiz-retry]");
      if (retry) retry.addEventListener("click", () => retryQuiz(index));
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && drafts) drafts.flush();
    });
    win.addEventListener("onpagehide" in win ? "pagehide" : "beforeunload", finish);
  }

  if (live) restore();
  if (live && !lms.readOnly) keepDrafts();
  if (lms.readOnly) showReadOnly();
  show($(document, "[data-truncated]"), Boolean(state.t));
  show($(document, "[data-preview]"), !live);
  show($(document, "[data-position-line]"), true);
  show($(document, "[data-pager]"), true);
  document.body.classList.add("sco-running");
  restoreReflections();
  sections.forEach((section, index) => {
    if ($(section, "[data-scenario]")) showScenario(index);
  });
  bind();
  render();
  document.body.setAttribute("data-ready", ""); // for tests and LMS previews: the player has started
}
