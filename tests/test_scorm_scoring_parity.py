"""The SCORM runtime scores and draws exactly as the server: the same answers give the same figures,
the same random numbers the same questions.

Generated questions of every kind (partial credit and all-or-nothing, odd weights)
and generated responses (right, wrong, partly right, unanswered) go to the server's
scorer (learn.assessment.scoring and attempts.score_responses) and to
learn/static/runtime/scoring.js under node; every credit, score, total and percentage must be
equal, to the last bit. The final quizzes of every module (and their variants with one question per
tag, at least N per tag, or neither) are drawn by learn.assessment.draw and by learn/static/runtime/quiz.js
from the same random numbers and the same counts of earlier attempts: the same questions must come out.
"""

import random
from dataclasses import replace

import pytest
from conftest import FIXTURE_MODULES
from test_scorm_package import MODULES

from learn.assessment.attempts import score_responses
from learn.assessment.draw import choose_questions
from learn.assessment.scoring import question_credit, question_score
from learn.content.loader import load_library
from learn.content.steps.quiz import build_question
from learn.testing.runtime import node, run_in_node
from scorm_export.render import question_data, quiz_data
from scorm_export.standards import STANDARDS

pytestmark = pytest.mark.no_database

KINDS = ("single", "truefalse", "judgement", "multiple", "matching", "ordering")
WEIGHTS = (1.0, 2.0, 0.5, 1.5, 3.0, 0.7, 0.3, 2.5, 0.1, 1.25, 0.5625, 7.0)

NODE_SCRIPT = """
import * as scoring from "runtime:scoring.js";
const cases = input;
const out = {rounds: cases.rounds.map(([x, n]) => scoring.pyRound(x, n)), attempts: []};
for (const attempt of cases.attempts) {
  const credits = attempt.questions.map((q, i) => scoring.questionCredit(q, attempt.responses[i]));
  const scores = attempt.questions.map((q, i) => scoring.questionScore(q, attempt.responses[i]));
  const responses = {};
  attempt.questions.forEach((q, i) => { responses[q.id] = attempt.responses[i]; });
  const result = scoring.scoreAttempt(attempt.questions, responses);
  out.attempts.push({credits, scores, earned: result.earned, maximum: result.maximum, percentage: result.percentage});
}
output(out);
"""


def random_question(rng: random.Random, kind: str, number: int):
    qid = f"v{number}"
    data = {
        "id": qid,
        "type": kind,
        "text": "?",
        "explanation": "",
        "tag": None,
        "points": rng.choice(WEIGHTS),
        "scoring": rng.choice(("partial", "all_or_nothing")),
        "options": [],
        "answer": None,
        "feedback": {},
        "prompts": [],
        "answers": [],
        "pairs": {},
        "items": [],
    }

    def option(i, correct=None, credit=None):
        return {"id": f"o{i}", "text": "x", "correct": correct, "credit": credit, "feedback": "", "fixed_last": False}

    count = rng.randint(2, 7)
    if kind == "single":
        right = rng.randrange(count)
        data["options"] = [option(i, correct=(i == right)) for i in range(count)]
    elif kind == "truefalse":
        data["answer"] = rng.choice((True, False))
    elif kind == "judgement":
        best = rng.randrange(count)
        data["options"] = [
            option(i, credit=1.0 if i == best else rng.choice((0.0, 0.25, 0.5, 0.3, 0.75, 1 / 3))) for i in range(count)
        ]
    elif kind == "multiple":
        correct = set(rng.sample(range(count), rng.randint(1, count)))
        data["options"] = [option(i, correct=(i in correct)) for i in range(count)]
    elif kind == "matching":
        prompts, answers = rng.randint(2, 6), count + rng.randint(0, 2)
        data["prompts"] = [{"id": f"p{i}", "text": "x"} for i in range(prompts)]
        data["answers"] = [{"id": f"a{i}", "text": "x"} for i in range(answers)]
        data["pairs"] = {f"p{i}": f"a{rng.randrange(answers)}" for i in range(prompts)}
    elif kind == "ordering":
        data["items"] = [{"id": f"i{i}", "text": "x"} for i in range(count)]
    return build_question(data)


def random_response(rng: random.Random, question):
    if rng.random() < 0.08:
        return None
    kind = question.kind
    if kind in ("single", "truefalse", "judgement"):
        return rng.choice(question.options).id
    if kind == "multiple":
        ids = [o.id for o in question.options]
        return rng.sample(ids, rng.randint(0, len(ids)))
    if kind == "matching":
        response = {}
        for prompt in question.prompts:
            roll = rng.random()
            if roll < 0.5:
                response[prompt.id] = dict(question.pairs)[prompt.id]
            elif roll < 0.85:
                response[prompt.id] = rng.choice(question.answers).id
        return response
    ids = [item.id for item in question.items]
    if rng.random() < 0.3:
        return ids
    return rng.sample(ids, len(ids))


def fixture_questions():
    return [
        q
        for module in load_library(FIXTURE_MODULES)
        for step in module.steps
        if step.type_name == "quiz"
        for q in step.questions
    ]


def test_python_and_javascript_scores_are_equal():
    if node() is None:
        pytest.skip("node is not installed")
    rng = random.Random(20261127)
    attempts, expected = [], []
    pool = fixture_questions()
    number = 0
    for _ in range(400):
        questions = []
        for _ in range(rng.randint(1, 8)):
            number += 1
            candidate = rng.choice(pool) if pool else None
            if candidate and rng.random() < 0.2 and candidate not in questions:  # ids are unique in a quiz
                questions.append(candidate)
            else:
                questions.append(random_question(rng, KINDS[number % len(KINDS)], number))
        responses = [random_response(rng, q) for q in questions]
        credits = [question_credit(q, r) for q, r in zip(questions, responses)]
        scores = [question_score(q, r) for q, r in zip(questions, responses)]
        scored = score_responses(questions, {q.id: r for q, r in zip(questions, responses)})
        assert list(scored.scores.values()) == scores
        expected.append(
            {
                "credits": credits,
                "scores": scores,
                "earned": scored.score,
                "maximum": scored.max_score,
                "percentage": scored.percentage,
            }
        )
        attempts.append({"questions": [question_data(q) for q in questions], "responses": list(responses)})
    rounds = [[k / 64, 1] for k in range(0, 6400, 7)] + [[k / 20000 + 1e-9 * (k % 3 - 1), 4] for k in range(2000)]
    rounds += [[100 * e / m, 1] for e in (0.5625, 1.125, 2.375, 0.3, 0.7, 1 / 3) for m in (1.0, 2.0, 3.0, 7.0)]
    got = run_in_node(NODE_SCRIPT, {"attempts": attempts, "rounds": rounds})
    assert got["rounds"] == [round(x, n) for x, n in rounds]
    kinds_seen = set()
    for attempt, want, have in zip(attempts, expected, got["attempts"]):
        assert have == want, (attempt, want, have)
        kinds_seen |= {q["kind"] for q in attempt["questions"]}
    assert kinds_seen == set(KINDS)
    partial = [c for want in expected for c in want["credits"] if 0 < c < 1]
    assert len(partial) > 100  # partial credit is really exercised


DRAW_SCRIPT = """
import { draw } from "runtime:quiz.js";
output(input.map(({quiz, numbers, seen}) => {
  let next = 0;
  return draw(quiz, () => numbers[next++], seen);
}));
"""


class Scripted(random.Random):
    """A generator that returns the given numbers: Python's draw then uses exactly what node is given."""

    def __init__(self, numbers):
        super().__init__()
        self.numbers = iter(numbers)

    def random(self):
        return next(self.numbers)


def tag_variants(step):
    """The quiz as written, and as it would be with each other tag rule its pool allows."""
    variants = {step}
    if all(q.tag for q in step.questions):
        tags = {q.tag for q in step.questions}
        smallest = min(sum(q.tag == tag for q in step.questions) for tag in tags)
        variants.add(replace(step, one_per_tag=True, min_per_tag=None, draw=min(step.draw, len(tags))))
        for need in range(1, smallest + 1):
            if need * len(tags) <= len(step.questions):
                variants.add(replace(step, one_per_tag=False, min_per_tag=need, draw=max(step.draw, need * len(tags))))
    variants.add(replace(step, one_per_tag=False, min_per_tag=None))
    return variants


def test_python_and_javascript_draw_the_same_questions():
    if node() is None:
        pytest.skip("node is not installed")
    quizzes = [
        variant
        for module in MODULES
        for step in module.steps
        if step.type_name == "quiz" and step.final
        for variant in tag_variants(step)
    ]
    assert any(q.min_per_tag for q in quizzes) and any(q.one_per_tag for q in quizzes)
    rng = random.Random(20261202)
    cases, expected = [], []
    for step in quizzes:
        for attempt in range(12):
            pool = step.questions
            seen = [rng.choice((0, 0, 1, 2)) if attempt else 0 for _ in pool]
            numbers = [rng.random() for _ in range(len(pool) + 64)]
            chosen = choose_questions(step, Scripted(numbers), {q.id: n for q, n in zip(pool, seen)})
            expected.append([i for i, q in enumerate(pool) if q.id in chosen])
            cases.append({"quiz": quiz_data(step, STANDARDS["2004"]), "numbers": numbers, "seen": seen})
    got = run_in_node(DRAW_SCRIPT, cases)
    for case, want, have in zip(cases, expected, got):
        assert have == want, (case["quiz"]["minPerTag"], case["quiz"]["onePerTag"], case["seen"], want, have)
    assert len(got) == len(cases)
