"""Module tools as PDFs: handouts a module carries, rendered from its own Markdown files.

The web player offers them on the overview and on the steps that link to them; the
SCORM export puts the same PDFs in the package (``scorm_export.render``).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from .views import bp

    app.register_blueprint(bp)
