"""order mirror: unshipped units per order, so commitments are read without a store call

Revision ID: 0005_mirror_unshipped
Revises: 0004_console_history
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_mirror_unshipped"
down_revision: str | Sequence[str] | None = "0004_console_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add order_mirror.unshipped (rows stored before it fall back to their payload's lines)."""
    with op.batch_alter_table("order_mirror", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unshipped", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop order_mirror.unshipped."""
    with op.batch_alter_table("order_mirror", schema=None) as batch_op:
        batch_op.drop_column("unshipped")
