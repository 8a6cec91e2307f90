"""Issuing, revoking and reissuing certificates. Every write is safe under a double-submitted form."""

import secrets
import unicodedata
from datetime import date

from flask import current_app
from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User, utcnow
from ..branding import academy
from ..content.model import Accreditation, Module
from ..database import contains
from ..extensions import db
from ..player.models import Enrolment
from ..player.records import upsert
from .eligibility import Eligibility, LearnerFacts, eligibility, normalize_register_number
from .facts import certified_version, facts_for
from .models import Certificate, RegisterNumber, code_digest

CODE_BYTES = 32  # 256 bits of randomness; the issue asks for at least 128


class NotEligible(Exception):
    def __init__(self, result: Eligibility):
        super().__init__("; ".join(result.messages))
        self.result = result


class NotCurrent(Exception):
    """Only a valid certificate can be revoked or reissued."""


def allow_placeholder() -> bool:
    """Certificates for provisional accreditation numbers: only outside production (demo, tests)."""
    return current_app.config.get("CERTIFICATES_ALLOW_PLACEHOLDER", not current_app.config["PRODUCTION"])


def accreditation_for(module: Module, register: str) -> Accreditation | None:
    return next((a for a in module.accreditations if a.register.lower() == register.lower()), None)


def latest_certificate(user_id: int, module_id: str, version: str, register: str) -> Certificate | None:
    return db.session.scalar(
        select(Certificate)
        .filter_by(user_id=user_id, module_id=module_id, module_version=version, register=register)
        .order_by(Certificate.edition.desc())
        .limit(1)
    )


def last_register_number(user_id: int, register: str) -> str | None:
    """The number the learner's profile remembers for this register (or, from before profiles kept it,
    the one on their last certificate), to fill in the form."""
    remembered = db.session.scalar(select(RegisterNumber.number).filter_by(user_id=user_id, register=register))
    return remembered or db.session.scalar(
        select(Certificate.register_number)
        .filter_by(user_id=user_id, register=register)
        .where(Certificate.register_number.is_not(None))
        .order_by(Certificate.issued_at.desc())
        .limit(1)
    )


def remember_register_number(user_id: int, register: str, number: str | None) -> None:
    """Keep the number in the learner's profile, so the next certificate asks no more."""
    number = normalize_register_number(number)
    if number:
        upsert(RegisterNumber, {"user_id": user_id, "register": register}, {"number": number, "updated_at": utcnow()})


def register_numbers_of(user_id: int) -> dict[str, str]:
    rows = db.session.execute(select(RegisterNumber.register, RegisterNumber.number).filter_by(user_id=user_id))
    return dict(sorted(rows.all()))


def check(facts: LearnerFacts, accreditation: Accreditation, today: date | None = None) -> Eligibility:
    return eligibility(facts, accreditation, today or date.today(), allow_placeholder=allow_placeholder())


def issue(
    user: User,
    module: Module,
    accreditation: Accreditation,
    enrolment: Enrolment | None,
    learner_name: str,
    register_number: str | None = None,
    today: date | None = None,
) -> Certificate:
    """The learner's certificate for this register: issued now, or the one issued before."""
    version = certified_version(module, enrolment)
    existing = latest_certificate(user.id, module.id, version, accreditation.register)
    if existing is not None:
        return existing
    numbers = {accreditation.register: register_number} if register_number else {}
    facts = facts_for(user, module, enrolment, numbers)
    result = eligibility(facts, accreditation, today or date.today(), allow_placeholder=allow_placeholder())
    if not result.eligible:
        raise NotEligible(result)
    remember_register_number(user.id, accreditation.register, register_number)
    brand = academy()
    certificate = Certificate(
        user_id=user.id,
        edition=1,
        learner_name=clean_name(learner_name),
        register_number=normalize_register_number(register_number) or None,
        module_id=module.id,
        module_title=module.title,
        module_version=version,
        register=accreditation.register,
        accreditation_number=accreditation.number,
        points=accreditation.points,
        points_unit=accreditation.unit,
        completion_date=facts.completed_on or (today or date.today()),
        study_seconds=facts.study_seconds,
        placeholder=accreditation.placeholder,
        academy_name=brand.name,
        signatory=brand.signatory,
    )
    return _insert(certificate) or latest_certificate(user.id, module.id, version, accreditation.register)


def reissue(old: Certificate, learner_name: str, register_number: str | None = None) -> Certificate:
    """A new edition with a corrected name (and register number); the old one is marked replaced."""
    if old.replaced_by is not None:
        return old.replaced_by
    if old.revoked_at is not None:
        raise NotCurrent(old.number)
    new = Certificate(
        user_id=old.user_id,
        edition=old.edition + 1,
        learner_name=clean_name(learner_name),
        register_number=normalize_register_number(register_number) or old.register_number,
        **{
            column: getattr(old, column)
            for column in (
                "module_id",
                "module_title",
                "module_version",
                "register",
                "accreditation_number",
                "points",
                "points_unit",
                "completion_date",
                "study_seconds",
                "placeholder",
                "academy_name",
                "signatory",
            )
        },
    )
    inserted = _insert(new)
    if inserted is None:  # a concurrent reissue won
        db.session.refresh(old)
        return old.replaced_by
    old.replaced_by = inserted
    old.replaced_at = inserted.issued_at
    return inserted


def revoke(certificate: Certificate, reason: str, by: str | None = None) -> None:
    """Revoke once (a second submit changes nothing), recorded with when, why and by whom; the learner is mailed."""
    if certificate.revoked_at is None:
        certificate.revoked_at = utcnow()
        certificate.revoke_reason = reason.strip()
        certificate.revoked_by = by
        from .mails import revoked

        revoked(certificate)


def clean_name(name: str) -> str:
    """NFC (an ë typed as e + combining diaeresis prints as one letter), no control characters, single spaces."""
    name = unicodedata.normalize("NFC", name)
    return " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in name).split())


def search(statement: Select, text: str | None = None, register: str | None = None) -> Select:
    """``statement`` narrowed to certificates whose name, number, register number or module title holds
    ``text``, in ``register``: the admin page and ``learn certificates list`` find the same ones."""
    if text:
        statement = statement.where(
            or_(
                contains(Certificate.learner_name, text),
                contains(Certificate.number, text),
                contains(Certificate.register_number, text),
                contains(Certificate.module_title, text),
            )
        )
    if register:
        statement = statement.where(Certificate.register == register)
    return statement


def find_by_code(code: str) -> Certificate | None:
    """Lookup by digest: any string, well-formed or not, takes the same path and the same time."""
    return db.session.scalar(select(Certificate).filter_by(code_digest=code_digest(code)))


def _insert(certificate: Certificate) -> Certificate | None:
    """Insert with a fresh code and a readable number; None when the unique key already exists."""
    code = secrets.token_urlsafe(CODE_BYTES)
    certificate.verification_code = code
    certificate.code_digest = code_digest(code)
    certificate.issued_at = utcnow()
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
            db.session.flush()
            certificate.number = f"LP-{certificate.issued_at.year}-{certificate.id:06d}"
            db.session.flush()
    except IntegrityError:
        return None
    return certificate
