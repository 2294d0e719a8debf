"""articles remember whether their date came from the dateline; claims keep their subject

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("published_inferred", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("subject", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("subject")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("published_inferred")
