// A branching scenario shown in the browser: the learner's path is a list of choice indices from
// the start node. ``scenario`` is {start: node id, nodes: {node id: [{id, next}, ...]}}, where a
// choice without ``next`` and a node without choices both end the case.

/** Where a path leads: the nodes passed with the choice taken in each, the node it stops at (null
    after an ending choice), and whether the case has ended. A stale index stops the walk there. */
export function walk(scenario, path) {
  const taken = [];
  let node = scenario.start;
  for (const index of path) {
    const choice = (scenario.nodes[node] || [])[index];
    if (!choice) break;
    taken.push({ node, choice });
    if (!choice.next) return { taken, current: null, ended: true };
    node = choice.next;
  }
  return { taken, current: node, ended: (scenario.nodes[node] || []).length === 0 };
}

/** The path after choosing ``choiceId`` in ``nodeId``, or null when that node is not the open decision. */
export function choose(scenario, path, nodeId, choiceId) {
  const { current, taken } = walk(scenario, path);
  const index = (scenario.nodes[nodeId] || []).findIndex((choice) => choice.id === choiceId);
  if (current !== nodeId || index < 0) return null;
  return [...path.slice(0, taken.length), index];
}

/** Show the path in the step's ``[data-scenario]`` container (steps/scenario.html, mode 'scorm'). */
export function renderScenario(container, scenario, path) {
  const { taken, current, ended } = walk(scenario, path);
  const debrief = container.querySelector("[data-debrief]");
  for (const element of container.querySelectorAll("[data-node]")) {
    element.hidden = true;
    element.classList.remove("taken", "current");
  }
  for (const button of container.querySelectorAll("[data-choice]")) {
    button.disabled = false;
    button.hidden = false;
    button.classList.remove("chosen");
  }
  for (const element of container.querySelectorAll("[data-consequence]")) element.hidden = true;
  const reveal = (node) => {
    const element = container.querySelector(`[data-node="${node}"]`);
    container.insertBefore(element, debrief); // in the order the learner met them
    element.hidden = false;
    return element;
  };
  for (const { node, choice } of taken) {
    const element = reveal(node);
    element.classList.add("taken");
    for (const button of element.querySelectorAll("[data-choice]")) {
      const chosen = button.dataset.choice === choice.id;
      button.disabled = true;
      button.hidden = !chosen;
      button.classList.toggle("chosen", chosen);
    }
    element.querySelector(`[data-consequence="${choice.id}"]`).hidden = false;
  }
  if (current !== null) reveal(current).classList.add("current");
  debrief.hidden = !ended;
  container.querySelector("[data-restart]").hidden = taken.length === 0;
}
