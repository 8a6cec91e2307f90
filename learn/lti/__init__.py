"""Leerpad as an LTI 1.3 Advantage tool: other academies launch its modules from their own LMS.

Registration (by hand or Dynamic Registration), OIDC login and launch, Deep Linking 2.0,
Assignment and Grade Services, Names and Role Provisioning Services, all inside the LMS's
cross-site frame. See docs/lti.md.
"""

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user


def init_app(app: Flask) -> None:
    from .. import security
    from ..assessment import records as assessment_records
    from ..auth import sessions
    from ..branding import ROLE_MENU, MenuItem
    from ..extensions import db
    from ..player import records as player_records
    from ..privacy import EXPORTERS
    from . import grades
    from .cli import lti
    from .frame import FrameSessionInterface, allow_framing_by, allowed_frame_ancestors, lti_session, new_tab_url
    from .privacy import lti_links_of
    from .views import admin_bp, bp, session_ended

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.session_interface = FrameSessionInterface()
    app.cli.add_command(lti)
    for registry, entry in (
        (security.FRAME_ANCESTORS, allowed_frame_ancestors),
        (assessment_records.ON_RECORDED, grades.final_quiz_recorded),
        (player_records.ON_COMPLETED, grades.module_completed),
        (EXPORTERS, lti_links_of),
    ):
        if entry not in registry:
            registry.append(entry)
    if not any(item.endpoint == "lti_admin.index" for item in ROLE_MENU):
        ROLE_MENU.append(MenuItem(("admin",), "lti_admin.index", _l("Leeromgevingen"), "academy"))

    @app.before_request
    def no_password_login_in_the_frame():
        """A learner whose session in the LMS's frame ended (idle, lifetime) has no password: back to the LMS."""
        if request.endpoint == "auth.login" and lti_session() is not None and not current_user.is_authenticated:
            return session_ended()

    @app.before_request
    def logout_in_the_frame():
        """Signing out inside the LMS's frame ends on a page that frame may show: the catalogue the logout
        would redirect to lies outside any LTI session, and the browser would refuse it there."""
        framing = lti_session()
        if request.endpoint == "auth.logout" and framing is not None and framing.get("framed"):
            sessions.end()
            db.session.commit()
            allow_framing_by(framing.get("origins", []))
            return render_template("lti/logged_out.html")
        return None

    @app.context_processor
    def inject_lti_frame():
        return {"lti_frame": {"new_tab": new_tab_url()} if lti_session() is not None else None}
