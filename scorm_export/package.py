"""The zip: the rendered SCO, the runtime, the control files and the manifest, byte for byte reproducible."""

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from flask import Flask, current_app

from learn.content.model import Module

from . import manifest, render
from .standards import Standard, package_filename, standard_for

# Every entry gets this timestamp, so a rebuild of the same module version gives the same bytes.
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")


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


def build_package(module: Module, standard: Standard | str, app: Flask | None = None) -> Package:
    """Render ``module`` into a SCORM package for ``standard`` (needs the Flask app for its templates)."""
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
