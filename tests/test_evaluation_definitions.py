"""Evaluation forms in files: the standard form, module forms that extend it, errors with file and line."""

import dataclasses
from pathlib import Path

import pytest

from learn.config import REPO_ROOT
from learn.evaluation.definitions import load_forms

STANDARD = REPO_ROOT / "modules" / "_evaluatie"


def write(folder: Path, name: str, text: str) -> Path:
    file = folder / f"{name}.yaml"
    file.write_text(text, encoding="utf-8")
    return file


def copy_standard(folder: Path) -> None:
    write(folder, "standaard", (STANDARD / "standaard.yaml").read_text(encoding="utf-8"))


def test_the_standard_form_asks_what_the_programme_needs():
    forms = load_forms(STANDARD)
    assert forms.errors == ()
    form = forms.get("standaard")
    types = {f.id: f.type for f in form.fields}
    assert types["cijfer"] == "grade" and form.grade_field.id == "cijfer"
    assert {types[i] for i in ("relevant", "bruikbaar", "taal")} == {"likert"}
    assert types["anders_doen"] == types["beter"] == "text"
    assert form.time_field.id == "uren"
    assert set(types.values()) == {"grade", "likert", "single_choice", "multiple_choice", "text", "time_spent"}
    assert form.fields_of("likert")[0].labels[0] == "Helemaal oneens"
    with pytest.raises(dataclasses.FrozenInstanceError):
        form.title = "anders"


def test_a_module_form_extends_the_standard_form(tmp_path):
    copy_standard(tmp_path)
    write(
        tmp_path,
        "gesprekken",
        """extends: standaard
title: Wat vond je van de gesprekstraining?
fields:
  - id: rollenspel
    type: likert
    label: Het rollenspel hielp me.
  - id: beter
    type: text
    label: Wat moet er echt anders?
    required: true
""",
    )
    forms = load_forms(tmp_path)
    assert forms.errors == ()
    form = forms.get("gesprekken")
    ids = [f.id for f in form.fields]
    assert ids[-1] == "rollenspel" and ids[:-1] == [f.id for f in forms.get("standaard").fields]
    beter = next(f for f in form.fields if f.id == "beter")
    assert beter.label == "Wat moet er echt anders?" and beter.required
    assert form.title == "Wat vond je van de gesprekstraining?"
    assert form.intro == forms.get("standaard").intro


def test_a_form_without_extends_replaces_the_standard_form(tmp_path):
    write(
        tmp_path,
        "kort",
        """title: Kort
fields:
  - id: cijfer
    type: grade
    label: Cijfer
""",
    )
    form = load_forms(tmp_path).get("kort")
    assert [f.id for f in form.fields] == ["cijfer"] and form.time_field is None


@pytest.mark.parametrize(
    "text, line, message",
    [
        (
            "title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: C\n  - id: a\n    type: schaal\n    label: A\n",
            7,
            "Must be one of",
        ),
        (
            "title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: C\n  - id: k\n    type: single_choice\n    label: K\n",
            7,
            "needs 'options'",
        ),
        (
            "title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: C\n  - id: l\n    type: likert\n    label: L\n    labels: [a, b, c]\n",
            9,
            "exactly 5 labels",
        ),
        (
            "title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: C\n    options: [{id: a, label: A}, {id: b, label: B}]\n",
            6,
            "only for type",
        ),
        ("title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: C\n    verplicht: true\n", 6, "Unknown field"),
        ("title: X\nfields:\n  - id: a\n    type: text\n    label: A\n", 2, "exactly one 'grade'"),
        (
            "title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: C\n  - id: cijfer\n    type: text\n    label: D\n",
            6,
            "duplicate question id",
        ),
        ("title: X\nfields:\n  - id: cijfer\n    type: grade\n    label: [C\n", 6, "YAML syntax error"),
        ("extends: bestaatniet\nfields: []\n", 1, "there is no form 'bestaatniet'"),
    ],
)
def test_errors_name_the_file_and_the_line(tmp_path, text, line, message):
    file = write(tmp_path, "fout", text)
    forms = load_forms(tmp_path)
    assert forms.get("fout") is None
    assert len(forms.errors) >= 1
    error = forms.errors[0]
    assert error.file == file
    assert error.line == line, str(error)
    assert message in error.message
    assert f"fout.yaml:{line}:" in str(error)


def test_one_broken_form_does_not_stop_the_others(tmp_path):
    copy_standard(tmp_path)
    write(tmp_path, "fout", "title: [\n")
    forms = load_forms(tmp_path)
    assert forms.get("standaard") is not None and len(forms.errors) == 1


def test_the_app_reports_a_module_whose_form_is_missing(tmp_path, caplog):
    from conftest import make_app

    make_app(f"sqlite:///{tmp_path / 'x.sqlite3'}", EVALUATION_FORMS_PATH=str(tmp_path))
    assert "evaluation form 'standaard' not found" in caplog.text


def test_the_standard_form_is_written_at_b1():
    from markupsafe import escape

    from learn.content.readability import measure

    form = load_forms(STANDARD).get("standaard")
    texts = [form.title, form.intro] + [
        t for f in form.fields for t in (f.label, f.hint, *f.labels, *(o.label for o in f.options)) if t
    ]
    figures = measure(escape(text) for text in texts)
    assert figures.within_b1, figures


def test_check_command_lists_forms_and_errors(runner, tmp_path):
    copy_standard(tmp_path)
    result = runner.invoke(args=["check-evaluation-forms", str(tmp_path)])
    assert result.exit_code == 0 and "standaard: 9 questions" in result.output
    write(tmp_path, "fout", "title: X\nfields: []\n")
    result = runner.invoke(args=["check-evaluation-forms", str(tmp_path)])
    assert result.exit_code == 1 and "fout.yaml:2" in result.output
