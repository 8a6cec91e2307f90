import assert from "node:assert/strict";
import { test } from "node:test";

import { addSeen, decode, decodeForm, encode, encodeForm, InvalidState, seenCounts } from "../../learn/static/runtime/state.js";
import { data } from "./module-data.mjs";

const questions = {
  single: { kind: "single", options: ["a", "b", "c"] },
  multiple: { kind: "multiple", options: ["a", "b", "c"] },
  matching: { kind: "matching", options: [], prompts: ["p", "q"], answers: ["x", "y", "z"] },
  ordering: { kind: "ordering", options: [], items: ["i", "j", "k"] },
};

test("every kind of answer survives encoding", () => {
  const forms = { single: "b", multiple: ["c", "a"], matching: { p: "z", q: "x" }, ordering: { i: "3", j: "1", k: "2" } };
  for (const [kind, form] of Object.entries(forms)) {
    const back = decodeForm(questions[kind], encodeForm(questions[kind], form));
    assert.deepEqual(back, kind === "multiple" ? ["a", "c"] : form, kind);
  }
});

const saved = {
  l: 3,
  d: [true, true, true, false, false],
  s: { 2: [0] },
  q: { 3: { a: 1, n: "02", f: { 0: "0", 2: "10" }, u: 1, p: 0, c: 40, b: 40, h: "101" } },
  r: [[1, 0, "Ik luister."], [1, 1, "Eerst vragen."]],
};

test("a state survives suspend_data, scenario paths and quiz state included", () => {
  const { text, truncated } = encode(saved, 4096);
  assert.equal(truncated, false);
  assert.deepEqual(decode(text, data), { ...saved, t: false });
});

test("each attempt counts the questions it showed, up to 35", () => {
  assert.deepEqual(seenCounts(undefined, 3), [0, 0, 0]);
  const twice = addSeen(addSeen("", [0, 2], 3), [2], 3);
  assert.deepEqual(seenCounts(twice, 3), [1, 0, 2]);
  assert.equal(addSeen("z0", [0, 1], 2), "z1");
});

test("nothing saved is a fresh start without a message", () => {
  assert.equal(decode("", data), null);
});

const valid = JSON.parse(encode(saved, 4096).text);
const spoiled = {
  "not JSON": "{v:1",
  "another version": { ...valid, v: 2 },
  "a step past the end (security finding 16.12)": { v: 1, l: 9999 },
  "a step as text": { ...valid, l: "3" },
  "a negative step": { ...valid, l: -1 },
  "done flags as a list": { ...valid, d: [true, false] },
  "done flags too short": { ...valid, d: "" },
  "a scenario path on a step that is no scenario": { ...valid, s: { 0: "0" } },
  "a scenario path as a list": { ...valid, s: { 2: [0] } },
  "a quiz on a step that is no quiz": { ...valid, q: { 1: valid.q[3] } },
  "attempts as text": { ...valid, q: { 3: { ...valid.q[3], a: "1" } } },
  "more attempts than allowed": { ...valid, q: { 3: { ...valid.q[3], a: 4 } } },
  "a draw of unknown questions": { ...valid, q: { 3: { ...valid.q[3], n: "09" } } },
  "a draw naming a question twice": { ...valid, q: { 3: { ...valid.q[3], n: "00" } } },
  "an answer to an unknown question": { ...valid, q: { 3: { ...valid.q[3], f: { 7: "0" } } } },
  "an answer as a number": { ...valid, q: { 3: { ...valid.q[3], f: { 0: 0 } } } },
  "passed as true": { ...valid, q: { 3: { ...valid.q[3], p: true } } },
  "a score over 100": { ...valid, q: { 3: { ...valid.q[3], c: 140 } } },
  "a reflection on a step that is no reflection": { ...valid, r: [[0, 0, "tekst"]] },
  "a reflection question past the end": { ...valid, r: [[1, 5, "tekst"]] },
  "a reflection text as a number": { ...valid, r: [[1, 0, 42]] },
  "questions seen as a list": { ...valid, q: { 3: { ...valid.q[3], h: [1, 0, 1] } } },
  "more questions seen than the pool holds": { ...valid, q: { 3: { ...valid.q[3], h: "1011" } } },
  "an unknown field": { ...valid, x: 1 },
  "a list instead of a state": [1, 2],
};

for (const [problem, value] of Object.entries(spoiled)) {
  test(`a saved state with ${problem} is refused, not half restored`, () => {
    assert.throws(() => decode(typeof value === "string" ? value : JSON.stringify(value), data), InvalidState);
  });
}
