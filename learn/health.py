"""``/healthz``: the load balancer's view of whether this worker can reach its database."""

from flask import Blueprint, Flask, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .security import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        current_app.logger.warning("healthz: database unreachable: %s", error.__class__.__name__)
        return {"status": "unavailable", "database": "unreachable"}, 503, {"Retry-After": "30"}
    return {"status": "ok", "database": "ok"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
