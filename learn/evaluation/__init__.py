"""Evaluation forms after a module and the trainers' feedback dashboard."""
from flask import Flask


def init_app(app: Flask) -> None:
    from ..privacy import EXPORTERS
    from . import records

    if records.personal_data not in EXPORTERS:
        EXPORTERS.append(records.personal_data)
