"""The learner's path: catalogue, enrolment, module overview and the step player."""

from flask import Flask


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
