"""Reading entities back as domain objects: the current data, or the data as recorded at a time.

`load_dataset(session=...)` is what the database holds now. `load_dataset(session=...,
recorded_at=T)` is what it held at record time T, rebuilt from history (SQL:2011
system-versioned style): for every key, the last change recorded at or before T, unless that
change was a delete. This is not `as_of` (`muster.domain.asof`), which filters by the dates the
data are about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.domain import ENTITIES, ENTITY_NAMES, Dataset
from muster.errors import InvalidInput, Problem
from muster.store.bulk import chunks
from muster.store.codec import codec
from muster.store.schema import TABLES, MapTable, history

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
) -> dict[str, dict[str, Any]]:
    """field → owner key → tuple (links, children) or dict (maps)."""
    t = TABLES[cls]
    c = codec(cls)
    out: dict[str, dict[str, Any]] = {}

    def select_rows(table: sa.Table, owner: str, order: Sequence[str]) -> Iterable[Any]:
        base = sa.select(table).order_by(*(table.c[o] for o in order))
        if keys is None:
            yield from session.execute(base).mappings()
            return
        for part in chunks(keys):
            yield from session.execute(base.where(table.c[owner].in_(part))).mappings()

    for link in t.links:
        lists: dict[str, list[Any]] = defaultdict(list)
        for row in select_rows(link.table, link.owner_column, [link.owner_column, "position"]):
            lists[row[link.owner_column]].append(row[link.value_column])
        out[link.field] = {k: tuple(v) for k, v in lists.items()}
    for child in t.children:
        items: dict[str, list[Any]] = defaultdict(list)
        for row in select_rows(child.table, child.owner_column, [child.owner_column, "position"]):
            items[row[child.owner_column]].append(c.child(child.field, row))
        out[child.field] = {k: tuple(v) for k, v in items.items()}
    for m in t.maps:
        maps: dict[str, dict[str, Any]] = defaultdict(dict)
        for row in select_rows(m.table, m.owner_column, [m.owner_column, m.name_column]):
            maps[row[m.owner_column]][row[m.name_column]] = c.map_value(m.field, row["value"])
        out[m.field] = dict(maps)
    return out


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
    query = sa.select(t.table)
    if where is not None:
        query = query.where(where)
    if keys is None:
        rows = list(session.execute(query).mappings())
    else:
        rows = []
        for part in chunks(keys):
            rows.extend(session.execute(query.where(t.table.c[t.key].in_(part))).mappings())
    found = [r[t.key] for r in rows]
    side = _side_values(session, cls, None if keys is None and where is None else found)
    empty: dict[str, Any] = {x.field: {} if isinstance(x, MapTable) else () for x in t.sides}
    out = []
    for row in rows:
        key = row[t.key]
        values = {field: side[field].get(key, blank) for field, blank in empty.items()}
        out.append(Stored(c.build(dict(row), values), row["version"]))
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
