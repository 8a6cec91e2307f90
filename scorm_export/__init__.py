"""SCORM 1.2 and SCORM 2004 4th edition packages of a module, from the content model.

One SCO per module: a launch page holding every step (rendered from the same
step templates as the web player, with ``mode='scorm'``), the platform's CSS and
the shared client runtime (``learn/static/runtime/``, started by ``scorm.js`` with
the standard's LMS adapter) that navigates, scores, keeps state and talks to the
LMS. ``build_package`` gives the zip's bytes; the same module version and settings
always give the same bytes. ``standards`` holds what the two standards define, and
``package``, ``manifest`` and ``render`` import it, never each other in a circle.
"""

from .package import Package, build_package
from .standards import STANDARDS, Standard, standard_for

__all__ = ["STANDARDS", "Package", "Standard", "build_package", "standard_for"]
