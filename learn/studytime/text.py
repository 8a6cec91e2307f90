"""Study time as people say it: "1 uur 12 minuten"."""

from flask_babel import gettext as _
from flask_babel import ngettext


def hours_minutes(seconds: int) -> tuple[int, int]:
    """Whole hours and minutes, rounded down: a certificate never states time not spent."""
    minutes = max(0, int(seconds)) // 60
    return minutes // 60, minutes % 60


def studied(seconds: int | None) -> str:
    hours, minutes = hours_minutes(seconds or 0)
    if not hours and not minutes:
        return _("minder dan een minuut")
    parts = []
    if hours:
        parts.append(ngettext("%(num)s uur", "%(num)s uur", hours))
    if minutes:
        parts.append(ngettext("%(num)s minuut", "%(num)s minuten", minutes))
    return " ".join(parts)
