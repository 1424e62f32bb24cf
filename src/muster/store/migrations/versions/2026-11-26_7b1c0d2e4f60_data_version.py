"""Data version: one row bumped by every history write, so caches never miss a change.

Revision ID: 7b1c0d2e4f60
Revises: ce4d1f3eee58
Create Date: 2026-11-26 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b1c0d2e4f60"
down_revision: str | Sequence[str] | None = "ce4d1f3eee58"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_version_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    # Start from the number of changes already recorded, stamped with the newest one.
    history = sa.table("history", sa.column("id"), sa.column("recorded_at", sa.DateTime()))
    op.execute(
        table.insert().from_select(
            ["id", "version", "changed_at"],
            sa.select(
                sa.literal(1), sa.func.count(history.c.id), sa.func.max(history.c.recorded_at)
            ),
        )
    )


def downgrade() -> None:
    op.drop_table("data_version")
