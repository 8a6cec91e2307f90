// The SCORM 1.2 adapter: what a 1.2 package reads and writes, and in which format. The rest of the
// package (sco.js) is the same for both standards; scorm2004.js is the other adapter.

import { formatResponse, interactionType } from "./lms.js";

const pad = (number, size) => String(number).padStart(size, "0");

/** CMITimespan: HHHH:MM:SS.SS. */
export function timespan(ms) {
  const centis = Math.max(0, Math.round(ms / 10));
  const hours = Math.min(Math.floor(centis / 360000), 9999);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `${pad(hours, 4)}:${pad(minutes, 2)}:${seconds.toFixed(2).padStart(5, "0")}`;
}

/** CMITime: HH:MM:SS, local time. */
export function time(date) {
  return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
}

/** CMIDecimal as strict 1.2 runtimes read it: at most two decimals. */
export function decimal(number) {
  return String(Math.round(number * 100) / 100);
}

const DELIMITERS = { list: ",", pair: "." };

export default {
  standard: "1.2",
  apiName: "API",
  methods: {
    initialize: "LMSInitialize",
    terminate: "LMSFinish",
    getValue: "LMSGetValue",
    setValue: "LMSSetValue",
    commit: "LMSCommit",
    lastError: "LMSGetLastError",
  },
  duration: timespan,
  location: "cmi.core.lesson_location",

  /** Where the learner stands, as the LMS says at launch. ``finished``: lesson_status is final
      (this package reports failed only when no attempt is left). */
  launch(lms) {
    const status = lms.get("cmi.core.lesson_status");
    return {
      learner: lms.get("cmi.core.student_id"),
      mode: lms.get("cmi.core.lesson_mode") || "normal",
      suspendData: lms.get("cmi.suspend_data"),
      location: lms.get("cmi.core.lesson_location"),
      finished: ["passed", "completed", "failed"].includes(status),
      success: ["passed", "failed"].includes(status) ? status : "unknown",
      score: lms.get("cmi.core.score.raw"),
    };
  },

  /** lesson_status holds completion and success at once: passed/failed once decided, else the completion. */
  report(lms, report) {
    lms.set("cmi.core.lesson_status", report.success === "unknown" ? report.completion : report.success);
    if (report.score !== null) {
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", "100");
      lms.set("cmi.core.score.raw", decimal(report.score));
    }
    lms.set("cmi.core.exit", "suspend");
    lms.set("cmi.core.session_time", lms.sessionTime(), true); // last, always: never a Commit right before Terminate
  },

  interaction(lms, n, record) {
    const base = `cmi.interactions.${n}.`;
    const { question, names } = record;
    lms.set(`${base}id`, names.id);
    lms.set(`${base}type`, interactionType(question));
    lms.set(`${base}time`, time(record.time));
    lms.set(`${base}weighting`, decimal(question.points));
    lms.set(`${base}student_response`, formatResponse(question, record.response, names, DELIMITERS));
    lms.set(`${base}correct_responses.0.pattern`, formatResponse(question, record.correct, names, DELIMITERS));
    lms.set(`${base}result`, record.credit === 1 ? "correct" : record.credit === 0 ? "wrong" : decimal(record.credit));
    lms.set(`${base}latency`, timespan(record.latency));
  },
};
