"""The learner state in cmi.suspend_data: within the limit of each standard, whatever the learner writes.

learn/static/runtime/state.js runs under node: the worst case per module (every step done, longest
scenario paths, every quiz answered) must leave room for reflections, and long
reflections are cut, newest first, never past the limit.
"""

import pytest
from test_scorm_package import MODULES

from learn.testing.runtime import node, run_in_node, suspend_worst_case
from scorm_export import STANDARDS, build_package

pytestmark = [pytest.mark.skipif(node() is None, reason="node is not installed"), pytest.mark.no_database]

ENCODE = """
import { decode, encode } from "runtime:state.js";
output(input.states.map(([state, limit]) => {
  const result = encode(state, limit);
  return {text: result.text, truncated: result.truncated, decoded: decode(result.text, input.data)};
}));
"""


def module_data(steps=20):
    """The module data decode() checks a state against: a reflection at 2, a scenario at 4, a quiz at 7."""
    types = {2: "reflection", 4: "scenario", 7: "quiz"}
    quiz = {"questions": [{"id": f"v{n}"} for n in range(5)], "maxAttempts": 3}
    return {
        "steps": [{"id": f"s{n}", "type": types.get(n, "narrative")} for n in range(steps)],
        "reflections": {"s2": [f"r{n}" for n in range(8)]},
        "quizzes": {"s7": quiz},
    }


def base_state(steps=20):
    return {
        "l": 3,
        "d": [True] * steps,
        "s": {"4": [0, 1, 1]},
        "q": {"7": {"a": 2, "n": "0124", "f": {"0": "1"}, "u": 1, "p": 0, "c": 42.5, "b": 50}},
        "r": [],
    }


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_worst_case_leaves_room_for_reflections(module):
    from conftest import make_app

    worst = suspend_worst_case(build_package(module, "1.2", make_app("sqlite://")).data)
    # Measured worst cases are in the closing note of issue 7; a third of 1.2's limit is the budget.
    assert worst < STANDARDS["1.2"].suspend_limit / 3, worst


@pytest.mark.parametrize("limit", [STANDARDS["1.2"].suspend_limit, STANDARDS["2004"].suspend_limit])
def test_long_reflections_are_cut_newest_first_and_never_past_the_limit(limit):
    state = base_state()
    texts = [f"Antwoord {n}: " + ('Ik twijfel "soms" of ik het goed doe.\nÉn dan? 😊 ' * 400) for n in range(8)]
    state["r"] = [[2, n, text] for n, text in enumerate(texts)]  # oldest first
    small = base_state()
    small["r"] = [[2, 0, "Kort antwoord."]]
    long, short = run_in_node(ENCODE, {"states": [[state, limit], [small, limit]], "data": module_data()})
    length = len(long["text"].encode("utf-16-le")) // 2  # what JavaScript and the LMS count
    assert length <= limit
    assert long["truncated"] is True
    kept = long["decoded"]["r"]
    assert kept and kept[-1][1] == 7  # the newest answer is kept
    assert texts[7].startswith(kept[-1][2])
    assert long["decoded"]["t"] is True  # the package tells the learner
    assert length > limit - 200  # uses the room there is
    assert long["decoded"]["l"] == 3 and long["decoded"]["q"]["7"]["c"] == 42.5
    assert short["truncated"] is False and short["decoded"]["r"] == [[2, 0, "Kort antwoord."]]
