"""The REST routes every stored concept shares: list, get, create, replace, patch, delete, history.

`crud_router(Pledge)` builds them from the domain class, its generated models
(`web/api/schemas.py`) and the access policy (`muster.auth`): lists and totals are restricted in
SQL to what the user may read (`store.access.read_clause`), single objects the user may not read are
404, and every write passes `auth.policy.ensure_change`. A write names the version it read
(`If-Match: "3"`, or `version` in a PATCH body) and says why (`Muster-Reason` header); the store
records who and why in the history in the request's one transaction.

This module avoids `from __future__ import annotations`: FastAPI reads the route functions'
annotations at runtime, and they name models built per concept.
"""

import dataclasses
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, unquote

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from muster import store
from muster.app import records, tables
from muster.app.history import public_id
from muster.auth import User, can_read_record
from muster.auth.policy import EDIT_CAPABILITY, ensure, ensure_change, scrub_scenario
from muster.domain import ENTITIES, Scenario
from muster.domain.records import from_record, to_record
from muster.errors import Forbidden, InvalidInput, MusterError, NotFound, Problem
from muster.store.access import (
    hidden_pledges,
    keep_readable,
    readable_pledges,
)
from muster.store.codec import codec
from muster.store.query import range_fields, search_fields
from muster.store.schema import TABLES
from muster.web.api.schemas import entity_models
from muster.web.deps import DbSession, HistoryReader, Reader, SettingsDep, require

REASON_HEADER = "Muster-Reason"
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')
_COLLECTION = {cls: name for name, cls in ENTITIES.items()}


class PreconditionFailed(MusterError):
    """If-Match names a version that is no longer current (HTTP 412)."""

    http_status = 412
    title = "Precondition failed"

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class PreconditionRequired(MusterError):
    """A change that does not say which version it read (HTTP 428)."""

    http_status = 428
    title = "Version required"


def url_path(cls: type[Any]) -> str:
    """The collection's URL segment: `pledges`, `requirement-lines`."""
    return _COLLECTION[cls].replace("_", "-")


def etag(version: int) -> str:
    return f'"{version}"'


def read_reason(raw: str) -> str:
    """The reason header, percent-decoded (headers are Latin-1; UTF-8 reasons come encoded)."""
    text = unquote(raw).strip()
    if not text:
        raise InvalidInput(Problem("say why you make this change", field=REASON_HEADER))
    return text


REASON_DOC = "Why you make this change (kept in the history); percent-encode non-ASCII"
Reason = Annotated[
    str,
    Header(
        alias=REASON_HEADER,
        min_length=1,
        max_length=1000,
        description=REASON_DOC,
    ),
]
IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description='The version you read, as its ETag: "3"'),
]


def expected_version(if_match: str | None, body_version: int | None, current: int) -> int:
    """The version the client read; 412 when If-Match is stale, 428 when neither is given."""
    if if_match is not None:
        found = _ETAG.match(if_match)
        if found is None:
            raise InvalidInput(
                Problem(f'expected an ETag such as "3", got {if_match!r}', field="If-Match")
            )
        version = int(found.group(1))
        if version != current:
            raise PreconditionFailed(
                f"If-Match names version {version}, but the current version is {current}; "
                "reload and try again",
                current_version=current,
            )
        return version
    if body_version is not None:
        return body_version
    raise PreconditionRequired(
        'say which version you read: send If-Match: "<version>" (the ETag of your GET) '
        "or a version field"
    )


def who(user: User) -> str:
    return f"user:{user.name}"


def to_read(stored: store.Stored[Any], hidden: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The response record of a stored object; scenarios lose the ids of `hidden` pledges."""
    obj = stored.obj
    if hidden and isinstance(obj, Scenario):
        obj = scrub_scenario(obj, hidden)
    return {**to_record(obj), "version": stored.version}


def hidden_for(db: Any, user: User, cls: type[Any]) -> frozenset[str]:
    """The pledge ids to scrub from `cls` records shown to `user` (only scenarios name pledges)."""
    return hidden_pledges(db, user) if cls is Scenario else frozenset()


def with_provenance(cls: type[Any], record: dict[str, Any], user: User) -> dict[str, Any]:
    """Set `entered_by` to the acting user, whatever the client sent: the server says who
    entered a row (`app.records.create` does it again for every other caller)."""
    names = {f.name for f in dataclasses.fields(cls)}
    if "entered_by" in names:
        return {**record, "entered_by": user.name}
    return record


def build(cls: type[Any], record: dict[str, Any], *, key: str | None = None) -> Any:
    """The domain object for a request record; its key must match the URL's."""
    obj = from_record(cls, record)
    if key is not None and obj.key != key:
        field = TABLES[cls].key
        raise InvalidInput(
            Problem(
                f"the body's {field} {obj.key!r} differs from the URL's {key!r}; a key cannot "
                "change (create a new one and delete the old)",
                field=field,
            )
        )
    return obj


def _query_model(cls: type[Any]) -> type[BaseModel]:
    t = TABLES[cls]
    fields: dict[str, Any] = {
        "cursor": (str | None, Field(None, description="From the previous page's next_cursor")),
        "limit": (int, Field(50, ge=1, le=1000, description="Rows per page")),
        "sort": (
            str | None,
            Field(
                None,
                description=f"A field to sort by ({', '.join(t.columns)}); '-' first for "
                "descending",
                max_length=100,
            ),
        ),
    }
    for name in (*t.columns, *(link.field for link in t.links)):
        fields[name] = (
            list[str] | None,
            Field(None, description=f"Only rows whose {name} is (or contains) one of these"),
        )
    for name in range_fields(cls):
        for end, word in (("min", "at least"), ("max", "at most")):
            fields[f"{name}_{end}"] = (
                str | None,
                Field(None, description=f"Only rows whose {name} is {word} this", max_length=40),
            )
    searched = search_fields(cls)
    if searched:
        fields["q"] = (
            str | None,
            Field(
                None,
                description=f"Only rows holding every word in {', '.join(searched)}",
                max_length=1000,
            ),
        )
    return create_model(f"{cls.__name__}Query", __config__=ConfigDict(extra="forbid"), **fields)


def _history_entry(
    user: User, entity: str, change: store.Change, readable: frozenset[str] | None
) -> dict[str, Any]:
    entry = change.as_dict() | {"id": public_id(change)}
    entry["before"] = keep_readable(entry["before"], readable)
    entry["after"] = keep_readable(entry["after"], readable)
    unreadable = [
        side for side in ("before", "after") if not can_read_record(user, entity, entry[side])
    ]
    for side in unreadable:
        entry[side] = None
    entry["redacted"] = bool(unreadable)
    return entry


class HistoryEntry(BaseModel):
    """One change: who made it, when, why, and the record before and after it.

    Changes the user may not read (a pledge that was national then) are left out, as in the
    audit log; `redacted` is kept for compatibility and is always false.
    """

    id: int
    entity: str
    key: str
    version: int
    op: str
    who: str
    why: str
    recorded_at: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    redacted: bool


class RestoreBody(BaseModel):
    """Which version to put back, and the version you read (or send If-Match)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="The version to restore (see the history)")
    current_version: int | None = Field(
        None, ge=1, description="The current version you read (its last, if deleted)"
    )


@dataclass(frozen=True, slots=True)
class Options:
    """How one concept's routes differ from the defaults."""

    deletable: bool = True
    writable: bool = True


def get_readable(db: Any, user: User, cls: type[Any], key: str) -> store.Stored[Any]:
    """The stored object if `user` may read it; NotFound otherwise (as if it did not exist)."""
    return records.get(db=db, user=user, entity=cls, key=key)


def change_status(
    *,
    db: Any,
    user: User,
    cls: type[Any],
    key: str,
    status: Any,
    if_match: str | None,
    body_version: int | None,
    reason: str,
    public_read: bool,
) -> store.Stored[Any]:
    """Move a pledge or statement to `status`, following the domain's transitions and policy."""
    return records.update(
        db=db,
        user=user,
        entity=cls,
        key=key,
        change=lambda old: dataclasses.replace(old, status=status),
        expected_version=lambda current: expected_version(if_match, body_version, current),
        reason=read_reason(reason),
        public_read=public_read,
    )


def check_restore(
    db: Any, user: User, cls: type[Any], key: str, version: int, *, public_read: bool
) -> int:
    """The row's last version, once `user` may put back its `version`
    (`app.records.check_restore`, which the pages and the CLI use too)."""
    return records.check_restore(
        db=db, user=user, entity=cls, key=key, version=version, public_read=public_read
    )


def readable_history(db: Any, user: User, cls: type[Any], key: str) -> list[store.Change]:
    """The changes to a row `user` may read (`app.records.history`); NotFound when none."""
    return records.history(db=db, user=user, entity=cls, key=key)


def restorable_versions(
    db: Any, user: User, cls: type[Any], key: str, changes: list[store.Change], *, public_read: bool
) -> tuple[int, ...]:
    """The versions of a row (its `changes`, as read) that `user` may put back now."""
    try:
        ensure(user, EDIT_CAPABILITY[cls], public_read=public_read)
    except Forbidden:
        return ()
    current = _current(db, cls, key)
    make = codec(cls).from_record
    out = []
    for change in changes[:-1]:  # the last is the row as it is (or its deletion)
        if change.after is None:
            continue
        try:
            ensure_change(user, current, make(change.after), public_read=public_read)
        except (Forbidden, NotFound, InvalidInput, TypeError, ValueError):
            continue
        out.append(change.version)
    return tuple(out)


def _current(db: Any, cls: type[Any], key: str) -> Any:
    """The row's object, or None when it is deleted (restoring re-creates it)."""
    try:
        return store.get(session=db, entity=cls, key=key).obj
    except NotFound:
        return None


def _download(cls: type[Any], kind: Any, query_model: Any) -> Any:
    """The route sending every row of a list query (all pages) as a file."""

    def download_items(
        request: Request, user: Reader, db: DbSession, params: Annotated[query_model, Query()]
    ) -> Response:
        del params
        query = tables.parse_query(cls, request.query_params.multi_items())
        body = tables.table_file(session=db, user=user, cls=cls, query=query, kind=kind)
        name = tables.file_name(cls, kind)
        return Response(
            body,
            media_type=tables.MEDIA[kind],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return download_items


# Order in every write: find what the user may read (404), check the policy (401/403), then the
# version (412/428): a refused user learns nothing about versions.
def crud_router(cls: type[Any], options: Options = Options()) -> APIRouter:
    """The list/get/create/replace/patch/delete/history routes of one stored concept."""
    models = entity_models(cls)
    name = models.name
    path = "/" + url_path(cls)
    query_model = _query_model(cls)
    router = APIRouter(prefix=path, tags=[url_path(cls)])
    ReadModel: Any = models.read
    PageModel: Any = models.page
    CreateModel: Any = models.create
    PatchModel: Any = models.patch
    QueryModel: Any = query_model
    # Writes check the role's capability first (401/403 before any lookup), then the object.
    Editor: Any = Annotated[User, Depends(require(EDIT_CAPABILITY[cls]))]

    @router.get("", response_model=PageModel, summary=f"List {_COLLECTION[cls]}")
    def list_items(
        request: Request, user: Reader, db: DbSession, params: Annotated[QueryModel, Query()]
    ) -> dict[str, Any]:
        del params  # validated above for the schema; read again, in order, by the one parser
        query = tables.parse_query(cls, request.query_params.multi_items())
        page = tables.table_page(session=db, user=user, cls=cls, query=query)
        hidden = hidden_for(db, user, cls)
        return {
            "items": [to_read(s, hidden) for s in page.items],
            "total": page.total,
            "next_cursor": page.next_cursor,
        }

    for kind in ("csv", "xlsx"):
        router.add_api_route(
            f".{kind}",
            _download(cls, kind, QueryModel),
            methods=["GET"],
            summary=f"Download the listed {_COLLECTION[cls]} as {kind.upper()}",
            response_class=Response,
            responses={200: {"content": {tables.MEDIA[kind].split(";")[0]: {}}}},
        )

    @router.get("/{key}", response_model=ReadModel, summary=f"One {name}")
    def get_item(key: str, user: Reader, db: DbSession, response: Response) -> dict[str, Any]:
        stored = get_readable(db, user, cls, key)
        response.headers["ETag"] = etag(stored.version)
        return to_read(stored, hidden_for(db, user, cls))

    @router.get(
        "/{key}/history", response_model=list[HistoryEntry], summary=f"Every change to a {name}"
    )
    def item_history(key: str, user: HistoryReader, db: DbSession) -> list[dict[str, Any]]:
        changes = readable_history(db, user, cls, key)
        readable = readable_pledges(db, user) if cls is Scenario else None
        return [_history_entry(user, name, c, readable) for c in changes]

    if not options.writable:
        return router

    @router.post(
        "",
        status_code=201,
        response_model=ReadModel,
        summary=f"Create a {name}",
    )
    def create_item(
        body: CreateModel,
        user: Editor,
        db: DbSession,
        settings: SettingsDep,
        reason: Reason,
        response: Response,
    ) -> dict[str, Any]:
        record = with_provenance(cls, body.model_dump(mode="json"), user)
        stored = records.create(
            db=db,
            user=user,
            obj=build(cls, record),
            reason=read_reason(reason),
            public_read=settings.public_read,
        )
        response.headers["ETag"] = etag(stored.version)
        response.headers["Location"] = f"/api/v1{path}/{quote(stored.key, safe='')}"
        return to_read(stored)

    @router.put(
        "/{key}",
        response_model=ReadModel,
        summary=f"Replace a {name} (send If-Match)",
    )
    def replace_item(
        key: str,
        body: CreateModel,
        user: Editor,
        db: DbSession,
        settings: SettingsDep,
        reason: Reason,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        obj = build(cls, body.model_dump(mode="json"), key=key)
        stored = records.update(
            db=db,
            user=user,
            entity=cls,
            key=key,
            change=lambda old: obj,
            expected_version=lambda current: expected_version(if_match, None, current),
            reason=read_reason(reason),
            public_read=settings.public_read,
        )
        response.headers["ETag"] = etag(stored.version)
        return to_read(stored)

    @router.patch(
        "/{key}",
        response_model=ReadModel,
        summary=f"Change some fields of a {name}",
    )
    def patch_item(
        key: str,
        body: PatchModel,
        user: Editor,
        db: DbSession,
        settings: SettingsDep,
        reason: Reason,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        changes = body.model_dump(mode="json", exclude_unset=True)
        body_version = changes.pop("version", None)
        stored = records.update(
            db=db,
            user=user,
            entity=cls,
            key=key,
            change=lambda old: build(cls, {**to_record(old), **changes}, key=key),
            expected_version=lambda current: expected_version(if_match, body_version, current),
            reason=read_reason(reason),
            public_read=settings.public_read,
        )
        response.headers["ETag"] = etag(stored.version)
        return to_read(stored)

    @router.post(
        "/{key}/restore",
        response_model=ReadModel,
        summary=f"Restore an earlier version of a {name} (the undo of any change)",
    )
    def restore_item(
        key: str,
        body: RestoreBody,
        user: Editor,
        db: DbSession,
        settings: SettingsDep,
        reason: Reason,
        response: Response,
        if_match: IfMatch = None,
    ) -> dict[str, Any]:
        last = check_restore(db, user, cls, key, body.version, public_read=settings.public_read)
        version = expected_version(if_match, body.current_version, last)
        stored = store.restore(
            session=db,
            entity=cls,
            key=key,
            version=body.version,
            expected_version=version,
            who=who(user),
            reason=read_reason(reason),
        )
        response.headers["ETag"] = etag(stored.version)
        return to_read(stored)

    if options.deletable:

        @router.delete(
            "/{key}",
            status_code=204,
            summary=f"Delete a {name} (send If-Match)",
        )
        def delete_item(
            key: str,
            user: Editor,
            db: DbSession,
            settings: SettingsDep,
            reason: Reason,
            if_match: IfMatch = None,
            version: Annotated[int | None, Query(description="The version you read")] = None,
        ) -> Response:
            records.delete(
                db=db,
                user=user,
                entity=cls,
                key=key,
                expected_version=lambda current: expected_version(if_match, version, current),
                reason=read_reason(reason),
                public_read=settings.public_read,
            )
            return Response(status_code=204)

    return router
