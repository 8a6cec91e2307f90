"""LTI 1.3: the platforms (LMSs) Leerpad is registered in, its own signing keys, and who came from where.

A learner from an LMS is a Leerpad account linked to the platform's (issuer, subject) and to
nothing else: never to an existing account by e-mail. Their role in a course (context) is kept
per course, so an LMS instructor is a trainer for that course only.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User, utcnow
from ..extensions import db

URL = String(500)
LTI_ID = String(255)  # subjects, deployment, context and resource link ids: at most 255 characters by the specs


class LtiPlatform(db.Model):
    """One registration of Leerpad as a tool in an LMS: the platform's side of the handshake."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(LTI_ID)
    client_id: Mapped[str] = mapped_column(LTI_ID)
    auth_login_url: Mapped[str] = mapped_column(URL)
    auth_token_url: Mapped[str] = mapped_column(URL)
    key_set_url: Mapped[str] = mapped_column(URL)
    # The audience of Leerpad's client assertions where it is not the token URL (Brightspace's auth server).
    token_audience: Mapped[str | None] = mapped_column(URL)
    # The addresses (origins) the LMS shows Leerpad from in its frame: CSP frame-ancestors.
    frame_origins: Mapped[list] = mapped_column(JSON, default=list)
    # The dynamic registration link it was made with: each link registers one platform.
    invite: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deployments: Mapped[list["LtiDeployment"]] = relationship(
        back_populates="platform", cascade="all, delete-orphan", order_by="LtiDeployment.id"
    )


class LtiDeployment(db.Model):
    __tablename__ = "lti_deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    deployment_id: Mapped[str] = mapped_column(LTI_ID)

    platform: Mapped[LtiPlatform] = relationship(back_populates="deployments")


class LtiKey(db.Model):
    """Leerpad's own RSA key pair: the newest signs, retired ones stay published for a grace period."""

    __tablename__ = "lti_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class LtiServerState(db.Model):
    """What PyLTI1p3 would keep in the browser's session (nonces, launch data) and used new-tab tickets.

    Kept on the server: inside the LMS's cross-site frame the browser may carry no session at all.
    """

    __tablename__ = "lti_server_state"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict | list | str | bool | None] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LtiAccount(db.Model):
    """The link between a platform's user (issuer, sub) and the Leerpad account made for them."""

    __tablename__ = "lti_accounts"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str] = mapped_column(LTI_ID)
    subject: Mapped[str] = mapped_column(LTI_ID)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()


class LtiContext(db.Model):
    """A course in an LMS that launched Leerpad."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"), index=True)
    deployment_id: Mapped[str] = mapped_column(LTI_ID)
    context_id: Mapped[str] = mapped_column(LTI_ID)
    title: Mapped[str] = mapped_column(String(300), default="")
    # Names and Role Provisioning Services: where the course's member list is, if the platform offers it.
    memberships_url: Mapped[str | None] = mapped_column(URL)

    platform: Mapped[LtiPlatform] = relationship()


class LtiMembership(db.Model):
    """A user's role in one course: an LMS instructor is a trainer for this course only."""

    __tablename__ = "lti_memberships"
    __table_args__ = (UniqueConstraint("context_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    instructor: Mapped[bool] = mapped_column(default=False)
    last_launch_at: Mapped[datetime] = mapped_column(default=utcnow)

    context: Mapped[LtiContext] = relationship()


class LtiResourceLink(db.Model):
    """A link in a course to a module (or its final quiz), with the gradebook column scores go to."""

    __tablename__ = "lti_resource_links"
    __table_args__ = (UniqueConstraint("context_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_contexts.id", ondelete="CASCADE"), index=True)
    resource_link_id: Mapped[str] = mapped_column(LTI_ID)
    title: Mapped[str] = mapped_column(String(300), default="")
    module_id: Mapped[str | None] = mapped_column(String(64), index=True)
    step_id: Mapped[str | None] = mapped_column(String(64))
    # Assignment and Grade Services: the line item and the scopes the platform granted for it.
    lineitem_url: Mapped[str | None] = mapped_column(URL)
    scopes: Mapped[list] = mapped_column(JSON, default=list)

    context: Mapped[LtiContext] = relationship()
