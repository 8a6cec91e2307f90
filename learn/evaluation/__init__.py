"""Evaluation forms after a module and the trainers' feedback dashboard."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app, render_template
from flask.cli import with_appcontext
from markupsafe import Markup


def overview_panel(module, enrolment) -> Markup:
    """On the module overview: a link to the form once the learner has completed the module."""
    from . import records
    from .library import form_for

    if enrolment.completed_at is None or form_for(module) is None:
        return Markup("")
    version = enrolment.completed_version or module.version
    return Markup(  # noqa: S704 (a rendered, autoescaped template)
        render_template(
            "evaluation/_panel.html",
            module=module,
            submitted=records.has_submitted(enrolment.user_id, module.id, version),
            draft=records.find_draft(enrolment.user_id, module.id, version),
        )
    )


def evaluation_next(module, enrolment):
    """After the last step: the evaluation, until it is submitted."""
    from flask import url_for
    from flask_babel import gettext as _

    from ..player.actions import NextAction
    from . import records
    from .library import form_for

    if enrolment.completed_at is None or form_for(module) is None:
        return None
    version = enrolment.completed_version or module.version
    if records.has_submitted(enrolment.user_id, module.id, version):
        return None
    label = _("Ga verder met de evaluatie") if records.find_draft(enrolment.user_id, module.id, version) else None
    return NextAction(label or _("Vul de evaluatie in"), url_for("evaluation.form", module_id=module.id))


@click.command("check-evaluation-forms")
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def check_forms(path):
    """Validate the evaluation forms in PATH (default: the configured forms folder)."""
    from .definitions import load_forms

    forms = load_forms(path or Path(current_app.config["EVALUATION_FORMS_PATH"]))
    for name, form in sorted(forms.forms.items()):
        click.secho(f"✓ {name}: {len(form.fields)} questions — {form.title}", fg="green")
    for error in forms.errors:
        click.secho(f"✗ {error}", fg="red")
    sys.exit(1 if forms.errors else 0)


def init_app(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    from ..branding import ROLE_MENU, MenuItem
    from ..player.actions import NEXT_ACTIONS, OVERVIEW_PANELS
    from ..privacy import EXPORTERS
    from . import records
    from .dashboard import bp as dashboard_bp
    from .library import init_forms
    from .views import bp

    init_forms(app)
    app.register_blueprint(bp)
    app.register_blueprint(dashboard_bp)
    if not any(item.endpoint == "evaluation_dashboard.index" for item in ROLE_MENU):
        ROLE_MENU.append(MenuItem(("trainer", "admin"), "evaluation_dashboard.index", _l("Evaluaties"), "results"))
    if records.personal_data not in EXPORTERS:
        EXPORTERS.append(records.personal_data)
    app.cli.add_command(check_forms)
    if overview_panel not in OVERVIEW_PANELS:
        OVERVIEW_PANELS.append(overview_panel)
    if evaluation_next not in NEXT_ACTIONS:
        NEXT_ACTIONS.append(evaluation_next)
