"""A user's language: the web interface's language remembered per account.

Revision ID: b7e2f4a91c05
Revises: a41c7e9d2b13
Create Date: 2026-12-07 17:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b7e2f4a91c05"
down_revision: str | Sequence[str] | None = "a41c7e9d2b13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # None: the account has not picked a language (the browser's is used).
    op.add_column("users", sa.Column("language", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
