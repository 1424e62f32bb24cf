"""Pledge pages: the list, a pledge with its editor, and the form for a new pledge.

Edits go through `muster.app.records` (as the API's do) with the version the form was opened
at, so a stale edit is refused (409) instead of overwriting; validation problems come back next
to their fields (422). Who may edit which nation's pledge is decided by `muster.auth` only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.app import records
from muster.app.tables import parse_query, table_page
from muster.auth import Capability, ensure
from muster.domain import Pledge, PledgeStatus, from_record
from muster.errors import Conflict, InvalidInput, Problem
from muster.web.deps import DbSession, Delegate, SettingsDep
from muster.web.i18n import N_, Message
from muster.web.pages.access import may
from muster.web.pages.data import PageData, ReadData
from muster.web.pages.render import page
from muster.web.pages.tables import PAGE_PARAMS, download
from muster.web.viewmodels.pledge import (
    PLEDGE_COLUMNS,
    PledgeForm,
    pledge_form,
    pledge_list,
    pledge_record,
    pledge_values,
    split_tags,
)
from muster.web.viewmodels.table import table_controls

router = APIRouter(include_in_schema=False)
DEFAULT_REASON = "edited in the pledge editor"


def _editable_nations(request: Request, data: PageData) -> list[str]:
    return [
        n.iso3
        for n in data.dataset.nations
        if may(request, data.user, Capability.PLEDGE_EDIT, nation=n.iso3)
    ]


def _form_page(
    request: Request, form: PledgeForm, *, status: int = 200, may_edit: bool = True
) -> Response:
    title = N_("New pledge") if form.is_new else N_("Pledge %(id)s")
    return page(
        request,
        "pledge.html",
        form,
        title=title,
        title_args={"id": form.id},
        section="pledges",
        status=status,
        may_edit=may_edit,
    )


def _values(
    *,
    id: str,
    nation: str,
    capability: str,
    quantity: str,
    phases: list[str],
    conditions: list[str],
    caveats: list[str],
    new_caveats: str,
    status: str,
    readiness_days: str,
    valid_from: str,
    valid_to: str,
    classification: str,
    sources: list[str],
    illustrative: str,
    note: str,
) -> dict[str, str | list[str]]:
    return {
        "id": id,
        "nation": nation,
        "capability": capability,
        "quantity": quantity,
        "phases": phases,
        "conditions": conditions,
        "caveats": [*caveats, *(t for t in split_tags(new_caveats) if t not in caveats)],
        "status": status,
        "readiness_days": readiness_days,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "classification": classification,
        "sources": sources,
        "illustrative": illustrative,
        "note": note,
    }


FormText = Annotated[str, Form(max_length=2000)]
FormList = Annotated[list[str], Form()]


@router.get("/pledges", response_class=HTMLResponse)
def pledges_page(request: Request, data: ReadData, db: DbSession) -> Response:
    """The pledges the reader may read: sorted, filtered, searched and paged by the query."""
    query = parse_query(Pledge, request.query_params.multi_items(), ignore=PAGE_PARAMS)
    found = table_page(session=db, user=data.user, cls=Pledge, query=query)
    controls = table_controls(
        cls=Pledge,
        query=query,
        path="/pledges",
        download_path="/pledges",
        total=found.total,
        shown=len(found.items),
        next_cursor=found.next_cursor,
        columns=PLEDGE_COLUMNS,
    )
    view = pledge_list(
        data.dataset,
        [s.obj for s in found.items],
        total=found.total,
        next_cursor=found.next_cursor,
        table=controls,
    )
    return page(
        request,
        "pledges.html",
        view,
        title=N_("Pledges"),
        section="pledges",
        may_create=bool(_editable_nations(request, data)),
    )


@router.get("/pledges.{kind}", include_in_schema=False)
def pledges_download(request: Request, kind: str, data: ReadData, db: DbSession) -> Response:
    """The whole table the page shows (every page of its query) as CSV or XLSX."""
    return download(request, Pledge, kind, data.user, db)


@router.get("/pledges/new", response_class=HTMLResponse)
def new_pledge_form(
    request: Request, user: Delegate, data: ReadData, nation: str | None = None
) -> Response:
    """An empty pledge form for a nation the user may pledge for."""
    nations = _editable_nations(request, data)
    values: dict[str, str | list[str]] = {
        "nation": nation if nation in nations else (nations[0] if len(nations) == 1 else ""),
        "status": PledgeStatus.DRAFT.value,
        "classification": "coalition",
    }
    form = pledge_form(
        data.dataset,
        values=values,
        is_new=True,
        version=None,
        nations=nations,
        current_status=None,
    )
    return _form_page(request, form)


@router.post("/pledges/new", response_class=HTMLResponse)
def create_pledge(
    request: Request,
    user: Delegate,
    data: ReadData,
    db: DbSession,
    settings: SettingsDep,
    id: FormText = "",
    nation: FormText = "",
    capability: FormText = "",
    quantity: FormText = "",
    phases: FormList = [],  # noqa: B006 (FastAPI copies defaults)
    conditions: FormList = [],  # noqa: B006
    caveats: FormList = [],  # noqa: B006
    new_caveats: FormText = "",
    status: FormText = "draft",
    readiness_days: FormText = "",
    valid_from: FormText = "",
    valid_to: FormText = "",
    classification: FormText = "coalition",
    sources: FormList = [],  # noqa: B006
    illustrative: FormText = "",
    note: FormText = "",
    reason: FormText = "",
) -> Response:
    """Create the pledge, or show the form again with every problem next to its field."""
    values = _values(
        id=id,
        nation=nation,
        capability=capability,
        quantity=quantity,
        phases=phases,
        conditions=conditions,
        caveats=caveats,
        new_caveats=new_caveats,
        status=status,
        readiness_days=readiness_days,
        valid_from=valid_from,
        valid_to=valid_to,
        classification=classification,
        sources=sources,
        illustrative=illustrative,
        note=note,
    )
    nations = _editable_nations(request, data)
    try:
        ensure(user, Capability.PLEDGE_EDIT, nation=nation or None)
        obj = from_record(Pledge, pledge_record(values, entered_by=user.name), text=True)
        stored = records.create(
            db=db,
            user=user,
            obj=obj,
            reason=reason.strip() or "new pledge",
            public_read=settings.public_read,
        )
    except (InvalidInput, Conflict) as e:
        problems = e.problems if isinstance(e, InvalidInput) else [Problem(str(e), field="id")]
        form = pledge_form(
            data.dataset,
            values=values,
            is_new=True,
            version=None,
            nations=nations,
            current_status=None,
            problems=problems,
        )
        return _form_page(request, form, status=422 if isinstance(e, InvalidInput) else 409)
    return RedirectResponse(f"/pledges/{stored.obj.id}?saved={stored.version}", status_code=303)


@router.get("/pledges/{pledge_id}", response_class=HTMLResponse)
def pledge_page(
    request: Request, pledge_id: str, data: ReadData, db: DbSession, saved: int | None = None
) -> Response:
    """A pledge with its editor (read-only for those who may not edit it)."""
    stored = records.get(db=db, user=data.user, entity=Pledge, key=pledge_id)
    editable = may(request, data.user, Capability.PLEDGE_EDIT, nation=stored.obj.nation)
    form = pledge_form(
        data.dataset,
        values=pledge_values(stored.obj),
        is_new=False,
        version=stored.version,
        nations=_editable_nations(request, data) if editable else [stored.obj.nation],
        current_status=stored.obj.status,
        notice=(
            Message(N_("Saved: this pledge is now at version %(version)s."), version=saved)
            if saved
            else None
        ),
    )
    return _form_page(request, form, may_edit=editable)


@router.post("/pledges/{pledge_id}", response_class=HTMLResponse)
def update_pledge(
    request: Request,
    pledge_id: str,
    user: Delegate,
    data: ReadData,
    db: DbSession,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    nation: FormText = "",
    capability: FormText = "",
    quantity: FormText = "",
    phases: FormList = [],  # noqa: B006
    conditions: FormList = [],  # noqa: B006
    caveats: FormList = [],  # noqa: B006
    new_caveats: FormText = "",
    status: FormText = "",
    readiness_days: FormText = "",
    valid_from: FormText = "",
    valid_to: FormText = "",
    classification: FormText = "",
    sources: FormList = [],  # noqa: B006
    illustrative: FormText = "",
    note: FormText = "",
    reason: FormText = "",
) -> Response:
    """Save an edit made at `version`; refused with 409 if the pledge moved on since."""
    stored = records.get(db=db, user=user, entity=Pledge, key=pledge_id)
    ensure(user, Capability.PLEDGE_EDIT, nation=stored.obj.nation)
    values = _values(
        id=pledge_id,
        nation=nation,
        capability=capability,
        quantity=quantity,
        phases=phases,
        conditions=conditions,
        caveats=caveats,
        new_caveats=new_caveats,
        status=status,
        readiness_days=readiness_days,
        valid_from=valid_from,
        valid_to=valid_to,
        classification=classification,
        sources=sources,
        illustrative=illustrative,
        note=note,
    )
    entered_by = stored.obj.entered_by or user.name
    try:
        ensure(user, Capability.PLEDGE_EDIT, nation=nation or None)
        obj = from_record(Pledge, pledge_record(values, entered_by=entered_by), text=True)
        saved = records.update(
            db=db,
            user=user,
            entity=Pledge,
            key=pledge_id,
            change=lambda _: obj,
            expected_version=version,
            reason=reason.strip() or DEFAULT_REASON,
            public_read=settings.public_read,
        )
    except (InvalidInput, Conflict) as e:
        problems = e.problems if isinstance(e, InvalidInput) else [Problem(str(e))]
        # The form keeps the version it was opened at: saving again after a conflict must
        # conflict again until the user reloads and sees the other change.
        form = pledge_form(
            data.dataset,
            values=values,
            is_new=False,
            version=version,
            nations=_editable_nations(request, data),
            current_status=stored.obj.status,
            problems=problems,
        )
        return _form_page(request, form, status=422 if isinstance(e, InvalidInput) else 409)
    return RedirectResponse(f"/pledges/{pledge_id}?saved={saved.version}", status_code=303)
