"""``/healthz``: the load balancer's view of whether this worker can reach its database."""
from flask import Blueprint, Flask
from sqlalchemy import text

from .extensions import db
from .security import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
