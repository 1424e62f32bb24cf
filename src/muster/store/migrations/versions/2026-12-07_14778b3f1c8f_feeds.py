"""Feeds: the feeds the watcher polls, each poll, each item taken, and article fingerprints.

Revision ID: 14778b3f1c8f
Revises: 3e46be5705df
Create Date: 2026-12-07 06:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "14778b3f1c8f"
down_revision: str | Sequence[str] | None = "3e46be5705df"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = sa.DateTime  # muster.store.schema.UTCDateTime: UTC, stored without a zone
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("interval_s", sa.Integer(), nullable=False),
        sa.Column("added_at", UTC(), nullable=False),
        sa.Column("removed_at", UTC(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("next_due_at", UTC(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.Text(), nullable=True),
        sa.Column("lease_until", UTC(), nullable=True),
        sa.CheckConstraint("interval_s > 0", name=op.f("ck_feeds_interval")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feeds")),
    )
    op.create_index(
        "uq_feeds_url_watched",
        "feeds",
        ["url"],
        unique=True,
        sqlite_where=sa.text("removed_at IS NULL"),
        postgresql_where=sa.text("removed_at IS NULL"),
    )
    op.create_table(
        "feed_polls",
        sa.Column("id", ID, nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("watcher", sa.Text(), nullable=False),
        sa.Column("started_at", UTC(), nullable=False),
        sa.Column("finished_at", UTC(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'ok', 'not_modified', 'failed')",
            name=op.f("ck_feed_polls_status"),
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], name=op.f("fk_feed_polls_feed_id_feeds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_polls")),
    )
    op.create_index("ix_feed_polls_feed_id_id", "feed_polls", ["feed_id", "id"])
    op.create_table(
        "source_bands",
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_bands_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "source_id", name=op.f("pk_source_bands")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "source_fingerprints",
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("scheme", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.Text(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_fingerprints_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_source_fingerprints")),
    )
    op.create_index(
        op.f("ix_source_fingerprints_content_sha256"), "source_fingerprints", ["content_sha256"]
    )
    op.create_table(
        "feed_items",
        sa.Column("id", ID, nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.BigInteger(), nullable=False),
        sa.Column("guid", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("url_key", sa.Text(), nullable=True),
        sa.Column("content_sha256", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published_at", UTC(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("duplicate_of", sa.Text(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("text_from", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("seen_at", UTC(), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'duplicate', 'failed')", name=op.f("ck_feed_items_status")
        ),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], name=op.f("fk_feed_items_feed_id_feeds")
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["feed_polls.id"], name=op.f("fk_feed_items_poll_id_feed_polls")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_feed_items_source_id_sources"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_items")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_feed_items_content_sha256")),
        sa.UniqueConstraint("feed_id", "guid", name=op.f("uq_feed_items_feed_id_guid")),
        sa.UniqueConstraint("url_key", name=op.f("uq_feed_items_url_key")),
    )
    op.create_index("ix_feed_items_feed_id_id", "feed_items", ["feed_id", "id"])


def downgrade() -> None:
    op.drop_table("feed_items")
    op.drop_table("source_fingerprints")
    op.drop_table("source_bands")
    op.drop_table("feed_polls")
    op.drop_index("uq_feeds_url_watched", table_name="feeds")
    op.drop_table("feeds")
