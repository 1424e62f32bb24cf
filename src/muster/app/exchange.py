"""Import and export of whole files, for the API (`/api/v1/import`, `/api/v1/export`), the data
page (`/records`) and the CLI: one function each, applying the rules in one place.

An export holds only what the user may read (`filter_dataset`): a delegate's file never contains
another nation's national pledge. An import needs `data:import`, reads the file with every
check of `muster.interchange` (a bad file names file, row, column and field, and changes
nothing) and merges it in the caller's one transaction, recording who and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from sqlalchemy.orm import Session

from muster.auth import User
from muster.auth.policy import ensure, filter_dataset
from muster.auth.roles import Capability
from muster.interchange import read_dataset_bytes, write_dataset_bytes
from muster.store import import_dataset, load_dataset

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


def export_file(
    *, session: Session, user: User, fmt: str, today: date, table: str | None = None
) -> ExportFile:
    """The data `user` may read as a file: json, xlsx, zip (CSV files) or csv (one table)."""
    ensure(user, Capability.DATA_EXPORT)
    dataset = filter_dataset(user, load_dataset(session=session))
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
    ensure(user, Capability.DATA_IMPORT)
    dataset = read_dataset_bytes(stream, filename=filename)
    result = import_dataset(
        session=session, dataset=dataset, who=f"user:{user.name}", reason=reason, dry_run=dry_run
    )
    counts: dict[str, Any] = result.as_dict()
    return counts
