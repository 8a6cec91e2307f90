"""Quizzes and assessment: attempts, scoring, the learner's result and the trainers' item statistics."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from ..branding import ROLE_MENU, MenuItem
    from . import player  # noqa: F401  registers the quiz's handlers, view state and overview panel
    from .cli import attempts_command
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(attempts_command)
    for item in (
        MenuItem(("trainer", "admin"), "assessment.quiz_statistics_page", _l("Toetsresultaten"), "results"),
        MenuItem(("trainer", "admin"), "assessment.grant_page", _l("Extra poging"), "academy"),
    ):
        if all(existing.endpoint != item.endpoint for existing in ROLE_MENU):
            ROLE_MENU.append(item)
    from ..privacy import EXPORTERS
    from .privacy import quiz_attempts_of

    if quiz_attempts_of not in EXPORTERS:
        EXPORTERS.append(quiz_attempts_of)
