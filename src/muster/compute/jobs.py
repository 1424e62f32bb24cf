"""Background jobs for long computations (Monte Carlo, criticality): kept in the database, run by
any process serving it, polled through any.

A job is a row of the `jobs` table: which task to run (a name in the runner's `tasks`), its
parameters and who submitted it. `JobRunner.submit` inserts it; every process's runner claims
queued jobs (`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite, where writers queue
for one lock, a conditional `UPDATE ... WHERE status = 'queued'`), runs them on its threads
(numpy releases the GIL) and writes progress and a heartbeat back every `beat_s` seconds. A
running job whose heartbeat is older than `lease_s` (its process died) is marked failed by
whichever process looks next. So with `muster serve --workers N`, or several machines on one
database, a job submitted through one worker is polled through any other.

At most `max_jobs` jobs are queued or running at once, over all processes (more gets 429 with
Retry-After); finished jobs are kept for polling up to `keep`, oldest forgotten first. A job
belongs to the user who submitted it: others (admins aside) get 404. Work reports progress as
(done, total); a MusterError becomes the job's problem document, anything else a logged internal
error with a reference id. The HTTP side (the poll route, `JobRead`) is `muster.web.api.jobs`.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from muster.auth import Capability, Role, User, has
from muster.errors import InvalidInput, MusterError, NotFound
from muster.store import utcnow
from muster.store.db import transaction
from muster.store.schema import jobs as jobs_table

log = logging.getLogger("muster.compute")

Status = Literal["queued", "running", "done", "failed"]
ProgressFn = Callable[[int, int], None]
Work = Callable[[ProgressFn], dict[str, Any]]
# A task: run for `user` with `params` (as JSON) on the database `engine`, reporting progress.
Task = Callable[[Engine, User, dict[str, Any], ProgressFn], dict[str, Any]]


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


def _job(row: Any) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        owner=row.owner,
        params=row.params,
        status=row.status,
        done=row.done,
        total=row.total,
        result=row.result,
        error=row.error,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )


def problem_of(error: BaseException) -> dict[str, Any]:
    """The problem document a failed job carries (an unexpected error is logged, by reference)."""
    if isinstance(error, Cancelled):
        return {"title": "Cancelled", "status": 503, "detail": "the server stopped"}
    if isinstance(error, MusterError):
        found: dict[str, Any] = {"title": error.title, "status": error.http_status}
        found["detail"] = str(error)
        if isinstance(error, InvalidInput) and error.problems:
            found["errors"] = [p.as_dict() for p in error.problems]
        return found
    ref = uuid.uuid4().hex[:12]
    log.error("job failed ref=%s", ref, exc_info=error)
    return {
        "title": "Internal error",
        "status": 500,
        "detail": f"the job failed unexpectedly; reference {ref}",
        "reference": ref,
    }


LOST = {
    "title": "Worker lost",
    "status": 503,
    "detail": "the process running this job stopped before it finished; start it again",
}


@dataclass
class _Running:
    job_id: str
    done: int = 0
    total: int = 0


class JobRunner:
    """Submits jobs to the `jobs` table and runs queued ones on `workers` threads.

    `tasks` names what may run (the same names in every process). Threads start at the first
    `submit` or `start()` (the app's start-up), so a process that never serves a job claims none.
    `beat_s`: how often progress and the heartbeat are written; `lease_s`: a running job whose
    heartbeat is older is failed as lost; `poll_s`: how often an idle thread looks for work.
    """

    def __init__(
        self,
        *,
        engine: Engine,
        tasks: Mapping[str, Task],
        max_jobs: int,
        workers: int = 1,
        keep: int = 50,
        beat_s: float = 0.5,
        lease_s: float = 30.0,
        poll_s: float = 0.5,
    ) -> None:
        self.engine = engine
        self.tasks = dict(tasks)
        self.max_jobs = max_jobs
        self.workers = workers
        self.keep = keep
        self.beat_s = beat_s
        self.lease_s = lease_s
        self.poll_s = poll_s
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._running: dict[str, _Running] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._closed = threading.Event()
        self._threads: list[threading.Thread] = []

    # -- submitting and reading ----------------------------------------------------------------

    def submit(
        self, *, session: Session, kind: str, user: User, params: dict[str, Any], task: str
    ) -> Job:
        """Queue `task` for `user` in the caller's transaction (it runs once that commits);
        raises Busy when `max_jobs` are queued or running. `params` must be JSON."""
        if task not in self.tasks:
            raise ValueError(f"unknown task {task!r}")
        job = Job(id=uuid.uuid4().hex[:16], kind=kind, owner=user.name, params=params)
        if session.get_bind().dialect.name == "postgresql":  # count and insert as one step
            session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('muster.jobs'))"))
        # On SQLite the caller's write transaction holds the database's one write lock already.
        active = session.scalar(
            sa.select(sa.func.count())
            .select_from(jobs_table)
            .where(jobs_table.c.status.in_(("queued", "running")))
        )
        if (active or 0) >= self.max_jobs:
            raise Busy(
                f"{self.max_jobs} jobs are already queued or running; try again shortly",
                retry_after=5,
            )
        session.execute(
            jobs_table.insert().values(
                id=job.id,
                kind=kind,
                task=task,
                owner=job.owner,
                principal={"role": user.role.value, "nation": user.nation},
                params=params,
                status="queued",
                done=0,
                total=0,
                created_at=job.created_at,
            )
        )
        self._forget_old(session)
        self.start()
        sa.event.listen(session, "after_commit", lambda _: self._wake.set(), once=True)
        return job

    def _forget_old(self, s: Session) -> None:
        finished = jobs_table.c.status.in_(("done", "failed"))
        kept = (
            sa.select(jobs_table.c.id)
            .where(finished)
            .order_by(jobs_table.c.finished_at.desc(), jobs_table.c.id)
            .limit(self.keep)
        )
        s.execute(
            jobs_table.delete().where(finished, jobs_table.c.id.not_in(kept.scalar_subquery()))
        )

    def find(self, job_id: str) -> Job | None:
        """The job as stored now (a running job past its lease is failed first), or None."""
        with transaction(self.engine, write=False) as s:
            row = s.execute(sa.select(jobs_table).where(jobs_table.c.id == job_id)).first()
        if row is None:
            return None
        if row.status == "running" and self._expired(row.heartbeat_at):
            self.reap()
            return self.find(job_id)
        return _job(row)

    def get(self, job_id: str, user: User) -> Job:
        """The job, if `user` submitted it (or is an admin); NotFound otherwise."""
        job = self.find(job_id)
        if job is None or (job.owner != user.name and not has(user, Capability.USER_MANAGE)):
            raise NotFound(f"no job {job_id!r} (finished jobs are kept for a while only)")
        return job

    def count(self) -> int:
        """Jobs stored (queued, running and kept finished ones)."""
        with transaction(self.engine, write=False) as s:
            return int(s.scalar(sa.select(sa.func.count()).select_from(jobs_table)) or 0)

    def wait(self, job_id: str, timeout: float) -> None:
        """Block until the job finished or `timeout` seconds passed (for tests and the CLI)."""
        deadline = utcnow() + timedelta(seconds=timeout)
        while utcnow() < deadline:
            job = self.find(job_id)
            if job is None or job.finished:
                return
            self._closed.wait(0.05)

    # -- running -------------------------------------------------------------------------------

    def _expired(self, heartbeat: datetime | None) -> bool:
        return heartbeat is None or utcnow() - heartbeat > timedelta(seconds=self.lease_s)

    def _work_waiting(self) -> bool:
        """Whether a job is queued or lost (a read: idle processes take no write lock)."""
        limit = utcnow() - timedelta(seconds=self.lease_s)
        c = jobs_table.c
        with transaction(self.engine, write=False) as s:
            found = s.scalar(
                sa.select(c.id)
                .where(
                    (c.status == "queued") | ((c.status == "running") & (c.heartbeat_at < limit))
                )
                .limit(1)
            )
        if found is None:
            return False
        self.reap()
        return True

    def reap(self) -> int:
        """Fail running jobs whose heartbeat is older than the lease; how many were failed."""
        limit = utcnow() - timedelta(seconds=self.lease_s)
        with transaction(self.engine) as s:
            done = s.execute(
                jobs_table.update()
                .where(jobs_table.c.status == "running", jobs_table.c.heartbeat_at < limit)
                .values(status="failed", error=LOST, finished_at=utcnow())
            )
        return int(getattr(done, "rowcount", 0) or 0)

    def claim(self) -> Any | None:
        """Take the oldest queued job for this process (no other can take it too), or None."""
        with transaction(self.engine) as s:
            picked = s.execute(
                sa.select(jobs_table.c.id)
                .where(jobs_table.c.status == "queued")
                .order_by(jobs_table.c.created_at, jobs_table.c.id)
                .limit(1)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite holds its write lock
            ).scalar()
            if picked is None:
                return None
            now = utcnow()
            taken = s.execute(
                jobs_table.update()
                .where(jobs_table.c.id == picked, jobs_table.c.status == "queued")
                .values(status="running", started_at=now, heartbeat_at=now, worker=self.name)
            )
            if getattr(taken, "rowcount", 0) != 1:
                return None
            return s.execute(sa.select(jobs_table).where(jobs_table.c.id == picked)).first()

    def start(self) -> None:
        """Start this process's job threads and heartbeat (once; no-op after shutdown)."""
        with self._lock:
            if self._threads or self._closed.is_set():
                return
            for i in range(self.workers):
                t = threading.Thread(target=self._loop, name=f"muster-job-{i}", daemon=True)
                self._threads.append(t)
            self._threads.append(
                threading.Thread(target=self._beat, name="muster-job-beat", daemon=True)
            )
            for t in self._threads:
                t.start()

    def _loop(self) -> None:
        while not self._closed.is_set():
            try:
                row = self.claim() if self._work_waiting() else None
            except Exception:  # the database is away for a moment: try again later
                log.exception("job runner could not claim work")
                row = None
            if row is None:
                self._wake.wait(self.poll_s)
                self._wake.clear()
                continue
            self._run(row)

    def _run(self, row: Any) -> None:
        running = _Running(row.id)
        with self._lock:
            self._running[row.id] = running

        def progress(done: int, total: int) -> None:
            if self._closed.is_set():
                raise Cancelled  # stop at the next progress report: the server is going away
            running.done, running.total = done, total

        values: dict[str, Any]
        try:
            principal = row.principal
            user = User(name=row.owner, role=Role(principal["role"]), nation=principal["nation"])
            result = self.tasks[row.task](self.engine, user, dict(row.params), progress)
            values = {"status": "done", "result": result}
        except Exception as e:
            values = {"status": "failed", "error": problem_of(e)}
        with self._lock:
            self._running.pop(row.id, None)
        values.update(done=running.done, total=running.total, finished_at=utcnow())
        try:
            with transaction(self.engine) as s:
                s.execute(
                    jobs_table.update()
                    .where(jobs_table.c.id == row.id, jobs_table.c.worker == self.name)
                    .values(**values)
                )
        except Exception:
            log.exception("could not store the outcome of job %s", row.id)

    def _beat(self) -> None:
        """Write each running job's progress and heartbeat every `beat_s` seconds."""
        while not self._closed.wait(self.beat_s):
            with self._lock:
                running = [(r.job_id, r.done, r.total) for r in self._running.values()]
            if not running:
                continue
            try:
                with transaction(self.engine) as s:
                    now = utcnow()
                    for job_id, done, total in running:
                        s.execute(
                            jobs_table.update()
                            .where(
                                jobs_table.c.id == job_id,
                                jobs_table.c.status == "running",
                                jobs_table.c.worker == self.name,
                            )
                            .values(done=done, total=total, heartbeat_at=now)
                        )
            except Exception:
                log.exception("job heartbeat failed")

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def shutdown(self, *, wait: float = 2.0) -> None:
        """Stop claiming; running jobs stop at their next progress report and are failed as
        cancelled. Queued jobs stay queued for another process (or the next start)."""
        self._closed.set()
        self._wake.set()
        for t in self._threads:
            if t is not threading.current_thread():
                t.join(wait)
