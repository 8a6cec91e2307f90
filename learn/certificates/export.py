"""Issued certificates per register and period as CSV: the participant report a register asks for.

Columns follow ACCREDITATION.md: name, register number, accreditation number,
points and completion date, then what identifies the certificate. Only valid
certificates are reported (a replaced one is reported through its successor).
Semicolons and a BOM so Dutch spreadsheet programs open it as columns; dates ISO 8601.
"""

import csv
import io
from datetime import date

from sqlalchemy import select

from ..extensions import db
from .models import Certificate

COLUMNS = (
    "Naam",
    "Registratienummer",
    "Register",
    "Accreditatienummer",
    "Punten",
    "Eenheid",
    "Datum afronding",
    "Module",
    "Moduleversie",
    "Certificaatnummer",
    "Uitgegeven op",
    "Aanbieder",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def certificates_for_report(register: str, start: date | None = None, end: date | None = None) -> list[Certificate]:
    statement = (
        select(Certificate)
        .where(Certificate.register == register, Certificate.revoked_at.is_(None), Certificate.replaced_by_id.is_(None))
        .order_by(Certificate.completion_date, Certificate.id)
    )
    if start:
        statement = statement.where(Certificate.completion_date >= start)
    if end:
        statement = statement.where(Certificate.completion_date <= end)
    return list(db.session.scalars(statement))


def report_csv(certificates: list[Certificate]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for c in certificates:
        writer.writerow(
            [
                _cell(value)
                for value in (
                    c.learner_name,
                    c.register_number or "",
                    c.register,
                    c.accreditation_number,
                    _points(c.points),
                    c.points_unit,
                    c.completion_date.isoformat(),
                    c.module_title,
                    c.module_version,
                    c.number,
                    c.issued_at.date().isoformat(),
                    c.academy_name,
                )
            ]
        )
    return "\ufeff" + buffer.getvalue()


def _points(points: float) -> str:
    return f"{points:g}".replace(".", ",")


def _cell(value: str) -> str:
    """Text that a spreadsheet would run as a formula is prefixed with a quote (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value
