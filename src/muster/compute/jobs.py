"""Background jobs for long computations (Monte Carlo, criticality): in-process, bounded, polled.

`JobRunner` runs submitted work on a small thread pool (numpy releases the GIL). At most
`max_jobs` jobs are queued or running at once (more gets 429 with Retry-After); finished jobs are
kept for polling up to `keep`, oldest forgotten first. A job belongs to the user who submitted
it: others (admins aside) get 404. Work reports progress as (done, total); a MusterError becomes
the job's problem document, anything else a logged internal error with a reference id.
Jobs live in one process: with `muster serve --workers N`, poll through the same worker or use
one. The HTTP side (the poll route, `JobRead`) is `muster.web.api.jobs`.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from muster.auth import Capability, User, has
from muster.errors import InvalidInput, MusterError, NotFound
from muster.store import utcnow

log = logging.getLogger("muster.compute")

Status = Literal["queued", "running", "done", "failed"]
ProgressFn = Callable[[int, int], None]
Work = Callable[[ProgressFn], dict[str, Any]]


class Cancelled(Exception):
    """Raised inside a job's progress callback when the server is shutting down."""


class Busy(MusterError):
    """Too many jobs queued or running (HTTP 429)."""

    http_status = 429
    title = "Too many jobs"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Job:
    id: str
    kind: str
    owner: str
    params: dict[str, Any]
    status: Status = "queued"
    done: int = 0
    total: int = 0
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    created_at: datetime = field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def snapshot(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "owner": self.owner,
            "params": self.params,
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "progress": (self.done / self.total) if self.total else (1.0 if self.finished else 0),
            "result": self.result,
            "error": self.error,
            "created_at": self.created_at,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "url": f"/api/v1/jobs/{self.id}",
        }


class JobRunner:
    def __init__(self, *, max_jobs: int, workers: int = 1, keep: int = 50) -> None:
        self.max_jobs = max_jobs
        self.keep = keep
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="muster-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._closed = threading.Event()

    def _active(self) -> int:
        return sum(1 for j in self._jobs.values() if not j.finished)

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.finished]
        for key in finished[: max(0, len(finished) - self.keep)]:
            del self._jobs[key]

    def submit(self, *, kind: str, owner: str, params: dict[str, Any], work: Work) -> Job:
        with self._lock:
            if self._active() >= self.max_jobs:
                raise Busy(
                    f"{self.max_jobs} jobs are already queued or running; try again shortly",
                    retry_after=5,
                )
            job = Job(id=uuid.uuid4().hex[:16], kind=kind, owner=owner, params=params)
            self._jobs[job.id] = job
            self._forget_old()
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Work) -> None:
        job.status = "running"
        job.started_at = utcnow()

        def progress(done: int, total: int) -> None:
            if self._closed.is_set():
                raise Cancelled  # stop at the next progress report: the server is going away
            job.done, job.total = done, total

        try:
            job.result = work(progress)
            job.status = "done"
        except Cancelled:
            job.error = {"title": "Cancelled", "status": 503, "detail": "the server stopped"}
            job.status = "failed"
        except MusterError as e:
            problems = [p.as_dict() for p in e.problems] if isinstance(e, InvalidInput) else []
            job.error = {"title": e.title, "status": e.http_status, "detail": str(e)}
            if problems:
                job.error["errors"] = problems
            job.status = "failed"
        except Exception:
            ref = uuid.uuid4().hex[:12]
            log.exception("job %s (%s) failed ref=%s", job.id, job.kind, ref)
            job.error = {
                "title": "Internal error",
                "status": 500,
                "detail": f"the job failed unexpectedly; reference {ref}",
                "reference": ref,
            }
            job.status = "failed"
        finally:
            job.finished_at = utcnow()

    def get(self, job_id: str, user: User) -> Job:
        """The job, if `user` submitted it (or is an admin); NotFound otherwise."""
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None or (job.owner != user.name and not has(user, Capability.USER_MANAGE)):
            raise NotFound(f"no job {job_id!r} (finished jobs are kept for a while only)")
        return job

    def wait(self, job_id: str, timeout: float) -> None:
        """Block until the job finished or `timeout` seconds passed (for tests and the CLI)."""
        deadline = utcnow().timestamp() + timeout
        while utcnow().timestamp() < deadline:
            with self._lock:
                job = self._jobs.get(job_id)
            if job is None or job.finished:
                return
            threading.Event().wait(0.02)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def shutdown(self) -> None:
        """Cancel queued jobs and stop running ones at their next progress report."""
        self._closed.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
