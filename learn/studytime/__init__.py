"""Study time from real activity: per learner, module and step, with idle gaps capped.

Registers certify net study hours, so the time a certificate states must have been
spent. Page views (reported by the browser), saves, answers and a heartbeat while
the tab is visible and the learner active each move a clock per enrolment
(``clock.tick``); the gap since the previous activity counts for the step the learner
was on, at most ``IDLE_CAP``. A hidden tab stops the clock.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from ..privacy import EXPORTERS
    from .privacy import study_time_of
    from .text import studied
    from .views import bp

    app.register_blueprint(bp)
    app.add_template_filter(studied, "studied")
    if study_time_of not in EXPORTERS:
        EXPORTERS.append(study_time_of)
