// The strict conformance layer of the tests' LMS host page: it stands between a SCORM package and
// scorm-again (which accepts far more than real LMSs do) and checks every call against the SCORM 2004
// 4th edition RTE data model, or SCORM 1.2's, with the strictest practice of the major LMSs
// (Moodle's type patterns, Cornerstone's call order, the LMSs that evaluate a score by themselves).
// Every broken rule is a violation; the tests fail on any. The rules are listed in docs/scorm.md.
//
//   const layer = conform(scormAgainApi, "2004", {mode: "normal", record: {...}, scaledPassingScore: 0.7});
//   window.API_1484_11 = layer.api;   ...   layer.violations, layer.writes

// ---------- value types ----------

const REAL_2004 = /^-?\d{1,5}(\.\d{1,18})?$/; // Moodle's real(10,7)
const DECIMAL_12 = /^-?\d{0,3}(\.\d{1,2})?$/; // CMIDecimal, two decimals at most (SCORM Cloud's 1.2 reading)
// Letters, digits, _ and . only: Moodle's 2004 short_identifier_type ([\w.]), the strictest of the major LMSs.
const PORTABLE_ID = /^[A-Za-z0-9_.]{1,250}$/;
const LANG = /^([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?$/;
const TIMEINTERVAL = /^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;
const TIME_2004 =
  /^(19[7-9]\d|20[0-2]\d|203[0-8])(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d(\.\d{1,2})?)?)?(Z|[+-]([01]\d|2[0-3])(:[0-5]\d)?)?)?)?)?$/;
const TIMESPAN_12 = /^\d{2,4}:[0-5]\d:[0-5]\d(\.\d{1,2})?$/;
const TIME_12 = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?$/;

function inRange(value, low, high) {
  const number = Number(value);
  return number >= low && number <= high;
}

const vocabulary = (...words) => (value) => (words.includes(value) ? null : `not one of ${words.map((w) => `"${w}"`).join(", ")}`);
const pattern = (regex, what) => (value) => (regex.test(value) ? null : `not ${what}`);
const text = (limit) => (value) => (value.length <= limit ? null : `longer than ${limit} characters`);
const number = (regex, low, high, what) => (value) =>
  regex.test(value) && inRange(value, low, high) ? null : `not ${what} from ${low} to ${high}`;

function localized(limit) {
  return (value) => {
    const match = /^\{lang=([^}]*)\}(.*)$/s.exec(value);
    if (match && !LANG.test(match[1])) return `has a language tag "${match[1]}" no LMS accepts`;
    const body = match ? match[2] : value;
    if (body.startsWith("{")) return "starts with a delimiter";
    return body.length <= limit ? null : `longer than ${limit} characters`;
  };
}

function timestamp2004(value) {
  if (!TIME_2004.test(value)) return "not a SCORM 2004 time (YYYY-MM-DDThh:mm:ss.s with a zone)";
  if (/(Z|[+-]\d\d(:\d\d)?)$/.test(value) && !/\.\d{1,2}(Z|[+-])/.test(value)) return "has a zone but no fractional seconds";
  return null;
}

/** A learner response or correct-response pattern in 2004's format for the interaction's type. */
function response2004(type) {
  const list = (value, each) => {
    const parts = value.split("[,]");
    if (parts.length > 36) return "more than 36 responses";
    for (const part of parts) {
      const problem = each(part);
      if (problem) return problem;
    }
    return null;
  };
  const token = (part) => (PORTABLE_ID.test(part) ? null : `"${part}" is not an identifier every runtime accepts (letters, digits, _ and .)`);
  switch (type) {
    case "true-false":
      return vocabulary("true", "false");
    case "choice":
      return (value) => list(value, token) || (new Set(value.split("[,]")).size === value.split("[,]").length ? null : "names a choice twice");
    case "sequencing":
      return (value) => list(value, token);
    case "matching":
      return (value) =>
        list(value, (pair) => {
          const sides = pair.split("[.]");
          return sides.length === 2 ? token(sides[0]) || token(sides[1]) : `"${pair}" is not a source[.]target pair`;
        });
    default:
      return () => `type ${type} is not checked by this layer`;
  }
}

/** SCORM 1.2's CMIFeedback for the interaction's type: single characters a-z and 0-9. */
function response12(type) {
  const chars = /^[0-9a-z](,[0-9a-z])*$/;
  switch (type) {
    case "true-false":
      return pattern(/^[01tf]$/, "0, 1, t or f");
    case "choice":
    case "sequencing":
      return pattern(chars, "single characters a-z, 0-9 separated by commas");
    case "matching":
      return pattern(/^[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*$/, "pairs like a.b separated by commas");
    default:
      return () => `type ${type} is not checked by this layer`;
  }
}

// ---------- the data models ----------

const N = "\\d+";

/** [element pattern, access, check]. Access: r (read-only), w (write-only), rw. */
const MODEL_2004 = [
  ["cmi._version", "r"],
  ["cmi.completion_threshold", "r"],
  ["cmi.credit", "r"],
  ["cmi.entry", "r"],
  ["cmi.launch_data", "r"],
  ["cmi.learner_id", "r"],
  ["cmi.learner_name", "r"],
  ["cmi.max_time_allowed", "r"],
  ["cmi.mode", "r"],
  ["cmi.scaled_passing_score", "r"],
  ["cmi.time_limit_action", "r"],
  ["cmi.total_time", "r"],
  ["cmi.(interactions|objectives|comments_from_learner|comments_from_lms)._(count|children)", "r"],
  [`cmi.interactions.${N}.(objectives|correct_responses)._count`, "r"],
  [`cmi.comments_from_lms.${N}.(comment|location|timestamp)`, "r"],
  // The SCO writes "completed" or "incomplete" only: "not attempted" or "unknown" would reset an LMS's record.
  ["cmi.completion_status", "rw", vocabulary("completed", "incomplete")],
  ["cmi.success_status", "rw", vocabulary("passed", "failed", "unknown")],
  ["cmi.exit", "w", vocabulary("suspend", "normal", "time-out", "")], // "logout" is deprecated in the 4th edition
  ["cmi.session_time", "w", pattern(TIMEINTERVAL, "a timeinterval (PT1H2M3.45S, at most two decimals)")],
  ["cmi.location", "rw", text(1000)],
  ["cmi.suspend_data", "rw", text(64000)],
  ["cmi.progress_measure", "rw", number(REAL_2004, 0, 1, "a real")],
  ["cmi.score.scaled", "rw", number(REAL_2004, -1, 1, "a real")],
  ["cmi.score.(raw|min|max)", "rw", number(REAL_2004, -1e10, 1e10, "a real")],
  [`cmi.interactions.${N}.id`, "rw", pattern(PORTABLE_ID, "an identifier every runtime accepts (letters, digits, _ and .)")],
  [`cmi.interactions.${N}.type`, "rw", vocabulary("true-false", "choice", "fill-in", "long-fill-in", "likert", "matching", "performance", "sequencing", "numeric", "other")],
  [`cmi.interactions.${N}.timestamp`, "rw", timestamp2004],
  [`cmi.interactions.${N}.weighting`, "rw", number(REAL_2004, -1e10, 1e10, "a real")],
  [`cmi.interactions.${N}.learner_response`, "rw", "response"],
  [`cmi.interactions.${N}.correct_responses.${N}.pattern`, "rw", "response"],
  [`cmi.interactions.${N}.result`, "rw", (v) => (["correct", "incorrect", "unanticipated", "neutral"].includes(v) || REAL_2004.test(v) ? null : "not a result")],
  [`cmi.interactions.${N}.latency`, "rw", pattern(TIMEINTERVAL, "a timeinterval")],
  [`cmi.interactions.${N}.description`, "rw", localized(250)],
  [`cmi.interactions.${N}.objectives.${N}.id`, "rw", pattern(PORTABLE_ID, "an identifier every runtime accepts")],
  [`cmi.objectives.${N}.id`, "rw", pattern(PORTABLE_ID, "an identifier every runtime accepts")],
].map(compile);

const MODEL_12 = [
  ["cmi.core._children", "r"],
  ["cmi.core.student_id", "r"],
  ["cmi.core.student_name", "r"],
  ["cmi.core.credit", "r"],
  ["cmi.core.entry", "r"],
  ["cmi.core.total_time", "r"],
  ["cmi.core.lesson_mode", "r"],
  ["cmi.launch_data", "r"],
  ["cmi.comments_from_lms", "r"],
  ["cmi.student_data.(mastery_score|max_time_allowed|time_limit_action)", "r"],
  ["cmi.(interactions|objectives)._(count|children)", "r"],
  ["cmi.core.lesson_location", "rw", text(255)],
  ["cmi.core.lesson_status", "rw", vocabulary("passed", "completed", "failed", "incomplete", "browsed")],
  ["cmi.core.score.(raw|min|max)", "rw", number(DECIMAL_12, 0, 100, "a decimal")],
  ["cmi.core.exit", "w", vocabulary("time-out", "suspend", "logout", "")],
  ["cmi.core.session_time", "w", pattern(TIMESPAN_12, "a CMITimespan (HHHH:MM:SS.SS)")],
  ["cmi.suspend_data", "rw", text(4096)],
  // Interactions are write-only in 1.2: a SCO that reads them back to restore state breaks in most LMSs.
  [`cmi.interactions.${N}.id`, "w", pattern(PORTABLE_ID, "an identifier every runtime accepts (letters, digits, _ and .)")],
  [`cmi.interactions.${N}.type`, "w", vocabulary("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric")],
  [`cmi.interactions.${N}.time`, "w", pattern(TIME_12, "a CMITime (HH:MM:SS)")],
  [`cmi.interactions.${N}.weighting`, "w", number(DECIMAL_12, -100, 100, "a decimal")],
  [`cmi.interactions.${N}.student_response`, "w", "response"],
  [`cmi.interactions.${N}.correct_responses.${N}.pattern`, "w", "response"],
  [`cmi.interactions.${N}.result`, "w", (v) => (["correct", "wrong", "unanticipated", "neutral"].includes(v) || DECIMAL_12.test(v) ? null : "not a result")],
  [`cmi.interactions.${N}.latency`, "w", pattern(TIMESPAN_12, "a CMITimespan")],
  [`cmi.objectives.${N}.id`, "rw", pattern(PORTABLE_ID, "an identifier every runtime accepts")],
].map(compile);

function compile([name, access, check]) {
  return { regex: new RegExp(`^${name.replace(/\./g, "\\.")}$`), access, check };
}

const STANDARDS = {
  2004: {
    model: MODEL_2004,
    methods: { initialize: "Initialize", terminate: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit", error: "GetLastError" },
    mustRead: ["cmi.mode", "cmi.suspend_data", "cmi.completion_status"],
    response: response2004,
    responseElement: "learner_response",
    notInitialized: "403",
  },
  1.2: {
    model: MODEL_12,
    methods: { initialize: "LMSInitialize", terminate: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", error: "LMSGetLastError" },
    mustRead: ["cmi.core.lesson_mode", "cmi.suspend_data", "cmi.core.lesson_status"],
    response: response12,
    responseElement: "student_response",
    notInitialized: null,
  },
};

// ---------- the layer ----------

/** Wrap ``api`` (scorm-again) for ``standard``; ``launch`` says what the LMS handed this session:
    mode ("normal", "review", "browse"), the record's statuses, and the pass mark it knows. */
export function conform(api, standard, launch) {
  const rules = STANDARDS[standard];
  const m = rules.methods;
  const violations = [];
  const writes = [];
  const reads = new Set();
  const values = new Map(); // what the SCO wrote this session
  let phase = "new";
  let lastCall = null;
  let interactionCount = 0; // as the LMS counts them: those of earlier sessions, then the new ones
  const interactions = new Map(); // index -> the id and type set this session

  const violate = (problem) => violations.push(problem);
  const errorOf = () => String(api[m.error]());

  function called(name, args, result) {
    const ok = String(result) !== "false";
    if (!ok) violate(`${name}(${args.map((a) => JSON.stringify(a)).join(", ")}) returned false, error ${errorOf()}`);
    lastCall = name;
    return result;
  }

  function checkSet(element, value) {
    if (typeof element !== "string" || typeof value !== "string") return `${m.set} needs two strings`;
    if (launch.mode === "review") return `${element} written in review mode`;
    const missing = rules.mustRead.filter((name) => !reads.has(name));
    if (missing.length) return `${element} written before reading ${missing.join(", ")} (where the learner stands)`;
    const entry = rules.model.find((e) => e.regex.test(element));
    if (!entry) return `${element} is not in the SCORM ${standard} data model`;
    if (entry.access === "r") return `${element} is read-only`;
    const interaction = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element);
    let check = entry.check;
    if (interaction) {
      const index = Number(interaction[1]);
      const field = interaction[2];
      if (index > interactionCount) return `${element}: interaction ${index} skips an index`;
      const fields = interactions.get(index) || {};
      if (field !== "id" && !fields.id) return `${element} set before cmi.interactions.${index}.id`;
      if (check === "response") {
        if (!fields.type) return `${element} set before cmi.interactions.${index}.type`;
        check = rules.response(fields.type);
        if (standard === "1.2" && value.length > 255) return `${element} is longer than 255 characters`;
        if (fields.type === "true-false" && /correct_responses\.([1-9]|\d\d)/.test(field)) return `${element}: true-false has one pattern`;
      }
    }
    const problem = check ? check(value) : null;
    return problem ? `${element} = ${JSON.stringify(value)}: ${problem}` : null;
  }

  function recordSet(element, value) {
    writes.push([element, value]);
    values.set(element, value);
    const interaction = /^cmi\.interactions\.(\d+)\.(id|type)$/.exec(element);
    if (interaction) {
      const index = Number(interaction[1]);
      interactions.set(index, { ...(interactions.get(index) || {}), [interaction[2]]: value });
      interactionCount = Math.max(interactionCount, index + 1);
    }
  }

  function checkScoreRange(prefix) {
    const [raw, min, max] = ["raw", "min", "max"].map((part) => values.get(`${prefix}.${part}`));
    if (raw === undefined) return;
    if (min === undefined || max === undefined) violate(`${prefix}.raw without min and max (Brightspace records no grade then)`);
    else if (!(Number(min) <= Number(raw) && Number(raw) <= Number(max))) violate(`${prefix}.raw ${raw} outside ${min}..${max}`);
  }

  /** A finished record stays finished; a score the LMS evaluates by itself must agree with the status. */
  function checkOutcome() {
    const record = launch.record || {};
    if (standard === "2004") {
      const completion = values.get("cmi.completion_status");
      if (record.completion_status === "completed" && completion && completion !== "completed") {
        violate(`a completed record was set back to ${completion}`);
      }
      const success = values.get("cmi.success_status");
      if (record.success_status === "passed" && success && success !== "passed") violate(`a passed record was set to ${success}`);
      checkScoreRange("cmi.score");
      const scaled = values.get("cmi.score.scaled");
      if (launch.scaledPassingScore !== undefined && scaled !== undefined) {
        const evaluated = Number(scaled) >= launch.scaledPassingScore ? "passed" : "failed";
        if (success !== evaluated) {
          violate(`score.scaled ${scaled} makes the LMS report ${evaluated} (pass mark ${launch.scaledPassingScore}), the SCO says ${success || "nothing"}`);
        }
      }
    } else {
      const status = values.get("cmi.core.lesson_status");
      if (["passed", "completed", "failed"].includes(record.lesson_status) && status && status !== record.lesson_status) {
        violate(`a ${record.lesson_status} record was set to ${status}`);
      }
      checkScoreRange("cmi.core.score");
      const raw = values.get("cmi.core.score.raw");
      if (launch.masteryScore !== undefined && raw !== undefined) {
        const evaluated = Number(raw) >= launch.masteryScore ? "passed" : "failed";
        if (status !== evaluated) {
          violate(`score.raw ${raw} makes the LMS (mastery score ${launch.masteryScore}) report ${evaluated}, the SCO says ${status || "nothing"}`);
        }
      }
    }
  }

  const wrapped = {
    [m.initialize](parameter) {
      if (parameter !== "") violate(`${m.initialize} takes ""`);
      if (phase !== "new") violate(`${m.initialize} called ${phase === "running" ? "twice" : "after the session ended"}`);
      phase = "running";
      const result = called(m.initialize, [parameter], api[m.initialize](parameter));
      interactionCount = Number(api[m.get]("cmi.interactions._count")) || 0;
      return result;
    },
    [m.terminate](parameter) {
      if (parameter !== "") violate(`${m.terminate} takes ""`);
      if (phase !== "running") violate(`${m.terminate} called ${phase === "new" ? "before " + m.initialize : "twice"}`);
      if (lastCall === m.commit) violate(`${m.commit} right before ${m.terminate} (Cornerstone answers 391)`);
      phase = "ended";
      checkOutcome();
      return called(m.terminate, [parameter], api[m.terminate](parameter));
    },
    [m.get](element) {
      if (phase !== "running") violate(`${m.get}(${element}) outside a session`);
      const entry = rules.model.find((e) => e.regex.test(element));
      if (!entry) violate(`${element} is not in the SCORM ${standard} data model`);
      else if (entry.access === "w") violate(`${element} is write-only`);
      reads.add(element);
      const value = api[m.get](element);
      const code = errorOf();
      if (code !== "0" && code !== rules.notInitialized) violate(`${m.get}(${element}) error ${code}`);
      lastCall = m.get;
      return value;
    },
    [m.set](element, value) {
      if (phase !== "running") violate(`${m.set}(${element}) outside a session`);
      const problem = checkSet(element, value);
      if (problem) violate(problem);
      recordSet(element, value);
      return called(m.set, [element, value], api[m.set](element, value));
    },
    [m.commit](parameter) {
      if (phase !== "running") violate(`${m.commit} outside a session`);
      if (launch.mode === "review") violate(`${m.commit} in review mode`);
      writes.push([m.commit, ""]);
      return called(m.commit, [parameter], api[m.commit](parameter));
    },
  };
  for (const name of ["GetLastError", "GetErrorString", "GetDiagnostic", "LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]) {
    if (typeof api[name] === "function") wrapped[name] = (...args) => api[name](...args);
  }
  return { api: wrapped, violations, writes, reads };
}
