import assert from "node:assert/strict";
import { test } from "node:test";

import { ACTIVE_MS, installStudyClock, shouldBeat, visibilityBeat } from "../../learn/static/runtime/studytime.js";

test("a minute's beat goes only while the page is in sight and the learner is active", () => {
  assert.equal(shouldBeat({ visible: true, now: 100_000, lastInput: 100_000 - ACTIVE_MS }), true);
  assert.equal(shouldBeat({ visible: true, now: 100_000, lastInput: 100_000 - ACTIVE_MS - 1 }), false);
  assert.equal(shouldBeat({ visible: false, now: 100_000, lastInput: 100_000 }), false);
});

test("going out of sight stops the clock, coming back starts it, leaving the page does neither", () => {
  assert.equal(visibilityBeat({ visible: false, leaving: false }), "hidden");
  assert.equal(visibilityBeat({ visible: true, leaving: false }), "active");
  assert.equal(visibilityBeat({ visible: false, leaving: true }), null);
});

function fakeDocument() {
  const listeners = {};
  const view = { listeners: {}, addEventListener: (type, fn) => (view.listeners[type] = fn) };
  return {
    visibilityState: "visible",
    defaultView: view,
    addEventListener: (type, fn) => (listeners[type] = fn),
    fire: (type) => listeners[type](),
    view,
  };
}

test("the page view beats at once, then every minute while active, and the tab's visibility is reported", () => {
  const doc = fakeDocument();
  const sent = [];
  let clock = 0;
  let tickFn;
  installStudyClock(doc, (state) => sent.push(state), { now: () => clock, every: (fn) => (tickFn = fn) });
  assert.deepEqual(sent, ["active"]);
  clock = 60_000;
  tickFn();
  assert.deepEqual(sent, ["active", "active"]);
  clock = 180_000; // no input for two minutes: no beat
  tickFn();
  assert.equal(sent.length, 2);
  doc.fire("keydown");
  clock = 200_000;
  tickFn();
  assert.equal(sent.length, 3);
  doc.visibilityState = "hidden";
  doc.fire("visibilitychange");
  clock = 900_000;
  tickFn(); // out of sight: nothing
  doc.visibilityState = "visible";
  doc.fire("visibilitychange");
  assert.deepEqual(sent.slice(3), ["hidden", "active"]);
  doc.view.listeners.pagehide();
  doc.visibilityState = "hidden";
  doc.fire("visibilitychange");
  assert.equal(sent.length, 5); // leaving the page: the next page's beat moves the clock on
});
