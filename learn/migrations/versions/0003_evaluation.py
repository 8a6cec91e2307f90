"""evaluation drafts, submissions, anonymous responses and their tallies

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-27 02:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evaluation_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("module_version", sa.String(length=32), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_evaluation_drafts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_drafts")),
        sa.UniqueConstraint(
            "user_id", "module_id", "module_version", name=op.f("uq_evaluation_drafts_user_id_module_id_module_version")
        ),
    )
    with op.batch_alter_table("evaluation_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_drafts_user_id"), ["user_id"], unique=False)

    op.create_table(
        "evaluation_submissions",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("module_version", sa.String(length=32), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_evaluation_submissions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "module_id", "module_version", name=op.f("pk_evaluation_submissions")),
    )
    # Random ids and, on SQLite, no rowid: the storage order is not the order of submission.
    op.create_table(
        "evaluation_responses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("module_version", sa.String(length=32), nullable=False),
        sa.Column("form_name", sa.String(length=64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("hours_spent", sa.Float(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_responses")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("evaluation_responses", schema=None) as batch_op:
        batch_op.create_index(
            "ix_evaluation_responses_module",
            ["module_id", "month", "grade", "module_version", "hours_spent"],
            unique=False,
        )

    op.create_table(
        "evaluation_tallies",
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("module_version", sa.String(length=32), nullable=False),
        sa.Column("field_id", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "module_id", "month", "module_version", "field_id", "value", name=op.f("pk_evaluation_tallies")
        ),
    )
    op.create_table(
        "evaluation_comments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("module_version", sa.String(length=32), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("field_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["evaluation_responses.id"],
            name=op.f("fk_evaluation_comments_response_id_evaluation_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_comments")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("evaluation_comments", schema=None) as batch_op:
        batch_op.create_index("ix_evaluation_comments_module", ["module_id", "month", "module_version"], unique=False)
        batch_op.create_index(batch_op.f("ix_evaluation_comments_response_id"), ["response_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evaluation_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_comments_response_id"))
        batch_op.drop_index("ix_evaluation_comments_module")
    op.drop_table("evaluation_comments")
    op.drop_table("evaluation_tallies")
    with op.batch_alter_table("evaluation_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluation_responses_module")
    op.drop_table("evaluation_responses")
    op.drop_table("evaluation_submissions")
    with op.batch_alter_table("evaluation_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_drafts_user_id"))
    op.drop_table("evaluation_drafts")
