"""Import and export of whole files, for the API (`/api/v1/import`, `/api/v1/export`), the data
page (`/records`) and the CLI: one function each, applying the rules in one place.

An export holds only what the user may read (`filter_dataset`): a delegate's file never contains
another nation's national pledge. An import needs `data:import`, reads the file with every
check of `muster.interchange` (a bad file names file, row, column and field, and changes
nothing) and merges it in the caller's one transaction, recording who and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy.orm import Session

from muster.app.records import actor
from muster.auth import User
from muster.auth.policy import ensure, filter_dataset
from muster.auth.roles import Capability
from muster.domain import Dataset
from muster.interchange import read_dataset_bytes, write_dataset_bytes
from muster.store import ImportResult, import_dataset, load_dataset
from muster.store.importer import ImportProgress

MEDIA = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class ExportFile:
    body: bytes
    media_type: str
    filename: str


def readable_dataset(
    *, session: Session, user: User, recorded_at: datetime | None = None
) -> Dataset:
    """The data `user` may export (as the database held them at `recorded_at`, when given)."""
    ensure(user, Capability.DATA_EXPORT)
    return filter_dataset(user, load_dataset(session=session, recorded_at=recorded_at))


def export_file(
    *, session: Session, user: User, fmt: str, today: date, table: str | None = None
) -> ExportFile:
    """The data `user` may read as a file: json, xlsx, zip (CSV files) or csv (one table)."""
    dataset = readable_dataset(session=session, user=user)
    stem = (table or "pledges") if fmt == "csv" else "muster"
    body = write_dataset_bytes(dataset, filename=f"{stem}.{fmt}")
    return ExportFile(body, MEDIA[fmt], f"{stem}-{today.isoformat()}.{fmt}")


def import_file(
    *,
    session: Session,
    user: User,
    stream: IO[bytes],
    filename: str,
    reason: str,
    dry_run: bool = False,
) -> dict[str, Any]:
    """Merge a file into the data as `user` (counts of created / updated / unchanged rows)."""
    check_import(user)
    dataset = read_dataset_bytes(stream, filename=filename)
    result = merge(session=session, user=user, dataset=dataset, reason=reason, dry_run=dry_run)
    counts: dict[str, Any] = result.as_dict()
    return counts


def check_import(user: User) -> None:
    """Forbidden unless `user` may import: asked before a big file is read (the CLI reads
    files and folders itself, with a progress bar), so a refusal costs nothing."""
    ensure(user, Capability.DATA_IMPORT)


def merge(
    *,
    session: Session,
    user: User,
    dataset: Dataset,
    reason: str,
    dry_run: bool = False,
    progress: ImportProgress | None = None,
) -> ImportResult:
    """Merge a dataset already read (`muster import`) into the data as `user`: Forbidden
    unless the user may import; history says `user:NAME` and why."""
    check_import(user)
    return import_dataset(
        session=session,
        dataset=dataset,
        who=actor(user),
        reason=reason,
        dry_run=dry_run,
        progress=progress or _silent,
    )


def _silent(_step: str, _done: int, _total: int) -> None:
    return None
