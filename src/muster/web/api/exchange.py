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

from muster.app import exchange
from muster.interchange import TABLES
from muster.store import utcnow
from muster.web.api._crud import Reason, read_reason
from muster.web.deps import DbSession, Exporter, Importer

router = APIRouter(tags=["import and export"])


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
    responses={200: {"content": {m: {} for m in exchange.MEDIA.values()}}},
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
    made = exchange.export_file(
        session=db, user=user, fmt=format.value, today=utcnow().date(), table=table
    )
    return Response(
        made.body,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
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
    return exchange.import_file(
        session=db,
        user=user,
        stream=file.file,
        filename=file.filename or "upload.json",
        reason=read_reason(reason),
        dry_run=dry_run,
    )
