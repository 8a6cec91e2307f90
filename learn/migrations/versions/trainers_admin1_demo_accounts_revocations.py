"""demo accounts marked, who revoked a certificate

Revision ID: trainers_admin1
Revises: lti1
Create Date: 2026-12-02 03:00:00

Accounts that ``learn seed-demo`` makes up are marked, so the admin's user list leaves them
out by default. A revocation records who revoked besides when and why. Existing accounts
made up by the demo (the evaluation seed's "Oud-deelnemer" learners) are marked by their
address domain.
"""

import sqlalchemy as sa
from alembic import op

revision = "trainers_admin1"
down_revision = "lti1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("demo", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE users SET demo = true WHERE email LIKE '%@demo.leerpad.local' OR email LIKE '%@leerpad.local'")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_column("revoked_by")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("demo")
