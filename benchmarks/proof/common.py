"""What the proof suites share: throwaway databases on both backends, a real server run by PID,
the `muster` command as a subprocess, the integrity and history checks, and `SuiteResult`.

Everything binds 127.0.0.1 and stops what it started by PID (or its own process group).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Coroutine, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import psutil
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

from muster.data import demo_dataset
from muster.domain import Dataset
from muster.settings import Settings
from muster.store import import_dataset, load_dataset, make_engine, transaction, upgrade
from muster.store import user as user_store
from muster.store.codec import codec
from muster.store.load import load_rows
from muster.store.schema import TABLES, history, metadata
from muster.web.security import WORKER_HEADER

T = TypeVar("T")

PG_ADMIN_URL = os.environ.get(
    "MUSTER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")
PASSWORD = "correct horse battery staple"
# One user per role (name → role, nation): the suites sign in as each.
USERS: dict[str, tuple[str, str | None]] = {
    "admin": ("admin", None),
    "planner": ("planner", None),
    "gbr-delegate": ("delegate", "GBR"),
    "gbr-delegate-2": ("delegate", "GBR"),
    "fra-delegate": ("delegate", "FRA"),
    "analyst": ("analyst", None),
    "viewer": ("viewer", None),
}
SECRET = "proof-suite-" + "k" * 40  # ≥ 32 characters: the server starts in any mode


@dataclass
class SuiteResult:
    """One row of the proof table: what a suite tried, what held, and its figures."""

    suite: str
    tried: str
    held: str
    ok: bool | None  # None: could not be measured here (the row says why)
    figures: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workers: int | None = None  # worker processes of the servers it started (None: no server)

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "workers": self.workers,
            "tried": self.tried,
            "held": self.held,
            "ok": self.ok,
            "figures": self.figures,
            "failures": self.failures[:50],
            "seconds": round(self.seconds, 1),
        }


# --- databases ---------------------------------------------------------------------------


def pg_admin() -> Engine:
    return sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@contextlib.contextmanager
def scratch_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database on `backend`, dropped (PostgreSQL) when done."""
    name = f"muster_proof_{secrets.token_hex(6)}"
    if backend == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / (name + '.db')}"
        return
    admin = pg_admin()
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def settings_for(url: str, **extra: Any) -> Settings:
    return Settings(database_url=url, env="test", **extra)


def prepare(url: str, *, dataset: Dataset | None = None) -> dict[str, str]:
    """Migrate `url`, load `dataset` (the demo by default) and one user per role; returns each
    user's write token."""
    engine = make_engine(settings_for(url))
    tokens: dict[str, str] = {}
    try:
        upgrade(engine)
        with transaction(engine) as session:
            import_dataset(
                session=session,
                dataset=dataset if dataset is not None else demo_dataset(),
                who="process:proof",
                reason="proof fixture",
            )
            for name, (role, nation) in USERS.items():
                user_store.add_user(
                    session=session, username=name, password=PASSWORD, role=role, nation=nation
                )
                _, tokens[name] = user_store.create_token(
                    session=session, username=name, name="proof", scope="write"
                )
    finally:
        engine.dispose()
    return tokens


# --- checks after the fact ---------------------------------------------------------------


def integrity_problems(engine: Engine) -> list[str]:
    """What is wrong with the database's physical and referential integrity (empty: all fine).

    SQLite: `PRAGMA integrity_check` and `PRAGMA foreign_key_check`. Both backends: an orphan
    count for every foreign key Muster declares (PostgreSQL enforces them; this proves it).
    """
    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            check = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if check != ["ok"]:
                problems.append("integrity_check: " + "; ".join(check[:5]))
            orphans = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
            if orphans:
                problems.append(f"foreign_key_check: {len(orphans)} rows, e.g. {orphans[:3]}")
        for table in metadata.sorted_tables:
            for fk in table.foreign_key_constraints:
                target = fk.referred_table
                join = sa.and_(
                    *(el.parent == el.column for el in fk.elements),
                )
                nullable = sa.and_(*(el.parent.isnot(None) for el in fk.elements))
                query = (
                    sa.select(sa.func.count())
                    .select_from(table.outerjoin(target, join))
                    .where(nullable, *(el.column.is_(None) for el in fk.elements))
                )
                n = conn.execute(query).scalar_one()
                if n:
                    problems.append(f"{table.name} → {target.name}: {n} orphan rows")
    return problems


def history_problems(engine: Engine) -> list[str]:
    """Where history and the data disagree (empty: they agree).

    For every stored row, history's last entry for its key has the row's version and, as
    `after`, exactly the row's record; every key history shows alive exists; versions in history
    run 1, 2, 3, ... without gaps; and replaying history now gives the current data.
    """
    problems: list[str] = []
    with transaction(engine, write=False) as session:
        last: dict[tuple[str, str], tuple[int, str, Any]] = {}
        seen: dict[tuple[str, str], list[int]] = {}
        rows = session.execute(
            sa.select(
                history.c.entity, history.c.key, history.c.version, history.c.op, history.c.after
            ).order_by(history.c.id)
        )
        for entity, key, version, op, after in rows:
            seen.setdefault((entity, key), []).append(version)
            if (entity, key) not in last or last[(entity, key)][0] < version:
                last[(entity, key)] = (version, op, after)
        for (entity, key), versions in seen.items():
            if sorted(versions) != list(range(1, len(versions) + 1)):
                problems.append(f"{entity} {key!r}: history versions {sorted(versions)[:8]}")
        alive: set[tuple[str, str]] = set()
        for cls, t in TABLES.items():
            c = codec(cls)
            for stored in load_rows(session=session, cls=cls):
                where = (t.name, stored.key)
                alive.add(where)
                entry = last.get(where)
                if entry is None:
                    problems.append(f"{t.name} {stored.key!r} has no history")
                elif entry[0] != stored.version or entry[1] == "delete":
                    problems.append(
                        f"{t.name} {stored.key!r}: version {stored.version}, history's last is "
                        f"{entry[0]} ({entry[1]})"
                    )
                elif entry[2] != c.record(stored.obj):
                    problems.append(f"{t.name} {stored.key!r}: row differs from history's last")
        for where, (_, op, _) in last.items():
            if op != "delete" and where not in alive:
                problems.append(f"{where[0]} {where[1]!r}: history says alive, no row")
        now = session.execute(sa.select(sa.func.max(history.c.recorded_at))).scalar_one()
        if now is not None and load_dataset(session=session, recorded_at=now) != load_dataset(
            session=session
        ):
            problems.append("replaying history up to now does not give the current data")
    return problems


# --- processes ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def muster_env(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MUSTER_")}
    env.update(
        MUSTER_ENV="test",
        MUSTER_DATABASE_URL=url,
        MUSTER_SECRET_KEY=SECRET,
        MUSTER_PUBLIC_READ="true",
    )
    env.update(extra)
    return env


def muster_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "muster", *args]


class Server:
    """`muster serve` on a free 127.0.0.1 port, in a process group of its own (workers die with
    it), stopped or SIGKILLed by that group's id."""

    def __init__(
        self, url: str, *, log: Path, workers: int = 1, env: Mapping[str, str] | None = None
    ) -> None:
        self.url = url
        self.log = log
        self.workers = workers
        self.extra_env = dict(env or {})
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout_s: float | None = None) -> Server:
        """Start, and return once a worker answers; `timeout_s` defaults to 60 s plus 45 s per
        further worker (each imports and warms itself at once: on 2 busy cores, 4 workers
        took over a minute)."""
        if timeout_s is None:
            timeout_s = 60 + 45 * (self.workers - 1)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                muster_command("serve", "--port", str(self.port), "--workers", str(self.workers)),
                env=muster_env(self.url, **self.extra_env),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout_s
        settle_by = deadline  # the workers after the first must answer by then, or are left
        answered: set[str] = set()
        while True:
            try:
                r = httpx.get(self.base + "/api/v1/session", timeout=2)  # a new connection
                if r.status_code == 200:
                    # no warm-up request needed: each worker warms itself before it serves
                    # (muster.web.app.warm_up), so a suite's kill window measures writes.
                    # With N workers wait (within the timeout) until each has answered: else
                    # the first one up takes every kept-alive connection and the suite never
                    # crosses processes (seen: 0 of 100 races split before this wait).
                    answered.add(r.headers.get(WORKER_HEADER, ""))
                    if len(answered) >= self.workers or time.monotonic() > settle_by:
                        return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                tail = self.log.read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"the server did not start:\n{tail}")
            time.sleep(0.1)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self) -> None:
        """SIGKILL the server and its workers: no shutdown handler runs."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        self.proc = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def rss_bytes(pid: int) -> int:
    """Resident memory of a process and its children (psutil), in bytes: with `--workers N`,
    uvicorn's supervisor plus its N worker processes."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
        return sum(p.memory_info().rss for p in procs if p.is_running())
    except psutil.NoSuchProcess:
        return 0


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run` on a thread of its own, so it works even when the calling thread already
    runs an event loop (Playwright's sync API leaves one running for the whole test session)."""
    import asyncio

    box: dict[str, Any] = {}

    def main() -> None:
        try:
            box["value"] = asyncio.run(coroutine)
        except BaseException as e:  # re-raised in the caller's thread
            box["error"] = e

    worker = threading.Thread(target=main, name="run-async")
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    value: T = box["value"]
    return value
