"""Every module's final quiz runs on the assessment rules: it draws, scores right and wrong answers
as expected, and its questions render without the answer key."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_MODULES
from flask import render_template_string
from quiz_answers import answer_fields
from werkzeug.datastructures import MultiDict

from learn.assessment.attempts import parse_responses, passed, score_responses
from learn.assessment.draw import draw_quiz
from learn.content.loader import load_library

MODULES = Path(__file__).parent.parent / "modules"
REAL = ["intercultureel-vakmanschap", "levensbeschouwelijk-vakmanschap", "polarisatie-naar-verbinding"]


def module_named(folder_name):
    root = FIXTURE_MODULES if folder_name == "kennismaking" else MODULES
    if not (root / folder_name).is_dir():
        pytest.skip(f"{folder_name} is not in this checkout yet")
    library = load_library(root)
    return next(m for m in library.modules.values() if m.folder.name == folder_name)


@pytest.fixture(params=["kennismaking", *REAL])
def module(request):
    return module_named(request.param)


def form_for(questions, right):
    data = MultiDict()
    for question in questions:
        for name, value in answer_fields(question, right).items():
            for v in value if isinstance(value, list) else [value]:
                data.add(name, v)
    return data


def test_the_final_quiz_draws_scores_and_passes(module):
    quiz = module.final_quiz
    assert quiz is not None and quiz.final
    for seed in range(25):
        drawn = draw_quiz(quiz, seed)
        assert len(drawn.question_ids) == quiz.draw
        questions = [quiz.question(q) for q in drawn.question_ids]
        right = score_responses(questions, parse_responses(questions, form_for(questions, True)))
        wrong = score_responses(questions, parse_responses(questions, form_for(questions, False)))
        assert right.percentage == 100.0 and passed(quiz, right.percentage, module.pass_mark, False)
        assert wrong.percentage < 100.0 and not passed(quiz, wrong.percentage, module.pass_mark, False)


def test_questions_render_without_the_answer_key(app, module):
    template = (
        '{% from "steps/_question.html" import render_question %}'
        "{{ render_question(question, 1, order, none, none, mode) }}"
    )
    for quiz in (step for step in module.steps if step.type_name == "quiz"):
        drawn = draw_quiz(replace(quiz, draw=len(quiz.questions)), 1)
        for question in quiz.questions:
            for mode in ("web", "scorm"):
                with app.test_request_context():
                    html = render_template_string(
                        template, question=question, order=drawn.option_orders[question.id], mode=mode
                    )
                assert html.count("<fieldset") == 1
                for secret in filter(None, [question.explanation, *(o.feedback for o in question.options)]):
                    assert str(secret) not in html
                assert not re.search(r"credit|correct|checked|selected", html)
