"""Packages built on demand and kept per module version, standard and branding."""

import hashlib
import os
import tempfile
from pathlib import Path

from flask import Flask

from learn.branding import academy
from learn.content.model import Module

from .package import build_package
from .render import exporter_sources
from .standards import Standard, package_filename


def _fingerprint() -> str:
    """Changes when anything that goes into a package changes: branding, the exporter, its templates or the runtime."""
    digest = hashlib.sha256()
    brand = academy()
    digest.update(f"{brand.name}|{brand.primary_color}|{brand.accent_color}".encode())
    if brand.logo_path.is_file():
        digest.update(brand.logo_path.read_bytes())
    for path in exporter_sources():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_package(module: Module, standard: Standard, app: Flask) -> Path:
    """The package's file in the instance folder, built the first time it is asked for."""
    root = app.config.get("SCORM_CACHE_PATH") or Path(app.instance_path) / "scorm-packages"
    with app.app_context():
        folder = Path(root) / _fingerprint()
    path = folder / package_filename(module.id, module.version, standard)
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        data = build_package(module, standard, app).data
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)  # atomic: a parallel download never sees half a zip
    return path
