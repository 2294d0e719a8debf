"""quantities keep the clause that holds them, for figures whose sentences differ elsewhere

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("clause", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.drop_column("clause")
