/* Leerpad learner state in cmi.suspend_data: compact, and never longer than the limit
   (SCORM 1.2: 4,096 characters; 2004: 64,000). Positions and answers are stored as
   indices in base 36; reflections go in newest first, and when they do not fit the
   oldest are dropped and the one on the edge is cut (the learner is told).

   State: { l: step index, d: [done flags], s: {step index: [choice index, ...]},
            q: {step index: {a: attempts, n: [drawn question indices], f: {question index: form},
                             u: submitted 0/1, p: passed 0/1, c: percentage}},
            r: [[step index, question index, text], ... oldest first] } */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.LeerpadState = factory();
})(this, function () {
  "use strict";

  var VERSION = 1;

  function width(count) { return count <= 36 ? 1 : 2; }

  function indexChars(index, count) {
    var text = index.toString(36);
    while (text.length < width(count)) text = "0" + text;
    return text;
  }

  function indexList(indices, count) {
    return indices.map(function (i) { return i === null || i < 0 ? (width(count) === 1 ? "-" : "--") : indexChars(i, count); }).join("");
  }

  function parseIndexList(text, count) {
    var size = width(count), out = [];
    for (var i = 0; i < text.length; i += size) {
      var part = text.slice(i, i + size);
      out.push(part.charAt(0) === "-" ? null : parseInt(part, 36));
    }
    return out;
  }

  function flags(bools) {
    var out = "";
    for (var i = 0; i < bools.length; i += 4) {
      var nibble = 0;
      for (var j = 0; j < 4; j++) if (bools[i + j]) nibble |= 1 << j;
      out += nibble.toString(16);
    }
    return out;
  }

  function parseFlags(text, count) {
    var out = [];
    for (var i = 0; i < count; i++) {
      var nibble = parseInt(text.charAt(Math.floor(i / 4)) || "0", 16);
      out.push(Boolean(nibble & (1 << (i % 4))));
    }
    return out;
  }

  function ids(list) { return list.map(function (x) { return typeof x === "string" ? x : x.id; }); }

  /* A question's form values <-> a short string. */
  function encodeForm(question, form) {
    if (form === null || form === undefined) return null;
    var options = ids(question.options);
    switch (question.kind) {
      case "multiple":
        return indexList(form.map(function (id) { return options.indexOf(id); }).filter(function (i) { return i >= 0; }).sort(function (a, b) { return a - b; }), options.length);
      case "matching":
        return indexList(question.prompts.map(function (p) { return form[p] ? question.answers.indexOf(form[p]) : -1; }), question.answers.length);
      case "ordering":
        return indexList(question.items.map(function (item) { return form[item] ? Number(form[item]) - 1 : -1; }), question.items.length);
      default:
        return options.indexOf(form) < 0 ? null : indexChars(options.indexOf(form), options.length);
    }
  }

  function decodeForm(question, text) {
    if (typeof text !== "string") return null;
    var options = ids(question.options);
    var form;
    switch (question.kind) {
      case "multiple":
        return parseIndexList(text, options.length).filter(function (i) { return i !== null && i < options.length; }).map(function (i) { return options[i]; });
      case "matching":
        form = {};
        parseIndexList(text, question.answers.length).forEach(function (i, n) {
          if (i !== null && question.prompts[n] && question.answers[i]) form[question.prompts[n]] = question.answers[i];
        });
        return form;
      case "ordering":
        form = {};
        parseIndexList(text, question.items.length).forEach(function (i, n) {
          if (i !== null && question.items[n]) form[question.items[n]] = String(i + 1);
        });
        return form;
      default:
        var index = parseIndexList(text, options.length)[0];
        return index === null || index === undefined || !options[index] ? null : options[index];
    }
  }

  /* The learner's response for scoring, from form values; null when incomplete. */
  function responseFromForm(question, form) {
    if (form === null || form === undefined) return null;
    if (question.kind === "ordering") {
      var positions = question.items.map(function (item) { return Number(form[item]); });
      var sorted = positions.slice().sort(function (a, b) { return a - b; });
      for (var i = 0; i < sorted.length; i++) if (sorted[i] !== i + 1) return null;
      return question.items.slice().sort(function (a, b) { return Number(form[a]) - Number(form[b]); });
    }
    if (question.kind === "matching") {
      var pairs = {};
      Object.keys(form).forEach(function (p) { if (form[p]) pairs[p] = form[p]; });
      return Object.keys(pairs).length ? pairs : null;
    }
    if (question.kind === "multiple") return form.length ? form.slice() : null;
    return form || null;
  }

  function compact(state, reflections, flagged) {
    var out = { v: VERSION, l: state.l, d: flags(state.d) };
    if (state.s && Object.keys(state.s).length) {
      out.s = {};
      Object.keys(state.s).forEach(function (k) { out.s[k] = indexList(state.s[k], 36); });
    }
    if (state.q && Object.keys(state.q).length) out.q = state.q;
    if (reflections.length) out.r = reflections;
    if (flagged || state.t) out.t = 1;  // some reflection text was left out: the package keeps saying so
    return out;
  }

  function cutText(text, length) {
    var cut = text.slice(0, Math.max(0, length));
    var last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
    return cut;
  }

  /* Reflections newest first while they fit; the first that does not fit is cut, older ones dropped. */
  function fit(state, limit, flagged) {
    var reflections = (state.r || []).filter(function (r) { return r[2]; });
    var kept = [];
    var text = JSON.stringify(compact(state, kept, flagged));
    if (text.length > limit) return null;
    for (var i = reflections.length - 1; i >= 0; i--) {
      var entry = reflections[i];
      var candidate = JSON.stringify(compact(state, [entry].concat(kept), flagged));
      if (candidate.length <= limit) {
        kept.unshift(entry);
        text = candidate;
        continue;
      }
      var low = 0, high = entry[2].length;
      while (low < high) {  // the longest beginning of this answer that still fits
        var middle = Math.ceil((low + high) / 2);
        var trial = JSON.stringify(compact(state, [[entry[0], entry[1], cutText(entry[2], middle)]].concat(kept), flagged));
        if (trial.length <= limit) low = middle; else high = middle - 1;
      }
      if (low > 0) {
        kept.unshift([entry[0], entry[1], cutText(entry[2], low)]);
        text = JSON.stringify(compact(state, kept, flagged));
      }
      return { text: text, truncated: true };
    }
    return { text: text, truncated: false };
  }

  /* -> {text, truncated}: the longest faithful encoding within ``limit`` characters. */
  function encode(state, limit) {
    var result = fit(state, limit, false);
    if (result && result.truncated) result = fit(state, limit, true);
    if (result) return result;
    var minimal = JSON.stringify({ v: VERSION, l: state.l, d: flags(state.d), t: 1 });
    return { text: minimal.length <= limit ? minimal : "", truncated: true };
  }

  function decode(text, stepCount) {
    if (!text) return null;
    var raw;
    try { raw = JSON.parse(text); } catch (e) { return null; }
    if (!raw || raw.v !== VERSION) return null;
    var scenarios = {};
    Object.keys(raw.s || {}).forEach(function (k) { scenarios[k] = parseIndexList(raw.s[k], 36); });
    return {
      l: typeof raw.l === "number" ? raw.l : 0,
      d: parseFlags(raw.d || "", stepCount),
      s: scenarios,
      q: raw.q || {},
      r: raw.r || [],
      t: Boolean(raw.t)
    };
  }

  /* The longest state a module can produce apart from reflection text: every step done,
     the longest scenario paths, every quiz at its attempts with every drawn question answered. */
  function worstCase(data) {
    var steps = data.steps;
    var state = { l: steps.length - 1, d: steps.map(function () { return true; }), s: {}, q: {}, r: [] };
    steps.forEach(function (step, index) {
      var scenario = data.scenarios[step.id];
      if (scenario) {
        var decisions = Object.keys(scenario.nodes).filter(function (n) { return scenario.nodes[n].length; }).length;
        state.s[index] = [];
        for (var i = 0; i < decisions; i++) state.s[index].push(35);
      }
      var quiz = data.quizzes[step.id];
      if (quiz) {
        var forms = {};
        quiz.questions.slice(0, quiz.draw).forEach(function (q, n) {
          var longest;
          if (q.kind === "multiple") longest = ids(q.options);
          else if (q.kind === "matching") { longest = {}; q.prompts.forEach(function (p) { longest[p] = q.answers[0]; }); }
          else if (q.kind === "ordering") { longest = {}; q.items.forEach(function (it, k) { longest[it] = String(k + 1); }); }
          else longest = ids(q.options)[0];
          forms[n] = encodeForm(q, longest);
        });
        var drawn = quiz.questions.slice(0, quiz.draw).map(function (q, n) { return n; });
        state.q[index] = { a: quiz.maxAttempts || 99, n: indexList(drawn, quiz.questions.length), f: forms, u: 1, p: 0, c: 100.0, h: 0 };
      }
    });
    return JSON.stringify(compact(state, [])).length;
  }

  return {
    encode: encode,
    decode: decode,
    encodeForm: encodeForm,
    decodeForm: decodeForm,
    responseFromForm: responseFromForm,
    indexList: indexList,
    parseIndexList: parseIndexList,
    worstCase: worstCase
  };
});
