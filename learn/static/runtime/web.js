// The web player's entry point: the runtime modules both players share (this folder),
// started with the Leerpad server as the place state is kept. SCORM packages load the
// same modules through their own entry with an LMS adapter instead. A module a page does not
// need is not loaded: a narrative step fetches the keyboard shortcuts and the study clock only.
import { installKeyboardShortcuts } from "./keyboard.js";

installKeyboardShortcuts(document);

const autosaving = [...document.querySelectorAll("form[data-autosave]")];
if (autosaving.length) {
  Promise.all([import("./drafts.js"), import("./server.js")]).then(([{ installDrafts }, { serverAdapter }]) => {
    for (const form of autosaving) installDrafts(form, serverAdapter(form, form.dataset.autosave));
    startQuiz();
  });
} else {
  startQuiz();
}

/** Ordering lists and the paged final test, after drafts has put back any answers kept in the browser. */
function startQuiz() {
  const texts = document.getElementById("quiz-texts");
  if (!texts) return;
  import("./ordering.js").then(({ installOrdering }) => {
    for (const question of document.querySelectorAll(".question-ordering")) installOrdering(question, texts);
    const form = document.getElementById("step-form");
    if (form && texts.dataset.paged) import("./quiz-pages.js").then(({ installQuizPages }) => installQuizPages(form, texts));
  });
}

const timed = document.querySelector("form[data-studytime]");
if (timed) {
  import("./studytime.js").then(({ installStudyClock, postBeat }) =>
    installStudyClock(document, postBeat(timed, timed.dataset.studytime)),
  );
}
if (document.querySelector("form[data-autosubmit], [data-lti-close]")) {
  import("./lti.js").then(({ startLtiPages }) => startLtiPages(document, window));
}
