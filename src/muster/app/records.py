"""Reading and changing one stored row as a user: get, create, update, delete, history.

Every way in (the API's generic routes, the pages, the CLI) calls these, so each applies the
same rules in the same order: find what the user may read (else NotFound, as if absent), check
the change against the policy (401/403), check the version the user read (409/412), write, and
record who did it and why in the same transaction (the caller commits).

A row the user may not read answers exactly as an absent one: the read rule is part of the
query that finds the row, so both take the same queries (no timing gap), and no message names
a version, a referrer or a history entry the user may not read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.app.history import readable
from muster.auth import User
from muster.auth.policy import ensure_change
from muster.errors import NotFound
from muster.store import service
from muster.store.access import read_clause
from muster.store.history import Change
from muster.store.load import Stored
from muster.store.schema import TABLES

T = TypeVar("T")

# The version the caller read, given the current one: a number, or a function that checks it
# against the current version (the API's If-Match answers 412, not 409, when stale).
Expected = int | Callable[[int], int]


def actor(user: User) -> str:
    """Who made a change, as the history records it."""
    return f"user:{user.name}"


def visible(user: User) -> Callable[[type[Any]], Any]:
    """The read condition of `user` per entity class (None: every row), for SQL."""
    return lambda cls: read_clause(user, cls)


def _exists_readable(db: Session, user: User, entity: type[Any], key: str) -> bool:
    t = TABLES[entity]
    col = t.table.c[t.key]
    query = sa.select(col).where(col == key)
    clause = read_clause(user, entity)
    if clause is not None:
        query = query.where(clause)
    return db.execute(query).first() is not None


def get(*, db: Session, user: User, entity: type[T], key: str) -> Stored[T]:
    """The row with its version if `user` may read it; NotFound otherwise, as if absent.

    One query decides, with the read rule in it: a hidden row costs what an absent one does.
    """
    if "\x00" in key or not _exists_readable(db, user, entity, key):
        raise NotFound(f"no {TABLES[entity].name} {key!r}")
    return service.get(session=db, entity=entity, key=key)


def _with_provenance(obj: T, entered_by: str | None) -> T:
    """`obj` entered by `entered_by`: the server says who entered a row, never the client."""
    if any(f.name == "entered_by" for f in dataclasses.fields(obj)):  # type: ignore[arg-type]
        return dataclasses.replace(obj, entered_by=entered_by)  # type: ignore[type-var]
    return obj


def create(*, db: Session, user: User, obj: T, reason: str, public_read: bool) -> Stored[T]:
    """Store a new row as `user`; `entered_by` is set to the user.

    Forbidden unless the user may create it; InvalidInput on bad references; Conflict (one
    message naming no version) when the key is taken, whether or not the user may read the row
    that holds it.
    """
    obj = _with_provenance(obj, user.name)
    ensure_change(user, None, obj, public_read=public_read)
    return service.create(session=db, obj=obj, who=actor(user), reason=reason)


def _expected(expected: Expected, current: int) -> int:
    return expected(current) if callable(expected) else expected


def update(
    *,
    db: Session,
    user: User,
    entity: type[T],
    key: str,
    change: Callable[[T], T],
    expected_version: Expected,
    reason: str,
    public_read: bool,
) -> Stored[T]:
    """Replace row `key` by `change(current object)` as `user`.

    NotFound when the user may not read it; Forbidden unless the user may make this change;
    then the version check (Conflict, or what `expected_version` raises). `entered_by` keeps
    its stored value whatever `change` returns.
    """
    old = get(db=db, user=user, entity=entity, key=key)
    new = change(old.obj)
    entered = getattr(old.obj, "entered_by", None)
    if not entered and getattr(new, "entered_by", None):
        entered = user.name  # newly needed (sources removed): the acting user, not the client's
    new = _with_provenance(new, entered)
    ensure_change(user, old.obj, new, public_read=public_read)
    version = _expected(expected_version, old.version)
    return service.update(
        session=db, obj=new, expected_version=version, who=actor(user), reason=reason
    )


def delete(
    *,
    db: Session,
    user: User,
    entity: type[Any],
    key: str,
    expected_version: Expected,
    reason: str,
    public_read: bool,
) -> None:
    """Delete row `key` as `user`; refused (Conflict) while other rows refer to it, naming only
    those the user may read.

    Residual, by design: a row that only hidden rows refer to is still refused (deleting it
    would break them), so the refusal itself tells the user that something refers to it; the
    message is the same one a user gets for readable referrers, without their names.
    """
    old = get(db=db, user=user, entity=entity, key=key)
    ensure_change(user, old.obj, None, public_read=public_read)
    version = _expected(expected_version, old.version)
    service.delete(
        session=db,
        entity=entity,
        key=key,
        expected_version=version,
        who=actor(user),
        reason=reason,
        visible=visible(user),
    )


def check_restore(
    *, db: Session, user: User, entity: type[Any], key: str, version: int, public_read: bool
) -> int:
    """The row's last version, once `user` may put back its `version`.

    NotFound unless the user may read the row's history (as if it did not exist), or when
    there is no such version; Forbidden unless the user may change the row as it is now (or,
    deleted, create it) into what it was then.
    """
    shown = history(db=db, user=user, entity=entity, key=key)
    versions = [c.version for c in shown]
    if version not in versions:  # a version the user may not read: absent
        raise NotFound(
            f"{TABLES[entity].name} {key!r} has no version {version} you may read "
            f"(you may read {_spans(versions)})"
        )
    obj, changes = service.at_version(session=db, entity=entity, key=key, version=version)
    try:
        current = service.get(session=db, entity=entity, key=key).obj
    except NotFound:
        current = None  # deleted: restoring re-creates it
    ensure_change(user, current, obj, public_read=public_read)
    return changes[-1].version  # the row's own last version (later entries may be hidden)


def _spans(versions: list[int]) -> str:
    """`1 to 3, 5` for versions [1, 2, 3, 5] (ascending)."""
    spans: list[list[int]] = []
    for v in versions:
        if spans and v == spans[-1][1] + 1:
            spans[-1][1] = v
        else:
            spans.append([v, v])
    return ", ".join(str(a) if a == b else f"{a} to {b}" for a, b in spans)


def restore(
    *,
    db: Session,
    user: User,
    entity: type[T],
    key: str,
    version: int,
    expected_version: Expected | None,
    reason: str,
    public_read: bool,
) -> Stored[T]:
    """Put back what row `key` held at `version` as `user` (`check_restore` first); without
    `expected_version` no version check (the CLI reads and writes in one transaction)."""
    last = check_restore(
        db=db, user=user, entity=entity, key=key, version=version, public_read=public_read
    )
    return service.restore(
        session=db,
        entity=entity,
        key=key,
        version=version,
        expected_version=None if expected_version is None else _expected(expected_version, last),
        who=actor(user),
        reason=reason,
    )


def history(*, db: Session, user: User, entity: type[Any], key: str) -> list[Change]:
    """The changes to one row `user` may read, oldest first; NotFound when none is left.

    The audit log's rule (`app.history.readable`): a row whose latest state is hidden shows no
    history; a change whose before or after is hidden is left out (not shown redacted); so the
    per-row history, the audit log and the history page give one answer.
    """
    name = TABLES[entity].name
    try:
        changes = service.history(session=db, entity=entity, key=key)
    except NotFound:
        changes = []
    shown = list(readable(db, user, changes))
    if not shown:
        raise NotFound(f"no history for {name} {key!r}")
    return shown
