"""The SCORM runtime scores exactly as the server: the same answers give the same figures.

Generated questions of every kind (partial credit and all-or-nothing, odd weights)
and generated responses (right, wrong, partly right, unanswered) go to the server's
scorer (learn.assessment.scoring and attempts.score_responses) and to
runtime/scoring.js under node; every credit, score, total and percentage must be
equal, to the last bit.
"""

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURE_MODULES

from learn.assessment.attempts import score_responses
from learn.assessment.scoring import question_credit, question_score
from learn.content.loader import load_library
from learn.content.steps.quiz import build_question
from scorm_export.render import question_data

RUNTIME = Path(__file__).resolve().parent.parent / "scorm_export" / "runtime"
KINDS = ("single", "truefalse", "judgement", "multiple", "matching", "ordering")
WEIGHTS = (1.0, 2.0, 0.5, 1.5, 3.0, 0.7, 0.3, 2.5, 0.1, 1.25, 0.5625, 7.0)

NODE_SCRIPT = """
const scoring = require(process.argv[2]);
const cases = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
const out = {rounds: cases.rounds.map(([x, n]) => scoring.pyRound(x, n)), attempts: []};
for (const attempt of cases.attempts) {
  const credits = attempt.questions.map((q, i) => scoring.questionCredit(q, attempt.responses[i]));
  const scores = attempt.questions.map((q, i) => scoring.questionScore(q, attempt.responses[i]));
  const responses = {};
  attempt.questions.forEach((q, i) => { responses[q.id] = attempt.responses[i]; });
  const result = scoring.scoreAttempt(attempt.questions, responses);
  out.attempts.push({credits, scores, earned: result.earned, maximum: result.maximum, percentage: result.percentage});
}
process.stdout.write(JSON.stringify(out));
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
    option = lambda i, correct=None, credit=None: {
        "id": f"o{i}",
        "text": "x",
        "correct": correct,
        "credit": credit,
        "feedback": "",
        "fixed_last": False,
    }
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


def test_python_and_javascript_scores_are_equal(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    rng = random.Random(20261127)
    attempts, expected = [], []
    pool = fixture_questions()
    number = 0
    for round_ in range(400):
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
        attempts.append({"questions": [question_data(q) for q in questions], "responses": [r for r in responses]})
    rounds = [[k / 64, 1] for k in range(0, 6400, 7)] + [[k / 20000 + 1e-9 * (k % 3 - 1), 4] for k in range(2000)]
    rounds += [[100 * e / m, 1] for e in (0.5625, 1.125, 2.375, 0.3, 0.7, 1 / 3) for m in (1.0, 2.0, 3.0, 7.0)]
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps({"attempts": attempts, "rounds": rounds}))
    script = tmp_path / "run.js"
    script.write_text(NODE_SCRIPT)
    output = subprocess.run(
        [node, str(script), str(RUNTIME / "scoring.js"), str(cases)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    got = json.loads(output)
    assert got["rounds"] == [round(x, n) for x, n in rounds]
    kinds_seen = set()
    for attempt, want, have in zip(attempts, expected, got["attempts"]):
        assert have == want, (attempt, want, have)
        kinds_seen |= {q["kind"] for q in attempt["questions"]}
    assert kinds_seen == set(KINDS)
    partial = [c for want in expected for c in want["credits"] if 0 < c < 1]
    assert len(partial) > 100  # partial credit is really exercised
