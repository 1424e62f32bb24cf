"""Service functions over every stored entity: get, find, create, update, delete, history.

One mechanism for all twelve entity classes (pass the class: `get(session=s, entity=Pledge,
key="p1")`). Keyword-only arguments; nothing here commits: the caller owns the transaction, and
each change writes its history entry (who, why, when, before, after) in that same transaction.
Updates and deletes name the version they read; a stale version raises `Conflict`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from muster.domain import (
    ENTITIES,
    ENTITY_NAMES,
    Condition,
    Dataset,
    Pledge,
    PledgeStatus,
    Source,
    Statement,
    StatementStatus,
    check_dataset,
    check_pledge_transition,
    check_statement_transition,
)
from muster.errors import Conflict, InvalidInput, NotFound, Problem, describe
from muster.store import history as hist
from muster.store.codec import codec
from muster.store.load import Stored, load_rows
from muster.store.rows import delete_objects, insert_objects, update_objects
from muster.store.schema import REFERENCES, TABLES, Link, MapTable

T = TypeVar("T")
MAX_PAGE = 1000

# Rules a change must keep beyond the object's own validation: status transitions.
TRANSITIONS: dict[type[Any], Callable[[Any, Any], None]] = {
    Pledge: lambda old, new: check_pledge_transition(old, new.status),
    Statement: lambda old, new: check_statement_transition(old, new.status),
}


def entity_class(name: str) -> type[Any]:
    """The entity class for a name as users type it: `pledge`, `pledges`, `Pledge`."""
    wanted = name.strip().lower().replace("-", "_")
    for collection, cls in ENTITIES.items():
        if wanted in (collection, ENTITY_NAMES[cls], cls.__name__.lower()):
            return cls
    names = ", ".join(ENTITY_NAMES[c] for c in ENTITIES.values())
    raise InvalidInput(
        Problem(f"unknown entity {name!r}; expected one of: {names}", field="entity")
    )


def get(*, session: Session, entity: type[T], key: str) -> Stored[T]:
    """The stored object with its version; raises NotFound."""
    # no key holds a NUL (writes refuse it), and PostgreSQL refuses to compare one
    found = [] if "\x00" in key else load_rows(session=session, cls=entity, keys=[key])
    if not found:
        raise NotFound(f"no {TABLES[entity].name} {key!r}")
    return found[0]


def _references(cls: type[Any], obj: Any) -> Iterable[tuple[str, type[Any], str]]:
    """(field, target class, value) for every reference `obj` makes."""
    for path, target in REFERENCES[cls].items():
        head, _, tail = path.partition(".")
        value = getattr(obj, head)
        if tail:
            for item in value:
                v = getattr(item, tail)
                if v is not None:
                    yield path, target, v
        elif isinstance(value, Mapping):
            for k in value:
                yield path, target, k
        elif isinstance(value, tuple):
            for v in value:
                yield path, target, v
        elif value is not None:
            yield path, target, value


def check_references(*, session: Session, cls: type[Any], obj: Any) -> list[Problem]:
    """Problems for every reference of `obj` to a row that does not exist."""
    wanted: dict[type[Any], set[str]] = defaultdict(set)
    refs = list(_references(cls, obj))
    for _, target, value in refs:
        wanted[target].add(value)
    known: dict[type[Any], set[str]] = {}
    for target, values in wanted.items():
        t = TABLES[target]
        col = t.table.c[t.key]
        known[target] = set(session.execute(sa.select(col).where(col.in_(values))).scalars())
    name = TABLES[cls].name
    key = str(obj.key)
    return [
        Problem(f"unknown {TABLES[target].name} {value!r}", entity=name, key=key, field=field)
        for field, target, value in refs
        if value not in known[target]
    ]


def _check_write(*, session: Session, cls: type[Any], obj: Any) -> None:
    if not isinstance(obj, cls):
        raise TypeError(f"expected a {cls.__name__}, got {type(obj).__name__}")
    problems = check_references(session=session, cls=cls, obj=obj)
    if cls is Source:
        problems.extend(obj.problems())
    if cls is Condition and not problems:
        conditions = {s.key: s.obj for s in load_rows(session=session, cls=Condition)}
        conditions[obj.key] = obj
        problems = [
            p
            for p in check_dataset(Dataset(conditions=tuple(conditions.values())))
            if p.field == "prerequisites"
        ]
    if problems:
        raise InvalidInput(problems)


def create(*, session: Session, obj: T, who: str, reason: str) -> Stored[T]:
    """Store a new object; InvalidInput on a bad reference, Conflict if its key is taken.

    The references are checked first and the Conflict names no version: a writer who may not
    read the row holding the key (a pledge of another nation) learns only that the key is taken,
    exactly as for a row they may read (keys are one name space for all readers).
    """
    cls = type(obj)
    hist.check_who(who)
    why = hist.check_reason(reason)
    t = TABLES[cls]
    key = str(obj.key)  # type: ignore[attr-defined]
    _check_write(session=session, cls=cls, obj=obj)
    taken = session.execute(
        sa.select(t.table.c[t.key]).where(t.table.c[t.key] == key)
    ).scalar_one_or_none()
    if taken is not None:
        raise Conflict(taken_message(t.name, key))
    return insert_objects(session=session, cls=cls, objs=[obj], who=who, why=why)[0]


def taken_message(name: str, key: str) -> str:
    """The one answer to creating a row whose key exists, readable by the writer or not."""
    return f"the {name} id {key!r} cannot be used: it is taken; choose another id"


def _stale(name: str, key: str, expected: int, current: int) -> Conflict:
    return Conflict(
        f"{name} {key!r} was changed by someone else: you edited version {expected}, "
        f"the current version is {current}; reload and try again",
        current_version=current,
    )


def update(*, session: Session, obj: T, expected_version: int, who: str, reason: str) -> Stored[T]:
    """Replace the stored object with the same key by `obj`.

    `expected_version` is the version the caller read; if the row moved on since, Conflict (with
    `current_version`). Status changes must follow the domain's transitions. An update that
    changes nothing writes nothing and returns the stored object.
    """
    cls = type(obj)
    hist.check_who(who)
    why = hist.check_reason(reason)
    t = TABLES[cls]
    old = get(session=session, entity=cls, key=str(obj.key))  # type: ignore[attr-defined]
    if old.version != expected_version:
        raise _stale(t.name, old.key, expected_version, old.version)
    if old.obj == obj:
        return old
    check = TRANSITIONS.get(cls)
    if check is not None:
        check(old.obj, obj)
    _check_write(session=session, cls=cls, obj=obj)
    return update_objects(session=session, cls=cls, changes=[(old, obj)], who=who, why=why)[0]


# Which referring rows a reader may see: a read condition per owner class (None: all).
Visible = Callable[[type[Any]], Any]


def _referrers(
    session: Session, cls: type[Any], key: str, visible: Visible | None = None
) -> tuple[list[str], bool]:
    """Where other rows refer to `cls` `key`: the ones `visible` lets the caller see
    (["pledge 'p1' (phases)", ...], at most five per field) and whether any row refers at all."""
    found: list[str] = []
    used = False
    for owner, refs in REFERENCES.items():
        t = TABLES[owner]
        clause = visible(owner) if visible is not None else None
        for path, target in refs.items():
            if target is not cls:
                continue
            head, _, tail = path.partition(".")
            if head in t.columns:
                table, owner_col, col = t.table, t.key, head
            else:
                side = next(x for x in t.sides if x.field == head)
                table, owner_col = side.table, side.owner_column
                if isinstance(side, Link):
                    col = side.value_column
                elif isinstance(side, MapTable):
                    col = side.name_column
                else:
                    col = tail
            query = sa.select(table.c[owner_col]).where(table.c[col] == key).distinct()
            if not used:
                used = session.execute(query.limit(1)).first() is not None
            if clause is not None:
                owners = sa.select(t.table.c[t.key]).where(clause)
                query = query.where(table.c[owner_col].in_(owners))
            rows = session.execute(query.limit(5)).scalars()
            found.extend(f"{t.name} {k!r} ({path})" for k in rows)
    return found, used


def in_use_message(name: str, key: str, named: list[str]) -> str:
    """The refusal of a delete that rows still refer to, naming only `named` (those the
    deleter may read): it reads the same whether or not unreadable rows refer too."""
    among = f" (among them {', '.join(named)})" if named else ""
    return f"{name} {key!r} is still referred to by other rows{among}; change those first"


def delete(
    *,
    session: Session,
    entity: type[Any],
    key: str,
    expected_version: int,
    who: str,
    reason: str,
    visible: Visible | None = None,
) -> None:
    """Delete a row; Conflict if its version moved on or other rows still refer to it.

    `visible` gives the read condition of the deleter per class: the refusal names only
    referring rows it selects (a row the deleter may not read is never named).
    """
    hist.check_who(who)
    why = hist.check_reason(reason)
    t = TABLES[entity]
    old = get(session=session, entity=entity, key=key)
    if old.version != expected_version:
        raise _stale(t.name, key, expected_version, old.version)
    named, used = _referrers(session, entity, key, visible)
    if used:
        raise Conflict(in_use_message(t.name, key, named), current_version=old.version)
    delete_objects(session=session, cls=entity, stored=[old], who=who, why=why)


def history(*, session: Session, entity: type[Any] | str, key: str) -> list[hist.Change]:
    """Every change to one row, oldest first (also after it was deleted); NotFound if none."""
    cls = entity_class(entity) if isinstance(entity, str) else entity
    name = TABLES[cls].name
    changes = [] if "\x00" in key else hist.entries(session=session, entity=name, key=key)
    if not changes:
        raise NotFound(f"no history for {name} {key!r}")
    return changes


def at_version(
    *, session: Session, entity: type[T], key: str, version: int
) -> tuple[T, list[hist.Change]]:
    """The object a row held at `version` (from its history), and the row's whole history.

    NotFound when the row never had that version; InvalidInput when that version is its
    deletion (there is no object to show or restore).
    """
    t = TABLES[entity]
    changes = history(session=session, entity=entity, key=key)
    target = next((c for c in changes if c.version == version), None)
    if target is None:
        raise NotFound(
            f"{t.name} {key!r} has no version {version} (its versions are 1 to "
            f"{changes[-1].version})"
        )
    if target.after is None:
        raise InvalidInput(
            Problem(
                f"version {version} of {t.name} {key!r} is its deletion: delete it instead",
                field="version",
            )
        )
    try:
        obj: T = codec(entity).from_record(target.after)
    except (TypeError, ValueError, KeyError) as e:  # a record an older schema wrote
        raise InvalidInput(
            Problem(
                f"version {version} of {t.name} {key!r} no longer fits what a {t.name} is "
                f"({describe(e)}); edit the row instead",
                field="version",
            )
        ) from None
    return obj, changes


def restore(
    *,
    session: Session,
    entity: type[T],
    key: str,
    version: int,
    expected_version: int | None,
    who: str,
    reason: str,
) -> Stored[T]:
    """Put back what a row held at `version`, as a new version: the undo of any change.

    The record is the one history kept after that change; it goes through the checks every
    write does (references must still exist), but not through the status transitions: undoing
    a status change is what a restore is for, and it can only reach a state the row held. A
    deleted row is re-created. `expected_version` is the row's version the caller saw (its last
    history version when deleted); None skips that check (the CLI, which reads and writes in
    one transaction). Restoring the state the row already holds changes nothing.
    """
    hist.check_who(who)
    why = hist.check_reason(reason)
    t = TABLES[entity]
    obj, changes = at_version(session=session, entity=entity, key=key, version=version)
    try:
        current: Stored[T] | None = get(session=session, entity=entity, key=key)
    except NotFound:
        current = None
    seen = current.version if current is not None else changes[-1].version
    if expected_version is not None and expected_version != seen:
        raise _stale(t.name, key, expected_version, seen)
    if current is not None and current.obj == obj:
        return current
    _check_write(session=session, cls=entity, obj=obj)
    if current is None:
        (done,) = insert_objects(session=session, cls=entity, objs=[obj], who=who, why=why)
    else:
        (done,) = update_objects(
            session=session, cls=entity, changes=[(current, obj)], who=who, why=why
        )
    return done


def set_pledge_status(
    *,
    session: Session,
    pledge_id: str,
    status: PledgeStatus | str,
    who: str,
    reason: str,
    expected_version: int | None = None,
) -> Stored[Pledge]:
    """Move a pledge to `status` following draft → offered → confirmed → deployed (→ withdrawn).

    Without `expected_version` the current row is taken as read (the transition rule still
    guards against nonsense); with it, a stale version raises Conflict.
    """
    new = _status(PledgeStatus, status)
    old = get(session=session, entity=Pledge, key=pledge_id)
    check_pledge_transition(old.obj, new)
    return update(
        session=session,
        obj=replace(old.obj, status=new),
        expected_version=old.version if expected_version is None else expected_version,
        who=who,
        reason=reason,
    )


def set_statement_status(
    *,
    session: Session,
    statement_id: str,
    status: StatementStatus | str,
    who: str,
    reason: str,
    expected_version: int | None = None,
) -> Stored[Statement]:
    """Accept, reject or re-propose a statement following the domain's transitions."""
    new = _status(StatementStatus, status)
    old = get(session=session, entity=Statement, key=statement_id)
    check_statement_transition(old.obj, new)
    return update(
        session=session,
        obj=replace(old.obj, status=new),
        expected_version=old.version if expected_version is None else expected_version,
        who=who,
        reason=reason,
    )


def _status(enum: type[Any], value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidInput(
            Problem(f"expected one of {choices}, got {describe(value)}", field="status")
        ) from None
