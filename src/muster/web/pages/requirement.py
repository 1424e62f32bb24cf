"""The requirements page (`/requirements`): lines per phase with coverage; planners edit figures."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.auth import Capability
from muster.domain import RequirementLine, from_record, to_record
from muster.errors import InvalidInput
from muster.store import service
from muster.store.load import load_rows
from muster.web.deps import DbSession, Planner
from muster.web.i18n import N_, Message
from muster.web.pages.access import may
from muster.web.pages.coverage import current_coverage
from muster.web.pages.data import PageData, ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.pledge import field_errors
from muster.web.viewmodels.requirement import requirements_view

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form(max_length=2000)]


def _render(
    request: Request,
    data: PageData,
    db: DbSession,
    *,
    errors: dict[str, list[str]] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    versions = {s.key: s.version for s in load_rows(session=db, cls=RequirementLine)}
    view = requirements_view(
        data.dataset,
        versions=versions,
        coverage=current_coverage(data, None),
        errors=errors,
        notice=notice,
    )
    return page(
        request,
        "requirements.html",
        view,
        title=N_("Requirements"),
        section="requirements",
        status=status,
        may_edit=may(request, data.user, Capability.REQUIREMENT_EDIT),
    )


@router.get("/requirements", response_class=HTMLResponse)
def requirements_page(
    request: Request, data: ReadData, db: DbSession, saved: str | None = None
) -> Response:
    """What each phase needs, line by line, and how much of it the readable pledges fill."""
    notice = Message(N_("Saved requirement line %(line)s."), line=saved) if saved else None
    return _render(request, data, db, notice=notice)


@router.post("/requirements/{line_id}", response_class=HTMLResponse)
def update_requirement(
    request: Request,
    line_id: str,
    user: Planner,
    data: ReadData,
    db: DbSession,
    version: Annotated[int, Form()],
    quantity: FormText = "",
    minimum: FormText = "",
    priority: FormText = "",
    reason: FormText = "",
) -> Response:
    """Change a line's quantity, minimum viable quantity or priority (at the version shown)."""
    stored = service.get(session=db, entity=RequirementLine, key=line_id)
    record = to_record(stored.obj) | {
        "quantity": quantity,
        "minimum": minimum,
        "priority": priority,
    }
    try:
        obj = from_record(
            RequirementLine, {k: ("" if v is None else v) for k, v in record.items()}, text=True
        )
        obj = replace(obj, illustrative=stored.obj.illustrative)
        service.update(
            session=db,
            obj=obj,
            expected_version=version,
            who=f"user:{user.name}",
            reason=reason.strip() or "edited on the requirements page",
        )
    except InvalidInput as e:
        by_field, general = field_errors(e.problems)
        errors = {f"{line_id}.{k}": v for k, v in by_field.items()}
        if general:
            errors[f"{line_id}."] = list(general)
        return _render(request, data, db, errors=errors, status=422)
    return RedirectResponse(f"/requirements?saved={line_id}", status_code=303)
