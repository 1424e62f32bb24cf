"""Importing a Dataset: merge by natural key, validate everything, write only what changed.

`import_dataset` checks the incoming rows for duplicate keys and every reference against the
merged result (the current data with the incoming rows added or replacing theirs), reporting all
problems at once. Nothing is written when any is found. Rows equal to what is stored are left
alone; the others are inserted or updated in bulk (one statement per table, not a round trip per
row), each with its history entry, in the caller's transaction. Rows not in the incoming data
are kept: importing merges, it never deletes. Status transitions are not enforced on import (an
import may restore an older export); the services that change one row enforce them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from muster.domain import ENTITIES, ENTITY_NAMES, Dataset, check_dataset
from muster.errors import InvalidInput, Problem
from muster.store import history as hist
from muster.store.load import Stored, current_dataset
from muster.store.rows import insert_objects, update_objects
from muster.store.schema import TABLES

# step description, rows done so far in this step, rows in this step
ImportProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # stored rows that differ but were left alone (keep_existing)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.kept


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, with `dry_run`, would do), per collection."""

    counts: dict[str, Counts] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.counts.values())

    @property
    def kept(self) -> int:
        return sum(c.kept for c in self.counts.values())

    @property
    def rows(self) -> int:
        return sum(c.total for c in self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept": self.kept,
            "entities": {
                name: {
                    "created": c.created,
                    "updated": c.updated,
                    "unchanged": c.unchanged,
                    "kept": c.kept,
                }
                for name, c in self.counts.items()
            },
        }


def _duplicates(dataset: Dataset) -> list[Problem]:
    problems = []
    for name, items in dataset.collections():
        if len({obj.key for obj in items}) == len(items):
            continue
        seen: set[str] = set()
        entity = ENTITY_NAMES[ENTITIES[name]]
        for obj in items:
            if obj.key in seen:
                problems.append(Problem(f"duplicate key {obj.key!r}", entity=entity, key=obj.key))
            seen.add(obj.key)
    return problems


def _no_progress(_step: str, _done: int, _total: int) -> None:
    return None


def import_dataset(
    *,
    session: Session,
    dataset: Dataset,
    who: str,
    reason: str,
    dry_run: bool = False,
    keep_existing: bool = False,
    refresh_owner: str | None = None,
    progress: ImportProgress = _no_progress,
) -> ImportResult:
    """Merge `dataset` into the stored data; raises InvalidInput listing every problem.

    Returns created / updated / unchanged counts per collection. With `dry_run`, validates and
    counts without writing. With `keep_existing`, rows already stored are never changed (only
    new keys are added; `kept` counts those that differ), as `muster demo` does so that a
    second run keeps what users edited. With `refresh_owner` too, a stored row that differs is
    still updated when `refresh_owner` wrote its latest version (nobody edited it since), as
    `muster demo` does to bring an older demo up to date.
    """
    hist.check_who(who)
    why = hist.check_reason(reason)
    progress("reading the current data", 0, 1)
    current, versions = current_dataset(session=session)
    progress("reading the current data", 1, 1)
    problems = _duplicates(dataset)
    if problems:
        raise InvalidInput(problems)
    progress("checking references", 0, 1)
    merged = current.merged(dataset)
    problems = check_dataset(merged)
    if problems:
        raise InvalidInput(problems)
    progress("checking references", 1, 1)
    plans: list[tuple[str, type[Any], list[Any], list[tuple[Stored[Any], Any]], int, int]] = []
    for name, items in dataset.collections():
        existing = current.index(name)
        vers = versions[name]
        created: list[Any] = []
        updated: list[tuple[Stored[Any], Any]] = []
        unchanged = kept = 0
        differ = [o for o in items if o.key in existing and existing[o.key] != o]
        owned: set[str] = set()
        if keep_existing and refresh_owner is not None and differ:
            writers = hist.last_writers(
                session=session, entity=TABLES[ENTITIES[name]].name, keys=[o.key for o in differ]
            )
            owned = {k for k, who in writers.items() if who == refresh_owner}
        for obj in items:
            old = existing.get(obj.key)
            if old is None:
                created.append(obj)
            elif old == obj:
                unchanged += 1
            elif keep_existing and obj.key not in owned:
                kept += 1
            else:
                updated.append((Stored(old, vers[obj.key]), obj))
        plans.append((name, ENTITIES[name], created, updated, unchanged, kept))
    result = ImportResult(
        counts={
            name: Counts(len(created), len(updated), unchanged, kept)
            for name, _, created, updated, unchanged, kept in plans
        },
        dry_run=dry_run,
    )
    if dry_run:
        return result
    total = result.created + result.updated
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        progress("writing", done, total)

    progress("writing", 0, total)
    for _name, cls, created, updated, _, _ in plans:
        insert_objects(session=session, cls=cls, objs=created, who=who, why=why, progress=step)
        update_objects(session=session, cls=cls, changes=updated, who=who, why=why, progress=step)
    session.flush()
    return result
