"""Leerpad: an e-learning and assessment engine for accredited modules."""

import logging
import time
from pathlib import Path

from flask import Flask, g, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from . import config
from .config import DEFAULT_SECRET
from .database import engine_options, retry_as_writer, tune_engine
from .extensions import babel, csrf, db, limiter, login_manager
from .i18n import choose_locale_afresh, select_locale

request_log = logging.getLogger("leerpad.requests")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)
    if app.config["PRODUCTION"] and app.config["SECRET_KEY"] == DEFAULT_SECRET:
        raise RuntimeError("Refusing to start in production with the default SECRET_KEY: set SECRET_KEY.")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    db.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(choose_locale_afresh)
    limiter.init_app(app)
    login_manager.init_app(app)

    from .content.library import init_library

    init_library(app)

    from . import admin, assessment, auth, branding, certificates, evaluation, health, player, scorm, security

    branding.init_app(app)
    auth.init_app(app)
    player.init_app(app)
    assessment.init_app(app)
    admin.init_app(app)
    evaluation.init_app(app)
    certificates.init_app(app)
    scorm.init_app(app)
    health.init_app(app)
    security.init_app(app)
    _register_error_pages(app)
    _register_request_log(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _register_error_pages(app: Flask) -> None:
    for status in (400, 403, 404, 405, 429):
        app.register_error_handler(
            status, lambda error, status=status: (render_template("error.html", status=status), status)
        )

    def database_unavailable(error):
        db.session.rollback()
        if (retried := retry_as_writer(error)) is not None:
            return retried
        app.logger.warning("database unavailable: %s: %s", error.__class__.__name__, str(error).splitlines()[0][:200])
        # No user lookup and no database on this page: it must render while the database is away.
        # Rendered without context processors: those look up the signed-in user in the database.
        return app.jinja_env.get_template("unavailable.html").render(), 503, {"Retry-After": "30"}

    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)  # a connection that went away
    app.register_error_handler(PoolTimeout, database_unavailable)  # every connection busy for too long

    @app.errorhandler(500)
    def server_error(error):
        return render_template("error.html", status=500), 500


def _register_request_log(app: Flask) -> None:
    """One line per request with its timing, the format operations expects."""

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        g.request_cpu_started = time.thread_time()

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        if started is not None:
            elapsed_ms = (time.perf_counter() - started) * 1000
            cpu_ms = (time.thread_time() - g.request_cpu_started) * 1000  # this request's own CPU, not waiting
            request_log.info(
                "%s %s %s %.1fms cpu %.1fms", request.method, request.path, response.status_code, elapsed_ms, cpu_ms
            )
        return response
