"""`/records`: every kind of record editable where a user works, and whole files imported and
exported from the browser.

One generic editor, driven by the same table specification as CSV and XLSX files
(`interchange.tables.TABLE_SPECS`): a form field per column, in the file's cell syntax (lists
as `a; b`), and nested rows (an actor's offices, a condition's status history, a capability's
substitutes) as a small grid. Writes take who is acting and go through the same rule as the
API (`ensure_change`: the role's capability, a delegate's own nation); `entered_by` is who
acts, never what the form says. A bad field answers 422 with the problem next to it and
changes nothing; a stale version answers 409. Every change is in the row's history, from where
it can be restored (`/history/{entity}/{key}`).
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.app import exchange, records
from muster.auth import Capability, User, has
from muster.auth.policy import EDIT_CAPABILITY, ensure, filter_dataset
from muster.domain import ENTITIES, ENTITY_NAMES, from_record, to_record
from muster.errors import Conflict, InvalidInput, MusterError, NotFound, Problem
from muster.interchange.tables import TABLE_SPECS, Column, join_list, join_mapping
from muster.store.load import Stored, load_dataset
from muster.web import notices
from muster.web.deps import CurrentUser, DbSession, Reader, SettingsDep
from muster.web.i18n import N_
from muster.web.pages.clock import today
from muster.web.pages.render import page
from muster.web.viewmodels.pledge import field_errors

router = APIRouter(include_in_schema=False)

# What the editor offers (pledges, scenarios and offers have pages of their own).
EDITABLE = (
    "statements",
    "conditions",
    "actors",
    "aid_records",
    "sources",
    "nations",
    "missions",
    "phases",
    "requirement_lines",
    "capabilities",
    "calls",
)
# Where a row of each collection is edited (its key's link) and added (None: not on a form)
FORMS: dict[str, tuple[str, str | None]] = {
    **{c: (f"/records/{c}", f"/records/{c}/new") for c in EDITABLE},
    "pledges": ("/pledges", "/pledges/new"),
    "scenarios": ("/scenarios", None),
}
LABELS = {
    "statements": N_("Statements"),
    "conditions": N_("Conditions"),
    "actors": N_("Actors and offices"),
    "aid_records": N_("Aid"),
    "sources": N_("Sources"),
    "nations": N_("Nations"),
    "missions": N_("Missions"),
    "phases": N_("Phases"),
    "requirement_lines": N_("Requirement lines"),
    "capabilities": N_("Capabilities"),
    "calls": N_("Calls for contributions"),
    "pledges": N_("Pledges"),
    "scenarios": N_("Scenarios"),
    "offers": N_("Offers"),
}
# owner collection → (nested table, the owner's field holding it)
NESTED = {
    spec.owner: (
        name,
        {"offices": "offices", "condition_statuses": "status_history"}.get(name, "substitutes"),
    )
    for name, spec in TABLE_SPECS.items()
    if spec.owner is not None
}
BLANK_ROWS = 3
FormText = Annotated[str, Form(max_length=20_000)]


def _collection(name: str) -> str:
    if name not in EDITABLE:
        raise NotFound(f"no such kind of record: {name!r}")
    return name


def _options(cls: type[Any], field: str) -> list[str] | None:
    """The allowed words of an enum field (a select), else None."""
    tp = typing.get_type_hints(cls).get(field)
    for arg in (tp, *typing.get_args(tp)):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return [str(m.value) for m in arg]
    return None


def _cell(column: Column, value: Any) -> str:
    """A stored value in the file's cell syntax (what the form shows and reads back)."""
    if value is None:
        return ""
    if column.kind == "list":
        return join_list(value)
    if column.kind == "mapping":
        return join_mapping(value)
    if column.kind == "bool":
        return "true" if value else "false"
    return str(value)


def _form_view(
    collection: str,
    *,
    key: str | None,
    values: dict[str, str],
    nested: list[dict[str, str]],
    version: int | None,
) -> dict[str, Any]:
    cls = ENTITIES[collection]
    columns = [c for c in TABLE_SPECS[collection].columns if c.field != "entered_by"]
    view: dict[str, Any] = {
        "collection": collection,
        "label": LABELS[collection],
        "entity": ENTITY_NAMES[cls],
        "key": key,
        "version": version,
        "fields": [
            {
                "name": c.field,
                "label": c.name.replace("_", " "),
                "kind": c.kind,
                "required": c.required,
                "value": values.get(c.field, ""),
                "options": _options(cls, c.field),
            }
            for c in columns
        ],
        "nested": None,
    }
    if collection in NESTED:
        table, field = NESTED[collection]
        spec = TABLE_SPECS[table]
        cols = [c for c in spec.columns if c.field]
        view["nested"] = {
            "field": field,
            "label": table.replace("_", " "),
            "columns": [
                {"name": c.field, "label": c.name, "options": _options(spec.cls, c.field)}
                for c in cols
            ],
            "rows": [*nested, *({} for _ in range(BLANK_ROWS))],
        }
    return view


def _values(collection: str, obj: Any) -> tuple[dict[str, str], list[dict[str, str]]]:
    record = to_record(obj)
    values = {c.field: _cell(c, record.get(c.field)) for c in TABLE_SPECS[collection].columns}
    nested: list[dict[str, str]] = []
    if collection in NESTED:
        table, field = NESTED[collection]
        spec = TABLE_SPECS[table]
        for item in record.get(field) or []:
            nested.append({c.field: _cell(c, item.get(c.field)) for c in spec.columns if c.field})
    return values, nested


async def _posted(request: Request, collection: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The form's cells: top-level fields, and the nested grid's non-empty rows."""
    form = await request.form()
    names = {c.field for c in TABLE_SPECS[collection].columns} - {"entered_by"}
    values = {n: str(form.get(n, "")).strip() for n in names if n in form}
    nested: list[dict[str, str]] = []
    if collection in NESTED:
        table, _ = NESTED[collection]
        cols = [c.field for c in TABLE_SPECS[table].columns if c.field]
        i = 0
        while f"n.{i}.{cols[0]}" in form and i < 200:
            row = {c: str(form.get(f"n.{i}.{c}", "")).strip() for c in cols}
            if any(row.values()):
                nested.append(row)
            i += 1
    return values, nested


def _build(
    collection: str, values: dict[str, str], nested: list[dict[str, str]], *, entered_by: str | None
) -> Any:
    cls = ENTITIES[collection]
    record: dict[str, Any] = {k: v for k, v in values.items() if v != ""}
    if collection in NESTED:
        _, field = NESTED[collection]
        record[field] = [{k: v for k, v in row.items() if v != ""} for row in nested]
    if "entered_by" in {f.name for f in dataclasses.fields(cls)} and entered_by:
        record["entered_by"] = entered_by
    return from_record(cls, record, text=True)


def _render_form(
    request: Request,
    user: User,
    collection: str,
    *,
    key: str | None,
    values: dict[str, str],
    nested: list[dict[str, str]],
    version: int | None,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> Response:
    view = _form_view(collection, key=key, values=values, nested=nested, version=version)
    title = N_("Edit: %(label)s") if key else N_("Add: %(label)s")
    return page(
        request,
        "record_form.html",
        view,
        title=title,
        title_args={"label": LABELS[collection]},
        section="records",
        status=status,
        errors=errors or {},
        may_edit=has(user, EDIT_CAPABILITY[ENTITIES[collection]]),
    )


def _errors(e: MusterError) -> dict[str, list[str]]:
    if isinstance(e, InvalidInput):
        by_field, general = field_errors(e.problems)
        return {**by_field, **({"": list(general)} if general else {})}
    return {"": [str(e)]}


@router.get("/records", response_class=HTMLResponse)
def records_page(request: Request, user: Reader, db: DbSession) -> Response:
    """Every kind of record with its count, and import / export of a whole file."""
    ds = filter_dataset(user, load_dataset(session=db))
    view = {
        "collections": [
            {
                "name": c,
                "label": label,
                "count": len(getattr(ds, c)),
                "add": add if add and has(user, EDIT_CAPABILITY[ENTITIES[c]]) else None,
            }
            for c, label in LABELS.items()
            for add in [FORMS.get(c, (None, None))[1]]
        ],
        "may_import": has(user, Capability.DATA_IMPORT),
        "may_export": has(user, Capability.DATA_EXPORT),
    }
    return page(
        request,
        "records.html",
        view,
        title=N_("Data"),
        section="records",
        notice=notices.received(request),
        errors={},
    )


@router.get("/records/export")
def export_records(user: CurrentUser, db: DbSession, format: str = "json") -> Response:
    """The data the user may read, as a file (the API's export)."""
    if format not in exchange.MEDIA or format == "csv":
        raise InvalidInput(Problem("expected json, xlsx or zip", field="format"))
    made = exchange.export_file(session=db, user=user, fmt=format, today=today())
    return Response(
        made.body,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )


@router.post("/records/import", response_class=HTMLResponse)
def import_records(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    file: UploadFile,
    reason: FormText = "",
    dry_run: FormText = "",
) -> Response:
    """Merge a file into the data (all or nothing), or only check it ("dry run")."""
    try:
        ensure(user, Capability.DATA_IMPORT)
        if not reason.strip() and not dry_run:
            raise InvalidInput(Problem("say why you import this file", field="reason"))
        counts = exchange.import_file(
            session=db,
            user=user,
            stream=file.file,
            filename=file.filename or "upload.json",
            reason=reason.strip() or "checked on the data page",
            dry_run=bool(dry_run),
        )
    except InvalidInput as e:
        db.rollback()
        view = {"collections": [], "may_import": True, "may_export": True, "problems": e.problems}
        return page(
            request,
            "records.html",
            view,
            title=N_("Data"),
            section="records",
            status=422,
            notice=None,
            errors=_errors(e),
        )
    return notices.redirect(
        request,
        "/records",
        "file-checked" if counts["dry_run"] else "file-imported",
        file=file.filename or "upload.json",
        created=counts["created"],
        updated=counts["updated"],
        unchanged=counts["unchanged"],
    )


@router.get("/records/{collection}")
def record_list(request: Request, collection: str) -> Response:
    """The records of one kind: their worked table, whose keys link to the forms here."""
    if collection not in LABELS:
        raise NotFound(f"no such kind of record: {collection!r}")
    name = collection
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/tables/{name}{query}", status_code=307)


@router.get("/records/{collection}/new", response_class=HTMLResponse)
def new_record(request: Request, collection: str, user: Reader) -> Response:
    name = _collection(collection)
    ensure(user, EDIT_CAPABILITY[ENTITIES[name]])
    return _render_form(request, user, name, key=None, values={}, nested=[], version=None)


@router.post("/records/{collection}/new", response_class=HTMLResponse)
async def create_record(
    request: Request, collection: str, user: CurrentUser, db: DbSession, settings: SettingsDep
) -> Response:
    name, public = _collection(collection), settings.public_read
    values, nested = await _posted(request, name)
    reason = str((await request.form()).get("reason", "")).strip()
    try:
        obj = _build(name, values, nested, entered_by=user.name)
        stored = records.create(
            db=db, user=user, obj=obj, reason=reason or "added on the web", public_read=public
        )
    except (InvalidInput, Conflict) as e:
        db.rollback()
        return _render_form(
            request, user, name, key=None, values=values, nested=nested, version=None,
            errors=_errors(e), status=422 if isinstance(e, InvalidInput) else 409,
        )  # fmt: skip
    return notices.redirect(
        request, f"/tables/{name}", "record-added", words=("entity",),
        entity=_entity_word(name), key=stored.obj.key,
    )  # fmt: skip


def _readable(db: Any, user: User, name: str, key: str) -> Stored[Any]:
    return records.get(db=db, user=user, entity=ENTITIES[name], key=key)


@router.get("/records/{collection}/{record}", response_class=HTMLResponse)
def edit_record(
    request: Request, collection: str, record: str, user: Reader, db: DbSession
) -> Response:
    name, key = _collection(collection), record
    stored = _readable(db, user, name, key)
    values, nested = _values(name, stored.obj)
    return _render_form(
        request, user, name, key=key, values=values, nested=nested, version=stored.version
    )


@router.post("/records/{collection}/{record}", response_class=HTMLResponse)
async def update_record(
    request: Request,
    collection: str,
    record: str,
    user: CurrentUser,
    db: DbSession,
    settings: SettingsDep,
) -> Response:
    name, key, public = _collection(collection), record, settings.public_read
    form = await request.form()
    values, nested = await _posted(request, name)
    reason = str(form.get("reason", "")).strip()
    version_text = str(form.get("version", ""))
    try:
        stored = _readable(db, user, name, key)
        if not version_text.isdigit():
            raise InvalidInput(Problem("the form lost the version it was read at", field="version"))
        entered = getattr(stored.obj, "entered_by", None)
        obj = _build(name, values, nested, entered_by=entered)
        if obj.key != key:
            raise InvalidInput(
                Problem("a key cannot change: add a new record and delete this one", field="id")
            )
        records.update(
            db=db,
            user=user,
            entity=ENTITIES[name],
            key=key,
            change=lambda _: obj,
            expected_version=int(version_text),
            reason=reason or "edited on the web",
            public_read=public,
        )
    except (InvalidInput, Conflict) as e:
        db.rollback()
        return _render_form(
            request, user, name, key=key, values=values, nested=nested,
            version=int(version_text) if version_text.isdigit() else None,
            errors=_errors(e), status=422 if isinstance(e, InvalidInput) else 409,
        )  # fmt: skip
    return notices.redirect(
        request, f"/tables/{name}", "record-saved", words=("entity",),
        entity=_entity_word(name), key=key,
    )  # fmt: skip


@router.post("/records/{collection}/{record}/delete", response_class=HTMLResponse)
def delete_record(
    request: Request,
    collection: str,
    record: str,
    user: CurrentUser,
    db: DbSession,
    settings: SettingsDep,
    version: Annotated[int, Form()],
    reason: FormText = "",
) -> Response:
    name, key = _collection(collection), record
    stored = _readable(db, user, name, key)
    try:
        records.delete(
            db=db,
            user=user,
            entity=ENTITIES[name],
            key=key,
            expected_version=version,
            reason=reason.strip() or "deleted on the web",
            public_read=settings.public_read,
        )
    except Conflict as e:
        db.rollback()
        values, nested = _values(name, stored.obj)
        return _render_form(
            request, user, name, key=key, values=values, nested=nested, version=stored.version,
            errors=_errors(e), status=409,
        )  # fmt: skip
    return notices.redirect(
        request, f"/tables/{name}", "record-deleted",
        key=key, history=f"/history/{ENTITY_NAMES[ENTITIES[name]]}/{key}",
    )  # fmt: skip


def _entity_word(name: str) -> str:
    """A collection's kind of record as a word of the catalogue: "requirement line"."""
    return ENTITY_NAMES[ENTITIES[name]].replace("_", " ")
