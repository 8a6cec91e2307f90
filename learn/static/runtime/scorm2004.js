// The SCORM 2004 4th edition adapter: what a 2004 package reads and writes, and in which format.
// The rest of the package (sco.js) is the same for both standards; scorm12.js is the other adapter.

import { formatResponse, interactionType } from "./lms.js";

/** timeinterval (second, 10, 2): an ISO 8601 duration with at most two decimals, e.g. PT1H2M3.5S. */
export function duration(ms) {
  const centis = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `PT${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${Number(seconds.toFixed(2))}S`;
}

/** time (second, 10, 0): with a zone, so with fractional seconds (some LMSs refuse it without). */
export function timestamp(date) {
  return date.toISOString().replace(/(\.\d)\d*Z$/, "$1Z");
}

const DELIMITERS = { list: "[,]", pair: "[.]" };

export default {
  standard: "2004",
  apiName: "API_1484_11",
  methods: {
    initialize: "Initialize",
    terminate: "Terminate",
    getValue: "GetValue",
    setValue: "SetValue",
    commit: "Commit",
    lastError: "GetLastError",
  },
  duration,
  location: "cmi.location",

  /** Where the learner stands, as the LMS says at launch. */
  launch(lms) {
    return {
      learner: lms.get("cmi.learner_id"),
      mode: lms.get("cmi.mode") || "normal",
      suspendData: lms.get("cmi.suspend_data"),
      location: lms.get("cmi.location"),
      finished: lms.get("cmi.completion_status") === "completed",
      success: lms.get("cmi.success_status") || "unknown",
      score: lms.get("cmi.score.raw"),
    };
  },

  /** completion and success apart; success_status and score.scaled only once the outcome is decided,
      because the LMS evaluates score.scaled against the manifest's pass mark by itself. */
  report(lms, report) {
    lms.set("cmi.completion_status", report.completion);
    lms.set("cmi.progress_measure", String(report.progress));
    if (report.success !== "unknown") lms.set("cmi.success_status", report.success);
    if (report.score !== null) {
      lms.set("cmi.score.min", "0");
      lms.set("cmi.score.max", "100");
      lms.set("cmi.score.raw", String(report.score));
      lms.set("cmi.score.scaled", String(Math.round(report.score * 10) / 1000));
    }
    lms.set("cmi.exit", "suspend");
    lms.set("cmi.session_time", lms.sessionTime(), true); // last, always: never a Commit right before Terminate
  },

  interaction(lms, n, record) {
    const base = `cmi.interactions.${n}.`;
    const { question, names } = record;
    lms.set(`${base}id`, names.id);
    lms.set(`${base}type`, interactionType(question));
    lms.set(`${base}timestamp`, timestamp(record.time));
    lms.set(`${base}weighting`, String(question.points));
    lms.set(`${base}learner_response`, formatResponse(question, record.response, names, DELIMITERS));
    lms.set(`${base}correct_responses.0.pattern`, formatResponse(question, record.correct, names, DELIMITERS));
    lms.set(`${base}result`, record.credit === 1 ? "correct" : record.credit === 0 ? "incorrect" : String(record.credit));
    lms.set(`${base}latency`, duration(record.latency));
    if (record.description) lms.set(`${base}description`, `{lang=${record.language}}${record.description}`);
  },
};
