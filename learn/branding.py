"""The academy's look (name, logo, colours) and the role menu, available to every template."""

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request, send_file
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .security import public

bp = Blueprint("branding", __name__)
DEFAULT_LOGO = Path(__file__).parent / "static" / "logo.png"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
CSRF_SLOT = "leerpad-csrf-slot-7f3a"  # where the cached header's logout form gets this visitor's token


@dataclass(frozen=True)
class MenuItem:
    roles: tuple[str, ...]
    endpoint: str
    label: str = field(compare=False)  # a lazy label needs a request to compare; endpoint and roles identify the item
    group: str = field(default="mine", compare=False)  # a key of MENU_GROUPS


# Features add the pages of their roles here (see each feature's init_app).
ROLE_MENU: list[MenuItem] = [
    MenuItem(("learner", "trainer", "admin", "institution"), "player.my_reflections", _l("Mijn reflecties")),
    MenuItem(("admin",), "admin.users", _l("Gebruikers"), "academy"),
]
MENU_GROUPS = {"mine": _l("Mijn leren"), "results": _l("Resultaten"), "academy": _l("Beheer")}
FLAT_MENU_MAX = 4  # more role pages than this, and a group of two or more folds into one menu entry


@dataclass(frozen=True)
class MenuGroup:
    label: str
    items: tuple[MenuItem, ...]


def menu_for(role: str | None, items: list[MenuItem] = ROLE_MENU) -> list[MenuItem | MenuGroup]:
    """The role's pages for the header, in the order of MENU_GROUPS: a learner's few as links, a staff
    member's many folded per group (the header stays two lines on a phone)."""
    mine = [item for item in items if role in item.roles]
    if len(mine) <= FLAT_MENU_MAX:
        return mine
    entries: list[MenuItem | MenuGroup] = []
    for key, label in MENU_GROUPS.items():
        group = tuple(item for item in mine if item.group == key)
        entries.extend(group if len(group) < 2 else [MenuGroup(label, group)])
    return entries


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


@bp.get("/favicon.ico")
@public
def favicon():
    """Browsers ask every site for it: the academy's logo as an icon (the shipped logo if theirs is missing)."""
    path = academy().logo_path
    if not path.is_file():
        path = DEFAULT_LOGO
    return Response(
        _icon(str(path), path.stat().st_mtime_ns),
        mimetype="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@lru_cache(maxsize=4)
def _icon(path: str, _modified: int) -> bytes:
    from PIL import Image  # Pillow comes with xhtml2pdf's ReportLab

    buffer = io.BytesIO()
    Image.open(path).save(buffer, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return buffer.getvalue()


def site_header() -> Markup:
    """The header every page shares, rendered once per language, role, sign-in and academy, not per page.

    It was about 5 % of a step page's instructions (a dozen translations and links). The only
    personal part, the logout form's CSRF token, goes in per page. Templates that change while the
    server runs (``TEMPLATES_AUTO_RELOAD``, development) are rendered every time.
    """
    signed_in = current_user.is_authenticated
    key = (str(get_locale()), current_user.role if signed_in else None, request.script_root, academy().name)
    cache = current_app.extensions.setdefault("leerpad_site_headers", {})
    html = cache.get(key)
    if html is None:
        html = Markup(render_template("_site_header.html", csrf_token=lambda: CSRF_SLOT))  # noqa: S704 autoescaped output
        if not current_app.jinja_env.auto_reload:
            cache[key] = html
    return html.replace(CSRF_SLOT, generate_csrf()) if signed_in else html  # Markup.replace escapes the token


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def inject_branding():
        role = current_user.role if current_user and current_user.is_authenticated else None
        return {
            "academy": academy(),
            "current_locale": lambda: str(get_locale()),
            "role_menu": menu_for(role),
            "site_header": site_header,
        }
