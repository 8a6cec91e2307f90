"""SCORM packages of the modules for institutions' own LMSs: the download page.

The packages themselves are built by the top-level ``scorm_export`` package.
"""
from flask import Flask
from flask_babel import lazy_gettext as _l

from ..branding import ROLE_MENU, MenuItem

MENU_ITEM = MenuItem(("admin", "institution"), "scorm.index", _l("SCORM-pakketten"))


def init_app(app: Flask) -> None:
    from .views import bp
    app.register_blueprint(bp)
    if MENU_ITEM not in ROLE_MENU:
        ROLE_MENU.append(MENU_ITEM)
