// The strict conformance layer (tests/scorm_conformance.mjs) catches what real LMSs refuse: each rule
// is shown to fire on the call that breaks it, and to stay quiet on a session that keeps them all.
import assert from "node:assert/strict";
import { test } from "node:test";

import { conform } from "../scorm_conformance.mjs";

/** An LMS that accepts everything, as scorm-again mostly does. */
function lenient(standard) {
  const prefix = standard === "1.2" ? "LMS" : "";
  const api = {};
  for (const name of ["Initialize", "GetValue", "SetValue", "Commit", "GetLastError"]) {
    api[`${prefix}${name}`] = () => (name === "GetValue" ? "" : name === "GetLastError" ? "0" : "true");
  }
  api[standard === "1.2" ? "LMSFinish" : "Terminate"] = () => "true";
  return api;
}

function session(standard, launch, calls) {
  const layer = conform(lenient(standard), standard, { mode: "normal", record: {}, ...launch });
  const api = layer.api;
  const [get, set] = standard === "1.2" ? ["LMSGetValue", "LMSSetValue"] : ["GetValue", "SetValue"];
  api[standard === "1.2" ? "LMSInitialize" : "Initialize"]("");
  for (const name of standard === "1.2" ? ["cmi.core.lesson_mode", "cmi.suspend_data", "cmi.core.lesson_status"] : ["cmi.mode", "cmi.suspend_data", "cmi.completion_status"]) {
    api[get](name);
  }
  calls({ get: (name) => api[get](name), set: (name, value) => api[set](name, value), api });
  api[standard === "1.2" ? "LMSFinish" : "Terminate"]("");
  return layer.violations;
}

const interaction2004 = (set, type, response, pattern = response) => {
  set("cmi.interactions.0.id", "eindtoets.v1");
  set("cmi.interactions.0.type", type);
  set("cmi.interactions.0.learner_response", response);
  set("cmi.interactions.0.correct_responses.0.pattern", pattern);
};

test("a session that keeps every rule has no violations", () => {
  const violations = session("2004", { scaledPassingScore: 0.7 }, ({ set }) => {
    interaction2004(set, "choice", "minder_bereikt[,]meer");
    set("cmi.interactions.0.timestamp", "2026-11-27T10:00:00.5Z");
    set("cmi.interactions.0.latency", "PT1M2.5S");
    set("cmi.interactions.0.description", "{lang=nl}Wat doe je?");
    set("cmi.completion_status", "completed");
    set("cmi.success_status", "passed");
    set("cmi.score.min", "0");
    set("cmi.score.max", "100");
    set("cmi.score.raw", "85");
    set("cmi.score.scaled", "0.85");
    set("cmi.exit", "suspend");
    set("cmi.session_time", "PT24M3.25S");
  });
  assert.deepEqual(violations, []);
  const in12 = session("1.2", { masteryScore: 70 }, ({ set }) => {
    set("cmi.interactions.0.id", "eindtoets.v1");
    set("cmi.interactions.0.type", "matching");
    set("cmi.interactions.0.student_response", "a.b,b.a");
    set("cmi.interactions.0.time", "10:00:00");
    set("cmi.core.lesson_status", "passed");
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", "85.5");
    set("cmi.core.exit", "suspend");
    set("cmi.core.session_time", "0000:24:03.25");
  });
  assert.deepEqual(in12, []);
});

const broken = {
  "a response with a hyphen (issue 18, Moodle's 406)": [/minder-bereikt.*not an identifier every runtime accepts/, "2004", {}, ({ set }) => interaction2004(set, "choice", "minder-bereikt")],
  "an interaction id as a URN with colons": [/interactions.0.id.*not an identifier/, "2004", {}, ({ set }) => set("cmi.interactions.0.id", "urn:leerpad:x:y")],
  "a response before the interaction's type": [/before cmi.interactions.0.type/, "2004", {}, ({ set }) => set("cmi.interactions.0.id", "a") && set("cmi.interactions.0.learner_response", "b")],
  "an interaction index that skips one": [/skips an index/, "2004", {}, ({ set }) => set("cmi.interactions.3.id", "a")],
  "a matching pair without [.]": [/not a source\[\.\]target pair/, "2004", {}, ({ set }) => interaction2004(set, "matching", "a.b")],
  "a choice named twice": [/names a choice twice/, "2004", {}, ({ set }) => interaction2004(set, "choice", "a[,]a")],
  "a session time with two S": [/session_time.*not a timeinterval/, "2004", {}, ({ set }) => set("cmi.session_time", "PT50S.21S")],
  "a session time with three decimals": [/session_time.*not a timeinterval/, "2004", {}, ({ set }) => set("cmi.session_time", "PT5.123S")],
  "a timestamp with a zone and no fraction": [/zone but no fractional seconds/, "2004", {}, ({ set }) => set("cmi.interactions.0.id", "a") && set("cmi.interactions.0.timestamp", "2026-01-01T10:00:00Z")],
  "exit logout (deprecated)": [/cmi.exit.*not one of/, "2004", {}, ({ set }) => set("cmi.exit", "logout")],
  "completion not attempted": [/completion_status.*not one of/, "2004", {}, ({ set }) => set("cmi.completion_status", "not attempted")],
  "a read-only element written": [/cmi.entry is read-only/, "2004", {}, ({ set }) => set("cmi.entry", "resume")],
  "a write-only element read": [/cmi.exit is write-only/, "2004", {}, ({ get }) => get("cmi.exit")],
  "an element that does not exist": [/not in the SCORM 2004 data model/, "2004", {}, ({ set }) => set("cmi.core.lesson_status", "passed")],
  "a scaled score out of range": [/score.scaled.*from -1 to 1/, "2004", {}, ({ set }) => set("cmi.score.scaled", "1.5")],
  "a description with a bad language tag": [/language tag/, "2004", {}, ({ set }) => set("cmi.interactions.0.id", "a") && set("cmi.interactions.0.description", "{lang=nederlands}Wat?")],
  "a failing score.scaled while success stays unknown (issue 18, point 3)": [/makes the LMS report failed/, "2004", { scaledPassingScore: 0.7 }, ({ set }) => set("cmi.score.scaled", "0.4")],
  "a completed record set back to incomplete (issue 18, point 2)": [/completed record was set back/, "2004", { record: { completion_status: "completed" } }, ({ set }) => set("cmi.completion_status", "incomplete")],
  "any write in review mode": [/written in review mode/, "2004", { mode: "review" }, ({ set }) => set("cmi.location", "stap-1")],
  "a commit in review mode": [/Commit in review mode/, "2004", { mode: "review" }, ({ api }) => api.Commit("")],
  "a commit right before terminate": [/Commit right before Terminate/, "2004", {}, ({ set, api }) => set("cmi.location", "x") && api.Commit("")],
  "raw without min and max": [/raw without min and max/, "2004", {}, ({ set }) => set("cmi.score.raw", "40")],
  "1.2: failed-worthy raw score while the status says incomplete (mastery override)": [/report failed, the SCO says incomplete/, "1.2", { masteryScore: 70 }, ({ set }) => {
    set("cmi.core.lesson_status", "incomplete");
    set("cmi.core.score.min", "0");
    set("cmi.core.score.max", "100");
    set("cmi.core.score.raw", "40");
  }],
  "1.2: a passed record set to incomplete": [/passed record was set to incomplete/, "1.2", { record: { lesson_status: "passed" } }, ({ set }) => set("cmi.core.lesson_status", "incomplete")],
  "1.2: a choice response that is no single character": [/single characters/, "1.2", {}, ({ set }) => set("cmi.interactions.0.id", "a") && set("cmi.interactions.0.type", "choice") && set("cmi.interactions.0.student_response", "minder-bereikt")],
  "1.2: a score with three decimals": [/score.raw.*not a decimal/, "1.2", {}, ({ set }) => set("cmi.core.score.raw", "66.667")],
  "1.2: an interaction read back": [/write-only/, "1.2", {}, ({ get }) => get("cmi.interactions.0.student_response")],
  "1.2: a session time in 2004's format": [/not a CMITimespan/, "1.2", {}, ({ set }) => set("cmi.core.session_time", "PT5S")],
  "1.2: status not attempted": [/lesson_status.*not one of/, "1.2", {}, ({ set }) => set("cmi.core.lesson_status", "not attempted")],
};

for (const [name, [expected, standard, launch, calls]] of Object.entries(broken)) {
  test(`the layer flags ${name}`, () => {
    const violations = session(standard, launch, calls);
    assert.ok(violations.some((v) => expected.test(v)), violations.join("\n") || "no violation");
  });
}

test("the layer flags a write before the SCO has read where the learner stands", () => {
  const layer = conform(lenient("2004"), "2004", { mode: "normal", record: {} });
  layer.api.Initialize("");
  layer.api.SetValue("cmi.completion_status", "incomplete");
  assert.match(layer.violations[0], /before reading cmi.mode, cmi.suspend_data, cmi.completion_status/);
});

test("the layer flags every call the LMS refuses", () => {
  let error = "0";
  const api = { ...lenient("2004"), SetValue: () => ((error = "406"), "false"), GetLastError: () => error };
  const layer = conform(api, "2004", { mode: "normal", record: {} });
  layer.api.Initialize("");
  layer.api.GetValue("cmi.mode");
  layer.api.GetValue("cmi.suspend_data");
  layer.api.GetValue("cmi.completion_status");
  layer.api.SetValue("cmi.location", "x");
  assert.deepEqual(layer.violations, ['SetValue("cmi.location", "x") returned false, error 406']);
});
