"""A copy of the fixture module to break, and the helpers the module-file tests read its errors with."""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_MODULES

from learn.content.errors import ModuleInvalid
from learn.content.loader import load_module


@pytest.fixture
def module_dir(tmp_path) -> Path:
    target = tmp_path / "modules" / "kennismaking"
    shutil.copytree(FIXTURE_MODULES / "kennismaking", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ModuleInvalid) as raised:
        load_module(folder)
    return [str(error) for error in raised.value.errors]


def line_number(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path}")
