"""Exact coverage under a scenario, and Monte Carlo over the conditions as a background job.

The data a run sees is what the requesting user may read (`auth.filter_dataset`), taken in the
request: a delegate's figures never include another nation's national pledges, and a scenario
naming pledges the user may not read loses those names first.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from muster.auth import filter_dataset
from muster.compute.tasks import pick_scenario
from muster.engine.coverage import Coverage, coverage
from muster.store import load_dataset
from muster.web.api.jobs import JobRead, job_runner
from muster.web.deps import Analyst, DbSession, Reader

router = APIRouter(tags=["analysis"])
MAX_WORLDS = 1_000_000
AS_OF = (
    "Analyse as of this day: condition statuses then, pledges valid then, and a pledge counts "
    "for a phase only if it arrives by the phase's start (+ grace_days); none: the latest"
)


class SimulationRequest(BaseModel):
    """What to simulate: a stored scenario (or the data as they stand), worlds and a seed."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(None, description="A scenario id; none means the data as is")
    worlds: Annotated[int, Field(ge=1, le=MAX_WORLDS)] = 10_000
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    as_of: date | None = Field(None, description=AS_OF)
    grace_days: Annotated[int, Field(ge=0, le=3650)] = 0


@router.get(
    "/coverage",
    response_model=Coverage,
    summary="Exact coverage under a scenario: per line filled, gap and who fills it",
)
def get_coverage(
    user: Reader,
    db: DbSession,
    scenario: Annotated[
        str | None, Query(description="A scenario id; none means the data as is", max_length=100)
    ] = None,
    assume_unknown: Annotated[
        bool, Query(description="Count conditions of unknown status as holding")
    ] = False,
    as_of: Annotated[date | None, Query(description=AS_OF)] = None,
    grace_days: Annotated[int, Query(ge=0, le=3650, description="Days of arrival grace")] = 0,
) -> dict[str, Any]:
    dataset = filter_dataset(user, load_dataset(session=db))
    found = coverage(
        dataset,
        pick_scenario(dataset, scenario),
        assume_unknown=assume_unknown,
        as_of=as_of,
        grace_days=grace_days,
    )
    return found.to_dict()


@router.post(
    "/simulations",
    status_code=202,
    response_model=JobRead,
    summary="Start a Monte Carlo run (poll the returned job for progress and the result)",
)
def start_simulation(
    body: SimulationRequest, request: Request, response: Response, user: Analyst, db: DbSession
) -> dict[str, Any]:
    pick_scenario(filter_dataset(user, load_dataset(session=db)), body.scenario)  # 404 now
    job = job_runner(request).submit(
        session=db,
        kind="simulation",
        user=user,
        params=body.model_dump(mode="json"),
        task="simulation",
    )
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job.snapshot()


class CriticalityRequest(BaseModel):
    """Each nation's Shapley value on expected coverage or on P(minimum viable force) (exact up
    to 12 nations, else sampled), explained by line or phase."""

    model_config = ConfigDict(extra="forbid")

    scenario: str | None = Field(None, description="A scenario id; none means the data as is")
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    permutations: Annotated[int, Field(ge=8, le=20_000)] = 3000
    worlds: Annotated[int, Field(ge=1, le=100_000)] = 2000
    metric: Literal["coverage", "viability"] = "coverage"
    phase: str | None = Field(None, description="With metric viability: that phase only")
    as_of: date | None = Field(None, description=AS_OF)
    grace_days: Annotated[int, Field(ge=0, le=3650)] = 0


@router.post(
    "/criticality",
    status_code=202,
    response_model=JobRead,
    summary="Start a criticality run: each nation's contribution to expected coverage",
)
def start_criticality(
    body: CriticalityRequest, request: Request, response: Response, user: Analyst, db: DbSession
) -> dict[str, Any]:
    pick_scenario(filter_dataset(user, load_dataset(session=db)), body.scenario)  # 404 now
    job = job_runner(request).submit(
        session=db,
        kind="criticality",
        user=user,
        params=body.model_dump(mode="json"),
        task="criticality",
    )
    response.headers["Location"] = f"/api/v1/jobs/{job.id}"
    return job.snapshot()
