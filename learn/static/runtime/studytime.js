// Study time: the browser tells the server when the learner is at work on a step, so the
// server's clock counts real study (learn.studytime). A beat on opening the page, one a minute
// while the page is in sight and the learner did something in the last minute, a "hidden" beat
// when the tab goes out of sight (the clock stops) and an "active" one when it comes back.
// Leaving the page is not "hidden": the next page's beat moves the clock on.

export const BEAT_MS = 60_000;
export const ACTIVE_MS = 60_000;
const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "scroll", "touchstart", "input"];

/** Whether a minute's beat should go: the page is visible and the learner did something lately. */
export function shouldBeat({ visible, now, lastInput }) {
  return visible && now - lastInput <= ACTIVE_MS;
}

/** The state to report when the page's visibility changes, or null when the learner is leaving the page. */
export function visibilityBeat({ visible, leaving }) {
  if (leaving) return null;
  return visible ? "active" : "hidden";
}

export function postBeat(form, url) {
  return (state) => {
    const body = new FormData();
    body.append("csrf_token", form.elements.csrf_token.value);
    body.append("state", state);
    return fetch(url, { method: "POST", body, keepalive: true, credentials: "same-origin", redirect: "manual" }).catch(
      () => undefined, // offline: the next beat counts the gap, up to the server's cap
    );
  };
}

export function installStudyClock(doc, send, { now = Date.now, every = setInterval } = {}) {
  let lastInput = now();
  let leaving = false;
  const visible = () => doc.visibilityState === "visible";
  for (const type of INPUT_EVENTS) doc.addEventListener(type, () => (lastInput = now()), { passive: true });
  doc.defaultView?.addEventListener("pagehide", () => (leaving = true));
  doc.addEventListener("visibilitychange", () => {
    const state = visibilityBeat({ visible: visible(), leaving });
    if (state) {
      if (state === "active") lastInput = now();
      send(state);
    }
  });
  every(() => {
    if (shouldBeat({ visible: visible(), now: now(), lastInput })) send("active");
  }, BEAT_MS);
  if (visible()) send("active"); // the page view
}
