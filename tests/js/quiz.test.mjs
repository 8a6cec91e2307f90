import assert from "node:assert/strict";
import { test } from "node:test";

import { attemptsLeft, correctResponse, draw, recordAttempt, responseFromForm, revealAnswers } from "../../learn/static/runtime/quiz.js";

const sequence = (...values) => {
  let i = 0;
  return () => values[i++ % values.length];
};

const tagged = {
  draw: 2,
  onePerTag: true,
  questions: [{ tag: "x" }, { tag: "x" }, { tag: "y" }, { tag: "y" }],
};

test("a draw takes as many questions as asked, at most one per tag, in pool order", () => {
  for (const random of [sequence(0), sequence(0.99), sequence(0.5, 0.1, 0.8)]) {
    const chosen = draw(tagged, random);
    assert.equal(chosen.length, 2);
    assert.deepEqual([...chosen].sort(), chosen);
    assert.deepEqual(new Set(chosen.map((i) => tagged.questions[i].tag)), new Set(["x", "y"]));
  }
});

test("every question can be drawn", () => {
  const seen = new Set();
  for (let k = 0; k < 4; k++) {
    const numbers = [0, 1, 2, 3].map((i) => ((i - k + 4) % 4) / 4); // question k gets the smallest number
    for (const i of draw({ ...tagged, onePerTag: false, draw: 1 }, sequence(...numbers))) seen.add(i);
  }
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
});

test("a draw with minPerTag takes that many of every tag, then fills up from the rest", () => {
  const pool = { draw: 5, minPerTag: 2, questions: ["x", "x", "x", "y", "y", "y", "z", "z"].map((tag) => ({ tag })) };
  for (const random of [sequence(0), sequence(0.99, 0.01), sequence(0.5, 0.1, 0.8, 0.3)]) {
    const chosen = draw({ ...pool, draw: 6 }, random);
    for (const tag of ["x", "y", "z"]) assert.equal(chosen.filter((i) => pool.questions[i].tag === tag).length, 2);
    assert.equal(draw({ ...pool, draw: 7 }, random).length, 7);
  }
});

test("a retry draws the questions seen least often first", () => {
  const plain = { draw: 2, questions: [{}, {}, {}, {}] };
  for (const random of [sequence(0), sequence(0.99, 0.01), sequence(0.5, 0.1, 0.8, 0.3)]) {
    assert.deepEqual(draw(plain, random, [1, 0, 1, 0]), [1, 3]);
    const perTag = { ...tagged, onePerTag: true };
    assert.deepEqual(draw(perTag, random, [0, 1, 1, 0]), [0, 3]);
  }
});

const ordering = { kind: "ordering", items: ["a", "b", "c"] };

test("an ordering counts only when every position is used once", () => {
  assert.deepEqual(responseFromForm(ordering, { a: "2", b: "3", c: "1" }), ["c", "a", "b"]);
  assert.equal(responseFromForm(ordering, { a: "2", b: "2", c: "1" }), null);
  assert.equal(responseFromForm(ordering, { a: "1", b: "2" }), null);
});

test("empty forms are unanswered, whatever the kind", () => {
  assert.equal(responseFromForm({ kind: "single" }, null), null);
  assert.equal(responseFromForm({ kind: "multiple" }, []), null);
  assert.equal(responseFromForm({ kind: "matching" }, { p: "" }), null);
  assert.deepEqual(responseFromForm({ kind: "matching" }, { p: "a", q: "" }), { p: "a" });
});

test("the correct response is the answer key in the scorer's form", () => {
  const options = [{ id: "x", credit: 0 }, { id: "y", credit: 1 }, { id: "z", credit: 1 }];
  assert.equal(correctResponse({ kind: "single", options: options.slice(0, 2) }), "y");
  assert.deepEqual(correctResponse({ kind: "multiple", options }), ["y", "z"]);
  assert.deepEqual(correctResponse({ kind: "matching", options: [], pairs: [["p", "a"], ["q", "b"]] }), { p: "a", q: "b" });
  assert.deepEqual(correctResponse({ ...ordering, options: [] }), ["a", "b", "c"]);
});

test("the best attempt counts and attempts are counted", () => {
  const quiz = { maxAttempts: 3 };
  let state = { a: 0, u: 0, p: 0, c: null };
  state = recordAttempt(state, 80, 70);
  state = recordAttempt(state, 40, 70);
  assert.deepEqual([state.a, state.c, state.b, state.p], [2, 40, 80, 1]);
  assert.equal(attemptsLeft(quiz, state), 1);
  assert.equal(attemptsLeft({ maxAttempts: null }, state), Infinity);
});

test("answers are shown as the module says", () => {
  assert.equal(revealAnswers({ showAnswers: "after_submit" }, { p: 0 }), true);
  assert.equal(revealAnswers({ showAnswers: "after_pass" }, { p: 0 }), false);
  assert.equal(revealAnswers({ showAnswers: "after_pass" }, { p: 1 }), true);
  assert.equal(revealAnswers({ showAnswers: "never" }, { p: 1 }), false);
});
