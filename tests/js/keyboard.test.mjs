import assert from "node:assert/strict";
import { test } from "node:test";

import { controlForKey } from "../../learn/static/runtime/keyboard.js";

const next = { name: "next" };
const rootWith = (controls) => ({
  querySelectorAll: (selector) => controls.filter((c) => selector === `[data-key="${c.key}"]`),
});
const root = rootWith([{ key: "ArrowRight", ...next }]);
const press = (key, target = { closest: () => null }, modifiers = {}) => ({ key, target, ...modifiers });

test("an arrow key finds the step control that carries it", () => {
  assert.equal(controlForKey(press("ArrowRight"), root).name, "next");
  assert.equal(controlForKey(press("ArrowLeft"), root), null);
});

test("a hidden or disabled control is skipped (an unfinished quiz hides 'Volgende')", () => {
  const hidden = rootWith([{ key: "ArrowRight", hidden: true }, { key: "ArrowRight", disabled: true }]);
  assert.equal(controlForKey(press("ArrowRight"), hidden), null);
});

test("no shortcut while the learner types in a field", () => {
  const field = { closest: (selector) => (selector.includes("textarea") ? field : null) };
  assert.equal(controlForKey(press("ArrowRight", field), root), null);
});

test("no shortcut with a modifier held (the browser's own back and forward)", () => {
  assert.equal(controlForKey(press("ArrowRight", undefined, { altKey: true }), root), null);
});
