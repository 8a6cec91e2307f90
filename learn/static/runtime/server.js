// The web player's adapter: drafts are saved on the Leerpad server, by posting the step form's
// fields to the step's autosave address (learn.player.views.autosave). SCORM packages use an LMS
// adapter with the same save(fields) instead.

/** What an answer from the server means for the drafts (see drafts.js). */
export function resultOf(response, data = {}) {
  if (response.ok) return { ok: true, message: data.message };
  // Signed out (a redirect to the login page) or a form token from an ended session: log in again.
  if (response.type === "opaqueredirect" || response.status === 400 || response.status === 401) {
    return { ok: false, reason: "login" };
  }
  if (response.status === 409) return { ok: false, reason: "closed", message: data.message };
  return { ok: false, reason: "offline" }; // busy, unreachable, restarting: try again later
}

export function serverAdapter(form, url) {
  return {
    async save(fields, { keepalive = false } = {}) {
      const body = new FormData();
      body.append("csrf_token", form.elements.csrf_token.value);
      for (const [name, values] of Object.entries(fields)) for (const value of values) body.append(name, value);
      let response;
      try {
        response = await fetch(url, {
          method: "POST",
          body,
          keepalive,
          credentials: "same-origin",
          redirect: "manual",
          headers: { Accept: "application/json" },
        });
      } catch {
        return { ok: false, reason: "offline" };
      }
      const data = response.headers.get("Content-Type")?.includes("json") ? await response.json() : {};
      return resultOf(response, data);
    },
  };
}
