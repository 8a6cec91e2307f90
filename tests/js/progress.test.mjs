import assert from "node:assert/strict";
import { test } from "node:test";

import { lmsReport, moduleFinished } from "../../learn/static/runtime/progress.js";
import { data } from "./module-data.mjs";

const QUIZ = 3;
const stateAfter = (attempts, passed, best, done = [true, true, true, false, false]) => ({
  l: QUIZ,
  d: done,
  s: {},
  q: { [QUIZ]: { a: attempts, n: "01", f: {}, u: 1, p: passed, c: best, b: best } },
  r: [],
});

test("before the final test nothing is decided: no success, no score", () => {
  const report = lmsReport(data, { l: 0, d: [true, false, false, false, false], s: {}, q: {}, r: [] });
  assert.deepEqual(report, { completion: "incomplete", success: "unknown", score: null, progress: 0.2 });
});

test("a failed attempt with attempts left leaves the record open (issue 18, point 3)", () => {
  const report = lmsReport(data, stateAfter(2, 0, 40));
  assert.equal(report.success, "unknown");
  assert.equal(report.score, null); // an LMS would compare it with the pass mark and call it failed
  assert.equal(report.completion, "incomplete");
  assert.equal(moduleFinished(data, stateAfter(2, 0, 40)), false);
});

test("failed only when no attempt is left, with the best score", () => {
  const report = lmsReport(data, stateAfter(3, 0, 60));
  assert.equal(report.success, "failed");
  assert.equal(report.score, 60);
  assert.equal(moduleFinished(data, stateAfter(3, 0, 60)), true);
});

test("a pass is passed with the best score, completed once every step is done", () => {
  assert.deepEqual(lmsReport(data, stateAfter(2, 1, 85)), { completion: "incomplete", success: "passed", score: 85, progress: 0.6 });
  const all = lmsReport(data, stateAfter(2, 1, 85, [true, true, true, true, true]));
  assert.deepEqual(all, { completion: "completed", success: "passed", score: 85, progress: 1 });
});
