"""Leerpad: an e-learning and assessment engine for accredited modules."""

import logging
import time
from pathlib import Path

from flask import Flask, g, render_template, request
from redis.exceptions import ConnectionError as RedisUnreachable
from redis.exceptions import TimeoutError as RedisTimeout
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from . import config
from .config import DEFAULT_SECRET
from .database import engine_options, retry_as_writer, tune_engine
from .extensions import babel, csrf, db, limiter, login_manager
from .i18n import choose_locale_afresh, register_filters, select_locale

request_log = logging.getLogger("leerpad.requests")


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app)
    if app.config["PRODUCTION"] and app.config["SECRET_KEY"] == DEFAULT_SECRET:
        raise RuntimeError("Refusing to start in production with the default SECRET_KEY: set SECRET_KEY.")
    if app.config["PRODUCTION"] and not app.config["BASE_URL"]:
        raise RuntimeError(
            "Refusing to start in production without LEERPAD_BASE_URL: set it to the address learners use, "
            "e.g. https://leren.academie.nl (mails, certificates and LMS links are built from it)."
        )
    if app.config["PRODUCTION"] and app.config["MAIL_BACKEND"] == "log" and not app.config["ALLOW_LOG_MAIL"]:
        raise RuntimeError(
            "Refusing to start in production with MAIL_BACKEND=log: password reset links would be written to "
            "the log. Set MAIL_BACKEND=smtp and MAIL_SERVER (LEERPAD_ALLOW_LOG_MAIL=1 for a trial without mail)."
        )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)

    db.init_app(app)
    with app.app_context():
        tune_engine(db.engine)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(choose_locale_afresh)
    register_filters(app)
    from . import rate_limits

    rate_limits.configure(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from . import input

    input.init_app(app)  # before the blueprints: their <int:…> rules use its converter

    from .content.library import init_library

    init_library(app)

    from . import (
        admin,
        assessment,
        assets,
        auth,
        branding,
        certificates,
        evaluation,
        health,
        jobs,
        lti,
        player,
        scorm,
        security,
        studytime,
        tools,
    )

    assets.init_app(app)  # before security: its year of caching for a hashed address overrides "no-store"
    jobs.init_app(app)
    branding.init_app(app)
    auth.init_app(app)
    player.init_app(app)
    assessment.init_app(app)
    admin.init_app(app)
    evaluation.init_app(app)
    certificates.init_app(app)
    studytime.init_app(app)
    scorm.init_app(app)
    tools.init_app(app)
    lti.init_app(app)
    health.init_app(app)
    security.init_app(app)
    _register_error_pages(app)
    _register_request_log(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _error_page(status: int):
    # A failed statement may have left the session needing a rollback (PostgreSQL refuses every
    # statement after it); the page looks up the signed-in user, so it starts from a clean session.
    db.session.rollback()
    return render_template("error.html", status=status), status


def _register_error_pages(app: Flask) -> None:
    for status in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(status, lambda error, status=status: _error_page(status))

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
    app.register_error_handler(RedisUnreachable, database_unavailable)  # the shared Redis (sessions, limits)
    app.register_error_handler(RedisTimeout, database_unavailable)

    @app.errorhandler(500)
    def server_error(error):
        return _error_page(500)


class _WithoutServerRequestLines(logging.Filter):
    """The development server logs every request as well; ours has the timing, so each request gets one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.rstrip().endswith('"%s" %s %s'))


def _register_request_log(app: Flask) -> None:
    """One line per request with its timing, the format operations expects."""
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _WithoutServerRequestLines) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_WithoutServerRequestLines())

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
