"""Reading entities back as domain objects: the current data, or the data as recorded at a time.

`load_dataset(session=...)` is what the database holds now. `load_dataset(session=...,
recorded_at=T)` is what it held at record time T, rebuilt from history (SQL:2011
system-versioned style): for every key, the last change recorded at or before T, unless that
change was a delete. This is not `as_of` (`muster.domain.asof`), which filters by the dates the
data are about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.domain import ENTITIES, ENTITY_NAMES, Dataset
from muster.errors import InvalidInput, Problem
from muster.store.bulk import chunks
from muster.store.codec import codec
from muster.store.schema import TABLES, Child, Link, history

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Stored(Generic[T]):
    """A domain object as stored, with the version an update or delete must name."""

    obj: T
    version: int

    @property
    def key(self) -> str:
        return str(self.obj.key)  # type: ignore[attr-defined]


def _side_values(
    session: Session, cls: type[Any], keys: Sequence[str] | None
) -> list[dict[str, Any]]:
    """For each side table of `cls` (in `sides` order): owner key → tuple (links, children)
    or dict (maps), for the owners in `keys` (all when None)."""
    t = TABLES[cls]
    c = codec(cls)

    def rows(table: sa.Table, owner: str, order: str, *columns: str) -> list[Any]:
        base = sa.select(*(table.c[x] for x in columns)).order_by(table.c[owner], table.c[order])
        if keys is None:
            if all(isinstance(table.c[x].type, RAW) for x in columns):
                return raw_rows(session, base)
            return list(session.execute(base).all())
        found: list[Any] = []
        for part in chunks(keys):
            found.extend(session.execute(base.where(table.c[owner].in_(part))).all())
        return found

    out: list[dict[str, Any]] = []
    for side in t.sides:
        grouped: dict[str, Any] = defaultdict(list)
        if isinstance(side, Link):
            for owner, value in rows(
                side.table, side.owner_column, "position", side.owner_column, side.value_column
            ):
                grouped[owner].append(value)
        elif isinstance(side, Child):
            build = c.child_builders[side.field]
            names = [col.name for col in side.table.c]
            for row in rows(side.table, side.owner_column, "position", *names):
                grouped[row[0]].append(build(row))
        else:
            grouped = defaultdict(dict)
            for owner, name, value in rows(
                side.table,
                side.owner_column,
                side.name_column,
                side.owner_column,
                side.name_column,
                "value",
            ):
                grouped[owner][name] = value
            out.append(dict(grouped))
            continue
        out.append({k: tuple(v) for k, v in grouped.items()})
    return out


RAW = (sa.Text, sa.Integer)  # types every driver returns as Python needs them


def raw_rows(session: Session, query: sa.Select[Any]) -> list[Any]:
    """All rows of a query without parameters, as the driver returns them (plain tuples).

    For big link tables of text and integers: no value needs SQLAlchemy's processing, and
    skipping its row objects makes loading 100,000 pledges about twice as fast.
    """
    conn = session.connection()
    sql = str(query.compile(dialect=conn.dialect))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def load_rows(
    *,
    session: Session,
    cls: type[T],
    keys: Sequence[str] | None = None,
    where: Any = None,
) -> list[Stored[T]]:
    """The stored objects of one entity (all, those with `keys`, or matching `where`), by key."""
    t = TABLES[cls]
    c = codec(cls)
    json_text = set(t.json_lists)  # read as text: codec.json_words decodes it, cached
    query = sa.select(
        *(
            sa.cast(t.table.c[n], sa.Text) if n in json_text else t.table.c[n]
            for n in c.main_columns
        )
    )
    if where is not None:
        query = query.where(where)
    if keys is None:
        rows = list(session.execute(query).all())
    else:
        rows = []
        for part in chunks(keys):
            rows.extend(session.execute(query.where(t.table.c[t.key].in_(part))).all())
    key_at = c.main_columns.index(t.key)
    found = [r[key_at] for r in rows]
    sides = _side_values(session, cls, None if keys is None and where is None else found)
    build = c.build
    out = [Stored(build(row, *sides), row[-1]) for row in rows]
    out.sort(key=lambda s: s.key)  # in Python: SQLite and PostgreSQL collate text differently
    return out


def current_dataset(*, session: Session) -> tuple[Dataset, dict[str, dict[str, int]]]:
    """The current data and the version of every row (collection → key → version)."""
    collections: dict[str, tuple[Any, ...]] = {}
    versions: dict[str, dict[str, int]] = {}
    for name, cls in ENTITIES.items():
        stored = load_rows(session=session, cls=cls)
        collections[name] = tuple(s.obj for s in stored)
        versions[name] = {s.key: s.version for s in stored}
    return Dataset(**collections), versions


def replay(*, session: Session, recorded_at: datetime) -> Dataset:
    """The data as the database held them at record time `recorded_at`, from history."""
    if recorded_at.tzinfo is None:
        raise InvalidInput(
            Problem(
                "a record time needs a time zone, such as 2025-03-04T12:00Z",
                field="recorded_at",
            )
        )
    names = {ENTITY_NAMES[cls]: (name, cls) for name, cls in ENTITIES.items()}
    latest = (
        sa.select(
            history.c.entity,
            history.c.key,
            sa.func.max(history.c.version).label("version"),
        )
        .where(history.c.recorded_at <= recorded_at, history.c.entity.in_(list(names)))
        .group_by(history.c.entity, history.c.key)
        .subquery()
    )
    query = sa.select(history.c.entity, history.c.op, history.c.after).join(
        latest,
        sa.and_(
            history.c.entity == latest.c.entity,
            history.c.key == latest.c.key,
            history.c.version == latest.c.version,
        ),
    )
    collections: dict[str, list[Any]] = {name: [] for name in ENTITIES}
    for entity, op, after in session.execute(query):
        if op == "delete":
            continue
        collection, cls = names[entity]
        collections[collection].append(codec(cls).from_record(after))
    return Dataset(
        **{name: tuple(sorted(objs, key=lambda o: o.key)) for name, objs in collections.items()}
    )


def load_dataset(*, session: Session, recorded_at: datetime | None = None) -> Dataset:
    """The current data, or (with `recorded_at`, timezone-aware) the data as recorded then.

    Every collection comes sorted by key, the canonical order for export.
    """
    if recorded_at is not None:
        return replay(session=session, recorded_at=recorded_at)
    return current_dataset(session=session)[0]
