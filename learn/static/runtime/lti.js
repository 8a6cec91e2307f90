// LTI pages in the LMS's frame: a deep-linking answer goes back to the LMS by itself (its form
// still has a button, for a browser without JavaScript), and a finished dynamic registration
// tells the LMS it may close Leerpad's frame or window (LTI Dynamic Registration 1.0 §3.6).

export const CLOSE_MESSAGE = Object.freeze({ subject: "org.imsglobal.lti.close" });

/** The window that opened this registration: the LMS's page around the frame, or the opener of a pop-up. */
export function registrationHost(win) {
  if (win.opener && win.opener !== win) return win.opener;
  if (win.parent && win.parent !== win) return win.parent;
  return null;
}

export function startLtiPages(doc, win) {
  const form = doc.querySelector("form[data-autosubmit]");
  if (form) form.submit();
  const host = doc.querySelector("[data-lti-close]") ? registrationHost(win) : null;
  // The LMS's origin is not known to the page; the message carries nothing secret.
  if (host) host.postMessage(CLOSE_MESSAGE, "*");
}
