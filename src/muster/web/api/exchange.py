"""Import and export through `muster.interchange`: JSON, XLSX, CSV (one table, or all zipped).

An export holds only what the requesting user may read (`auth.filter_dataset`): a delegate's
file never contains another nation's national pledge. Importing merges a file into the data in
the request's one transaction (all or nothing), recording who and why; `dry_run` only counts.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel

from muster.auth import filter_dataset
from muster.interchange import TABLES, read_dataset_bytes, write_dataset_bytes
from muster.store import import_dataset, load_dataset, utcnow
from muster.web.api._crud import Reason, read_reason, who
from muster.web.deps import DbSession, Exporter, Importer

router = APIRouter(tags=["import and export"])

MEDIA = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
    "csv": "text/csv; charset=utf-8",
}


class ExportFormat(StrEnum):
    JSON = "json"
    XLSX = "xlsx"
    ZIP = "zip"
    CSV = "csv"


class ImportCounts(BaseModel):
    """What an import created, updated and left unchanged (or would, with dry_run)."""

    dry_run: bool
    created: int
    updated: int
    unchanged: int
    entities: dict[str, dict[str, int]]


@router.get(
    "/export",
    summary="Download the data you may read (JSON, XLSX, zipped CSV, or one CSV table)",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}},
)
def export(
    user: Exporter,
    db: DbSession,
    format: Annotated[ExportFormat, Query(description="json, xlsx, zip (CSV files) or csv")] = (
        ExportFormat.JSON
    ),
    table: Annotated[
        str | None,
        Query(description=f"With format=csv, the table: {', '.join(TABLES)}", max_length=40),
    ] = None,
) -> Response:
    dataset = filter_dataset(user, load_dataset(session=db))
    stem = (table or "pledges") if format is ExportFormat.CSV else "muster"
    filename = f"{stem}-{utcnow().date().isoformat()}.{format.value}"
    body = write_dataset_bytes(dataset, filename=f"{stem}.{format.value}")
    return Response(
        body,
        media_type=MEDIA[format.value],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post(
    "/import",
    response_model=ImportCounts,
    summary="Merge a file (JSON, XLSX, zipped CSV, one CSV table) into the data",
)
def import_file(
    file: UploadFile,
    user: Importer,
    db: DbSession,
    reason: Reason,
    dry_run: Annotated[bool, Query(description="Check and count, change nothing")] = False,
) -> dict[str, Any]:
    dataset = read_dataset_bytes(file.file, filename=file.filename or "upload.json")
    result = import_dataset(
        session=db, dataset=dataset, who=who(user), reason=read_reason(reason), dry_run=dry_run
    )
    return result.as_dict()
