// A SCORM package's connection to the LMS, for either standard: finds the LMS's API object the
// standard way (walk window.parent up to a depth limit, then window.opener and its parents) and
// calls it through an adapter (scorm12.js, scorm2004.js) that names the methods. Without an LMS it
// runs as a preview: every call succeeds and nothing is stored. No network access.

const MAX_DEPTH = 500;

function lookIn(win, name) {
  for (let depth = 0; win && depth <= MAX_DEPTH; depth++) {
    try {
      if (win[name]) return win[name];
    } catch {
      // a cross-origin frame: keep walking
    }
    let parent = null;
    try {
      parent = win.parent;
    } catch {
      parent = null;
    }
    if (!parent || parent === win) break;
    win = parent;
  }
  return null;
}

/** The LMS's API object called ``name`` around ``win``, or null. */
export function findAPI(win, name) {
  const api = lookIn(win, name);
  if (api) return api;
  let opener = null;
  try {
    opener = win.opener;
  } catch {
    opener = null;
  }
  return opener ? lookIn(opener, name) : null;
}

/** The interaction type both standards use for a question kind. */
export function interactionType(question) {
  return { truefalse: "true-false", matching: "matching", ordering: "sequencing" }[question.kind] || "choice";
}

/** A response (or correct response) in the LMS's words: every id replaced by its token from the
    package's identifier table (``names``, see scorm_export/render.py), joined by the standard's
    delimiters (``list`` between responses, ``pair`` inside a matching pair). */
export function formatResponse(question, response, names, { list, pair }) {
  switch (question.kind) {
    case "multiple":
      return response.map((id) => names.options[id]).sort().join(list);
    case "matching":
      return Object.keys(response)
        .sort()
        .map((prompt) => `${names.prompts[prompt]}${pair}${names.answers[response[prompt]]}`)
        .join(list);
    case "ordering":
      return response.map((id) => names.items[id]).join(list);
    default:
      return names.options[response];
  }
}

export class Connection {
  /** ``onError(text)`` hears of every call the LMS refuses. */
  constructor(adapter, win, onError = () => {}) {
    this.adapter = adapter;
    this.api = findAPI(win, adapter.apiName);
    this.preview = !this.api;
    this.active = false;
    this.finished = false;
    this.readOnly = false; // review, or a record that is already finished: the LMS keeps it as it is
    this.startedAt = Date.now();
    this.known = new Map(); // what the LMS holds, as far as this session has read or written it
    this.changed = false; // written since the last commit
    this.errors = [];
    this.onError = onError;
  }

  call(method, args) {
    if (!this.api) return "true";
    const name = this.adapter.methods[method];
    let result;
    try {
      result = String(this.api[name](...args));
    } catch (error) {
      this.fail(`${name}: ${error.message}`);
      return "false";
    }
    if (result === "false") this.fail(`${name}(${args.join(", ")}) -> ${this.lastError()}`);
    return result;
  }

  lastError() {
    try {
      return String(this.api[this.adapter.methods.lastError]());
    } catch {
      return "?";
    }
  }

  fail(text) {
    this.errors.push(text);
    this.onError(text);
  }

  /** Initialize; true when an LMS keeps what the package writes. */
  start() {
    if (this.active || this.finished) return !this.preview;
    this.active = this.call("initialize", [""]) === "true";
    return this.active && !this.preview;
  }

  get(name) {
    if (!this.api || !this.active) return "";
    try {
      const value = String(this.api[this.adapter.methods.getValue](name));
      this.known.set(name, value);
      return value;
    } catch {
      return "";
    }
  }

  /** Write a value unless the LMS holds it already (``always``: even then); nothing at all in read-only mode. */
  set(name, value, always = false) {
    const text = String(value);
    if (!this.active || this.finished || this.readOnly || (!always && this.known.get(name) === text)) return false;
    const stored = this.call("setValue", [name, text]) === "true";
    if (stored) this.known.set(name, text);
    if (stored) this.changed = true;
    return stored;
  }

  /** Commit what changed since the last commit. */
  commit() {
    if (!this.active || this.finished || this.readOnly || !this.changed) return false;
    this.changed = false;
    return this.call("commit", [""]) === "true";
  }

  /** Terminate, exactly once whatever calls it (pagehide, or beforeunload where pagehide is missing). */
  finish() {
    if (!this.active || this.finished) return false;
    this.finished = true;
    return this.call("terminate", [""]) === "true";
  }

  /** This session's length in the standard's format. */
  sessionTime() {
    return this.adapter.duration(Date.now() - this.startedAt);
  }
}
