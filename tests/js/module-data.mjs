// A small module as scorm_export/render.py writes it into module-data.js, for the runtime's unit tests:
// a reflection, a scenario, a final test of three questions (two drawn, three attempts), a last step.
export const data = {
  id: "proef",
  version: "1.0",
  language: "nl",
  standard: "2004",
  passMark: 70,
  steps: [
    { id: "welkom", type: "narrative", required: true },
    { id: "denk-na", type: "reflection", required: true },
    { id: "casus", type: "scenario", required: true },
    { id: "toets", type: "quiz", required: true },
    { id: "tot-slot", type: "narrative", required: true },
  ],
  reflections: { "denk-na": ["eerste", "tweede"] },
  scenarios: { casus: { start: "a", nodes: { a: [{ id: "x", next: "b" }], b: [] } } },
  quizzes: {
    toets: {
      final: true,
      draw: 2,
      onePerTag: false,
      passMark: null,
      maxAttempts: 3,
      showAnswers: "after_submit",
      questions: [
        { id: "v1", kind: "single", points: 1, scoring: "partial", tag: null, options: [{ id: "ja", credit: 1 }, { id: "nee", credit: 0 }], prompts: [], answers: [], pairs: [], items: [] },
        { id: "v2", kind: "truefalse", points: 1, scoring: "partial", tag: null, options: [{ id: "true", credit: 0 }, { id: "false", credit: 1 }], prompts: [], answers: [], pairs: [], items: [] },
        { id: "v3", kind: "ordering", points: 2, scoring: "partial", tag: null, options: [], prompts: [], answers: [], pairs: [], items: ["eerst", "dan"] },
      ],
      reviews: {},
      interactions: {},
    },
  },
};
