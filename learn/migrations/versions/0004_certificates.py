"""certificates

Revision ID: 0004
Revises: 0002, 0003
Create Date: 2026-11-27 02:55:00

Merges the assessment (0002) and evaluation (0003) heads; when those are chained on
main, set down_revision to the newest revision there.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = ("0002", "0003")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=True),
        sa.Column("verification_code", sa.String(length=64), nullable=False),
        sa.Column("code_digest", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("learner_name", sa.String(length=200), nullable=False),
        sa.Column("register_number", sa.String(length=40), nullable=True),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("module_title", sa.String(length=300), nullable=False),
        sa.Column("module_version", sa.String(length=32), nullable=False),
        sa.Column("register", sa.String(length=64), nullable=False),
        sa.Column("accreditation_number", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("points_unit", sa.String(length=20), nullable=False),
        sa.Column("completion_date", sa.Date(), nullable=False),
        sa.Column("academy_name", sa.String(length=200), nullable=False),
        sa.Column("signatory", sa.String(length=200), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.Column("replaced_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["replaced_by_id"],
            ["certificates.id"],
            name=op.f("fk_certificates_replaced_by_id_certificates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_certificates_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificates")),
        sa.UniqueConstraint("code_digest", name=op.f("uq_certificates_code_digest")),
        sa.UniqueConstraint("number", name=op.f("uq_certificates_number")),
        sa.UniqueConstraint(
            "user_id",
            "module_id",
            "module_version",
            "register",
            "edition",
            name=op.f("uq_certificates_user_id_module_id_module_version_register_edition"),
        ),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_module_id"), ["module_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificates_register"), ["register"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificates_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_user_id"))
        batch_op.drop_index(batch_op.f("ix_certificates_register"))
        batch_op.drop_index(batch_op.f("ix_certificates_module_id"))

    op.drop_table("certificates")
