import assert from "node:assert/strict";
import { test } from "node:test";

import { Drafts, KEEP_FOR, draftKey, draftStore, reconcile, sameFields, sweep } from "../../learn/static/runtime/drafts.js";
import { resultOf } from "../../learn/static/runtime/server.js";

function memoryStorage() {
  const map = new Map();
  return {
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => map.set(key, String(value)),
    removeItem: (key) => map.delete(key),
    key: (index) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}

function fakeClock() {
  const clock = { time: 1000, pending: null };
  clock.now = () => clock.time;
  clock.set = (callback) => (clock.pending = callback);
  clock.clear = () => (clock.pending = null);
  clock.fire = async () => {
    const callback = clock.pending;
    clock.pending = null;
    await callback?.();
  };
  return clock;
}

function setup(answers) {
  const saved = [];
  const adapter = {
    async save(fields) {
      saved.push(fields);
      return answers.shift() || { ok: true, message: "Opgeslagen om 14:02" };
    },
  };
  const store = draftStore(memoryStorage());
  const statuses = [];
  const clock = fakeClock();
  const drafts = new Drafts({
    adapter,
    store,
    key: draftKey(7, "/stap"),
    base: { "answer-a": [""] },
    clock,
    status: (state, detail) => statuses.push([state, detail?.message || detail?.reason]),
  });
  return { drafts, store, saved, statuses, clock };
}

test("a change is kept in the browser at once and saved after the pause", async () => {
  const { drafts, store, saved, statuses, clock } = setup([]);
  drafts.change({ "answer-a": ["Eerste zin"] });
  assert.deepEqual(store.get(draftKey(7, "/stap")).fields, { "answer-a": ["Eerste zin"] });
  assert.equal(saved.length, 0);
  drafts.change({ "answer-a": ["Eerste zin. Tweede"] });
  await clock.fire();
  assert.deepEqual(saved, [{ "answer-a": ["Eerste zin. Tweede"] }]);
  assert.equal(store.get(draftKey(7, "/stap")), null);
  assert.equal(drafts.unsaved, false);
  assert.deepEqual(statuses.at(-1), ["saved", "Opgeslagen om 14:02"]);
});

test("a save refused because the learner was signed out keeps the text in the browser and waits", async () => {
  const { drafts, store, statuses, clock } = setup([{ ok: false, reason: "login" }]);
  drafts.change({ "answer-a": ["Niet kwijtraken"] });
  assert.equal(await drafts.flush(), false);
  assert.equal(drafts.unsaved, true);
  assert.deepEqual(store.get(draftKey(7, "/stap")).fields, { "answer-a": ["Niet kwijtraken"] });
  assert.deepEqual(statuses.at(-1), ["failed", "login"]);
  assert.equal(clock.pending, null, "no retry with a session that is gone");
});

test("an unreachable server is tried again, and the text stays until it answers", async () => {
  const { drafts, store, saved, clock } = setup([{ ok: false, reason: "offline" }]);
  drafts.change({ "answer-a": ["Later"] });
  await drafts.flush();
  assert.ok(clock.pending, "a retry is scheduled");
  assert.ok(store.get(draftKey(7, "/stap")));
  await clock.fire();
  assert.equal(saved.length, 2);
  assert.equal(store.get(draftKey(7, "/stap")), null);
});

test("typing while a save is on its way is saved too", async () => {
  const { drafts, saved } = setup([]);
  drafts.change({ "answer-a": ["Een"] });
  const first = drafts.flush();
  drafts.change({ "answer-a": ["Een twee"] });
  assert.equal(await first, true);
  assert.deepEqual(saved.at(-1), { "answer-a": ["Een twee"] });
  assert.equal(drafts.unsaved, false);
});

test("nothing changed, nothing saved", async () => {
  const { drafts, saved, store } = setup([]);
  drafts.change({ "answer-a": [""] });
  assert.equal(await drafts.flush(), true);
  assert.equal(saved.length, 0);
  assert.equal(store.keys().length, 0);
});

test("reconcile: the browser's copy wins where the server did not change meanwhile", () => {
  const base = { a: ["oud"], keuze: ["x"] };
  const server = { a: ["oud"], keuze: ["x"] };
  const local = { a: ["oud en nieuw"], keuze: ["y"] };
  assert.deepEqual(reconcile(base, server, local, new Set(["a"])), {
    fields: { a: ["oud en nieuw"], keuze: ["y"] },
    changed: true,
    merged: false,
  });
});

test("reconcile: text changed on two devices keeps both texts; a choice keeps the server's", () => {
  const base = { a: ["begin"], keuze: ["x"] };
  const server = { a: ["begin, op de laptop"], keuze: ["z"] };
  const local = { a: ["begin, op de telefoon"], keuze: ["y"] };
  const result = reconcile(base, server, local, new Set(["a"]));
  assert.deepEqual(result.fields, { a: ["begin, op de laptop\n\nbegin, op de telefoon"], keuze: ["z"] });
  assert.equal(result.merged, true);
});

test("reconcile: a copy the server already has changes nothing", () => {
  const server = { a: ["klaar"] };
  assert.equal(reconcile({ a: [""] }, server, { a: ["klaar"] }, new Set(["a"])).changed, false);
});

test("copies are per learner and per attempt, and old ones are forgotten", () => {
  const store = draftStore(memoryStorage());
  assert.notEqual(draftKey(1, "/p"), draftKey(2, "/p"));
  assert.notEqual(draftKey(1, "/p", "poging-1"), draftKey(1, "/p", "poging-2")); // a retry starts clean
  assert.equal(draftKey(1, "/p", ""), draftKey(1, "/p"));
  store.set(draftKey(1, "/oud"), { fields: {}, at: 0 });
  store.set(draftKey(1, "/nieuw"), { fields: {}, at: KEEP_FOR });
  store.set("iets-anders", { at: 0 });
  sweep(store, KEEP_FOR + 1);
  assert.deepEqual(store.keys().sort(), [draftKey(1, "/nieuw"), "iets-anders"].sort());
});

test("sameFields compares every value of every field", () => {
  assert.ok(sameFields({ a: ["1", "2"] }, { a: ["1", "2"] }));
  assert.ok(!sameFields({ a: ["1"] }, { a: ["1"], b: ["2"] }));
});

test("the server's answers: saved, signed out, handed in, unreachable", () => {
  assert.deepEqual(resultOf({ ok: true, status: 200 }, { message: "Opgeslagen om 14:02" }), {
    ok: true,
    message: "Opgeslagen om 14:02",
  });
  assert.equal(resultOf({ ok: false, type: "opaqueredirect", status: 0 }).reason, "login");
  assert.equal(resultOf({ ok: false, status: 400 }).reason, "login");
  assert.equal(resultOf({ ok: false, status: 409 }, { message: "al ingeleverd" }).reason, "closed");
  assert.equal(resultOf({ ok: false, status: 503 }).reason, "offline");
});
