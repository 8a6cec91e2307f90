"""Issued certificates per register and period as CSV: the participant report a register asks for.

Columns follow ACCREDITATION.md: name, register number, accreditation number,
points and completion date, then what identifies the certificate. Only valid
certificates are reported (a replaced one is reported through its successor).
Written by :mod:`learn.exports` (Dutch: semicolons, decimal comma, a BOM; dates ISO 8601, which
every spreadsheet reads as dates; a typed name never becomes a formula).
"""

from datetime import date

from sqlalchemy import select

from ..exports import DAY, INTEGER, NUMBER, Column, Sheet, csv_text
from ..extensions import db
from .models import Certificate

COLUMNS = (
    Column("Naam"),
    Column("Registratienummer"),
    Column("Register"),
    Column("Accreditatienummer"),
    Column("Punten", NUMBER, 2),
    Column("Eenheid"),
    Column("Datum afronding", DAY),
    Column("Module"),
    Column("Moduleversie"),
    Column("Certificaatnummer"),
    Column("Uitgegeven op", DAY),
    Column("Aanbieder"),
    Column("Studietijd (minuten)", INTEGER),
)


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
    rows = [
        (
            c.learner_name,
            c.register_number,
            c.register,
            c.accreditation_number,
            c.points,
            c.points_unit,
            c.completion_date,
            c.module_title,
            c.module_version,
            c.number,
            c.issued_at,
            c.academy_name,
            None if c.study_seconds is None else c.study_seconds // 60,
        )
        for c in certificates
    ]
    return csv_text(Sheet("Certificaten", COLUMNS, rows))
