"""Full-text search over a table's names, quotes and notes, one interface for both databases.

`text_match(dialect, table, columns, text)` is an SQL condition true for the rows whose
searched columns hold every word of `text`:

- PostgreSQL: `to_tsvector('simple', …) @@ plainto_tsquery('simple', text)`, the database's own
  full-text search (words, case-folded, no stemming, so "pledge" does not find "pledges");
- SQLite: FTS5, an index per table (`pledges_search`) holding each row's key and searched
  columns, kept current by triggers (migration `ee3ad140ca5c`; `465946a86c40` adds
  `pledges_search_keys`, key → entry, so a write finds its entry without a scan):
  `MATCH '"w1" "w2"'`, whole words, case-folded, diacritics kept, as on PostgreSQL.
- any other database: every word occurs in some column (`LIKE`, case-insensitive for ASCII).

The words of `text` are split on anything that is not a letter or a digit, on both databases,
so punctuation in a query never changes its meaning. An empty query matches every row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import sqlalchemy as sa

_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 20


def words(text: str) -> list[str]:
    """The words of a search, lower-cased, in order, without repeats (at most MAX_WORDS)."""
    out: list[str] = []
    for w in _WORD.findall(text.casefold()):
        if w not in out:
            out.append(w)
    return out[:MAX_WORDS]


class TextSearch(Protocol):
    """How one database finds rows holding every word of a search."""

    def match(self, table: sa.Table, columns: Sequence[str], text: str) -> sa.ColumnElement[bool]:
        """A condition on `table`: the `columns` together hold every word of `text`."""
        ...


class PostgresFullText:
    """PostgreSQL full-text search: tsvector over the columns, `plainto_tsquery` of the words."""

    config: str = "simple"

    def match(self, table: sa.Table, columns: Sequence[str], text: str) -> sa.ColumnElement[bool]:
        found = words(text)
        if not found:
            return sa.true()
        document = sa.func.concat_ws(" ", *(table.c[c] for c in columns))
        config: Any = sa.literal_column(f"'{self.config}'::regconfig")
        vector = sa.func.to_tsvector(config, document)
        query = sa.func.plainto_tsquery(config, " ".join(found))
        return vector.op("@@")(query)


class LikeSearch:
    """Every word occurs (case-insensitively) in some column: the SQLite fallback."""

    def match(self, table: sa.Table, columns: Sequence[str], text: str) -> sa.ColumnElement[bool]:
        found = words(text)
        if not found:
            return sa.true()
        per_word = []
        for word in found:
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            per_word.append(
                sa.or_(
                    *(
                        sa.func.lower(sa.cast(table.c[c], sa.String)).like(pattern, escape="\\")
                        for c in columns
                    )
                )
            )
        return sa.and_(*per_word)


def search_index(table: str) -> str:
    """The name of a table's FTS5 index on SQLite."""
    return f"{table}_search"


_INDEX_NAME = re.compile(r"[a-z_]+_search(?:_(?:data|idx|content|docsize|config|keys))?")


def is_search_index(name: str) -> bool:
    """Whether a table is an FTS5 index (one of its shadow tables, or its key map), not one of
    the models'."""
    return _INDEX_NAME.fullmatch(name) is not None


@contextmanager
def index_paused(conn: sa.Connection, table: sa.Table) -> Iterator[None]:
    """SQLite: rows inserted inside are indexed at the end in one set-based statement, with the
    index's insert trigger set aside meanwhile (row by row through the trigger costs about 4x
    as much CPU: 2.4 s against 0.6 s for 100,000 rows). Elsewhere, or for a table without an
    index, it does nothing.

    The trigger is dropped and re-created from its own stored SQL inside the caller's
    transaction (SQLite's DDL is transactional, and a writing transaction holds the database's
    write lock), so no other writer ever sees the table without it, and a rollback or a crash
    restores it. Only the bulk importer's inserts may run inside: an update or delete would
    miss the new rows' entries.
    """
    if conn.dialect.name != "sqlite" or not conn.in_transaction():
        yield
        return
    index = search_index(table.name)
    keys, trigger = f"{index}_keys", f"{index}_insert"
    create = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (trigger,)
    ).scalar()
    if create is None:
        yield
        return
    searched = [row[1] for row in conn.exec_driver_sql(f'PRAGMA table_info("{index}")')][1:]
    key = next(iter(table.primary_key.columns)).name
    last = conn.exec_driver_sql(f'SELECT coalesce(max(rowid), 0) FROM "{index}"').scalar()
    conn.exec_driver_sql(f'DROP TRIGGER "{trigger}"')
    yield
    cols = ", ".join(f'"{c}"' for c in searched)
    conn.exec_driver_sql(
        f'INSERT INTO "{index}" (row_key, {cols}) SELECT "{key}", {cols} FROM "{table.name}" '
        f'AS t WHERE NOT EXISTS (SELECT 1 FROM "{keys}" AS k WHERE k.row_key = t."{key}")'
    )
    conn.exec_driver_sql(
        f'INSERT INTO "{keys}" (row_key, entry) SELECT row_key, rowid FROM "{index}" '
        "WHERE rowid > ?",
        (last,),
    )
    conn.exec_driver_sql(create)


class Fts5Search:
    """SQLite FTS5: the rows whose key the table's index matches for every word."""

    def match(self, table: sa.Table, columns: Sequence[str], text: str) -> sa.ColumnElement[bool]:
        found = words(text)
        if not found:
            return sa.true()
        index = search_index(table.name)
        key = next(iter(table.primary_key.columns))
        # each word a quoted phrase (words hold letters and digits only); juxtaposed means AND
        query = " ".join(f'"{w}"' for w in found)
        matching: Any = (
            sa.select(sa.column("row_key"))
            .select_from(sa.table(index))
            .where(sa.literal_column(f'"{index}"').op("MATCH")(query))
        )
        return key.in_(matching)


def text_search(dialect: str) -> TextSearch:
    """The search for a database dialect (`postgresql`, `sqlite`, else LIKE)."""
    if dialect == "postgresql":
        return PostgresFullText()
    if dialect == "sqlite":
        return Fts5Search()
    return LikeSearch()
