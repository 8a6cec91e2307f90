"""The academy's look (name, logo, colours) and the role menu, available to every template."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, send_file
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .security import public

bp = Blueprint("branding", __name__)
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class MenuItem:
    roles: tuple[str, ...]
    endpoint: str
    label: str = field(compare=False)  # a lazy label needs a request to compare; endpoint and roles identify the item


# Features add the pages of their roles here (see each feature's init_app).
ROLE_MENU: list[MenuItem] = [MenuItem(("admin",), "admin.users", _l("Gebruikers"))]


@dataclass(frozen=True)
class Academy:
    name: str
    primary_color: str
    accent_color: str
    signatory: str
    logo_path: Path


def academy() -> Academy:
    config = current_app.config
    colours = [config["ACADEMY_PRIMARY_COLOR"], config["ACADEMY_ACCENT_COLOR"]]
    colours = [c if HEX_COLOUR.match(c) else "#1d4f91" for c in colours]
    return Academy(
        config["ACADEMY_NAME"], colours[0], colours[1], config["ACADEMY_SIGNATORY"], Path(config["ACADEMY_LOGO"])
    )


@bp.get("/branding.css")
@public
def colours():
    brand = academy()
    css = f":root {{ --brand: {brand.primary_color}; --accent: {brand.accent_color}; }}\n"
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/branding/logo")
@public
def logo():
    path = academy().logo_path
    if not path.is_file():
        abort(404)
    return send_file(path, max_age=3600)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def inject_branding():
        role = current_user.role if current_user and current_user.is_authenticated else None
        return {
            "academy": academy(),
            "current_locale": lambda: str(get_locale()),
            "role_menu": [item for item in ROLE_MENU if role in item.roles],
        }
