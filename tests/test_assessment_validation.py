"""Quiz definitions are checked on load: each problem names the file and the line."""

import shutil

import pytest
from conftest import FIXTURE_MODULES

from learn.content.errors import ModuleInvalid
from learn.content.loader import load_module

GOOD_OPTION = "      - id: a\n        text: A\n        correct: true\n      - id: b\n        text: B\n"


def quiz_file(question: str) -> str:
    return (
        "id: eindtoets\ntype: quiz\ntitle: Eindtoets\nfinal: true\nquestions:\n"
        "  - id: eerste\n    type: single\n    text: Goed?\n    options:\n" + GOOD_OPTION + question
    )


@pytest.fixture
def module_with(tmp_path):
    def write(text: str):
        folder = tmp_path / "kennismaking"
        shutil.copytree(FIXTURE_MODULES / "kennismaking", folder, dirs_exist_ok=True)
        (folder / "steps" / "06-eindtoets.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(ModuleInvalid) as invalid:
            load_module(folder)
        return [str(e) for e in invalid.value.errors]

    return write


def last_line_with(text: str, needle: str) -> int:
    return [i for i, line in enumerate(text.splitlines(), start=1) if needle in line][-1]


@pytest.mark.parametrize(
    "question, needle, message",
    [
        (
            "  - id: geen-goed\n    type: single\n    text: Welke?\n    options:\n"
            "      - id: a\n        text: A\n      - id: b\n        text: B\n",
            "options:",
            "exactly one correct option",
        ),
        (
            "  - id: meer\n    type: multiple\n    text: Welke?\n    options:\n"
            "      - id: a\n        text: A\n      - id: b\n        text: B\n",
            "options:",
            "at least one correct option",
        ),
        (
            "  - id: oordeel\n    type: judgement\n    text: Wat doe je?\n    options:\n"
            "      - id: a\n        text: A\n        credit: 0.5\n      - id: b\n        text: B\n        credit: 0\n",
            "options:",
            "credit 1",
        ),
        (
            "  - id: oordeel\n    type: judgement\n    text: Wat doe je?\n    options:\n"
            "      - id: a\n        text: A\n        credit: 1\n      - id: b\n        text: B\n        credit: 1.5\n",
            "credit: 1.5",
            "between 0 and 1",
        ),
        (
            "  - id: koppel\n    type: matching\n    text: Koppel\n    prompts:\n      - id: p1\n        text: P1\n"
            "      - id: p2\n        text: P2\n    answers:\n      - id: a1\n        text: A1\n"
            "    pairs:\n      p1: a1\n      p2: a9\n",
            "p2: a9",
            "does not exist",
        ),
        (
            "  - id: koppel\n    type: matching\n    text: Koppel\n    prompts:\n      - id: p1\n        text: P1\n"
            "      - id: p2\n        text: P2\n    answers:\n      - id: a1\n        text: A1\n"
            "    pairs:\n      p1: a1\n      p3: a1\n",
            "p3: a1",
            "does not exist",
        ),
        ("  - id: wj\n    type: truefalse\n    text: Waar?\n", "id: wj", "answer"),
    ],
)
def test_broken_questions_name_file_and_line(module_with, question, needle, message):
    text = quiz_file(question)
    errors = module_with(text)
    assert any("06-eindtoets.yaml" in e and message in e for e in errors), errors
    hit = next(e for e in errors if message in e)
    line = int(hit.split("06-eindtoets.yaml:")[1].split(":")[0])
    assert line == last_line_with(text, needle), hit
