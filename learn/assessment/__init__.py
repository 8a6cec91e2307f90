"""Quizzes and assessment: attempts, scoring, the learner's result and the trainers' item statistics."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from ..branding import ROLE_MENU, MenuItem
    from . import player  # noqa: F401  registers the quiz's handlers, view state and overview panel
    from .views import bp

    app.register_blueprint(bp)
    if not any(item.endpoint == "assessment.quiz_statistics_page" for item in ROLE_MENU):
        ROLE_MENU.append(MenuItem(("trainer", "admin"), "assessment.quiz_statistics_page", _l("Toetsresultaten")))
    from ..privacy import EXPORTERS
    from .privacy import quiz_attempts_of

    if quiz_attempts_of not in EXPORTERS:
        EXPORTERS.append(quiz_attempts_of)
