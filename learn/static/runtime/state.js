// The learner's state in a SCORM package's cmi.suspend_data: compact, and never longer than the
// standard's limit (SCORM 1.2: 4,096 characters; 2004: 64,000). Positions and answers are indices
// in base 36; reflections go in newest first, and when they do not fit the oldest are dropped and
// the one on the edge is cut (the package tells the learner).
//
// State: { l: step index, d: [done flags], s: {step index: [choice index, ...]},
//          q: {step index: {a: attempts, n: drawn question indices, f: {question index: form},
//                           u: submitted 0/1, p: passed 0/1, c: last percentage, b: best percentage,
//                           h: per pool question how many earlier attempts showed it}},
//          r: [[step index, question index, text], ... oldest first], t: some text was left out }

const VERSION = 1;

function width(count) {
  return count <= 36 ? 1 : 2;
}

function indexChars(index, count) {
  return index.toString(36).padStart(width(count), "0");
}

/** Indices (null for none) as a string of base-36 digits, one or two per index. */
export function indexList(indices, count) {
  return indices.map((i) => (i === null || i < 0 ? "-".repeat(width(count)) : indexChars(i, count))).join("");
}

export function parseIndexList(text, count) {
  const size = width(count);
  const out = [];
  for (let i = 0; i < text.length; i += size) {
    const part = text.slice(i, i + size);
    out.push(part[0] === "-" ? null : parseInt(part, 36));
  }
  return out;
}

/** How many earlier attempts showed each pool question, from ``h`` (one base-36 digit each, at most 35). */
export function seenCounts(text, count) {
  const counts = new Array(count).fill(0);
  [...(text || "")].forEach((digit, i) => {
    if (i < count) counts[i] = parseInt(digit, 36);
  });
  return counts;
}

/** ``h`` after an attempt that showed ``drawn`` (pool indices). */
export function addSeen(text, drawn, count) {
  const counts = seenCounts(text, count);
  for (const i of drawn) counts[i] = Math.min(35, counts[i] + 1);
  return counts.map((n) => n.toString(36)).join("");
}

function flags(bools) {
  let out = "";
  for (let i = 0; i < bools.length; i += 4) {
    let nibble = 0;
    for (let j = 0; j < 4; j++) if (bools[i + j]) nibble |= 1 << j;
    out += nibble.toString(16);
  }
  return out;
}

function parseFlags(text, count) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(Boolean(parseInt(text[Math.floor(i / 4)] || "0", 16) & (1 << i % 4)));
  return out;
}

const ids = (list) => list.map((x) => (typeof x === "string" ? x : x.id));

/** A question's form values (see quiz.js readForm) as a short string; null when there are none. */
export function encodeForm(question, form) {
  if (form === null || form === undefined) return null;
  const options = ids(question.options);
  switch (question.kind) {
    case "multiple":
      return indexList(
        form.map((id) => options.indexOf(id)).filter((i) => i >= 0).sort((a, b) => a - b),
        options.length,
      );
    case "matching":
      return indexList(
        question.prompts.map((p) => (form[p] ? question.answers.indexOf(form[p]) : -1)),
        question.answers.length,
      );
    case "ordering":
      return indexList(
        question.items.map((item) => (form[item] ? Number(form[item]) - 1 : -1)),
        question.items.length,
      );
    default:
      return options.includes(form) ? indexChars(options.indexOf(form), options.length) : null;
  }
}

export function decodeForm(question, text) {
  if (typeof text !== "string") return null;
  const options = ids(question.options);
  const form = {};
  switch (question.kind) {
    case "multiple":
      return parseIndexList(text, options.length)
        .filter((i) => i !== null && i < options.length)
        .map((i) => options[i]);
    case "matching":
      parseIndexList(text, question.answers.length).forEach((i, n) => {
        if (i !== null && question.prompts[n] && question.answers[i]) form[question.prompts[n]] = question.answers[i];
      });
      return form;
    case "ordering":
      parseIndexList(text, question.items.length).forEach((i, n) => {
        if (i !== null && question.items[n]) form[question.items[n]] = String(i + 1);
      });
      return form;
    default: {
      const index = parseIndexList(text, options.length)[0];
      return index === null || index === undefined || !options[index] ? null : options[index];
    }
  }
}

function compact(state, reflections, flagged) {
  const out = { v: VERSION, l: state.l, d: flags(state.d) };
  if (state.s && Object.keys(state.s).length) {
    out.s = {};
    for (const key of Object.keys(state.s)) out.s[key] = indexList(state.s[key], 36);
  }
  if (state.q && Object.keys(state.q).length) out.q = state.q;
  if (reflections.length) out.r = reflections;
  if (flagged || state.t) out.t = 1; // some reflection text was left out: the package keeps saying so
  return out;
}

function cutText(text, length) {
  const cut = text.slice(0, Math.max(0, length));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut; // never half an emoji
}

/** Reflections newest first while they fit; the first that does not fit is cut, older ones dropped. */
function fit(state, limit, flagged) {
  const reflections = (state.r || []).filter((r) => r[2]);
  const kept = [];
  const size = (list) => JSON.stringify(compact(state, list, flagged));
  let text = size(kept);
  if (text.length > limit) return null;
  for (let i = reflections.length - 1; i >= 0; i--) {
    const entry = reflections[i];
    const candidate = size([entry, ...kept]);
    if (candidate.length <= limit) {
      kept.unshift(entry);
      text = candidate;
      continue;
    }
    let low = 0;
    let high = entry[2].length;
    while (low < high) {
      // the longest beginning of this answer that still fits
      const middle = Math.ceil((low + high) / 2);
      if (size([[entry[0], entry[1], cutText(entry[2], middle)], ...kept]).length <= limit) low = middle;
      else high = middle - 1;
    }
    if (low > 0) {
      kept.unshift([entry[0], entry[1], cutText(entry[2], low)]);
      text = size(kept);
    }
    return { text, truncated: true };
  }
  return { text, truncated: false };
}

/** -> {text, truncated}: the longest faithful encoding within ``limit`` characters. */
export function encode(state, limit) {
  let result = fit(state, limit, false);
  if (result && result.truncated) result = fit(state, limit, true);
  if (result) return result;
  const minimal = JSON.stringify({ v: VERSION, l: state.l, d: flags(state.d), t: 1 });
  return { text: minimal.length <= limit ? minimal : "", truncated: true };
}

/** A saved state that cannot be restored: from another module version, edited, or cut off. */
export class InvalidState extends Error {
  get name() {
    return "InvalidState";
  }
}

const isInteger = (value, low, high) => Number.isInteger(value) && value >= low && value <= high;
const isPlainObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const INDEX_DIGITS = /^[0-9a-z-]*$/;

function check(condition, problem) {
  if (!condition) throw new InvalidState(problem);
}

/** Step indices (as the object keys JSON gives) of the steps of ``type``. */
function stepKeys(data, type) {
  return data.steps.map((step, i) => (step.type === type ? String(i) : null)).filter((key) => key !== null);
}

function checkQuiz(quiz, saved, key) {
  const where = `q.${key}`;
  check(isPlainObject(saved), `${where} is not an object`);
  const known = ["a", "n", "f", "u", "p", "c", "b", "h"];
  check(Object.keys(saved).every((field) => known.includes(field)), `${where} has an unknown field`);
  check(isInteger(saved.a, 0, quiz.maxAttempts || 9999), `${where}.a is not a number of attempts`);
  const pool = quiz.questions.length;
  check(typeof saved.n === "string" && INDEX_DIGITS.test(saved.n) && saved.n.length % width(pool) === 0, `${where}.n is not a draw`);
  const drawn = parseIndexList(saved.n, pool);
  check(drawn.every((i) => isInteger(i, 0, pool - 1)) && new Set(drawn).size === drawn.length, `${where}.n names unknown questions`);
  check(isPlainObject(saved.f), `${where}.f is not an object`);
  for (const [index, form] of Object.entries(saved.f)) {
    check(/^\d+$/.test(index) && Number(index) < pool, `${where}.f names an unknown question`);
    check(form === null || (typeof form === "string" && INDEX_DIGITS.test(form)), `${where}.f.${index} is not an answer`);
  }
  check(saved.u === 0 || saved.u === 1, `${where}.u is not 0 or 1`);
  check(saved.p === 0 || saved.p === 1, `${where}.p is not 0 or 1`);
  const percentage = (value) => value === null || (typeof value === "number" && value >= 0 && value <= 100);
  check(percentage(saved.c), `${where}.c is not a percentage`);
  check(saved.b === undefined || percentage(saved.b), `${where}.b is not a percentage`);
  check(saved.h === undefined || (typeof saved.h === "string" && /^[0-9a-z]*$/.test(saved.h) && saved.h.length <= pool), `${where}.h is not what was seen`);
}

/** The state saved in suspend_data, every field checked against the module (``data``, as
    module-data.js holds it); null when nothing was saved; InvalidState when it cannot be used. */
export function decode(text, data) {
  if (!text) return null;
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidState("not JSON");
  }
  check(isPlainObject(raw), "not an object");
  check(raw.v === VERSION, "another version");
  check(Object.keys(raw).every((key) => ["v", "l", "d", "s", "q", "r", "t"].includes(key)), "an unknown field");
  const steps = data.steps.length;
  check(isInteger(raw.l, 0, steps - 1), "l is not a step");
  check(typeof raw.d === "string" && /^[0-9a-f]*$/.test(raw.d) && raw.d.length === Math.ceil(steps / 4), "d is not the steps done");
  const scenarios = raw.s === undefined ? {} : raw.s;
  check(isPlainObject(scenarios), "s is not an object");
  const scenarioKeys = stepKeys(data, "scenario");
  const paths = {};
  for (const [key, path] of Object.entries(scenarios)) {
    check(scenarioKeys.includes(key), `s names step ${key}, not a scenario`);
    check(typeof path === "string" && /^[0-9a-z]*$/.test(path), `s.${key} is not a path`);
    paths[key] = parseIndexList(path, 36);
  }
  const quizzes = raw.q === undefined ? {} : raw.q;
  check(isPlainObject(quizzes), "q is not an object");
  const quizKeys = stepKeys(data, "quiz");
  for (const [key, saved] of Object.entries(quizzes)) {
    check(quizKeys.includes(key), `q names step ${key}, not a quiz`);
    checkQuiz(data.quizzes[data.steps[key].id], saved, key);
  }
  const reflections = raw.r === undefined ? [] : raw.r;
  check(Array.isArray(reflections), "r is not a list");
  for (const entry of reflections) {
    check(Array.isArray(entry) && entry.length === 3 && typeof entry[2] === "string", "r holds something else than answers");
    const [step, question] = entry;
    const questions = isInteger(step, 0, steps - 1) ? data.reflections[data.steps[step].id] : undefined;
    check(questions !== undefined && isInteger(question, 0, questions.length - 1), "r names an unknown reflection");
  }
  check(raw.t === undefined || raw.t === 1, "t is not 1");
  return { l: raw.l, d: parseFlags(raw.d, steps), s: paths, q: quizzes, r: reflections, t: raw.t === 1 };
}

/** The longest state a module can produce apart from reflection text: every step done, the
    longest scenario paths, every quiz at its attempts with every drawn question answered. */
export function worstCase(data) {
  const steps = data.steps;
  const state = { l: steps.length - 1, d: steps.map(() => true), s: {}, q: {}, r: [] };
  steps.forEach((step, index) => {
    const scenario = data.scenarios[step.id];
    if (scenario) {
      const decisions = Object.values(scenario.nodes).filter((choices) => choices.length).length;
      state.s[index] = new Array(decisions).fill(35);
    }
    const quiz = data.quizzes[step.id];
    if (quiz) {
      const forms = {};
      quiz.questions.slice(0, quiz.draw).forEach((q, n) => {
        let longest;
        if (q.kind === "multiple") longest = ids(q.options);
        else if (q.kind === "matching") longest = Object.fromEntries(q.prompts.map((p) => [p, q.answers[0]]));
        else if (q.kind === "ordering") longest = Object.fromEntries(q.items.map((item, k) => [item, String(k + 1)]));
        else longest = ids(q.options)[0];
        forms[n] = encodeForm(q, longest);
      });
      const drawn = quiz.questions.slice(0, quiz.draw).map((q, n) => n);
      const h = "z".repeat(quiz.questions.length);
      state.q[index] = { a: quiz.maxAttempts || 99, n: indexList(drawn, quiz.questions.length), f: forms, u: 1, p: 0, c: 99.9, b: 99.9, h };
    }
  });
  return JSON.stringify(compact(state, [])).length;
}
