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
from collections.abc import Sequence
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
