"""Evaluation forms after a module and the trainers' feedback dashboard."""
from flask import Flask, render_template
from markupsafe import Markup


def overview_panel(module, enrolment) -> Markup:
    """On the module overview: a link to the form once the learner has completed the module."""
    from . import records
    from .library import form_for

    if enrolment.completed_at is None or form_for(module) is None:
        return Markup("")
    version = enrolment.completed_version or module.version
    return Markup(render_template(
        "evaluation/_panel.html", module=module,
        submitted=records.has_submitted(enrolment.user_id, module.id, version),
        draft=records.find_draft(enrolment.user_id, module.id, version),
    ))


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from ..branding import ROLE_MENU, MenuItem
    from ..player.actions import OVERVIEW_PANELS
    from ..privacy import EXPORTERS
    from . import records
    from .library import init_forms
    from .dashboard import bp as dashboard_bp
    from .views import bp

    init_forms(app)
    app.register_blueprint(bp)
    app.register_blueprint(dashboard_bp)
    if not any(item.endpoint == "evaluation_dashboard.index" for item in ROLE_MENU):
        ROLE_MENU.append(MenuItem(("trainer", "admin"), "evaluation_dashboard.index", _l("Evaluaties")))
    if records.personal_data not in EXPORTERS:
        EXPORTERS.append(records.personal_data)
    if overview_panel not in OVERVIEW_PANELS:
        OVERVIEW_PANELS.append(overview_panel)
