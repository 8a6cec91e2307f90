import assert from "node:assert/strict";
import { test } from "node:test";

import { choose, walk } from "../../learn/static/runtime/scenario.js";

// start -a-> middle -x-> (ends here); start -b-> end (a node without choices)
const scenario = {
  start: "start",
  nodes: {
    start: [{ id: "a", next: "middle" }, { id: "b", next: "end" }],
    middle: [{ id: "x", next: null }, { id: "y", next: "start" }],
    end: [],
  },
};

test("a path leads through the nodes to the open decision", () => {
  assert.deepEqual(walk(scenario, []), { taken: [], current: "start", ended: false });
  const { taken, current, ended } = walk(scenario, [0]);
  assert.deepEqual(taken.map((t) => [t.node, t.choice.id]), [["start", "a"]]);
  assert.equal(current, "middle");
  assert.equal(ended, false);
});

test("a choice without a next node and a node without choices both end the case", () => {
  assert.deepEqual(walk(scenario, [0, 0]), { taken: walk(scenario, [0, 0]).taken, current: null, ended: true });
  assert.equal(walk(scenario, [1]).current, "end");
  assert.equal(walk(scenario, [1]).ended, true);
});

test("a stale choice index stops the walk at that decision instead of throwing", () => {
  const result = walk(scenario, [0, 7, 0]);
  assert.equal(result.current, "middle");
  assert.equal(result.taken.length, 1);
  assert.equal(result.ended, false);
});

test("only the open decision can be chosen", () => {
  assert.deepEqual(choose(scenario, [], "start", "b"), [1]);
  assert.deepEqual(choose(scenario, [0], "middle", "y"), [0, 1]);
  assert.equal(choose(scenario, [0], "start", "b"), null); // already decided
  assert.equal(choose(scenario, [0], "middle", "nope"), null);
  assert.equal(choose(scenario, [0, 0], "middle", "x"), null); // the case has ended
});
