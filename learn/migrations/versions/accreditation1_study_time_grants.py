"""accreditation: study time per step and the study clock, attempt grants, remembered register numbers,
study time and placeholder status on certificates. Nothing is dropped: progress, marks and the time
counted before stay as they were.

Revision ID: accreditation1
Revises: scaleout1
"""

import sqlalchemy as sa
from alembic import op

revision = "accreditation1"
down_revision = "scaleout1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("enrolments") as batch:
        batch.add_column(sa.Column("clock_step_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("clock_at", sa.DateTime(), nullable=True))
    op.create_table(
        "step_study_times",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_step_study_times_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_study_times")),
        sa.UniqueConstraint("enrolment_id", "step_id", name=op.f("uq_step_study_times_enrolment_id_step_id")),
    )
    op.create_index(op.f("ix_step_study_times_enrolment_id"), "step_study_times", ["enrolment_id"])
    op.create_table(
        "attempt_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enrolment_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_attempt_grants_enrolment_id_enrolments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["users.id"], name=op.f("fk_attempt_grants_granted_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_grants")),
        sa.UniqueConstraint(
            "enrolment_id", "step_id", "number", name=op.f("uq_attempt_grants_enrolment_id_step_id_number")
        ),
    )
    op.create_index(op.f("ix_attempt_grants_enrolment_id"), "attempt_grants", ["enrolment_id"])
    op.create_table(
        "register_numbers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("register", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_register_numbers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_numbers")),
        sa.UniqueConstraint("user_id", "register", name=op.f("uq_register_numbers_user_id_register")),
    )
    op.create_index(op.f("ix_register_numbers_user_id"), "register_numbers", ["user_id"])
    with op.batch_alter_table("certificates") as batch:
        batch.add_column(sa.Column("study_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("placeholder", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("certificates") as batch:
        batch.drop_column("placeholder")
        batch.drop_column("study_seconds")
    op.drop_index(op.f("ix_register_numbers_user_id"), table_name="register_numbers")
    op.drop_table("register_numbers")
    op.drop_index(op.f("ix_attempt_grants_enrolment_id"), table_name="attempt_grants")
    op.drop_table("attempt_grants")
    op.drop_index(op.f("ix_step_study_times_enrolment_id"), table_name="step_study_times")
    op.drop_table("step_study_times")
    with op.batch_alter_table("enrolments") as batch:
        batch.drop_column("clock_at")
        batch.drop_column("clock_step_id")
