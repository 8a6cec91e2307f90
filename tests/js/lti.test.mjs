import assert from "node:assert/strict";
import { test } from "node:test";

import { CLOSE_MESSAGE, registrationHost, startLtiPages } from "../../learn/static/runtime/lti.js";

const page = (selectors) => ({ querySelector: (selector) => selectors[selector] ?? null });

test("a registration in a frame reports to the page around it, one in a pop-up to its opener", () => {
  const lms = { name: "lms" };
  const framed = { opener: null, parent: lms };
  assert.equal(registrationHost(framed), lms);
  const popup = { opener: lms, parent: null };
  popup.parent = popup;
  assert.equal(registrationHost(popup), lms);
  const alone = {};
  alone.parent = alone;
  assert.equal(registrationHost(alone), null);
});

test("a finished registration posts the close message; another page posts nothing", () => {
  const sent = [];
  const lms = { postMessage: (message, origin) => sent.push([message, origin]) };
  startLtiPages(page({ "[data-lti-close]": {} }), { opener: null, parent: lms });
  assert.deepEqual(sent, [[{ subject: "org.imsglobal.lti.close" }, "*"]]);
  startLtiPages(page({}), { opener: null, parent: lms });
  assert.equal(sent.length, 1);
  assert.equal(CLOSE_MESSAGE.subject, "org.imsglobal.lti.close");
});

test("a deep-linking answer submits its form by itself", () => {
  let submitted = 0;
  startLtiPages(page({ "form[data-autosubmit]": { submit: () => submitted++ } }), {});
  assert.equal(submitted, 1);
});
