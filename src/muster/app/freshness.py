"""How fresh the data one reader may read is: a version tag and the time of the last change, as
that reader sees them (the dashboard's "last change", its `data_version`).

The database's own counter (`store.history.current_data_version`) moves with every change,
hidden ones included; shown to a reader, it would tell them that rows they may not read
changed, and when. The reader's version is therefore computed from what they may read: a digest
of their filtered dataset, and the newest history entry the audit log would show them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from muster.app.history import readable
from muster.auth import User
from muster.domain import Dataset
from muster.store.history import Change, log


@dataclass(frozen=True, slots=True)
class ReaderVersion:
    """`tag` changes exactly when what the reader may read changes; `changed_at` is the time of
    the newest change they may read (None: none yet)."""

    tag: str
    changed_at: datetime | None


def _visible(changes: Iterable[Change]) -> Iterator[Change]:
    # a scenario change that only touched hidden pledges reads as before == after once scrubbed
    return (c for c in changes if c.before != c.after)


def reader_version(*, db: Session, user: User, dataset: Dataset) -> ReaderVersion:
    """The version of `dataset` (what `user` may read, from `policy.filter_dataset`)."""
    digest = hashlib.sha256(repr(dataset).encode()).hexdigest()[:12]
    last = next(_visible(readable(db, user, log(session=db))), None)
    return ReaderVersion(f"r{digest}", None if last is None else last.recorded_at)
