"""Every stored table as a page: `/tables/statements?sort=-date&nation=FRA&q=troops`.

Sort by any column (the headers are links), filter by any column, bound numbers and dates,
search names, quotes and notes, page, and download exactly that query as CSV or XLSX
(`/tables/statements.csv?…`). All of it is `muster.app.tables`, the same function the API's
list endpoints call, so the page, its JSON twin, the API and the file agree and hold only what
the reader may read. `/pledges` is the pledge table with its own columns.

It is also where records are edited from: each key links to the row's form (`/records/...`,
`/pledges/...`, `/scenarios/...`) where one exists, every row to its history, and the heading
offers "Add" to those who may. `/records/{collection}` leads here; `/records` is the overview.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from muster.app.tables import (
    MEDIA,
    file_name,
    parse_query,
    readable_records,
    table_file,
    table_page,
)
from muster.auth import User, has
from muster.auth.policy import EDIT_CAPABILITY
from muster.domain import ENTITY_NAMES
from muster.errors import InvalidInput, NotFound, Problem
from muster.store.schema import TABLES
from muster.web import notices
from muster.web.deps import DbSession
from muster.web.i18n import N_
from muster.web.pages.data import ReadData
from muster.web.pages.records import FORMS
from muster.web.pages.render import page
from muster.web.viewmodels.table import record_table, table_controls

router = APIRouter(include_in_schema=False)
PAGE_PARAMS = ("format", "done")  # `done`: the notice a saved form sends back with

COLLECTIONS = {t.collection: cls for cls, t in TABLES.items()}
# Each table's title, marked for translation (a new table falls back to its collection's name).
TITLES = {
    "sources": N_("Sources"),
    "nations": N_("Nations"),
    "actors": N_("Actors"),
    "conditions": N_("Conditions"),
    "missions": N_("Missions"),
    "phases": N_("Phases"),
    "capabilities": N_("Capabilities"),
    "requirement_lines": N_("Requirement lines"),
    "pledges": N_("Pledges"),
    "statements": N_("Statements"),
    "aid_records": N_("Aid records"),
    "scenarios": N_("Scenarios"),
    "calls": N_("Calls"),
    "offers": N_("Offers"),
}


def _title(collection: str) -> str:
    return TITLES.get(collection) or collection.replace("_", " ").capitalize()


def _entity(collection: str) -> type[Any]:
    cls = COLLECTIONS.get(collection)
    if cls is None:
        raise NotFound(f"no table {collection!r}; tables: {', '.join(COLLECTIONS)}")
    return cls


def download(request: Request, cls: type[Any], kind: str, user: User, db: Session) -> Response:
    """The page's query (all its pages) as a CSV or XLSX attachment."""
    if kind not in MEDIA:
        raise NotFound(f"no download as {kind!r}; download as csv or xlsx")
    query = parse_query(cls, request.query_params.multi_items(), ignore=PAGE_PARAMS)
    body = table_file(session=db, user=user, cls=cls, query=query, kind=kind)  # type: ignore[arg-type]
    return Response(
        body,
        media_type=MEDIA[kind],
        headers={
            "Content-Disposition": f'attachment; filename="{file_name(cls, kind)}"',  # type: ignore[arg-type]
            "Cache-Control": "no-store",
        },
    )


@router.get("/tables/{collection}.{kind}")
def table_download(
    request: Request, collection: str, kind: str, data: ReadData, db: DbSession
) -> Response:
    """A table's query as CSV or XLSX."""
    return download(request, _entity(collection), kind, data.user, db)


@router.get("/tables/{collection}", response_class=HTMLResponse)
def table_view(request: Request, collection: str, data: ReadData, db: DbSession) -> Response:
    """One page of a table, as the query asks, holding only rows the reader may read."""
    cls = _entity(collection)
    query = parse_query(cls, request.query_params.multi_items(), ignore=PAGE_PARAMS)
    found = table_page(session=db, user=data.user, cls=cls, query=query)
    path = f"/tables/{collection}"
    controls = table_controls(
        cls=cls,
        query=query,
        path=path,
        download_path=path,
        total=found.total,
        shown=len(found.items),
        next_cursor=found.next_cursor,
    )
    records = readable_records(session=db, user=data.user, cls=cls, rows=found.items)
    title = _title(collection)
    view = record_table(cls=cls, title=title, records=records, controls=controls)
    edit, add = FORMS.get(collection, (None, None))
    return page(
        request,
        "table.html",
        view,
        title=title,
        section="records",
        collections=[(c, _title(c)) for c in COLLECTIONS],
        edit_base=edit,
        add_href=add if add and has(data.user, EDIT_CAPABILITY[cls]) else None,
        history_base=f"/history/{ENTITY_NAMES[cls]}",
        notice=notices.received(request),
    )


__all__ = ["PAGE_PARAMS", "InvalidInput", "Problem", "download", "router"]
