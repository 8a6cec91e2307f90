import assert from "node:assert/strict";
import { test } from "node:test";

import { Connection, findAPI, formatResponse } from "../../learn/static/runtime/lms.js";
import scorm12, { timespan } from "../../learn/static/runtime/scorm12.js";
import scorm2004, { duration, timestamp } from "../../learn/static/runtime/scorm2004.js";

/** A window whose property reads throw, as a frame from another origin does. */
function crossOrigin(parent) {
  return new Proxy({}, { get: (target, name) => (name === "parent" ? parent : (() => { throw new Error("SecurityError"); })()) });
}

test("the API is found in a parent, past a frame from another origin", () => {
  const api = { name: "lms" };
  const top = { API_1484_11: api };
  top.parent = top;
  const sco = { parent: crossOrigin(top) };
  assert.equal(findAPI(sco, "API_1484_11"), api);
  assert.equal(findAPI(sco, "API"), null);
});

test("the API is found through the opener of a new window", () => {
  const lms = { API: { name: "lms" } };
  lms.parent = lms;
  const popup = { opener: lms };
  popup.parent = popup;
  assert.equal(findAPI(popup, "API"), lms.API);
});

test("an LMS call that fails is kept with its error code", () => {
  const api = { SetValue: () => "false", GetLastError: () => "406", Initialize: () => "true" };
  const window = { API_1484_11: api };
  window.parent = window;
  const lms = new Connection(scorm2004, window);
  assert.equal(lms.start(), true);
  assert.equal(lms.set("cmi.exit", "later"), false);
  assert.deepEqual(lms.errors, ["SetValue(cmi.exit, later) -> 406"]);
});

/** An LMS API that keeps a log of what the package calls. */
function recordingWindow() {
  const calls = [];
  const api = {
    Initialize: () => "true",
    GetValue: (name) => (name === "cmi.completion_status" ? "incomplete" : ""),
    SetValue: (name, value) => calls.push(`${name}=${value}`) && "true",
    Commit: () => calls.push("Commit") && "true",
    Terminate: () => calls.push("Terminate") && "true",
    GetLastError: () => "0",
  };
  const window = { API_1484_11: api };
  window.parent = window;
  return { window, calls };
}

test("a value the LMS holds already is not written again, and nothing unchanged is committed", () => {
  const { window, calls } = recordingWindow();
  const lms = new Connection(scorm2004, window);
  lms.start();
  lms.get("cmi.completion_status");
  lms.set("cmi.completion_status", "incomplete");
  lms.commit();
  lms.set("cmi.location", "stap-2");
  lms.set("cmi.location", "stap-2");
  lms.commit();
  assert.deepEqual(calls, ["cmi.location=stap-2", "Commit"]);
});

test("read-only (review, or a finished record): nothing is written or committed, the session still ends", () => {
  const { window, calls } = recordingWindow();
  const lms = new Connection(scorm2004, window);
  lms.start();
  lms.readOnly = true;
  assert.equal(lms.set("cmi.completion_status", "incomplete"), false);
  lms.commit();
  lms.finish();
  assert.deepEqual(calls, ["Terminate"]);
});

test("responses in the LMS's words: tokens from the package's table, the standard's delimiters", () => {
  const names = {
    options: { "minder-bereikt": "minder.bereikt", meer: "meer" },
    prompts: { p1: "p1", p2: "p2" },
    answers: { "a-1": "a.1", a2: "a2" },
    items: { eerst: "eerst", dan: "dan" },
  };
  const in2004 = { list: "[,]", pair: "[.]" };
  assert.equal(formatResponse({ kind: "single" }, "minder-bereikt", names, in2004), "minder.bereikt");
  assert.equal(formatResponse({ kind: "multiple" }, ["minder-bereikt", "meer"], names, in2004), "meer[,]minder.bereikt");
  assert.equal(formatResponse({ kind: "matching" }, { p2: "a2", p1: "a-1" }, names, in2004), "p1[.]a.1[,]p2[.]a2");
  assert.equal(formatResponse({ kind: "ordering" }, ["dan", "eerst"], names, { list: ",", pair: "." }), "dan,eerst");
});

test("without an LMS the package is a preview that stores nothing", () => {
  const window = {};
  window.parent = window;
  const lms = new Connection(scorm12, window);
  assert.equal(lms.start(), false);
  assert.equal(lms.preview, true);
  assert.equal(lms.get("cmi.suspend_data"), "");
});

test("session times in each standard's format", () => {
  assert.equal(timespan(0), "0000:00:00.00");
  assert.equal(timespan(3723456), "0001:02:03.46");
  assert.equal(duration(0), "PT0S");
  assert.equal(duration(3723456), "PT1H2M3.46S");
  assert.equal(duration(50210), "PT50.21S");
  assert.equal(timestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678))), "2026-01-02T03:04:05.6Z");
});
