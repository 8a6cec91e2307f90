"""Leerpad's own signing keys and the JWKS that publishes them.

The tool signs its client assertions (for grade passback and the member list) and its
deep-linking responses with the newest key; platforms check them against the JWKS URL.
``learn lti rotate-key`` makes a new key; the retired one stays published for a day, so a
token signed just before the rotation, or a platform that cached the old JWKS, still verifies.
"""

import json
from datetime import datetime, timedelta

from jwcrypto.jwk import JWK
from sqlalchemy import select

from ..auth.models import utcnow
from ..extensions import db
from .models import LtiKey

RETIRED_KEY_GRACE = timedelta(days=1)
KEY_BITS = 2048


def public_jwk(key: LtiKey) -> dict:
    """The public half as a JWK, with the ``kid`` PyLTI1p3 puts in the tokens it signs (the thumbprint)."""
    jwk = JWK.from_pem(key.private_pem.encode("ascii"))
    return {**json.loads(jwk.export_public()), "kid": key.kid, "alg": "RS256", "use": "sig"}


def new_key(now: datetime | None = None) -> LtiKey:
    jwk = JWK.generate(kty="RSA", size=KEY_BITS)
    key = LtiKey(
        kid=jwk.thumbprint(),
        private_pem=jwk.export_to_pem(private_key=True, password=None).decode("ascii"),
        created_at=now or utcnow(),
    )
    db.session.add(key)
    db.session.flush()
    return key


def signing_key() -> LtiKey:
    """The key that signs now; the first one is made when first needed."""
    key = db.session.scalar(
        select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.created_at.desc(), LtiKey.id.desc())
    )
    return key or new_key()


def rotate(now: datetime | None = None, keep_previous: bool = True) -> LtiKey:
    """A new signing key. The current one retires; without ``keep_previous`` (a key leaked) every
    older key leaves the JWKS at once, so nothing it signed verifies any more."""
    now = now or utcnow()
    for key in published_keys(now):
        if key.retired_at is None or not keep_previous:
            key.retired_at = now if keep_previous else now - RETIRED_KEY_GRACE
    return new_key(now)


def published_keys(now: datetime | None = None) -> list[LtiKey]:
    """The signing key and the keys retired less than a grace period ago, newest first."""
    cutoff = (now or utcnow()) - RETIRED_KEY_GRACE
    return list(
        db.session.scalars(
            select(LtiKey)
            .where((LtiKey.retired_at.is_(None)) | (LtiKey.retired_at > cutoff))
            .order_by(LtiKey.created_at.desc(), LtiKey.id.desc())
        )
    )


def jwks() -> dict:
    return {"keys": [public_jwk(key) for key in published_keys()]}


def public_pem(key: LtiKey) -> str:
    return JWK.from_pem(key.private_pem.encode("ascii")).export_to_pem().decode("ascii")
