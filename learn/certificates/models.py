"""Issued certificates: a frozen record of what was certified, so the PDF can be made again identically.

Everything printed is copied into the row (module title, accreditation number,
academy, signatory): a later module version or academy rename never changes a
certificate already handed to a register.
"""

import hashlib
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User, utcnow
from ..extensions import db


def code_digest(code: str) -> str:
    """What the database stores to find a verification code: lookups by digest take the same time for any input."""
    return hashlib.sha256(code.encode("utf-8", "surrogatepass")).hexdigest()


class Certificate(db.Model):
    __tablename__ = "certificates"
    # One certificate per learner, module version and register; a reissue is the next edition.
    __table_args__ = (UniqueConstraint("user_id", "module_id", "module_version", "register", "edition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(String(20), unique=True)
    verification_code: Mapped[str] = mapped_column(String(64))
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    edition: Mapped[int] = mapped_column(default=1)
    learner_name: Mapped[str] = mapped_column(String(200))
    register_number: Mapped[str | None] = mapped_column(String(40))
    module_id: Mapped[str] = mapped_column(String(64), index=True)
    module_title: Mapped[str] = mapped_column(String(300))
    module_version: Mapped[str] = mapped_column(String(32))
    register: Mapped[str] = mapped_column(String(64), index=True)
    accreditation_number: Mapped[str] = mapped_column(String(64))
    points: Mapped[float] = mapped_column(Float)
    points_unit: Mapped[str] = mapped_column(String(20))
    completion_date: Mapped[date] = mapped_column(Date)
    study_seconds: Mapped[int | None]  # counted study time at issue; None on certificates issued before it was kept
    placeholder: Mapped[bool] = mapped_column(default=False, server_default=false())  # a demo accreditation number
    academy_name: Mapped[str] = mapped_column(String(200))
    signatory: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by: Mapped[str | None] = mapped_column(String(200))  # the admin's name, kept when the account goes
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime | None]

    user: Mapped[User | None] = relationship()
    replaced_by: Mapped["Certificate | None"] = relationship(remote_side=[id])

    @property
    def status(self) -> str:
        """valid, revoked or replaced: what the verification page says."""
        if self.revoked_at is not None:
            return "revoked"
        if self.replaced_by_id is not None:
            return "replaced"
        return "valid"

    @property
    def is_current(self) -> bool:
        return self.status == "valid"


class RegisterNumber(db.Model):
    """The learner's registration number per register, remembered so the next certificate asks no more."""

    __tablename__ = "register_numbers"
    __table_args__ = (UniqueConstraint("user_id", "register"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    register: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
