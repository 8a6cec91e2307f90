// Where a learner stands in a SCORM package, from the module data (scorm_export/render.py) and the
// state (state.js): which steps count as done, whether the module is finished, and what the LMS is
// told, in words both standards share (the adapters translate them).

import { attemptsLeft } from "./quiz.js";

export function finalQuizIndex(data) {
  return data.steps.findIndex((step) => data.quizzes[step.id] && data.quizzes[step.id].final);
}

export function requiredDone(data, state) {
  const required = data.steps.map((step, i) => i).filter((i) => data.steps[i].required);
  return { total: required.length, done: required.filter((i) => state.d[i]).length };
}

/** Whether a step is done once the learner leaves it: a scenario at an end, a quiz submitted (a
    final test passed or out of attempts), any other step by being seen. */
export function stepDoneNow(data, state, index, scenarioEnded) {
  const step = data.steps[index];
  if (step.type === "scenario") return scenarioEnded;
  if (step.type !== "quiz") return true;
  const quizState = state.q[index];
  if (!quizState || !quizState.u) return false;
  const quiz = data.quizzes[step.id];
  return !quiz.final || Boolean(quizState.p) || attemptsLeft(quiz, quizState) <= 0;
}

/** Nothing more to do here: every required step done and the final test passed, or the final test
    out of attempts. */
export function moduleFinished(data, state) {
  const counts = requiredDone(data, state);
  const index = finalQuizIndex(data);
  if (index < 0) return counts.done === counts.total;
  const quizState = state.q[index];
  if (quizState && quizState.p) return counts.done === counts.total;
  return Boolean(quizState && quizState.u && attemptsLeft(data.quizzes[data.steps[index].id], quizState) <= 0);
}

/** What the LMS is told: completion ("completed"/"incomplete"); success ("passed", "failed" only
    when no attempt is left, else "unknown": an LMS takes "failed" as the end of the attempt); the
    final test's best score once success is decided (null before: an LMS compares a score with the
    pass mark by itself and would call the learner failed); and progress from 0 to 1. */
export function lmsReport(data, state) {
  const counts = requiredDone(data, state);
  const index = finalQuizIndex(data);
  const quizState = state.q[index];
  let success = "unknown";
  if (quizState && quizState.p) success = "passed";
  else if (quizState && quizState.a > 0 && attemptsLeft(data.quizzes[data.steps[index].id], quizState) <= 0) success = "failed";
  return {
    completion: counts.done === counts.total ? "completed" : "incomplete",
    success,
    score: success === "unknown" ? null : quizState.b,
    progress: counts.total ? Math.round((counts.done / counts.total) * 100) / 100 : 1,
  };
}
