"""History of every change, written in the same transaction as the change itself.

A history row says which entity and key changed, to which version, how (create, update, delete),
who (`user:NAME` or `process:NAME`), why, when (record time, UTC, microseconds) and the full
record before and after. All changes made in one transaction share one record time (the clock
read at the transaction's first change), so replaying the history at any moment never shows half
a transaction. Record-time replay (`load_dataset(recorded_at=...)`) is built on this table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.errors import InvalidInput, Problem, describe
from muster.store.bulk import bulk_insert
from muster.store.db import CLOCK_KEY, Clock, utcnow
from muster.store.schema import data_version, history
from muster.store.subscription import enqueue

Op = Literal["create", "update", "delete"]
STAMP_KEY = "muster.stamp"
BUMPED_KEY = "muster.data_version_bumped"
WHO = re.compile(r"^(user|process):\S.{0,99}$")


@dataclass(frozen=True, slots=True)
class Change:
    """One history entry, as `history()` returns it."""

    id: int
    entity: str
    key: str
    version: int
    op: Op
    who: str
    why: str
    recorded_at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entity": self.entity,
            "key": self.key,
            "version": self.version,
            "op": self.op,
            "who": self.who,
            "why": self.why,
            "recorded_at": self.recorded_at.isoformat(),
            "before": self.before,
            "after": self.after,
        }


def check_who(who: str) -> str:
    """`who` must say `user:NAME` or `process:NAME`; raises InvalidInput otherwise."""
    if not isinstance(who, str) or not WHO.match(who):
        raise InvalidInput(
            Problem(
                f"expected 'user:NAME' or 'process:NAME', got {describe(who)}",
                field="who",
            )
        )
    return who


def check_reason(reason: str) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidInput(Problem("a change needs a reason", field="reason"))
    return reason.strip()


def record_time(session: Session) -> datetime:
    """The record time of the session's current transaction (read once from its clock)."""
    current = session.get_transaction()
    stamp = session.info.get(STAMP_KEY)
    if stamp is not None and stamp[0] is current:
        when: datetime = stamp[1]
        return when
    clock: Clock = session.info.get(CLOCK_KEY, utcnow)
    when = clock()
    if when.tzinfo is None:
        raise ValueError("the record clock must return timezone-aware datetimes")
    session.info[STAMP_KEY] = (current, when)
    return when


COLUMNS = ("entity", "key", "version", "op", "before", "after")


def write(
    *,
    session: Session,
    changes: Sequence[tuple[str, str, int, Op, dict[str, Any] | None, dict[str, Any] | None]],
    who: str,
    why: str,
) -> datetime:
    """Insert history rows, given as (entity, key, version, op, before, after), in bulk.

    Returns the record time they carry.
    """
    when = record_time(session)
    bulk_insert(
        session=session,
        table=history,
        columns=COLUMNS,
        rows=[list(change) for change in changes],
        constants={"who": who, "why": why, "recorded_at": when},
    )
    if changes:
        _bump_data_version(session, when)
        enqueue(session=session, changes=changes, recorded_at=when)  # the subscribers' outbox
    return when


def _bump_data_version(session: Session, when: datetime) -> None:
    """Bump the data version once per transaction (its first change)."""
    current = session.get_transaction()
    if session.info.get(BUMPED_KEY) is current:
        return
    session.info[BUMPED_KEY] = current
    bumped = session.execute(
        sa.update(data_version)
        .where(data_version.c.id == 1)
        .values(version=data_version.c.version + 1, changed_at=when)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]  # a database made before the row
        session.execute(sa.insert(data_version).values(id=1, version=1, changed_at=when))


@dataclass(frozen=True, slots=True)
class DataVersion:
    """How many committed transactions changed the data, and when the last one did."""

    number: int
    changed_at: datetime | None

    @property
    def tag(self) -> str:
        return f"v{self.number}"


def current_data_version(*, session: Session) -> DataVersion:
    """The data's version: it changes with every committed change to any entity."""
    row = session.execute(sa.select(data_version.c.version, data_version.c.changed_at)).first()
    return DataVersion(0, None) if row is None else DataVersion(int(row[0]), row[1])


def entries(*, session: Session, entity: str, key: str) -> list[Change]:
    """Every change to one entity row, oldest first."""
    rows = session.execute(
        sa.select(history)
        .where(history.c.entity == entity, history.c.key == key)
        .order_by(history.c.version)
    ).mappings()
    return [_change(r) for r in rows]


NUL = "text may not contain a NUL character (0x00)"


def latest(*, session: Session, entity: str, key: str) -> Change | None:
    """The last change to one row (its current state, or its deletion), or None."""
    row = (
        session.execute(
            sa.select(history)
            .where(history.c.entity == entity, history.c.key == key)
            .order_by(history.c.version.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return None if row is None else _change(row)


def log(
    *,
    session: Session,
    who: str | None = None,
    entity: str | None = None,
    key: str | None = None,
    since: date | None = None,
    until: date | None = None,
    before: int | None = None,
    batch: int = 200,
) -> Iterator[Change]:
    """Every change, newest first, filtered; read lazily in batches of `batch`.

    `who` is `user:NAME`, `process:NAME` or a bare user name; `since` and `until` are days
    (UTC, both included); `before` is an entry id (for the next page: the last id seen).
    """
    nul = [Problem(NUL, field=f) for f, v in (("who", who), ("key", key)) if v and "\x00" in v]
    if nul:
        raise InvalidInput(nul)  # PostgreSQL refuses to compare text holding a NUL
    query = sa.select(history).order_by(history.c.id.desc()).limit(batch)
    if who:
        query = query.where(history.c.who == (who if ":" in who else f"user:{who}"))
    if entity:
        query = query.where(history.c.entity == entity)
    if key:
        query = query.where(history.c.key == key)
    if since:
        query = query.where(history.c.recorded_at >= datetime.combine(since, time(), UTC))
    if until and until < date.max:  # the last day there is bounds nothing
        end = datetime.combine(until + timedelta(days=1), time(), UTC)
        query = query.where(history.c.recorded_at < end)
    cursor = before
    while True:
        page = query if cursor is None else query.where(history.c.id < cursor)
        rows = list(session.execute(page).mappings())
        yield from (_change(r) for r in rows)
        if len(rows) < batch:
            return
        cursor = int(rows[-1]["id"])


def _change(r: sa.RowMapping) -> Change:
    return Change(
        id=r["id"],
        entity=r["entity"],
        key=r["key"],
        version=r["version"],
        op=r["op"],
        who=r["who"],
        why=r["why"],
        recorded_at=r["recorded_at"],
        before=r["before"],
        after=r["after"],
    )


def last_versions(*, session: Session, entity: str, keys: Sequence[str]) -> dict[str, int]:
    """For keys that existed before (and were deleted), the last version history holds.

    A key created again continues its version numbers, so history never repeats a version.
    """
    if not keys:
        return {}
    wanted = set(keys)
    rows = session.execute(
        sa.select(history.c.key, sa.func.max(history.c.version))
        .where(history.c.entity == entity, history.c.op == "delete")
        .group_by(history.c.key)
    )
    return {k: v for k, v in rows if k in wanted}


def last_writers(*, session: Session, entity: str, keys: Sequence[str]) -> dict[str, str]:
    """Who wrote each key's latest history entry (keys without history are left out)."""
    if not keys:
        return {}
    latest_ids = (
        sa.select(sa.func.max(history.c.id))
        .where(history.c.entity == entity, history.c.key.in_(list(keys)))
        .group_by(history.c.key)
    )
    rows = session.execute(
        sa.select(history.c.key, history.c.who).where(history.c.id.in_(latest_ids))
    )
    return {k: who for k, who in rows}
