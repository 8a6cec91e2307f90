import assert from "node:assert/strict";
import { test } from "node:test";

import { move, orderFrom, placesFor } from "../../learn/static/runtime/ordering.js";
import { clampPage, format, isAnswered, pageFromHash, summary } from "../../learn/static/runtime/quiz-pages.js";

test("a question is answered by a choice, or by every dropdown chosen", () => {
  assert.equal(isAnswered({ checked: 1 }), true);
  assert.equal(isAnswered({ checked: 0 }), false);
  assert.equal(isAnswered({ selects: 3, chosen: 2 }), false);
  assert.equal(isAnswered({ selects: 3, chosen: 3 }), true);
});

test("pages are clamped: 1..n questions, n + 1 the overview", () => {
  assert.equal(clampPage(0, 12), 1);
  assert.equal(clampPage(4, 12), 4);
  assert.equal(clampPage(99, 12), 13);
  assert.equal(clampPage("x", 12), 1);
  assert.equal(pageFromHash("#vraag-4"), 4);
  assert.equal(pageFromHash("#uitslag"), null);
});

test("the overview counts answers and names the open questions", () => {
  assert.deepEqual(summary([true, false, true, false]), { answered: 2, total: 4, open: [2, 4] });
  assert.equal(format("{answered} van {total} vragen beantwoord.", { answered: 2, total: 4 }), "2 van 4 vragen beantwoord.");
  assert.equal(format("Vraag {n} van {total}", { n: 4, total: 12 }), "Vraag 4 van 12");
});

test("moving an item reorders the list, within its ends", () => {
  assert.deepEqual(move(["a", "b", "c"], 2, -1), ["a", "c", "b"]);
  assert.deepEqual(move(["a", "b", "c"], 0, -1), ["a", "b", "c"]);
  assert.deepEqual(move(["a", "b", "c"], 0, 1), ["b", "a", "c"]);
});

test("the list follows the places given so far; the dropdowns get the shown order", () => {
  assert.deepEqual(orderFrom(["a", "b", "c"], { c: 1, a: 2 }), ["c", "a", "b"]);
  assert.deepEqual(orderFrom(["a", "b", "c"], {}), ["a", "b", "c"]);
  assert.deepEqual(placesFor(["c", "a", "b"]), { c: "1", a: "2", b: "3" });
});
