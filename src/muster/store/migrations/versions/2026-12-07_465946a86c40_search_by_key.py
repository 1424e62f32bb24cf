"""Table search on SQLite: find a row's index entry by its key in a B-tree, not by a scan.

The FTS5 indexes of `ee3ad140ca5c` held each row's key in an UNINDEXED column, so every update
or delete of a row ran `DELETE FROM <index> WHERE row_key = old.key`: a scan of the whole
index (54 ms a row at 100,000 pledges; a re-import changing 10,000 of them spent minutes
there). Now `<collection>_search_keys` maps each key to its entry's rowid (a primary-key
lookup), and the triggers delete by rowid. The table's own rowid is not used: VACUUM may
renumber the rowids of tables without an INTEGER PRIMARY KEY, keys never change.

Revision ID: 465946a86c40
Revises: ee3ad140ca5c
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "465946a86c40"
down_revision: str | Sequence[str] | None = "ee3ad140ca5c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# collection -> (key column, searched columns), as in ee3ad140ca5c (written out: a migration
# must not change when the code does)
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
EVENTS = ("insert", "update", "delete")


def _drop_triggers(index: str) -> None:
    for event in EVENTS:
        op.execute(f'DROP TRIGGER IF EXISTS "{index}_{event}"')


def _keyed(table: str, key: str, columns: tuple[str, ...]) -> list[str]:
    index, keys = f"{table}_search", f"{table}_search_keys"
    cols = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    add = (
        f'INSERT INTO "{index}" (row_key, {cols}) VALUES (new."{key}", {new}); '
        f'INSERT INTO "{keys}" (row_key, entry) VALUES (new."{key}", last_insert_rowid()); '
    )
    remove = (
        f'DELETE FROM "{index}" WHERE rowid = '
        f'(SELECT entry FROM "{keys}" WHERE row_key = old."{key}"); '
        f'DELETE FROM "{keys}" WHERE row_key = old."{key}"; '
    )
    return [
        f'CREATE TABLE "{keys}" (row_key TEXT PRIMARY KEY NOT NULL, entry INTEGER NOT NULL)',
        f'DELETE FROM "{index}"',
        f'INSERT INTO "{index}" (row_key, {cols}) SELECT "{key}", {cols} FROM "{table}"',
        f'INSERT INTO "{keys}" (row_key, entry) SELECT row_key, rowid FROM "{index}"',
        f'CREATE TRIGGER "{index}_insert" AFTER INSERT ON "{table}" BEGIN {add}END',
        f'CREATE TRIGGER "{index}_update" AFTER UPDATE ON "{table}" BEGIN {remove}{add}END',
        f'CREATE TRIGGER "{index}_delete" AFTER DELETE ON "{table}" BEGIN {remove}END',
    ]


def _scanning(table: str, key: str, columns: tuple[str, ...]) -> list[str]:
    index = f"{table}_search"
    cols = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    return [
        f'DROP TABLE IF EXISTS "{table}_search_keys"',
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
        _drop_triggers(f"{table}_search")
        for statement in _keyed(table, key, columns):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, (key, columns) in SEARCHED.items():
        _drop_triggers(f"{table}_search")
        for statement in _scanning(table, key, columns):
            op.execute(statement)
