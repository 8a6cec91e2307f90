"""Loading module folders: a broken module is refused with errors that name the
file, the line and the problem, and never takes the other modules down."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_MODULES
from module_helpers import edit, errors_of, line_number, module_dir  # noqa: F401

from learn.content.loader import load_library, load_module


def test_fixture_module_loads_into_immutable_objects(module_dir):
    module = load_module(module_dir)
    assert [step.type_name for step in module.steps] == [
        "narrative",
        "persona",
        "reflection",
        "scenario",
        "quiz",
        "quiz",
        "narrative",
    ]
    with pytest.raises(AttributeError):
        module.title = "Anders"


def test_bad_yaml_names_file_and_line(module_dir):
    path = module_dir / "module.yaml"
    edit(path, "summary: Een korte proefmodule met elk soort stap.", "summary: [niet afgesloten")
    (message,) = errors_of(module_dir)
    assert message.startswith(f"{path}:")
    assert "YAML" in message or "yaml" in message


def test_unknown_step_type_is_refused_with_its_line(module_dir):
    path = module_dir / "steps" / "04-casus.yaml"
    edit(path, "type: scenario", "type: spelletje")
    messages = errors_of(module_dir)
    expected = f"{path}:{line_number(path, 'type: spelletje')}:"
    assert any(message.startswith(expected) and "spelletje" in message for message in messages), messages


def test_scenario_choice_pointing_to_a_missing_node(module_dir):
    path = module_dir / "steps" / "04-casus.yaml"
    edit(path, "next: einde-weg", "next: bestaat-niet")
    messages = errors_of(module_dir)
    assert any(str(path) in m and "bestaat-niet" in m for m in messages), messages
    assert any(f":{line_number(path, 'next: bestaat-niet')}:" in m for m in messages), messages


def test_duplicate_step_ids_across_files(module_dir):
    path = module_dir / "steps" / "07-slot.md"
    edit(path, "id: afsluiting", "id: welkom")
    messages = errors_of(module_dir)
    assert any("welkom" in m and ("duplicate" in m or "already" in m or "dubbel" in m) for m in messages), messages
    assert any(str(path) in m for m in messages)


def test_image_without_alt_text(module_dir):
    path = module_dir / "steps" / "01-welkom.md"
    (module_dir / "images").mkdir(exist_ok=True)
    (module_dir / "images" / "wijk.png").write_bytes(
        (Path(__file__).parent.parent / "learn/static/logo.png").read_bytes()
    )
    path.write_text(path.read_text(encoding="utf-8") + "\n![](images/wijk.png)\n", encoding="utf-8")
    messages = errors_of(module_dir)
    assert any(str(path) in m and "alt" in m for m in messages), messages


def test_missing_step_file_names_the_chapter_line(module_dir):
    path = module_dir / "module.yaml"
    edit(path, "07-slot.md", "08-weg.md")
    messages = errors_of(module_dir)
    assert any(m.startswith(f"{path}:{line_number(path, '08-weg.md')}:") for m in messages), messages


def test_unknown_field_is_named(module_dir):
    path = module_dir / "module.yaml"
    edit(path, "pass_mark: 70", "pass_mark: 70\nslagingsgrens: 70")
    messages = errors_of(module_dir)
    assert any(
        "slagingsgrens" in m and m.startswith(f"{path}:{line_number(path, 'slagingsgrens')}:") for m in messages
    ), messages


def test_quiz_question_without_a_correct_answer(module_dir):
    path = module_dir / "steps" / "06-eindtoets.yaml"
    edit(path, "        text: Luisteren\n        correct: true\n", "        text: Luisteren\n")
    messages = errors_of(module_dir)
    assert any(str(path) in m and "one correct option" in m for m in messages), messages


def test_one_broken_module_does_not_take_the_others_down(module_dir):
    broken = module_dir.parent / "kapot"
    shutil.copytree(module_dir, broken)
    edit(broken / "module.yaml", "id: kennismaking", "id: kapot")
    edit(broken / "steps" / "04-casus.yaml", "type: scenario", "type: onbekend")
    library = load_library(module_dir.parent)
    assert "kennismaking" in library.modules
    assert list(library.errors) == ["kapot"]


def test_markdown_html_in_a_module_is_sanitized(module_dir):
    path = module_dir / "steps" / "01-welkom.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n<script>alert(1)</script> [klik](javascript:alert(1))\n", encoding="utf-8"
    )
    body = str(load_module(module_dir).step("welkom").body)
    assert "<script" not in body
    assert 'href="javascript' not in body
    assert "&lt;script&gt;" in body or "alert(1)" not in body


def test_check_modules_command_reports_errors_and_exit_code(runner, module_dir):
    edit(module_dir / "steps" / "04-casus.yaml", "next: einde-weg", "next: nergens")
    result = runner.invoke(args=["check-modules", str(module_dir.parent)])
    assert result.exit_code == 1
    assert "nergens" in result.output and "04-casus.yaml" in result.output


def test_check_modules_command_prints_the_figures(runner):
    result = runner.invoke(args=["check-modules", str(FIXTURE_MODULES)])
    assert result.exit_code == 0, result.output
    assert "reflection questions" in result.output and "final quiz pool: 5" in result.output
