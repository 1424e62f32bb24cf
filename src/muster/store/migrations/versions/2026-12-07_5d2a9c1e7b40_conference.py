"""Force generation: calls for contributions, offers against their lines, decisions on offers.

Revision ID: 5d2a9c1e7b40
Revises: c96f58d80345
Create Date: 2026-12-07 12:44:16
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d2a9c1e7b40"
down_revision: str | Sequence[str] | None = "c96f58d80345"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calls",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("opened", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source"], ["sources.id"], name=op.f("fk_calls_source_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calls")),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calls_source"), ["source"], unique=False)

    op.create_table(
        "call_invited",
        sa.Column("call_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("nation_iso3", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"],
            ["calls.id"],
            name=op.f("fk_call_invited_call_id_calls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nation_iso3"], ["nations.iso3"], name=op.f("fk_call_invited_nation_iso3_nations")
        ),
        sa.PrimaryKeyConstraint("call_id", "position", name=op.f("pk_call_invited")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "call_lines",
        sa.Column("call_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("requirement_line_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["call_id"], ["calls.id"], name=op.f("fk_call_lines_call_id_calls"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["requirement_line_id"],
            ["requirement_lines.id"],
            name=op.f("fk_call_lines_requirement_line_id_requirement_lines"),
        ),
        sa.PrimaryKeyConstraint("call_id", "position", name=op.f("pk_call_lines")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("call", sa.Text(), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("nation", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("readiness_days", sa.Integer(), nullable=True),
        sa.Column("caveats", sa.JSON(), nullable=False),
        sa.Column("offered", sa.Date(), nullable=True),
        sa.Column("classification", sa.Text(), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("pledge", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["call"], ["calls.id"], name=op.f("fk_offers_call_calls")),
        sa.ForeignKeyConstraint(
            ["line"], ["requirement_lines.id"], name=op.f("fk_offers_line_requirement_lines")
        ),
        sa.ForeignKeyConstraint(
            ["nation"], ["nations.iso3"], name=op.f("fk_offers_nation_nations")
        ),
        sa.ForeignKeyConstraint(["pledge"], ["pledges.id"], name=op.f("fk_offers_pledge_pledges")),
        sa.ForeignKeyConstraint(["source"], ["sources.id"], name=op.f("fk_offers_source_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offers_call"), ["call"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_line"), ["line"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_nation"), ["nation"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_pledge"), ["pledge"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_source"), ["source"], unique=False)

    op.create_table(
        "offer_conditions",
        sa.Column("offer_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_offer_conditions_condition_id_conditions"),
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offers.id"],
            name=op.f("fk_offer_conditions_offer_id_offers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("offer_id", "position", name=op.f("pk_offer_conditions")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("offer_conditions")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_source"))
        batch_op.drop_index(batch_op.f("ix_offers_pledge"))
        batch_op.drop_index(batch_op.f("ix_offers_nation"))
        batch_op.drop_index(batch_op.f("ix_offers_line"))
        batch_op.drop_index(batch_op.f("ix_offers_call"))

    op.drop_table("offers")
    op.drop_table("call_lines")
    op.drop_table("call_invited")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calls_source"))

    op.drop_table("calls")
