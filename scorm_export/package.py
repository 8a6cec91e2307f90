"""The zip: the rendered SCO, the runtime, the control files and the manifest, byte for byte reproducible."""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import Flask, current_app

from learn.content.model import Module

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE / "schemas"
# Every entry gets this timestamp, so a rebuild of the same module version gives the same bytes.
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")


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


@dataclass(frozen=True)
class Package:
    module_id: str
    module_version: str
    standard: Standard
    data: bytes
    files: tuple[str, ...]

    @property
    def filename(self) -> str:
        return package_filename(self.module_id, self.module_version, self.standard)


def package_filename(module_id: str, version: str, standard: Standard) -> str:
    return f"{module_id}-{version}-{standard.slug}.zip"


def build_package(module: Module, standard: Standard | str, app: Flask | None = None) -> Package:
    """Render ``module`` into a SCORM package for ``standard`` (needs the Flask app for its templates)."""
    from . import manifest, render

    standard = standard if isinstance(standard, Standard) else standard_for(standard)
    app = app or current_app._get_current_object()
    files = render.sco_files(module, standard, app)
    for schema in standard.schema_files:
        files[schema.name] = schema.read_bytes()
    files["imsmanifest.xml"] = manifest.build(module, standard, files)
    for name in files:
        check_entry_name(name)
    return Package(module.id, module.version, standard, deterministic_zip(files), tuple(sorted(files)))


def check_entry_name(name: str) -> None:
    """No absolute paths, no ``..``, no hidden files, no spaces or special characters."""
    path = PurePosixPath(name)
    if (
        str(path) != name
        or path.is_absolute()
        or not path.parts
        or any(not SAFE_NAME.match(part) for part in path.parts)
    ):
        raise ValueError(f"unsafe file name in package: {name!r}")


def deterministic_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()
