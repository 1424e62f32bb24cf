"""Bulk writes of domain objects into their tables, with history, in the caller's transaction.

The services (`service.py`) and the importer (`importer.py`) both write through these three
functions, so one object or a hundred thousand take the same path: one executemany per table,
never a round trip per row. Each write names the version it read; a row that changed meanwhile
makes the whole write fail with `Conflict` (optimistic concurrency).
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.errors import Conflict
from muster.store import history as hist
from muster.store.bulk import Progress, bulk_insert, chunks
from muster.store.codec import codec
from muster.store.load import Stored
from muster.store.schema import TABLES


def _no_progress(_n: int) -> None:
    return None


def _rowcount(result: Any) -> int:
    # an UPDATE or DELETE returns a CursorResult, whose rowcount every Muster driver reports
    # for executemany too (supports_sane_multi_rowcount)
    count: int = result.rowcount
    return count


def _insert_side(session: Session, cls: type[Any], objs: Sequence[Any]) -> None:
    t = TABLES[cls]
    side = codec(cls).side_rows(objs)
    for table in t.side_tables:
        bulk_insert(
            session=session, table=table, columns=[c.name for c in table.c], rows=side[table.name]
        )


def _delete_side(session: Session, cls: type[Any], keys: Sequence[str]) -> None:
    t = TABLES[cls]
    for table in t.side_tables:
        owner = next(iter(table.primary_key.columns))
        for part in chunks(keys):
            session.execute(table.delete().where(owner.in_(part)))


def insert_objects(
    *,
    session: Session,
    cls: type[Any],
    objs: Sequence[Any],
    who: str,
    why: str,
    progress: Progress = _no_progress,
) -> list[Stored[Any]]:
    """Insert new rows (no key may exist yet); version 1, or one past a deleted key's last."""
    if not objs:
        return []
    t = TABLES[cls]
    c = codec(cls)
    keys = list(map(attrgetter(t.key), objs))
    previous = hist.last_versions(session=session, entity=t.name, keys=keys)
    versions = [previous.get(k, 0) + 1 for k in keys]
    rows = [c.main_values(o, v) for o, v in zip(objs, versions, strict=True)]
    bulk_insert(
        session=session, table=t.table, columns=c.main_columns, rows=rows, progress=progress
    )
    _insert_side(session, cls, objs)
    hist.write(
        session=session,
        changes=[
            (t.name, k, v, "create", None, c.record(o))
            for k, v, o in zip(keys, versions, objs, strict=True)
        ],
        who=who,
        why=why,
    )
    return [Stored(o, v) for o, v in zip(objs, versions, strict=True)]


def update_objects(
    *,
    session: Session,
    cls: type[Any],
    changes: Sequence[tuple[Stored[Any], Any]],
    who: str,
    why: str,
    progress: Progress = _no_progress,
) -> list[Stored[Any]]:
    """Replace stored objects (as read, with their versions) by new ones; versions go up by one.

    Raises Conflict when any row's version moved since it was read.
    """
    if not changes:
        return []
    t = TABLES[cls]
    c = codec(cls)
    key_col = t.table.c[t.key]
    statement = (
        sa.update(t.table)
        .where(key_col == sa.bindparam("_key"), t.table.c.version == sa.bindparam("_read"))
        .values({name: sa.bindparam(name) for name in (*t.columns, *t.json_lists) if name != t.key})
        .values(version=sa.bindparam("_version"))
    )
    rows = []
    for old, new in changes:
        row = c.main_row(new, old.version + 1)
        del row[t.key]
        row["_version"] = row.pop("version")
        row["_key"] = old.key
        row["_read"] = old.version
        rows.append(row)
    matched = 0
    for part in chunks(rows, 5000):
        matched += _rowcount(session.execute(statement, list(part)))
        progress(len(part))
    if matched != len(rows):
        raise _moved(session, cls, changes)
    keys = [old.key for old, _ in changes]
    _delete_side(session, cls, keys)
    _insert_side(session, cls, [new for _, new in changes])
    hist.write(
        session=session,
        changes=[
            (t.name, old.key, old.version + 1, "update", c.record(old.obj), c.record(new))
            for old, new in changes
        ],
        who=who,
        why=why,
    )
    return [Stored(new, old.version + 1) for old, new in changes]


def _moved(
    session: Session, cls: type[Any], changes: Sequence[tuple[Stored[Any], Any]]
) -> Conflict:
    """The Conflict for rows that changed since they were read (with the current version when
    one row was written: the loser of a race on PostgreSQL gets here, not to the version check)."""
    t = TABLES[cls]
    read = {old.key: old.version for old, _ in changes}
    key_col = t.table.c[t.key]
    now: dict[str, int] = {}
    for part in chunks(list(read)):
        # pairs, not the Result itself: a Result has keys(), so dict.update would index it
        found = session.execute(sa.select(key_col, t.table.c.version).where(key_col.in_(part)))
        now.update((k, v) for k, v in found)
    moved = [k for k, v in read.items() if now.get(k) != v]
    shown = ", ".join(
        f"{k} (read version {read[k]}, now {now.get(k, 'deleted')})" for k in moved[:5]
    )
    more = f" and {len(moved) - 5} more" if len(moved) > 5 else ""
    current = now.get(moved[0]) if len(read) == 1 and moved else None
    return Conflict(
        f"{t.name} changed since it was read: {shown}{more}; reload and try again",
        current_version=current,
    )


def delete_objects(
    *, session: Session, cls: type[Any], stored: Sequence[Stored[Any]], who: str, why: str
) -> None:
    """Delete stored objects (as read); raises Conflict when one changed since it was read."""
    if not stored:
        return
    t = TABLES[cls]
    c = codec(cls)
    # Side rows go with their owner (ON DELETE CASCADE); the version guard comes first, so a
    # refused delete changes nothing.
    statement = sa.delete(t.table).where(
        t.table.c[t.key] == sa.bindparam("_key"), t.table.c.version == sa.bindparam("_read")
    )
    matched = _rowcount(
        session.execute(statement, [{"_key": s.key, "_read": s.version} for s in stored])
    )
    if matched != len(stored):
        raise _moved(session, cls, [(s, s.obj) for s in stored])
    hist.write(
        session=session,
        changes=[(t.name, s.key, s.version + 1, "delete", c.record(s.obj), None) for s in stored],
        who=who,
        why=why,
    )
