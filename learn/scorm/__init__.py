"""SCORM packages of the modules for institutions' own LMSs: the download page.

The packages themselves are built by the top-level ``scorm_export`` package.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..branding import ROLE_MENU, MenuItem


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
    if not any(item.endpoint == "scorm.index" for item in ROLE_MENU):  # lazy labels compare only in a request
        ROLE_MENU.append(MenuItem(("admin", "institution"), "scorm.index", _l("SCORM-pakketten"), "academy"))
