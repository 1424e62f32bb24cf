"""Table search on SQLite: one FTS5 index per searched table, kept current by triggers.

Each `<collection>_search` holds the row's key (not indexed) and its names, quotes and notes
(`muster.store.query.SEARCHED_FIELDS`, as they are now: written out here, since a migration
must not change when the code does). Triggers on the table insert, replace and delete its
entry, so every writer (the API, the importer, a restore) keeps it current; the index is filled
from the rows already stored. PostgreSQL searches with tsvector at query time and needs nothing.

Revision ID: ee3ad140ca5c
Revises: 5d2a9c1e7b40
Create Date: 2026-12-07 13:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "ee3ad140ca5c"
down_revision: str | Sequence[str] | None = "5d2a9c1e7b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# collection -> (key column, searched columns)
SEARCHED: dict[str, tuple[str, tuple[str, ...]]] = {
    "sources": ("id", ("id", "title", "outlet")),
    "nations": ("iso3", ("iso3", "name")),
    "actors": ("name", ("name",)),
    "conditions": ("id", ("id", "name", "description")),
    "missions": ("id", ("id", "name", "description")),
    "phases": ("id", ("id", "name", "description")),
    "capabilities": ("id", ("id", "name", "description")),
    "requirement_lines": ("id", ("id", "note")),
    "pledges": ("id", ("id", "note")),
    "statements": ("id", ("id", "quote", "gloss", "evidence", "actor", "note")),
    "aid_records": ("id", ("id", "note")),
    "scenarios": ("id", ("id", "name", "description")),
    "calls": ("id", ("id", "name", "note")),
    "offers": ("id", ("id", "note")),
}


def _statements(table: str, key: str, columns: tuple[str, ...]) -> list[str]:
    index = f"{table}_search"
    cols = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    return [
        f'CREATE VIRTUAL TABLE "{index}" USING fts5(row_key UNINDEXED, {cols}, '
        "tokenize = 'unicode61 remove_diacritics 0')",
        f'INSERT INTO "{index}" (row_key, {cols}) SELECT "{key}", {cols} FROM "{table}"',
        f'CREATE TRIGGER "{index}_insert" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{index}" (row_key, {cols}) VALUES (new."{key}", {new}); END',
        f'CREATE TRIGGER "{index}_update" AFTER UPDATE ON "{table}" BEGIN '
        f'DELETE FROM "{index}" WHERE row_key = old."{key}"; '
        f'INSERT INTO "{index}" (row_key, {cols}) VALUES (new."{key}", {new}); END',
        f'CREATE TRIGGER "{index}_delete" AFTER DELETE ON "{table}" BEGIN '
        f'DELETE FROM "{index}" WHERE row_key = old."{key}"; END',
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, (key, columns) in SEARCHED.items():
        for statement in _statements(table, key, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in SEARCHED:
        op.execute(f'DROP TABLE IF EXISTS "{table}_search"')  # drops its triggers' target
        for event in ("insert", "update", "delete"):
            op.execute(f'DROP TRIGGER IF EXISTS "{table}_search_{event}"')
