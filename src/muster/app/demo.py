"""Loading the shipped demo coalition into a database, and bringing an older stored demo up to date.

The stored demo is *older* than the shipped one when a row the demo process wrote (and nobody
edited since) differs from the shipped row, when the shipped demo has rows the database lacks
while it already holds demo rows, or when a row the demo process wrote is no longer shipped.
A refresh replaces those rows and keeps what users changed; a reset replaces every demo row,
users' edits included. User accounts are never touched (they are not data rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from muster.domain import ENTITIES, Dataset
from muster.errors import Conflict
from muster.store import import_dataset
from muster.store.history import last_writers
from muster.store.importer import ImportResult
from muster.store.load import current_dataset
from muster.store.schema import TABLES
from muster.store.service import delete

DEMO_WHO = "process:demo"
DEMO_REASON = "London-2025 demo coalition shipped with Muster"


@dataclass(frozen=True, slots=True)
class DemoLoad:
    """What loading the demo did: the import's counts, whether the stored demo was older than
    the shipped one, and the demo rows removed because the shipped demo no longer has them."""

    result: ImportResult
    stale: bool
    reset: bool
    removed: tuple[str, ...] = ()
    not_removed: tuple[str, ...] = ()


def _retired(
    session: Session, dataset: Dataset, current: Dataset, versions: dict[str, dict[str, int]]
) -> list[tuple[type[Any], str, int]]:
    """Stored rows the demo process wrote last that the shipped demo no longer has, in reverse
    dependency order (referrers first): (class, key, version)."""
    out: list[tuple[type[Any], str, int]] = []
    for name, _items in reversed(list(current.collections())):
        shipped = dataset.index(name)
        gone = [k for k in current.index(name) if k not in shipped]
        if not gone:
            continue
        cls = ENTITIES[name]
        writers = last_writers(session=session, entity=TABLES[cls].name, keys=gone)
        out.extend((cls, k, versions[name][k]) for k in gone if writers.get(k) == DEMO_WHO)
    return out


def load_demo(*, session: Session, dataset: Dataset, reset: bool = False) -> DemoLoad:
    """Load the shipped demo `dataset`; refresh an older stored demo, keeping users' edits
    unless `reset`. The caller owns the transaction (nothing is committed here)."""
    before = import_dataset(
        session=session,
        dataset=dataset,
        who=DEMO_WHO,
        reason=DEMO_REASON,
        dry_run=True,
        keep_existing=True,
        refresh_owner=DEMO_WHO,
    )
    current, versions = current_dataset(session=session)
    retired = _retired(session, dataset, current, versions)
    # A demo is stored when its mission is (the gazetteer alone, imported first, is not one).
    stored_missions = current.index("missions")
    had_demo = any(m.key in stored_missions for m in dataset.missions)
    stale = bool(before.updated or retired or (had_demo and before.created))
    why = DEMO_REASON + (
        " (reset)" if reset else " (refreshing an older stored demo)" if stale else ""
    )
    result = import_dataset(
        session=session,
        dataset=dataset,
        who=DEMO_WHO,
        reason=why,
        keep_existing=not reset,
        refresh_owner=DEMO_WHO,
    )
    removed: list[str] = []
    not_removed: list[str] = []
    for cls, key, version in retired:
        label = f"{TABLES[cls].name} {key}"
        try:
            delete(
                session=session,
                entity=cls,
                key=key,
                expected_version=version,
                who=DEMO_WHO,
                reason=why,
            )
        except Conflict:  # a user's row still refers to it: leave it, say so
            not_removed.append(label)
        else:
            removed.append(label)
    return DemoLoad(
        result=result,
        stale=stale,
        reset=reset,
        removed=tuple(removed),
        not_removed=tuple(not_removed),
    )
