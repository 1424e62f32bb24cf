"""Scenario pages: the list, the editor, Monte Carlo runs with progress, and a comparison.

Editing needs `scenario:edit` (planners); anyone who reads may run the analyses, which are
computed on what that reader may read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from muster.auth import Capability, User
from muster.domain import Scenario
from muster.errors import Conflict, InvalidInput, NotFound, Problem
from muster.store import service
from muster.web.api.jobs import job_runner
from muster.web.deps import Analyst, DbSession, require
from muster.web.i18n import N_, Message
from muster.web.pages.access import may
from muster.web.pages.coverage import current_coverage
from muster.web.pages.data import PageData, ReadData
from muster.web.pages.render import page
from muster.web.viewmodels.pledge import field_errors
from muster.web.viewmodels.scenario import (
    compare_view,
    run_view,
    scenario_form,
    scenario_from_form,
    scenario_list,
)

router = APIRouter(include_in_schema=False)
MAX_WORLDS = 1_000_000
ScenarioEditor = Annotated[User, Depends(require(Capability.SCENARIO_EDIT))]


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, data: ReadData) -> Response:
    """Every scenario, with a form to compare two."""
    return page(
        request,
        "scenarios.html",
        scenario_list(data.dataset),
        title=N_("Scenarios"),
        section="scenarios",
    )


@router.get("/scenarios/compare", response_class=HTMLResponse)
def compare_page(request: Request, data: ReadData, a: str, b: str) -> Response:
    """Two scenarios side by side: exact coverage per phase and domain, and each line's gap."""
    first, second = _scenario(data, a), _scenario(data, b)
    cov_a, cov_b = current_coverage(data, first.id), current_coverage(data, second.id)
    if cov_a is None or cov_b is None:
        raise NotFound("there are no requirement lines to compare coverage on")
    view = compare_view(data.dataset, first, second, cov_a, cov_b)
    return page(
        request,
        "compare.html",
        view,
        title=N_("%(first)s vs %(second)s"),
        title_args={"first": first.name, "second": second.name},
        section="scenarios",
        cache=data,
    )


@router.get("/scenarios/{scenario_id}", response_class=HTMLResponse)
def scenario_page(
    request: Request, scenario_id: str, data: ReadData, db: DbSession, saved: int | None = None
) -> Response:
    """A scenario's assumptions (editable by planners) and its analyses."""
    stored = service.get(session=db, entity=Scenario, key=scenario_id)
    scenario = data.dataset.index("scenarios").get(scenario_id, stored.obj)
    form = scenario_form(
        data.dataset,
        scenario,
        version=stored.version,
        notice=(
            Message(N_("Saved: the scenario is now at version %(version)s."), version=saved)
            if saved
            else None
        ),
    )
    return page(
        request,
        "scenario.html",
        form,
        title=N_("Scenario %(name)s"),
        title_args={"name": scenario.name},
        section="scenarios",
        scripts=("plotly",),
        may_edit=may(request, data.user, Capability.SCENARIO_EDIT),
        may_run=may(request, data.user, Capability.ANALYSIS_RUN),
    )


async def form_fields(request: Request) -> dict[str, str]:
    """The posted form's text fields (the editor's field names depend on the catalogue)."""
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


FormFields = Annotated[dict[str, str], Depends(form_fields)]


@router.post("/scenarios/{scenario_id}", response_class=HTMLResponse)
def save_scenario(
    request: Request,
    scenario_id: str,
    user: ScenarioEditor,
    data: ReadData,
    db: DbSession,
    fields: FormFields,
) -> Response:
    """Save the editor's assumptions at the version it was opened at (planners)."""
    stored = service.get(session=db, entity=Scenario, key=scenario_id)
    version = fields.get("version", "")
    try:
        if not version.isdigit():
            raise InvalidInput(Problem("the form lost its version; reload it", field="version"))
        new = scenario_from_form(
            stored.obj,
            name=fields.get("name", ""),
            description=fields.get("description", ""),
            form=fields,
        )
        saved = service.update(
            session=db,
            obj=new,
            expected_version=int(version),
            who=f"user:{user.name}",
            reason=fields.get("reason", "").strip() or "edited in the scenario editor",
        )
    except (InvalidInput, Conflict) as e:
        problems = e.problems if isinstance(e, InvalidInput) else [Problem(str(e))]
        errors, general = field_errors(problems)
        if general:
            errors[""] = list(general)
        form = scenario_form(
            data.dataset,
            stored.obj,
            version=int(version) if version.isdigit() else None,
            errors=errors,
        )
        return page(
            request,
            "scenario.html",
            form,
            title=N_("Scenario %(name)s"),
            title_args={"name": stored.obj.name},
            section="scenarios",
            status=422 if isinstance(e, InvalidInput) else 409,
            may_edit=True,
            may_run=may(request, user, Capability.ANALYSIS_RUN),
        )
    return RedirectResponse(f"/scenarios/{scenario_id}?saved={saved.version}", status_code=303)


def _scenario(data: PageData, scenario_id: str) -> Scenario:
    found = data.dataset.index("scenarios").get(scenario_id)
    if found is None:
        raise NotFound(f"no scenario {scenario_id!r}")
    assert isinstance(found, Scenario)
    return found


@router.post("/scenarios/{scenario_id}/runs", response_class=HTMLResponse)
def start_run(
    request: Request,
    scenario_id: str,
    user: Analyst,
    data: ReadData,
    db: DbSession,
    worlds: Annotated[str, Form(max_length=10)] = "10000",
    seed: Annotated[str, Form(max_length=20)] = "0",
) -> Response:
    """Start a Monte Carlo run of the scenario on what the user may read (a background job)."""
    scenario = _scenario(data, scenario_id)
    problems = []
    if not worlds.strip().isdigit() or not 1 <= int(worlds) <= MAX_WORLDS:
        problems.append(
            Problem(f"expected a whole number from 1 to {MAX_WORLDS:,}", field="worlds")
        )
    if not seed.strip().isdigit():
        problems.append(Problem("expected a whole number ≥ 0", field="seed"))
    if problems:
        raise InvalidInput(problems)
    n, s = int(worlds), int(seed)
    job = job_runner(request).submit(
        session=db,
        kind="simulation",
        user=user,
        params={"scenario": scenario.id, "worlds": n, "seed": s},
        task="scenario-run",
    )
    url = f"/scenarios/{scenario.id}/runs/{job.id}"
    if request.headers.get("hx-request") == "true":
        view = run_view(scenario, job.snapshot())
        return page(request, "partials/run.html", view, title=N_("Run"), fragment=True)
    return RedirectResponse(url, status_code=303)


@router.get("/scenarios/{scenario_id}/runs/{job_id}", response_class=HTMLResponse)
def run_page(
    request: Request, scenario_id: str, job_id: str, user: Analyst, data: ReadData
) -> Response:
    """A run's progress (the page polls itself until done), then its charts."""
    scenario = _scenario(data, scenario_id)
    view = run_view(scenario, job_runner(request).get(job_id, user).snapshot())
    if request.headers.get("hx-request") == "true":
        return page(request, "partials/run.html", view, title=N_("Run"), fragment=True)
    return page(
        request,
        "run.html",
        view,
        title=N_("Monte Carlo: %(name)s"),
        title_args={"name": scenario.name},
        section="scenarios",
        scripts=("plotly",),
    )
