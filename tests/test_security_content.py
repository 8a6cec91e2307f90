"""Module content that breaks or leaks (findings 7 and 11 of the security review).

An author's folder is trusted to hold text, not to reach outside itself: a file that is not
UTF-8, a scenario without an end, a version that is a path, a link to a file elsewhere on the
server, a second folder with the same id, an image on another site. Each is named with its file
and line by the loader (and so by ``learn check-modules``), and a broken module never takes the
others down.
"""

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_MODULES, make_app
from module_helpers import edit, errors_of, line_number

from learn.content.loader import load_library, load_module
from learn.extensions import db


@pytest.fixture
def modules(tmp_path) -> Path:
    """Two good modules, ``kennismaking`` and ``tweede``, in a folder of their own."""
    root = tmp_path / "modules"
    shutil.copytree(FIXTURE_MODULES / "kennismaking", root / "kennismaking")
    shutil.copytree(FIXTURE_MODULES / "kennismaking", root / "tweede")
    edit(root / "tweede" / "module.yaml", "id: kennismaking", "id: tweede")
    return root


def check_modules(database_url, root: Path):
    app = make_app(database_url, MODULES_PATH=str(root))
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["check-modules", str(root)])
        db.engine.dispose()
    return result


# Finding 7: one file with invalid UTF-8 stopped the whole app.


def test_a_file_that_is_not_utf8_is_named_with_its_byte_and_line_and_only_its_module_is_skipped(modules, database_url):
    step = modules / "tweede" / "steps" / "01-welkom.md"
    text = step.read_bytes()
    position = text.index(b"proefmodule")
    step.write_bytes(text[:position] + b"\xff\xfe" + text[position:])  # Windows-1252 or a stray byte
    line = text[:position].count(b"\n") + 1

    [message] = errors_of(modules / "tweede")
    assert message.startswith(f"{step}:{line}:")
    assert f"byte {position}" in message and "UTF-8" in message

    app = make_app(database_url, MODULES_PATH=str(modules))  # the app starts and serves the other module
    with app.app_context():
        client = app.test_client()
        assert client.get("/modules/kennismaking").status_code == 200
        assert client.get("/modules/tweede").status_code == 404
        db.engine.dispose()


def test_check_modules_reports_invalid_utf8_without_a_traceback(modules, database_url):
    meta = modules / "tweede" / "module.yaml"
    meta.write_bytes(meta.read_bytes().replace(b"Kennismaking", "Kennismaking caf\xe9".encode("latin-1"), 1))
    result = check_modules(database_url, modules)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{meta}:" in result.output and "UTF-8" in result.output
    assert "✓ kennismaking" in result.output


# Finding 11: check-modules accepted content that breaks or leaks.


def test_a_scenario_without_any_reachable_end_is_refused(modules):
    path = modules / "tweede" / "steps" / "04-casus.yaml"
    path.write_text(
        """id: casus-ouders
type: scenario
title: Een kringgesprek
nodes:
  - id: begin
    text: De moeder is boos.
    choices:
      - {id: luisteren, label: Luisteren, consequence: Ze praat verder., next: gesprek}
      - {id: regels, label: Regels uitleggen, consequence: Ze wordt bozer., next: gesprek}
  - id: gesprek
    text: Ze vraagt wat haar zoon hier doet.
    choices:
      - {id: uitleggen, label: Uitleggen, consequence: Ze is weer boos., next: begin}
      - {id: zwijgen, label: Zwijgen, consequence: Ze is weer boos., next: begin}
debrief: Geen einde.
""",
        encoding="utf-8",
    )
    messages = errors_of(modules / "tweede")
    assert any(m.startswith(f"{path}:") and "no end" in m for m in messages), messages


def test_a_scenario_node_from_which_no_end_can_be_reached_is_refused(modules):
    """A learner who takes the wrong turn must still be able to finish."""
    path = modules / "tweede" / "steps" / "04-casus.yaml"
    edit(
        path,
        "    text: De moeder is weg. Je kunt haar later nog bellen.\n",
        "    text: De moeder is weg.\n    choices:\n"
        "      - id: bellen\n        label: Bellen\n        consequence: Geen antwoord.\n        next: einde-weg\n"
        "      - id: wachten\n        label: Wachten\n        consequence: Niets.\n        next: einde-weg\n",
    )
    messages = errors_of(modules / "tweede")
    node_line = line_number(path, "- id: einde-weg")
    assert any(m.startswith(f"{path}:{node_line}:") and "einde-weg" in m for m in messages), messages


@pytest.mark.parametrize("version", ["../../buiten", "1/2", "..", "1.0/../x", "/etc"])
def test_a_version_that_is_a_path_is_refused(modules, version):
    meta = modules / "tweede" / "module.yaml"
    edit(meta, 'version: "1.0"', f'version: "{version}"')
    messages = errors_of(modules / "tweede")
    assert any(m.startswith(f"{meta}:{line_number(meta, 'version: ')}:") and "version" in m for m in messages)


def test_ordinary_versions_are_accepted(modules):
    meta = modules / "tweede" / "module.yaml"
    edit(meta, 'version: "1.0"', 'version: "2.1-herzien"')
    assert load_module(modules / "tweede").version == "2.1-herzien"


def test_an_image_linked_to_a_file_outside_the_module_is_refused(modules, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("root:x:0:0")
    image = modules / "tweede" / "images" / "wijk.png"
    image.unlink()
    image.symlink_to(secret)
    messages = errors_of(modules / "tweede")
    assert any(m.startswith(f"{image}") and "outside the module" in m for m in messages), messages


def test_a_link_inside_the_module_is_fine(modules):
    images = modules / "tweede" / "images"
    (images / "straat.png").symlink_to(images / "wijk.png")
    load_module(modules / "tweede")


def test_the_asset_view_never_serves_a_link_that_leaves_the_module(modules, tmp_path, database_url):
    """Even when the link appears after the module was loaded (someone edits the folder while serving)."""
    secret = tmp_path / "geheim.txt"
    secret.write_text("root:x:0:0")
    app = make_app(database_url, MODULES_PATH=str(modules))
    with app.app_context():
        client = app.test_client()
        assert client.get("/modules/tweede/images/wijk.png").status_code == 200
        (modules / "tweede" / "images" / "passwd.png").symlink_to(secret)
        os.symlink("/etc", modules / "tweede" / "images" / "etc")
        for path in ("/modules/tweede/images/passwd.png", "/modules/tweede/steps/images/etc/passwd"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert b"root:" not in response.data
        db.engine.dispose()


def test_two_folders_with_the_same_module_id_are_reported(modules, database_url):
    meta = modules / "tweede" / "module.yaml"
    edit(meta, "id: tweede", "id: kennismaking")
    library = load_library(modules)
    [error] = library.errors["tweede"]
    assert str(error).startswith(f"{meta}:{line_number(meta, 'id: kennismaking')}:")
    result = check_modules(database_url, modules)
    assert result.exit_code == 1
    assert f"{meta}:{line_number(meta, 'id: kennismaking')}:" in result.output and "already used" in result.output


@pytest.mark.parametrize(
    "src", ["https://tracker.example/pixel.png", "http://tracker.example/p.gif", "//cdn.example/x"]
)
def test_an_image_from_another_site_is_refused(modules, src):
    """SCORM packages have no CSP: an outside image tells another site who opened the module."""
    step = modules / "tweede" / "steps" / "07-slot.md"
    step.write_text(step.read_text(encoding="utf-8") + f"\nKijk hier:\n\n![Een foto]({src})\n", encoding="utf-8")
    messages = errors_of(modules / "tweede")
    line = line_number(step, src)
    assert any(m.startswith(f"{step}:{line}:") and src in m for m in messages), messages


def test_an_image_from_another_site_in_a_yaml_field_is_refused(modules):
    path = modules / "tweede" / "steps" / "04-casus.yaml"
    edit(path, "Ze wordt rustiger. Ze vertelt meer.", "Ze wordt rustiger. ![Foto](https://tracker.example/p.png)")
    messages = errors_of(modules / "tweede")
    line = line_number(path, "tracker.example")
    assert any(m.startswith(f"{path}:{line}:") and "tracker.example" in m for m in messages), messages


def test_raw_html_in_markdown_gets_a_warning_with_file_and_line(modules, database_url):
    step = modules / "tweede" / "steps" / "07-slot.md"
    step.write_text(step.read_text(encoding="utf-8") + "\nDit is <b>belangrijk</b>.\n", encoding="utf-8")
    module = load_module(modules / "tweede")  # a warning, not an error: the module loads
    line = line_number(step, "<b>belangrijk")
    assert [str(w) for w in module.warnings] == [
        f"{step}:{line}: warning: raw HTML '<b>' is shown as text, not as formatting: use Markdown (**bold**, *italic*)"
    ]
    result = check_modules(database_url, modules)
    assert result.exit_code == 0
    assert f"{step}:{line}: warning: raw HTML '<b>'" in result.output


def test_the_shipped_modules_have_no_warnings():
    from learn.config import REPO_ROOT

    library = load_library(REPO_ROOT / "modules")
    assert library.errors == {}
    assert {m.id: [str(w) for w in m.warnings] for m in library if m.warnings} == {}
