"""Languages: a source's and a statement's language, and a statement's English gloss.

Revision ID: 3f875c7c76c3
Revises: 7b1c0d2e4f60
Create Date: 2026-12-07 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3f875c7c76c3"
down_revision: str | Sequence[str] | None = "7b1c0d2e4f60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows say nothing of their language: None reads as English (see Statement).
    op.add_column("sources", sa.Column("language", sa.Text(), nullable=True))
    op.add_column("statements", sa.Column("language", sa.Text(), nullable=True))
    op.add_column("statements", sa.Column("gloss", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("gloss")
        batch.drop_column("language")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("language")
