"""Planning figures: line weight, critical flag and rotation; sustained pledges; dated
condition statuses (each condition's single status becomes one undated history entry).

Revision ID: 3e46be5705df
Revises: 3f875c7c76c3
Create Date: 2026-12-07 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3e46be5705df"
down_revision: str | Sequence[str] | None = "3f875c7c76c3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite ≥ 3.35 adds and drops columns in place): a batch rebuild would
    # drop the old table, and with foreign keys on that cascades into (or is refused by) every
    # table referring to it. New columns get their default for the rows already there; the
    # application always writes them, so PostgreSQL then drops the server default (SQLite
    # cannot alter a column; the default it keeps is the domain's own).
    op.add_column(
        "requirement_lines", sa.Column("weight", sa.Float(), nullable=False, server_default="1")
    )
    op.add_column(
        "requirement_lines",
        sa.Column("critical", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "requirement_lines", sa.Column("rotation", sa.Float(), nullable=False, server_default="1")
    )
    op.add_column(
        "pledges", sa.Column("sustained", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    if op.get_bind().dialect.name != "sqlite":
        for name in ("weight", "critical", "rotation"):
            op.alter_column("requirement_lines", name, server_default=None)
        op.alter_column("pledges", "sustained", server_default=None)

    # A known status becomes one entry without a start date ("since before any record").
    conditions = sa.table("conditions", sa.column("id"), sa.column("status"))
    known = [
        {"condition_id": cid, "position": 0, "status": status}
        for cid, status in op.get_bind().execute(
            sa.select(conditions.c.id, conditions.c.status).where(conditions.c.status != "unknown")
        )
    ]
    op.drop_column("conditions", "status")
    history = op.create_table(
        "condition_status_history",
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_condition_status_history_condition_id_conditions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_condition_status_history_source_sources")
        ),
        sa.PrimaryKeyConstraint(
            "condition_id", "position", name=op.f("pk_condition_status_history")
        ),
        sqlite_with_rowid=False,
    )
    if known:
        op.bulk_insert(history, known)


def downgrade() -> None:
    # The latest entry is the status the single field held.
    history = sa.table(
        "condition_status_history",
        sa.column("condition_id"),
        sa.column("position"),
        sa.column("status"),
    )
    latest: dict[str, str] = {}
    for cid, status in op.get_bind().execute(
        sa.select(history.c.condition_id, history.c.status).order_by(history.c.position)
    ):
        latest[cid] = status
    op.drop_table("condition_status_history")
    op.add_column(
        "conditions", sa.Column("status", sa.Text(), nullable=False, server_default="unknown")
    )
    conditions = sa.table("conditions", sa.column("id"), sa.column("status"))
    for cid, status in latest.items():
        op.execute(conditions.update().where(conditions.c.id == cid).values(status=status))
    op.drop_column("pledges", "sustained")
    for name in ("rotation", "critical", "weight"):
        op.drop_column("requirement_lines", name)
