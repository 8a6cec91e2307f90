// Quiz scoring inside a SCORM package, where no server scores: the same rules, and the same
// rounding, as learn/assessment/scoring.py (question_credit, question_score, percentage) and
// learn/assessment/attempts.py (score_responses). The web player never uses this: the server
// scores. tests/test_scorm_scoring_parity.py feeds both the same responses and compares.
//
// A response is null (unanswered) or, per kind:
//   single / truefalse / judgement: an option id;
//   multiple: an array of option ids;
//   matching: an object of prompt id -> answer id;
//   ordering: an array of item ids.
// A response naming unknown ids throws InvalidResponse, as in Python.

export class InvalidResponse extends Error {
  get name() {
    return "InvalidResponse";
  }
}

/** Python's round(x, digits): half to even on the exact binary value (toFixed(100) gives its exact decimals). */
export function pyRound(x, digits) {
  if (!Number.isFinite(x) || x === 0) return x;
  const text = Math.abs(x).toFixed(100);
  const point = text.indexOf(".");
  const fraction = text.slice(point + 1);
  const kept = text.slice(0, point) + fraction.slice(0, digits);
  const rest = fraction.slice(digits);
  const beyond = /[1-9]/.test(rest.slice(1));
  const roundUp = rest[0] > "5" || (rest[0] === "5" && (beyond || Number(kept[kept.length - 1]) % 2 === 1));
  const figures = kept.split("").map(Number);
  if (roundUp) {
    let i = figures.length - 1;
    for (; i >= 0 && figures[i] === 9; i--) figures[i] = 0;
    if (i < 0) figures.unshift(1);
    else figures[i] += 1;
  }
  const all = figures.join("");
  const cut = all.length - digits;
  const result = Number(all.slice(0, cut) + (digits ? "." + all.slice(cut) : ""));
  return x < 0 ? -result : result;
}

function isEmpty(response) {
  if (response === null || response === undefined || response === "") return true;
  if (Array.isArray(response)) return response.length === 0;
  if (typeof response === "object") return Object.keys(response).length === 0;
  return false;
}

function choice(question, response) {
  if (typeof response !== "string") throw new InvalidResponse("expected one option");
  const found = question.options.find((o) => o.id === response);
  if (!found) throw new InvalidResponse(`unknown option ${response}`);
  return found.credit;
}

function multiple(question, response) {
  if (!Array.isArray(response)) throw new InvalidResponse("expected a set of options");
  const chosen = new Set(response);
  const known = new Set(question.options.map((o) => o.id));
  const correct = new Set(question.options.filter((o) => o.credit === 1).map((o) => o.id));
  for (const id of chosen) if (!known.has(id)) throw new InvalidResponse(`unknown option ${id}`);
  const hits = [...chosen].filter((id) => correct.has(id)).length;
  const misses = chosen.size - hits;
  if (question.scoring === "all_or_nothing") return hits === correct.size && misses === 0 ? 1.0 : 0.0;
  const wrongCount = known.size - correct.size;
  return Math.max(0.0, hits / correct.size - (wrongCount ? misses / wrongCount : 0.0));
}

function matching(question, response) {
  if (typeof response !== "object" || Array.isArray(response)) throw new InvalidResponse("expected prompt to answer pairs");
  for (const [promptId, answerId] of Object.entries(response)) {
    const emptyAnswer = answerId === "" || answerId === null;
    if (!question.prompts.includes(promptId) || (!emptyAnswer && !question.answers.includes(answerId))) {
      throw new InvalidResponse(`unknown pair ${promptId}: ${answerId}`);
    }
  }
  const right = question.pairs.filter(([prompt, answer]) => Object.prototype.hasOwnProperty.call(response, prompt) && response[prompt] === answer).length;
  if (question.scoring === "all_or_nothing") return right === question.pairs.length ? 1.0 : 0.0;
  return right / question.pairs.length;
}

function ordering(question, response) {
  if (!Array.isArray(response)) throw new InvalidResponse("expected a sequence of items");
  const correct = question.items;
  if (response.length !== correct.length || [...response].sort().join("\u0000") !== [...correct].sort().join("\u0000")) {
    throw new InvalidResponse("the order must name every item exactly once");
  }
  const inPlace = correct.filter((item, i) => response[i] === item).length;
  if (question.scoring === "all_or_nothing") return inPlace === correct.length ? 1.0 : 0.0;
  return inPlace / correct.length;
}

const SCORERS = { single: choice, truefalse: choice, judgement: choice, multiple, matching, ordering };

function exactCredit(question, response) {
  return isEmpty(response) ? 0.0 : SCORERS[question.kind](question, response);
}

/** Credit from 0 to 1, to 4 decimals. */
export function questionCredit(question, response) {
  return pyRound(exactCredit(question, response), 4);
}

/** Points: the unrounded credit times the weight, to 4 decimals. */
export function questionScore(question, response) {
  return pyRound(exactCredit(question, response) * question.points, 4);
}

/** Python's built-in sum() over floats, left to right. */
export function total(values) {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}

export function percentage(earned, maximum) {
  return maximum ? pyRound((100 * earned) / maximum, 1) : 0.0;
}

/** A whole attempt (score_responses): questions in the quiz's order, sums to 4 decimals. */
export function scoreAttempt(questions, responses) {
  const scores = questions.map((q) => questionScore(q, responses[q.id]));
  const earned = pyRound(total(scores), 4);
  const maximum = pyRound(total(questions.map((q) => q.points)), 4);
  return { scores, earned, maximum, percentage: percentage(earned, maximum) };
}
