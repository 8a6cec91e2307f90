"""The evaluation forms an app serves: loaded once at start-up, like the modules."""

from pathlib import Path

from flask import Flask, current_app

from ..content.library import get_library
from ..content.model import Module
from .definitions import EvaluationForm, FormLibrary, load_forms


def init_forms(app: Flask) -> None:
    forms = load_forms(Path(app.config["EVALUATION_FORMS_PATH"]))
    for error in forms.errors:
        app.logger.error("evaluation form not loaded: %s", error)
    app.extensions["leerpad_evaluation_forms"] = forms
    for module in app.extensions["leerpad_library"]:
        if forms.get(module.evaluation_form) is None:
            app.logger.error(
                "module %s: evaluation form '%s' not found in %s",
                module.id,
                module.evaluation_form,
                app.config["EVALUATION_FORMS_PATH"],
            )


def get_forms() -> FormLibrary:
    return current_app.extensions["leerpad_evaluation_forms"]


def form_for(module: Module) -> EvaluationForm | None:
    return get_forms().get(module.evaluation_form)


def modules_with_forms() -> list[tuple[Module, EvaluationForm]]:
    return [(m, form_for(m)) for m in get_library() if form_for(m) is not None]
