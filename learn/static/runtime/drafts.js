// Drafts: what a learner types or chooses is never lost. Every change is kept in the browser at once
// and saved through an adapter shortly after (the web player's posts to the Leerpad server; a SCORM
// package's writes to the LMS); the browser's copy goes only when a save has succeeded. A page that
// finds a copy its server does not have (the session had expired, the browser was killed) puts it
// back and saves it. Without JavaScript the forms work as before: this only adds to them.
//
// An adapter is { save(fields, { keepalive }) -> Promise<{ ok, message?, reason? }> } with reason
// "login" (signed out: keep the text until the learner is back), "closed" (nothing to save into
// any more) or "offline" (try again later).

const DAY = 24 * 60 * 60 * 1000;
export const KEEP_FOR = 7 * DAY; // a browser copy nobody came back for is forgotten after a week

/** The form's fields as { name: [values] }, the way the browser would post them, without the controls. */
export function fieldsOf(form, skip = ["csrf_token", "action", "choice"]) {
  const fields = {};
  for (const [name, value] of new FormData(form)) {
    if (skip.includes(name) || typeof value !== "string") continue;
    (fields[name] ||= []).push(value);
  }
  return fields;
}

/** The values the server rendered into the form, whatever has been typed into it since. */
export function renderedFieldsOf(form) {
  const copy = form.cloneNode(true);
  copy.reset();
  return fieldsOf(copy);
}

function same(a = [], b = []) {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export function sameFields(a, b) {
  const names = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
  return [...names].every((name) => same(a?.[name], b?.[name]));
}

/**
 * Which values a page should show when the browser kept a copy the server may not have.
 * ``base`` is what the server had when the learner started typing, ``server`` what it has now,
 * ``local`` the browser's copy. Per field: the server's value when nothing was typed, the browser's
 * when the server did not change meanwhile, and for text changed on both sides both texts, so no
 * word is lost (a choice changed on both sides keeps the server's).
 */
export function reconcile(base, server, local, textNames = new Set()) {
  const fields = {};
  let changed = false;
  let merged = false;
  const names = new Set([...Object.keys(server), ...Object.keys(local)]);
  for (const name of names) {
    const mine = local[name] || [];
    const theirs = server[name] || [];
    if (same(mine, theirs) || !(name in local)) {
      fields[name] = theirs;
    } else if (same(theirs, base?.[name] || [])) {
      fields[name] = mine;
      changed = true;
    } else if (textNames.has(name) && theirs.join("").trim() && mine.join("").trim()) {
      fields[name] = [`${theirs.join("")}\n\n${mine.join("")}`];
      changed = merged = true;
    } else if (textNames.has(name) && mine.join("").trim()) {
      fields[name] = mine;
      changed = true;
    } else {
      fields[name] = theirs;
    }
  }
  return { fields, changed, merged };
}

/** The browser's copies, in localStorage or any object with getItem/setItem/removeItem (tests: a Map). */
export function draftStore(storage) {
  return {
    get(key) {
      try {
        return JSON.parse(storage.getItem(key));
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        storage.setItem(key, JSON.stringify(value));
      } catch {
        // full or forbidden (private mode): the server save still runs
      }
    },
    remove(key) {
      storage.removeItem(key);
    },
    keys() {
      return Array.from({ length: storage.length }, (_, index) => storage.key(index));
    },
  };
}

/** The key of one page's copy: per learner, so another learner on the same browser never gets it, and per
 * scope when the page says one (a quiz attempt: a retry never gets the answers of the attempt handed in). */
export function draftKey(learner, page, scope = "") {
  return `leerpad:draft:${learner}:${page}${scope ? `:${scope}` : ""}`;
}

/** Forget copies older than ``KEEP_FOR``. */
export function sweep(store, now) {
  for (const key of store.keys()) {
    if (key && key.startsWith("leerpad:draft:") && !(now - (store.get(key)?.at || 0) < KEEP_FOR)) store.remove(key);
  }
}

/**
 * Debounced saving of one page's fields. ``status(state, detail)`` is told "saving", "saved",
 * "failed" (detail: the adapter's answer) so the page can say so.
 */
export class Drafts {
  constructor({ adapter, store, key, base = {}, delay = 1200, retryAfter = 15000, status = () => {}, clock }) {
    this.adapter = adapter;
    this.store = store;
    this.key = key;
    this.base = base;
    this.delay = delay;
    this.retryAfter = retryAfter;
    this.status = status;
    this.clock = clock || {
      now: () => Date.now(),
      set: (callback, delay) => setTimeout(callback, delay),
      clear: (timer) => clearTimeout(timer),
    };
    this.latest = null; // fields not yet acknowledged by the adapter
    this.sending = null; // the promise of the save in flight
    this.timer = null;
  }

  get unsaved() {
    return this.latest !== null;
  }

  /** The learner changed something: keep it in the browser now, save it soon. */
  change(fields) {
    if (this.latest === null && sameFields(fields, this.base)) return;
    this.latest = fields;
    this.store.set(this.key, { fields, base: this.base, at: this.clock.now() });
    this.schedule(this.delay);
  }

  schedule(delay) {
    this.clock.clear(this.timer);
    this.timer = this.clock.set(() => this.flush(), delay);
  }

  /** Save what is unsaved now; resolves true when everything is saved. */
  async flush({ keepalive = false } = {}) {
    this.clock.clear(this.timer);
    while (this.sending) await this.sending;
    if (this.latest === null) return true;
    const fields = this.latest;
    this.status("saving");
    this.sending = this.adapter.save(fields, { keepalive }).catch(() => ({ ok: false, reason: "offline" }));
    const result = await this.sending;
    this.sending = null;
    if (result.ok || result.reason === "closed") {
      this.base = fields;
      if (this.latest === fields) {
        this.latest = null;
        this.store.remove(this.key);
      }
      this.status(result.ok ? "saved" : "failed", result);
      return this.latest === null ? result.ok : this.flush({ keepalive });
    }
    this.status("failed", result);
    if (result.reason !== "login") this.schedule(this.retryAfter);
    return false;
  }
}

function textNamesOf(form) {
  return new Set([...form.querySelectorAll("textarea[name], input[type=text][name]")].map((field) => field.name));
}

/** Put values back into a form's fields. */
export function fill(form, fields) {
  for (const element of form.elements) {
    if (!element.name || !(element.name in fields)) continue;
    const values = fields[element.name];
    if (element.type === "radio" || element.type === "checkbox") element.checked = values.includes(element.value);
    else if (element.tagName === "SELECT") for (const option of element.options) option.selected = values.includes(option.value);
    else element.value = values[0] ?? "";
  }
  form.dispatchEvent(new Event("drafts:filled", { bubbles: true }));
}

/**
 * Wire a server-rendered form: ``form.dataset.learner`` names the learner (``draftScope``, if set, narrows
 * the copy to what the form is about), ``statusElement``'s data
 * attributes hold the messages in the page's language (data-saving, data-failed, data-login,
 * data-restored, data-merged). Returns the Drafts, or null for a form with nothing to save.
 */
export function installDrafts(form, adapter, { page = location.pathname, storage = localStorage } = {}) {
  const statusElement = form.querySelector(".save-status");
  const loginLink = form.querySelector(".save-login");
  const store = draftStore(storage);
  const now = Date.now();
  sweep(store, now);
  const say = (text) => {
    if (statusElement) statusElement.textContent = text || "";
  };
  const messages = statusElement ? statusElement.dataset : {};
  const rendered = renderedFieldsOf(form);
  const typedBeforeReady = fieldsOf(form); // on a slow phone the learner may type before this script arrives
  const drafts = new Drafts({
    adapter,
    store,
    key: draftKey(form.dataset.learner, page, form.dataset.draftScope),
    base: rendered,
    status(state, result) {
      if (loginLink) loginLink.hidden = !(state === "failed" && result.reason === "login");
      if (state === "saving") say(messages.saving);
      else if (state === "saved") say(result.message);
      else if (result.reason === "login") say(messages.login);
      else say(result.message || messages.failed);
    },
  });

  const texts = textNamesOf(form);
  let fields = rendered;
  let restored = null;
  const kept = store.get(drafts.key);
  if (kept) {
    const fromBrowser = reconcile(kept.base, rendered, kept.fields, texts);
    if (fromBrowser.changed) {
      fields = fromBrowser.fields;
      restored = fromBrowser.merged ? messages.merged : messages.restored;
    } else {
      store.remove(drafts.key);
    }
  }
  const typed = Object.fromEntries(Object.entries(typedBeforeReady).filter(([name, values]) => !same(values, rendered[name])));
  fields = reconcile(rendered, fields, typed, texts).fields;
  if (!sameFields(fields, typedBeforeReady)) fill(form, fields);
  drafts.change(fields); // nothing to do when the page shows what the server has
  if (restored) drafts.flush().then((ok) => ok && say(restored));

  const changed = () => drafts.change(fieldsOf(form));
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("drafts:changed", changed); // from other runtime modules (an ordering list moved)

  let leaving = false; // the form itself is sent, or the learner follows the link to log in again
  form.addEventListener("submit", () => {
    leaving = true;
  });
  loginLink?.addEventListener("click", () => {
    leaving = true;
  });
  addEventListener("beforeunload", (event) => {
    if (drafts.unsaved && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  addEventListener("pagehide", () => {
    if (drafts.unsaved && !leaving) drafts.flush({ keepalive: true });
  });
  // A link away ("← Vorige", the menu) waits for the save; if it fails the learner stays and is told why.
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[href]");
    if (!link || !drafts.unsaved || link === loginLink || link.target || link.hasAttribute("download")) return;
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    drafts.flush().then((ok) => {
      if (ok) location.assign(link.href);
    });
  });
  return drafts;
}
