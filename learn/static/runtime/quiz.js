// Quiz logic in the browser: which questions an attempt shows, the learner's form values as
// steps/_question.html names its inputs, and the response the scorer reads. A quiz here is the
// JSON scorm_export/render.py writes (question_data): ids only, never texts.

/** A fair shuffle of ``list`` in place (Fisher–Yates). */
export function shuffle(list, random = Math.random) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** The pool indices of one attempt's questions, in pool order: the draw of learn/assessment/draw.py
    step for step, so the same random numbers give the same questions (tests/test_scorm_scoring_parity.py).
    ``seen`` counts per pool index how many earlier attempts showed a question: the least seen come
    first, equals in random order; ``onePerTag`` takes one question of as many tags, ``minPerTag`` at
    least that many of every tag before the rest. */
export function draw(quiz, random = Math.random, seen = []) {
  const questions = quiz.questions;
  const timesSeen = (i) => seen[i] || 0;
  const tiebreak = questions.map(() => random());
  const ranked = questions.map((q, i) => i).sort((a, b) => timesSeen(a) - timesSeen(b) || tiebreak[a] - tiebreak[b]);
  let chosen;
  if (quiz.onePerTag) chosen = onePerTag(questions, ranked, quiz.draw, timesSeen, random);
  else if (quiz.minPerTag) chosen = minPerTag(questions, ranked, quiz.draw, quiz.minPerTag);
  else chosen = ranked.slice(0, quiz.draw);
  return chosen.sort((a, b) => a - b);
}

/** The least-seen question of ``count`` tags: the tags whose best question was seen least, equals at random. */
function onePerTag(questions, ranked, count, timesSeen, random) {
  const best = new Map();
  for (const i of ranked) if (!best.has(questions[i].tag)) best.set(questions[i].tag, i);
  const tags = [...best.keys()].sort();
  const tiebreak = new Map(tags.map((tag) => [tag, random()]));
  tags.sort((a, b) => timesSeen(best.get(a)) - timesSeen(best.get(b)) || tiebreak.get(a) - tiebreak.get(b));
  return tags.slice(0, count).map((tag) => best.get(tag));
}

/** The ``perTag`` least-seen questions of every tag, then the least seen of the rest up to ``count``. */
function minPerTag(questions, ranked, count, perTag) {
  const taken = new Map();
  const chosen = [];
  for (const i of ranked) {
    const tag = questions[i].tag;
    if ((taken.get(tag) || 0) < perTag) {
      taken.set(tag, (taken.get(tag) || 0) + 1);
      chosen.push(i);
    }
  }
  const rest = ranked.filter((i) => !chosen.includes(i));
  return [...chosen, ...rest.slice(0, Math.max(0, count - chosen.length))];
}

/** Attempts the learner has left (Infinity without a limit). */
export function attemptsLeft(quiz, quizState) {
  return quiz.maxAttempts ? quiz.maxAttempts - (quizState ? quizState.a : 0) : Infinity;
}

/** Whether the review shows the right answers, explanations and option feedback. */
export function revealAnswers(quiz, quizState) {
  if (quiz.showAnswers === "never") return false;
  if (quiz.showAnswers === "after_pass") return Boolean(quizState.p);
  return true;
}

/** The learner's response for scoring, from form values; null while the question is unanswered. */
export function responseFromForm(question, form) {
  if (form === null || form === undefined) return null;
  if (question.kind === "ordering") {
    const positions = question.items.map((item) => Number(form[item])).sort((a, b) => a - b);
    if (positions.some((position, i) => position !== i + 1)) return null;
    return [...question.items].sort((a, b) => Number(form[a]) - Number(form[b]));
  }
  if (question.kind === "matching") {
    const pairs = Object.fromEntries(Object.entries(form).filter(([, answer]) => answer));
    return Object.keys(pairs).length ? pairs : null;
  }
  if (question.kind === "multiple") return form.length ? [...form] : null;
  return form || null;
}

/** The response that earns full credit, in the scorer's form (the package's answer key). */
export function correctResponse(question) {
  const correct = question.options.filter((o) => o.credit === 1).map((o) => o.id);
  switch (question.kind) {
    case "multiple":
      return correct;
    case "matching":
      return Object.fromEntries(question.pairs);
    case "ordering":
      return [...question.items];
    default:
      return correct[0];
  }
}

/** A submitted attempt's result in the quiz state: the best attempt counts, as on the platform. */
export function recordAttempt(quizState, percentage, passMark) {
  const best = quizState.b === undefined || quizState.b === null ? percentage : Math.max(quizState.b, percentage);
  return { ...quizState, u: 1, a: quizState.a + 1, c: percentage, b: best, p: quizState.p || best >= passMark ? 1 : 0 };
}

/** The select of one matching prompt or ordering item. */
export function selectFor(element, question, id) {
  return element.querySelector(`select[name="q-${question.id}-${id}"]`);
}

function choicesIn(element, question) {
  return [...element.querySelectorAll(`input[name="q-${question.id}"]`)];
}

/** The form values in a question's fieldset: an option id, a list of them, or {prompt or item: value}. */
export function readForm(element, question) {
  if (question.kind === "matching" || question.kind === "ordering") {
    const form = {};
    for (const id of question.kind === "matching" ? question.prompts : question.items) {
      const select = selectFor(element, question, id);
      if (select && select.value) form[id] = select.value;
    }
    return form;
  }
  const checked = choicesIn(element, question).filter((input) => input.checked);
  if (question.kind === "multiple") return checked.map((input) => input.value);
  return checked.length ? checked[0].value : null;
}

export function writeForm(element, question, form) {
  if (question.kind === "matching" || question.kind === "ordering") {
    for (const id of question.kind === "matching" ? question.prompts : question.items) {
      const select = selectFor(element, question, id);
      if (select) select.value = (form && form[id]) || "";
    }
    return;
  }
  const chosen = question.kind === "multiple" ? form || [] : [form];
  for (const input of choicesIn(element, question)) input.checked = chosen.includes(input.value);
}
