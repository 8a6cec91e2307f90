/* Leerpad's player inside a SCORM package: one step at a time, scenarios, reflections,
   quizzes scored as on the platform, tracking in the LMS and resume from suspend_data.
   Needs module-data.js, scoring.js, state.js and lms.js; makes no network requests. */
(function () {
  "use strict";

  var data = window.LEERPAD_MODULE;
  var Scoring = window.LeerpadScoring;
  var State = window.LeerpadState;
  var LMS = window.LeerpadLMS;
  var is12 = data.standard === "1.2";
  var labels = document.querySelector("[data-labels]").dataset;
  var sections = Array.prototype.slice.call(document.querySelectorAll("section[data-step]"));
  var lms = new LMS.Connection(data.standard, window);
  var live = lms.start();
  var state = { l: 0, d: data.steps.map(function () { return false; }), s: {}, q: {}, r: [] };
  var attemptStarted = {};
  var answeredAt = {};

  window.LeerpadPlayer = { lms: lms, state: function () { return state; } };

  function $(root, selector) { return root.querySelector(selector); }
  function $$(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function show(element, visible) { if (element) element.hidden = !visible; }

  /* ---------- state and tracking ---------- */

  function saveState() {
    var encoded = State.encode(state, data.suspendLimit);
    if (encoded.truncated) state.t = true;
    show($(document, "[data-truncated]"), Boolean(state.t));
    lms.set("cmi.suspend_data", encoded.text);
    lms.set(is12 ? "cmi.core.lesson_location" : "cmi.location", data.steps[state.l].id);
  }

  function finalQuizIndex() {
    for (var i = 0; i < data.steps.length; i++) {
      var quiz = data.quizzes[data.steps[i].id];
      if (quiz && quiz.final) return i;
    }
    return -1;
  }

  function requiredDone() {
    var total = 0, done = 0;
    data.steps.forEach(function (step, i) {
      if (!step.required) return;
      total += 1;
      if (state.d[i]) done += 1;
    });
    return { total: total, done: done };
  }

  function finalQuizState() {
    var index = finalQuizIndex();
    return index < 0 ? null : state.q[index] || null;
  }

  function attemptsLeft(quiz, quizState) {
    return quiz.maxAttempts ? quiz.maxAttempts - (quizState ? quizState.a : 0) : Infinity;
  }

  /* Finished: nothing more to do here (passed, or all done without a final test, or out of attempts). */
  function moduleFinished() {
    var counts = requiredDone();
    var index = finalQuizIndex();
    if (index < 0) return counts.done === counts.total;
    var quizState = state.q[index];
    if (quizState && quizState.p) return counts.done === counts.total;
    return Boolean(quizState && quizState.u && attemptsLeft(data.quizzes[data.steps[index].id], quizState) <= 0);
  }

  function reportStatus() {
    var counts = requiredDone();
    var complete = counts.done === counts.total;
    var quizState = finalQuizState();
    var attempted = quizState && quizState.a > 0;
    if (is12) {
      var status = "incomplete";
      if (finalQuizIndex() < 0) status = complete ? "completed" : "incomplete";
      else if (attempted) status = quizState.p ? "passed" : "failed";
      lms.set("cmi.core.lesson_status", status);
    } else {
      lms.set("cmi.completion_status", complete ? "completed" : "incomplete");
      lms.set("cmi.progress_measure", counts.total ? String(Math.round((counts.done / counts.total) * 100) / 100) : "1");
      if (attempted) lms.set("cmi.success_status", quizState.p ? "passed" : "failed");
    }
    lms.set(is12 ? "cmi.core.exit" : "cmi.exit", moduleFinished() ? (is12 ? "" : "normal") : "suspend");
    lms.set(is12 ? "cmi.core.session_time" : "cmi.session_time", lms.sessionTime());
  }

  function commit() {
    saveState();
    reportStatus();
    lms.commit();
  }

  function finish() {
    if (!lms.active || lms.finished) return;
    saveState();
    reportStatus();
    lms.finish();  // Terminate / LMSFinish store the data themselves: no Commit right before it
  }

  /* ---------- navigation ---------- */

  function stepDoneNow(index) {
    var step = data.steps[index];
    if (step.type === "scenario") return scenarioFinished(index);
    if (step.type === "quiz") {
      var quizState = state.q[index];
      if (!quizState || !quizState.u) return false;
      var quiz = data.quizzes[step.id];
      return !quiz.final || Boolean(quizState.p) || attemptsLeft(quiz, quizState) <= 0;
    }
    return true;
  }

  function render() {
    sections.forEach(function (section, i) { show(section, i === state.l); });
    $(document, "[data-position]").textContent = String(state.l + 1);
    $(document, "[data-progress]").value = state.d.filter(Boolean).length;
    $$(document, "[data-state]").forEach(function (element) {
      element.textContent = state.d[Number(element.dataset.state)] ? "(" + labels.done + ")" : "";
    });
    var prev = $(document, "[data-prev]"), next = $(document, "[data-next]");
    prev.hidden = state.l === 0;
    var last = state.l === data.steps.length - 1;
    next.textContent = last ? next.dataset.labelFinish : next.dataset.labelNext;
    next.hidden = data.steps[state.l].type === "quiz" && !stepDoneNow(state.l);
    show($(document, "[data-finished]"), last && moduleFinished());
    var step = data.steps[state.l];
    if (step.type === "quiz") prepareQuiz(state.l);
  }

  function goTo(index, focus) {
    state.l = Math.max(0, Math.min(data.steps.length - 1, index));
    render();
    commit();
    if (focus) {
      var heading = $(sections[state.l], "h1");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
      window.scrollTo(0, 0);
    }
  }

  function next() {
    if (stepDoneNow(state.l)) state.d[state.l] = true;
    if (state.l < data.steps.length - 1) goTo(state.l + 1, true);
    else { render(); commit(); }
  }

  /* ---------- scenarios ---------- */

  function scenarioFinished(index) {
    var step = data.steps[index];
    var scenario = data.scenarios[step.id];
    var node = scenario.start;
    var path = state.s[index] || [];
    for (var i = 0; i < path.length; i++) {
      var choice = scenario.nodes[node] && scenario.nodes[node][path[i]];
      if (!choice) return false;
      if (!choice.next) return true;
      node = choice.next;
    }
    return scenario.nodes[node].length === 0;
  }

  function renderScenario(index) {
    var section = sections[index];
    var container = $(section, "[data-scenario]");
    var scenario = data.scenarios[data.steps[index].id];
    var path = state.s[index] || [];
    $$(container, "[data-node]").forEach(function (element) { element.hidden = true; element.classList.remove("taken", "current"); });
    $$(container, "[data-choice]").forEach(function (button) { button.disabled = false; button.classList.remove("chosen"); button.hidden = false; });
    $$(container, "[data-consequence]").forEach(function (element) { element.hidden = true; });
    var debrief = $(container, "[data-debrief]");
    var node = scenario.start, ended = false;
    var taken = 0;
    while (node !== null) {
      var element = $(container, '[data-node="' + node + '"]');
      container.insertBefore(element, debrief);
      element.hidden = false;
      if (taken >= path.length || !scenario.nodes[node][path[taken]]) {
        element.classList.add("current");
        ended = scenario.nodes[node].length === 0;
        break;
      }
      var choice = scenario.nodes[node][path[taken]];
      element.classList.add("taken");
      $$(element, "[data-choice]").forEach(function (button) {
        var chosen = button.dataset.choice === choice.id;
        button.disabled = true;
        button.hidden = !chosen;
        if (chosen) button.classList.add("chosen");
      });
      show($(element, '[data-consequence="' + choice.id + '"]'), true);
      taken += 1;
      if (!choice.next) { ended = true; break; }
      node = choice.next;
    }
    show(debrief, ended);
    show($(container, "[data-restart]"), path.length > 0);
  }

  function chooseInScenario(index, nodeId, choiceId) {
    var scenario = data.scenarios[data.steps[index].id];
    var choices = scenario.nodes[nodeId];
    var choiceIndex = choices.map(function (c) { return c.id; }).indexOf(choiceId);
    if (choiceIndex < 0) return;
    state.s[index] = (state.s[index] || []).concat([choiceIndex]);
    renderScenario(index);
    render();
    commit();
  }

  /* ---------- reflections ---------- */

  function reflectionKey(textarea) {
    var parts = textarea.dataset.reflection.split("/");
    var stepIndex = data.steps.map(function (s) { return s.id; }).indexOf(parts[0]);
    return [stepIndex, data.reflections[parts[0]].indexOf(parts[1])];
  }

  function rememberReflection(textarea) {
    var key = reflectionKey(textarea);
    state.r = state.r.filter(function (entry) { return entry[0] !== key[0] || entry[1] !== key[1]; });
    if (textarea.value) state.r.push([key[0], key[1], textarea.value]);  // newest last
  }

  function restoreReflections() {
    $$(document, "textarea[data-reflection]").forEach(function (textarea) {
      var key = reflectionKey(textarea);
      state.r.forEach(function (entry) { if (entry[0] === key[0] && entry[1] === key[1]) textarea.value = entry[2]; });
    });
  }

  /* ---------- quizzes ---------- */

  function quizOf(index) { return data.quizzes[data.steps[index].id]; }

  function fieldset(index, question) {
    return $(sections[index], '[data-question="' + question.id + '"]');
  }

  function control(element, question, id) {
    return $(element, 'select[name="q-' + question.id + "-" + id + '"]');
  }

  /* The learner's form values, as _question.html names them (see its header). */
  function readForm(element, question) {
    if (question.kind === "matching" || question.kind === "ordering") {
      var form = {};
      (question.kind === "matching" ? question.prompts : question.items).forEach(function (id) {
        var select = control(element, question, id);
        if (select && select.value) form[id] = select.value;
      });
      return form;
    }
    var checked = $$(element, 'input[name="q-' + question.id + '"]').filter(function (input) { return input.checked; });
    if (question.kind === "multiple") return checked.map(function (input) { return input.value; });
    return checked.length ? checked[0].value : null;
  }

  function writeForm(element, question, form) {
    if (question.kind === "matching" || question.kind === "ordering") {
      (question.kind === "matching" ? question.prompts : question.items).forEach(function (id) {
        var select = control(element, question, id);
        if (select) select.value = (form && form[id]) || "";
      });
      return;
    }
    var chosen = question.kind === "multiple" ? form || [] : [form];
    $$(element, 'input[name="q-' + question.id + '"]').forEach(function (input) { input.checked = chosen.indexOf(input.value) >= 0; });
  }

  function draw(quiz) {
    var pool = quiz.questions.map(function (q, i) { return i; });
    shuffle(pool);
    if (quiz.onePerTag) {
      var seen = {};
      pool = pool.filter(function (i) {
        var tag = quiz.questions[i].tag;
        if (seen[tag]) return false;
        seen[tag] = true;
        return true;
      });
    }
    return pool.slice(0, quiz.draw).sort(function (a, b) { return a - b; });  // shown in pool order, as on the platform
  }

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = list[i]; list[i] = list[j]; list[j] = swap;
    }
    return list;
  }

  function quizState(index) {
    if (!state.q[index]) state.q[index] = { a: 0, n: "", f: {}, u: 0, p: 0, c: null };
    return state.q[index];
  }

  function drawn(index) {
    var quiz = quizOf(index);
    return State.parseIndexList(quizState(index).n, quiz.questions.length).filter(function (i) { return i !== null; });
  }

  function prepareQuiz(index) {
    var quiz = quizOf(index);
    var current = quizState(index);
    if (!current.n) {
      current.n = State.indexList(draw(quiz), quiz.questions.length);
      current.f = {};
      current.u = 0;
      saveState();
    }
    if (!attemptStarted[index]) attemptStarted[index] = new Date();
    renderQuiz(index);
  }

  function renderQuiz(index) {
    var quiz = quizOf(index), current = quizState(index), section = sections[index];
    var container = $(section, "[data-quiz]");
    var chosen = drawn(index);
    var anchor = $(container, "[data-quiz-message]");
    quiz.questions.forEach(function (question, i) {
      var element = fieldset(index, question);
      if (!element) return;
      var position = chosen.indexOf(i);
      element.hidden = position < 0;
      if (position < 0) return;
      container.insertBefore(element, anchor);
      var number = $(element, ".question-number");
      if (number) number.textContent = number.textContent.replace(/\d+\s*$/, String(position + 1));
      writeForm(element, question, State.decodeForm(question, current.f[i]));
      $$(element, "input, select").forEach(function (input) { input.disabled = Boolean(current.u); });
      showFeedback(index, element, question, current.u ? State.responseFromForm(question, State.decodeForm(question, current.f[i])) : undefined);
    });
    var submit = $(container, "[data-quiz-submit]"), retry = $(container, "[data-quiz-retry]");
    submit.hidden = Boolean(current.u);
    var canRetry = current.u && !current.p && attemptsLeft(quiz, current) > 0;
    retry.hidden = !(current.u && (!quiz.final || canRetry));
    show($(container, "[data-quiz-message]"), false);
    renderResult(index);
  }

  function revealAnswers(quiz, current) {
    if (quiz.showAnswers === "never") return false;
    if (quiz.showAnswers === "after_pass") return Boolean(current.p);
    return true;
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    node.setAttribute("data-review", "");
    return node;
  }

  function decimal(number) { return String(number).replace(".", ","); }

  /* The review of a submitted question, as _question.html shows it on the platform. */
  function showFeedback(index, element, question, response) {
    var quiz = quizOf(index), current = quizState(index);
    element.classList.remove("reviewed", "verdict-right", "verdict-partly", "verdict-wrong", "verdict-unanswered");
    $$(element, "[data-review]").forEach(function (node) { node.parentNode.removeChild(node); });
    $$(element, ".is-correct, .is-chosen").forEach(function (node) { node.classList.remove("is-correct", "is-chosen"); });
    if (response === undefined) return;
    var reveal = revealAnswers(quiz, current);
    var score = Scoring.questionScore(question, response);
    var credit = question.points ? Scoring.pyRound(score / question.points, 4) : 0;
    var key = response === null ? "unanswered" : credit >= 1 ? "right" : credit > 0 ? "partly" : "wrong";
    element.classList.add("reviewed", "verdict-" + key);
    var extra = quiz.reviews[question.id] || {};
    if (question.kind === "matching" || question.kind === "ordering") {
      (question.kind === "matching" ? question.prompts : question.items).forEach(function (id, position) {
        var select = control(element, question, id);
        if (!select || !reveal) return;
        var tag;
        if (question.kind === "matching") {
          var right = question.pairs.filter(function (pair) { return pair[0] === id; })[0][1];
          var option = $(select, 'option[value="' + right + '"]');
          tag = make("span", "tag " + (select.value === right ? "tag-ok" : "tag-bad"), labels.rightAnswer + ": " + (option ? option.textContent : right));
        } else {
          tag = make("span", "tag", labels.rightPlace + ": " + (position + 1));
        }
        select.parentNode.appendChild(tag);
      });
    } else {
      var chosen = Array.isArray(response) ? response : [response];
      $$(element, 'input[name="q-' + question.id + '"]').forEach(function (input) {
        var item = input.closest("li") || input.parentNode;
        var option = question.options.filter(function (o) { return o.id === input.value; })[0];
        var picked = chosen.indexOf(input.value) >= 0;
        if (picked) { item.classList.add("is-chosen"); item.appendChild(make("span", "tag", labels.yourAnswer)); }
        if (reveal && option && option.credit === 1) {
          item.classList.add("is-correct");
          item.appendChild(make("span", "tag tag-ok", labels.rightAnswer));
        }
        if (reveal && picked && extra.feedback && extra.feedback[input.value]) {
          var feedback = make("div", "option-feedback prose");
          feedback.innerHTML = extra.feedback[input.value];  // sanitized module content
          item.appendChild(feedback);
        }
      });
    }
    var box = make("div", "question-review");
    box.setAttribute("role", "status");
    var verdict = make("p", "verdict");
    verdict.appendChild(make("strong", "", reveal ? labels[key] : ""));
    if (quiz.final) verdict.appendChild(document.createTextNode(" (" + labels.points.replace("%(score)s", decimal(score)).replace("%(points)s", decimal(question.points)) + ")"));
    box.appendChild(verdict);
    if (reveal && extra.explanation) {
      var explanation = make("div", "explanation prose");
      explanation.innerHTML = extra.explanation;  // sanitized module content
      box.appendChild(explanation);
    }
    element.appendChild(box);
  }

  function renderResult(index) {
    var quiz = quizOf(index), current = quizState(index);
    var box = $(sections[index], "[data-quiz-result]");
    if (!current.u || !quiz.final) { box.hidden = true; return; }
    var mark = quiz.passMark !== null ? quiz.passMark : data.passMark;
    var lines = [labels.score + ": " + decimal(current.c) + "%. " + labels.best + ": " + decimal(current.b) + "%. " +
                 labels.passMark + ": " + mark + "%.", current.p ? labels.passed : labels.failed];
    if (!current.p) {
      var left = attemptsLeft(quiz, current);
      lines.push(left > 0 ? (left === Infinity ? "" : labels.attemptsLeft + ": " + left) : labels.noAttempts);
    }
    box.textContent = lines.filter(Boolean).join(" ");
    box.hidden = false;
  }

  function rememberAnswer(index, element) {
    var quiz = quizOf(index);
    var poolIndex = quiz.questions.map(function (q) { return q.id; }).indexOf(element.dataset.question);
    if (poolIndex < 0) return;
    quizState(index).f[poolIndex] = State.encodeForm(quiz.questions[poolIndex], readForm(element, quiz.questions[poolIndex]));
    answeredAt[index + "/" + poolIndex] = new Date();
    saveState();
  }

  function submitQuiz(index) {
    var quiz = quizOf(index), current = quizState(index);
    var chosen = drawn(index);
    var questions = chosen.map(function (i) { return quiz.questions[i]; });
    var responses = {};
    var complete = true;
    chosen.forEach(function (i) {
      var question = quiz.questions[i];
      var response = State.responseFromForm(question, readForm(fieldset(index, question), question));
      if (response === null) complete = false;
      responses[question.id] = response;
    });
    var message = $(sections[index], "[data-quiz-message]");
    if (!complete) {
      message.textContent = labels.incomplete;
      message.hidden = false;
      return;
    }
    var result = Scoring.scoreAttempt(questions, responses);
    current.u = 1;
    if (quiz.final) {
      var mark = quiz.passMark !== null ? quiz.passMark : data.passMark;
      current.a += 1;
      current.c = result.percentage;
      current.b = current.b === undefined || current.b === null ? result.percentage : Math.max(current.b, result.percentage);
      current.p = current.p || result.percentage >= mark ? 1 : 0;  // the best attempt counts, as on the platform
      recordInteractions(index, questions, responses);
      recordScore(current.b);
    }
    if (stepDoneNow(index)) state.d[index] = true;
    renderQuiz(index);
    render();
    commit();
    var box = $(sections[index], "[data-quiz-result]");
    if (!box.hidden) box.focus();
  }

  function retryQuiz(index) {
    var current = quizState(index);
    current.n = "";
    current.u = 0;
    current.f = {};
    attemptStarted[index] = null;
    prepareQuiz(index);
    render();
    commit();
  }

  /* ---------- tracking the final test ---------- */

  function recordScore(percentage) {
    var raw = String(percentage);
    if (is12) {
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", "100");
      lms.set("cmi.core.score.raw", raw);
    } else {
      lms.set("cmi.score.min", "0");
      lms.set("cmi.score.max", "100");
      lms.set("cmi.score.raw", raw);
      lms.set("cmi.score.scaled", String(Math.round(percentage * 10) / 1000));
    }
  }

  function shortId(index) {  // SCORM 1.2 short identifiers: a-z, then 0-9
    return index < 26 ? String.fromCharCode(97 + index) : String(index - 26);
  }

  function interactionType(question) {
    return { truefalse: "true-false", matching: "matching", ordering: "sequencing" }[question.kind] || "choice";
  }

  function formatResponse(question, response) {
    var optionIds = question.options.map(function (o) { return o.id; });
    if (is12) {
      switch (question.kind) {
        case "truefalse": return response === "true" ? "t" : "f";
        case "multiple": return response.map(function (id) { return shortId(optionIds.indexOf(id)); }).sort().join(",");
        case "matching": return Object.keys(response).sort().map(function (p) {
          return shortId(question.prompts.indexOf(p)) + "." + shortId(question.answers.indexOf(response[p]));
        }).join(",");
        case "ordering": return response.map(function (id) { return shortId(question.items.indexOf(id)); }).join(",");
        default: return shortId(optionIds.indexOf(response));
      }
    }
    switch (question.kind) {
      case "truefalse": return response;
      case "multiple": return response.slice().sort().join("[,]");
      case "matching": return Object.keys(response).sort().map(function (p) { return p + "[.]" + response[p]; }).join("[,]");
      case "ordering": return response.join("[,]");
      default: return response;
    }
  }

  function correctResponse(question) {
    switch (question.kind) {
      case "multiple": return question.options.filter(function (o) { return o.credit === 1; }).map(function (o) { return o.id; });
      case "matching": var pairs = {}; question.pairs.forEach(function (p) { pairs[p[0]] = p[1]; }); return pairs;
      case "ordering": return question.items.slice();
      default: return question.options.filter(function (o) { return o.credit === 1; })[0].id;
    }
  }

  function resultFor(credit) {
    if (credit === 1) return "correct";
    if (credit === 0) return is12 ? "wrong" : "incorrect";
    return String(credit);
  }

  function recordInteractions(index, questions, responses) {
    if (!live) return;
    var now = new Date();
    var start = attemptStarted[index] || now;
    var step = data.steps[index];
    var next = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
    questions.forEach(function (question, n) {
      var base = "cmi.interactions." + (next + n) + ".";
      var response = responses[question.id];
      var poolIndex = quizOf(index).questions.indexOf(question);
      var latency = (answeredAt[index + "/" + poolIndex] || now) - start;
      var credit = Scoring.questionCredit(question, response);
      if (is12) {
        lms.set(base + "id", step.id + "-" + question.id);
        lms.set(base + "type", interactionType(question));
        lms.set(base + "time", LMS.time12(now));
        lms.set(base + "weighting", String(question.points));
        lms.set(base + "student_response", formatResponse(question, response).slice(0, 255));
        lms.set(base + "correct_responses.0.pattern", formatResponse(question, correctResponse(question)).slice(0, 255));
        lms.set(base + "result", resultFor(credit));
        lms.set(base + "latency", LMS.timespan12(latency));
      } else {
        lms.set(base + "id", "urn:leerpad:" + data.id + ":" + step.id + ":" + question.id);
        lms.set(base + "type", interactionType(question));
        lms.set(base + "timestamp", LMS.timestamp2004(now));
        lms.set(base + "weighting", String(question.points));
        lms.set(base + "learner_response", formatResponse(question, response));
        lms.set(base + "correct_responses.0.pattern", formatResponse(question, correctResponse(question)));
        lms.set(base + "result", resultFor(credit));
        lms.set(base + "latency", LMS.duration2004(latency));
        var text = $(fieldset(index, question), ".prose");
        if (text) lms.set(base + "description", "{lang=nl}" + text.textContent.replace(/\s+/g, " ").trim().slice(0, 240));
      }
    });
  }

  /* ---------- start ---------- */

  function restore() {
    if (!live) return;
    var saved = State.decode(lms.get("cmi.suspend_data"), data.steps.length);
    if (saved) {
      state = saved;
      window.LeerpadPlayer.state = function () { return state; };
    }
    var location = lms.get(is12 ? "cmi.core.lesson_location" : "cmi.location");
    var at = data.steps.map(function (s) { return s.id; }).indexOf(location);
    if (at >= 0) state.l = at;
  }

  function bind() {
    $(document, "[data-next]").addEventListener("click", next);
    $(document, "[data-prev]").addEventListener("click", function () { goTo(state.l - 1, true); });
    $$(document, "[data-goto]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        goTo(Number(link.dataset.goto), true);
      });
    });
    sections.forEach(function (section, index) {
      $$(section, "[data-choice]").forEach(function (button) {
        button.addEventListener("click", function () {
          chooseInScenario(index, button.closest("[data-node]").dataset.node, button.dataset.choice);
        });
      });
      var restart = $(section, "[data-restart]");
      if (restart) restart.addEventListener("click", function () { state.s[index] = []; renderScenario(index); render(); commit(); });
      $$(section, "textarea[data-reflection]").forEach(function (textarea) {
        textarea.addEventListener("input", function () { rememberReflection(textarea); });
        textarea.addEventListener("change", function () { rememberReflection(textarea); commit(); });
      });
      $$(section, "[data-question]").forEach(function (element) {
        element.addEventListener("change", function () { rememberAnswer(index, element); });
      });
      var submit = $(section, "[data-quiz-submit]");
      if (submit) submit.addEventListener("click", function () { submitQuiz(index); });
      var retry = $(section, "[data-quiz-retry]");
      if (retry) retry.addEventListener("click", function () { retryQuiz(index); });
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") commit();
    });
    if ("onpagehide" in window) window.addEventListener("pagehide", finish);
    else window.addEventListener("beforeunload", finish);
  }

  restore();
  show($(document, "[data-preview]"), !live);
  show($(document, "[data-position-line]"), true);
  show($(document, "[data-pager]"), true);
  document.body.classList.add("sco-running");
  restoreReflections();
  sections.forEach(function (section, index) { if ($(section, "[data-scenario]")) renderScenario(index); });
  bind();
  render();
  if (live) {
    var status = lms.get(is12 ? "cmi.core.lesson_status" : "cmi.completion_status");
    if (status === "not attempted" || status === "unknown" || status === "") reportStatus();
    commit();
  }
  document.body.setAttribute("data-ready", "");  // for tests and LMS previews: the player has started
})();
