"""The two SCORM standards a package is built for, and what differs between them for the exporter.

``package``, ``manifest`` and ``render`` all import from here (and never from each other's
definitions), so the three stay free of import circles.
"""

from dataclasses import dataclass
from pathlib import Path

from learn.content.model import Module

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"


@dataclass(frozen=True)
class Standard:
    key: str  # "1.2" or "2004": what the CLI and the download page use
    label: str
    slug: str  # in file names
    schema_dir: Path
    api_name: str  # the LMS API object the runtime looks for
    suspend_limit: int  # characters cmi.suspend_data holds

    @property
    def schema_files(self) -> tuple[Path, ...]:
        return tuple(sorted(p for p in self.schema_dir.iterdir() if p.is_file()))


STANDARDS = {
    "1.2": Standard("1.2", "SCORM 1.2", "scorm12", SCHEMAS / "scorm12", "API", 4096),
    "2004": Standard("2004", "SCORM 2004 4th edition", "scorm2004", SCHEMAS / "scorm2004-4th", "API_1484_11", 64000),
}
_ALIASES = {"12": "1.2", "scorm12": "1.2", "scorm1.2": "1.2", "scorm2004": "2004", "2004-4th": "2004"}


def standard_for(name: str) -> Standard:
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in STANDARDS:
        raise ValueError(f"unknown SCORM version {name!r}: use 1.2 or 2004")
    return STANDARDS[key]


def lms_token(identifier: str) -> str:
    """A module's id (a-z, 0-9, ``_``, ``-``) in the form every runtime accepts in a SCORM identifier:
    letters, digits, ``_`` and ``.`` (Moodle's 2004 short identifier is ``[\\w.]``: it refuses ``-``).
    ``-`` becomes ``.``, which no module id holds, so two ids never get the same token."""
    return identifier.replace("-", ".")


def short_token(index: int) -> str:
    """SCORM 1.2's one-character identifiers for a question's options, prompts and items: a-z, then 0-9."""
    if index >= 36:
        raise ValueError("SCORM 1.2 names at most 36 options, prompts or items per question")
    return chr(97 + index) if index < 26 else str(index - 26)


def package_filename(module_id: str, version: str, standard: Standard) -> str:
    return f"{module_id}-{version}-{standard.slug}.zip"


def pass_mark(module: Module) -> int | None:
    """The final test's pass mark (its own, else the module's); None without a final test."""
    quiz = module.final_quiz
    if quiz is None:
        return None
    return quiz.pass_mark if quiz.pass_mark is not None else module.pass_mark
