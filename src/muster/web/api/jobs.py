"""The background-job poll route (`GET /api/v1/jobs/{id}`); the jobs themselves are kept in the
database and run by `muster.compute.jobs` in any worker process (re-exported here for the
routes that submit them), so a job may be polled through any worker."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from muster.compute.jobs import (
    Busy,
    Cancelled,
    Job,
    JobRunner,
    ProgressFn,
    Status,
    Work,
)
from muster.web.deps import SignedIn

__all__ = [
    "Busy",
    "Cancelled",
    "Job",
    "JobRead",
    "JobRunner",
    "ProgressFn",
    "Status",
    "Work",
    "job_runner",
    "router",
]


def job_runner(request: Request) -> JobRunner:
    runner = request.app.state.jobs
    assert isinstance(runner, JobRunner)
    return runner


class JobRead(BaseModel):
    """A background job: poll `url` until `status` is done (see `result`) or failed (`error`)."""

    id: str
    kind: str
    owner: str
    params: dict[str, Any]
    status: Status
    done: int = Field(description="Units of work done (e.g. worlds simulated)")
    total: int
    progress: float = Field(ge=0, le=1)
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    url: str


router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobRead, summary="A background job's progress and result")
def get_job(job_id: str, request: Request, user: SignedIn) -> dict[str, Any]:
    return job_runner(request).get(job_id, user).snapshot()
