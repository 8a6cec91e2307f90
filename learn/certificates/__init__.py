"""Accreditation certificates: eligibility, issuing, the PDF, public verification and register exports."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    from ..branding import ROLE_MENU, MenuItem
    from ..player.actions import NEXT_ACTIONS, OVERVIEW_PANELS
    from ..privacy import EXPORTERS
    from .cli import certificates_command
    from .issuing import register_numbers_of
    from .privacy import certificates_of
    from .views import admin_bp, bp, certificate_next, certificate_panel

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.add_template_global(register_numbers_of)
    for item in (
        MenuItem(("learner", "trainer", "admin", "institution"), "certificates.mine", _l("Mijn certificaten")),
        MenuItem(("admin",), "certificates_admin.index", _l("Certificaten"), "academy"),
    ):
        if all(existing.endpoint != item.endpoint for existing in ROLE_MENU):  # lazy labels need a request to compare
            ROLE_MENU.append(item)
    if certificate_panel not in OVERVIEW_PANELS:
        OVERVIEW_PANELS.append(certificate_panel)
    if certificate_next not in NEXT_ACTIONS:
        NEXT_ACTIONS.append(certificate_next)
    if certificates_of not in EXPORTERS:
        EXPORTERS.append(certificates_of)
    app.cli.add_command(certificates_command)
