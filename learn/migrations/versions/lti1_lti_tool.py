"""LTI 1.3 tool: platforms, deployments, Leerpad's keys, server-side launch state, linked accounts,
courses, roles per course and resource links (learn/lti).

Revision ID: lti1
Revises: security1
Create Date: 2026-12-01 23:58:02
"""

import sqlalchemy as sa
from alembic import op

revision = "lti1"
down_revision = "security1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lti_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_keys")),
        sa.UniqueConstraint("kid", name=op.f("uq_lti_keys_kid")),
    )
    op.create_table(
        "lti_platforms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.String(length=255), nullable=False),
        sa.Column("auth_login_url", sa.String(length=500), nullable=False),
        sa.Column("auth_token_url", sa.String(length=500), nullable=False),
        sa.Column("key_set_url", sa.String(length=500), nullable=False),
        sa.Column("token_audience", sa.String(length=500), nullable=True),
        sa.Column("frame_origins", sa.JSON(), nullable=False),
        sa.Column("invite", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_platforms")),
        sa.UniqueConstraint("invite", name=op.f("uq_lti_platforms_invite")),
        sa.UniqueConstraint("issuer", "client_id", name=op.f("uq_lti_platforms_issuer_client_id")),
    )
    op.create_table(
        "lti_server_state",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lti_server_state")),
    )
    op.create_index(op.f("ix_lti_server_state_expires_at"), "lti_server_state", ["expires_at"], unique=False)

    op.create_table(
        "lti_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=255), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_lti_accounts_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_accounts")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_lti_accounts_issuer_subject")),
        sa.UniqueConstraint("user_id", name=op.f("uq_lti_accounts_user_id")),
    )
    op.create_table(
        "lti_contexts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("memberships_url", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platforms.id"],
            name=op.f("fk_lti_contexts_platform_id_lti_platforms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_contexts")),
        sa.UniqueConstraint(
            "platform_id",
            "deployment_id",
            "context_id",
            name=op.f("uq_lti_contexts_platform_id_deployment_id_context_id"),
        ),
    )
    op.create_index(op.f("ix_lti_contexts_platform_id"), "lti_contexts", ["platform_id"], unique=False)

    op.create_table(
        "lti_deployments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["lti_platforms.id"],
            name=op.f("fk_lti_deployments_platform_id_lti_platforms"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_deployments")),
        sa.UniqueConstraint("platform_id", "deployment_id", name=op.f("uq_lti_deployments_platform_id_deployment_id")),
    )
    op.create_table(
        "lti_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("instructor", sa.Boolean(), nullable=False),
        sa.Column("last_launch_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["context_id"],
            ["lti_contexts.id"],
            name=op.f("fk_lti_memberships_context_id_lti_contexts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_lti_memberships_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_memberships")),
        sa.UniqueConstraint("context_id", "user_id", name=op.f("uq_lti_memberships_context_id_user_id")),
    )
    op.create_index(op.f("ix_lti_memberships_user_id"), "lti_memberships", ["user_id"], unique=False)

    op.create_table(
        "lti_resource_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.Integer(), nullable=False),
        sa.Column("resource_link_id", sa.String(length=255), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=True),
        sa.Column("step_id", sa.String(length=64), nullable=True),
        sa.Column("lineitem_url", sa.String(length=500), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["context_id"],
            ["lti_contexts.id"],
            name=op.f("fk_lti_resource_links_context_id_lti_contexts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lti_resource_links")),
        sa.UniqueConstraint(
            "context_id", "resource_link_id", name=op.f("uq_lti_resource_links_context_id_resource_link_id")
        ),
    )
    op.create_index(op.f("ix_lti_resource_links_context_id"), "lti_resource_links", ["context_id"], unique=False)
    op.create_index(op.f("ix_lti_resource_links_module_id"), "lti_resource_links", ["module_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_lti_resource_links_module_id"), table_name="lti_resource_links")
    op.drop_index(op.f("ix_lti_resource_links_context_id"), table_name="lti_resource_links")

    op.drop_table("lti_resource_links")
    op.drop_index(op.f("ix_lti_memberships_user_id"), table_name="lti_memberships")

    op.drop_table("lti_memberships")
    op.drop_table("lti_deployments")
    op.drop_index(op.f("ix_lti_contexts_platform_id"), table_name="lti_contexts")

    op.drop_table("lti_contexts")
    op.drop_table("lti_accounts")
    op.drop_index(op.f("ix_lti_server_state_expires_at"), table_name="lti_server_state")

    op.drop_table("lti_server_state")
    op.drop_table("lti_platforms")
    op.drop_table("lti_keys")
