"""Fast bulk inserts: one executemany per batch, values bound by each column type's processor."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.store.search import index_paused

T = TypeVar("T")
Progress = Callable[[int], None]
BATCH = 5000
NATIVE = (sa.Integer, sa.Float, sa.Boolean)  # types every driver binds from Python as they are
CHUNK = 500  # keys per IN (...) clause, well under every driver's parameter limit
INDEX_AT_END = 1000  # rows: from here a searched table is indexed after the inserts, at once


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterable[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _no_progress(_n: int) -> None:
    return None


def bulk_insert(
    *,
    session: Session,
    table: sa.Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    constants: Mapping[str, Any] | None = None,
    progress: Progress = _no_progress,
) -> None:
    """Insert `rows` (values in `columns` order) in batches; `constants` are the same in every
    row (appended after them, processed once).

    Values are bound as SQLAlchemy binds them (each column type's own bind processor: dates and
    times on SQLite, JSON), but without its per-row bookkeeping, 3-4 times faster for large
    imports. Numbers and booleans go to the driver as they are, which binds them natively. Rows
    that need processing must be lists (they are changed in place); others may be tuples.
    """
    if not rows:
        return
    fixed = dict(constants or {})
    columns = [*columns, *fixed]
    conn = session.connection()
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )

    def processor(column: str) -> Callable[[Any], Any] | None:
        kind = table.c[column].type
        return None if isinstance(kind, NATIVE) else kind._cached_bind_processor(dialect)

    procs = [
        (i, p) for i, c in enumerate(columns[: len(columns) - len(fixed)]) if (p := processor(c))
    ]
    tail = tuple(v if v is None or (p := processor(c)) is None else p(v) for c, v in fixed.items())
    copy = _copier(conn, table.name, columns) if dialect.name == "postgresql" else None
    with index_paused(conn, table) if len(rows) >= INDEX_AT_END else nullcontext():
        _insert(conn, sql, rows, procs, tail, copy, progress)


def _insert(
    conn: sa.Connection,
    sql: str,
    rows: Sequence[Sequence[Any]],
    procs: list[tuple[int, Callable[[Any], Any]]],
    tail: tuple[Any, ...],
    copy: Callable[[list[Any]], None] | None,
    progress: Progress,
) -> None:
    for part in chunks(rows, BATCH):
        if procs:
            for row in part:
                for i, proc in procs:
                    if row[i] is not None:
                        row[i] = proc(row[i])  # type: ignore[index]
        batch = [(*row, *tail) for row in part] if tail else list(map(tuple, part))
        if copy is not None:
            copy(batch)
        else:
            conn.exec_driver_sql(sql, batch)
        progress(len(part))


def _copier(conn: sa.Connection, table: str, columns: Sequence[str]) -> Callable[[list[Any]], None]:
    """PostgreSQL: rows go in with COPY FROM STDIN (psycopg), several times faster than
    INSERT; the same connection, so the same transaction."""
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    driver = conn.connection.driver_connection
    assert driver is not None

    def copy(batch: list[Any]) -> None:
        with driver.cursor() as cursor, cursor.copy(sql) as out:
            for row in batch:
                out.write_row(row)

    return copy
