"""The modules an app serves: loaded once at start-up, shared read-only by every request."""

from pathlib import Path

from flask import Flask, abort, current_app

from .loader import Library, load_library
from .model import Module


def init_library(app: Flask) -> None:
    library = load_library(Path(app.config["MODULES_PATH"]))
    for folder, errors in library.errors.items():
        app.logger.error("module %s not loaded:\n  %s", folder, "\n  ".join(str(e) for e in errors))
    for module in library:
        for warning in module.warnings:
            app.logger.warning("module %s: %s", module.id, warning)
    if not library.modules:
        app.logger.warning("no modules found in %s", app.config["MODULES_PATH"])
    app.extensions["leerpad_library"] = library


def get_library() -> Library:
    return current_app.extensions["leerpad_library"]


def module_or_404(module_id: str) -> Module:
    module = get_library().get(module_id)
    if module is None:
        abort(404)
    return module
