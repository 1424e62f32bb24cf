"""Crash safety: writers (API clients through a real server, and `muster import` processes) while
the server and the importers are SIGKILLed at random moments, over and over; then the proof.

After the last kill, straight from the database (no clean shutdown ever ran):
- every acknowledged write is there: each 2xx API write's history entry exists and holds exactly
  the record sent, each import that exited 0 wrote all its rows;
- nothing that failed is there, and nothing is half there: a refused (4xx) write left no trace,
  an import killed or refused wrote all its rows or none (history grouped by its reason);
- history agrees with the data (`common.history_problems`) and the database passes its
  integrity checks (`common.integrity_problems`).
A write whose answer was lost in the kill may have committed or not; either way it is whole.
Then the server starts once more and every pledge an acknowledged write touched is read back
through the API.
"""

from __future__ import annotations

import random
import signal
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from benchmarks.proof.common import (
    Server,
    SuiteResult,
    history_problems,
    integrity_problems,
    muster_command,
    muster_env,
    prepare,
    scratch_database,
    settings_for,
)
from muster.data import demo_dataset
from muster.domain import Dataset, Pledge
from muster.domain.records import to_record
from muster.interchange import write_dataset
from muster.store import make_engine
from muster.store.schema import TABLES, history

BASE_PLEDGE = "p-gbr-inf"


@dataclass(frozen=True)
class CrashPlan:
    """How hard to try: stop once `writes` API writes were acknowledged (or `max_seconds`)."""

    writes: int = 1000
    api_threads: int = 4
    importers: int = 2
    import_rows: int = 150
    kill_after_s: tuple[float, float] = (0.5, 4.0)
    import_pause_s: tuple[float, float] = (0.5, 2.0)
    import_kill_chance: float = 0.6
    min_server_kills: int = 1
    max_seconds: float = 600
    seed: int = 7
    workers: int = 1  # `muster serve --workers`: a kill takes the whole process group


@dataclass
class Write:
    """One API write as the client saw it: `outcome` is ack, refused, lost (answer lost in a
    kill) or unsent (connection refused: the server was down)."""

    op: str
    key: str
    note: str
    record: dict[str, Any] | None = None
    outcome: str = "pending"
    status: int | None = None


@dataclass
class Import:
    """One `muster import` run: its reason tags its rows in history."""

    reason: str
    rows: int
    outcome: str = "pending"  # ack, refused, killed
    returncode: int | None = None
    stderr: str = ""


@dataclass
class Ledger:
    writes: list[Write] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    server_kills: int = 0
    import_kills: int = 0
    restarts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acked(self) -> int:
        return sum(1 for w in self.writes if w.outcome == "ack")


class Shared:
    """The current server's base URL (None while it is down) and the stop flag."""

    def __init__(self) -> None:
        self.base: str | None = None
        self.stop = threading.Event()
        self.up = threading.Condition()

    def wait_base(self) -> str | None:
        with self.up:
            while self.base is None and not self.stop.is_set():
                self.up.wait(0.2)
            return self.base

    def set_base(self, base: str | None) -> None:
        with self.up:
            self.base = base
            self.up.notify_all()


def _api_writer(
    n: int, shared: Shared, ledger: Ledger, token: str, template: dict[str, Any], seed: int
) -> None:
    rng = random.Random(seed * 1000 + n)
    versions: dict[str, int | None] = {}  # key → version we believe current (None: unknown)
    seq = 0
    headers = {"Authorization": f"Bearer {token}", "Muster-Reason": f"proof crash writer {n}"}
    with httpx.Client(headers=headers, timeout=15) as client:
        while not shared.stop.is_set():
            base = shared.wait_base()
            if base is None:
                return
            seq += 1
            note = f"w{n}-s{seq}"
            known = [k for k, v in versions.items() if v is not None]
            unknown = [k for k, v in versions.items() if v is None]
            try:
                if unknown:  # learn the version a lost answer left behind
                    key = unknown[0]
                    r = client.get(f"{base}/api/v1/pledges/{key}")
                    versions[key] = int(r.json()["version"]) if r.status_code == 200 else 0
                    continue
                if not known or rng.random() < 0.4:
                    key = f"api-{n}-{seq}"
                    record = {**template, "id": key, "note": note, "quantity": seq % 9 + 1}
                    write = Write("create", key, note, record)
                    with ledger.lock:
                        ledger.writes.append(write)
                    r = client.post(f"{base}/api/v1/pledges", json=record)
                else:
                    key = rng.choice(known)
                    version = versions[key]
                    change = {"note": note, "quantity": seq % 7 + 1}
                    write = Write("update", key, note, change)
                    with ledger.lock:
                        ledger.writes.append(write)
                    if version == 0:  # the create was lost: nothing to update
                        versions.pop(key)
                        write.outcome = "unsent"
                        continue
                    r = client.patch(
                        f"{base}/api/v1/pledges/{key}",
                        json=change,
                        headers={"If-Match": f'"{version}"'},
                    )
            except httpx.ConnectError:
                write.outcome = "unsent"  # refused before anything was read: nothing happened
                time.sleep(0.05)
                continue
            except httpx.HTTPError:
                write.outcome = "lost"
                versions[key] = None
                continue
            write.status = r.status_code
            if r.status_code in (200, 201):
                write.outcome = "ack"
                versions[key] = int(r.json()["version"])
            else:
                write.outcome = "refused"
                versions[key] = None


def _import_file(folder: Path, who: int, round_: int, rows: int, template: Any) -> Path:
    """A JSON file creating `rows` pledges and rewriting the previous round's (a new note)."""
    pledges = []
    for r in (round_ - 1, round_):
        if r < 0:
            continue
        for i in range(rows):
            pledges.append(
                replace(template, id=f"cli-{who}-{r}-{i}", note=f"round {round_}", quantity=i + 1)
            )
    path = folder / f"import-{who}-{round_}.json"
    write_dataset(Dataset(pledges=tuple(pledges)), path)
    return path


def _importer(
    n: int, url: str, folder: Path, ledger: Ledger, plan: CrashPlan, shared: Shared
) -> None:
    rng = random.Random(plan.seed * 7919 + n)
    template = next(p for p in demo_dataset().pledges if p.id == BASE_PLEDGE)
    round_ = 0
    typical = 3.0
    while not shared.stop.is_set():
        path = _import_file(folder, n, round_, plan.import_rows, template)
        reason = f"proof import {n}.{round_}"
        job = Import(reason, plan.import_rows * (2 if round_ else 1))
        with ledger.lock:
            ledger.imports.append(job)
        started = time.monotonic()
        proc = subprocess.Popen(
            muster_command("import", str(path), "--local-admin", "--reason", reason),
            env=muster_env(url),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        kill = rng.random() < plan.import_kill_chance
        kill_at = rng.uniform(0.3, 1.3) * typical if kill else None
        try:
            _, err = proc.communicate(timeout=kill_at)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate()
        job.returncode = proc.returncode
        job.stderr = err.decode("utf-8", "replace")[-500:]
        if proc.returncode == -signal.SIGKILL:
            job.outcome = "killed"
            with ledger.lock:
                ledger.import_kills += 1
        elif proc.returncode == 0:
            job.outcome = "ack"
            typical = 0.7 * typical + 0.3 * (time.monotonic() - started)
        else:
            job.outcome = "refused"
        round_ += 1
        shared.stop.wait(rng.uniform(*plan.import_pause_s))


def _check(url: str, ledger: Ledger) -> tuple[list[str], dict[str, int]]:
    """Every problem the ledger and the database show together, and the counts."""
    problems: list[str] = []
    engine = make_engine(settings_for(url))
    try:
        problems += integrity_problems(engine)
        problems += history_problems(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(history.c.key, history.c.why, history.c.after).where(
                    history.c.entity == TABLES[Pledge].name
                )
            ).all()
    finally:
        engine.dispose()
    notes: dict[tuple[str, str], dict[str, Any]] = {}
    per_reason: Counter[str] = Counter()
    for key, why, after in rows:
        per_reason[why] += 1
        if after is not None and after.get("note"):
            notes[(key, after["note"])] = after
    lost = half = leaked = 0
    for w in ledger.writes:
        entry = notes.get((w.key, w.note))
        if w.outcome == "ack" and entry is None:
            lost += 1
            problems.append(f"acknowledged {w.op} of {w.key} ({w.note}) is missing")
        elif w.outcome in ("refused", "unsent") and entry is not None:
            leaked += 1
            problems.append(f"{w.outcome} {w.op} of {w.key} ({w.note}) is in the data")
        if entry is not None and w.record is not None:
            sent = {k: v for k, v in w.record.items() if k != "entered_by"}
            differs = {k for k, v in sent.items() if entry.get(k) != v}
            if differs:
                half += 1
                problems.append(f"{w.op} of {w.key} ({w.note}) stored partly: {sorted(differs)}")
    for job in ledger.imports:
        found = per_reason.get(job.reason, 0)
        if found not in (0, job.rows):
            half += 1
            problems.append(f"import {job.reason!r} ({job.outcome}) wrote {found} of {job.rows}")
        elif job.outcome == "ack" and found != job.rows:
            lost += 1
            problems.append(f"acknowledged import {job.reason!r} wrote {found} of {job.rows}")
        elif job.outcome == "refused" and found:
            leaked += 1
            problems.append(f"refused import {job.reason!r} wrote {found} rows: {job.stderr}")
    counts = {"lost": lost, "half_present": half, "leaked": leaked}
    return problems, counts


def _after_restart(
    url: str, ledger: Ledger, log: Path, token: str, *, workers: int = 1
) -> list[str]:
    """Restart the server once more and read every pledge an acknowledged write touched: each
    is there, holding its last acknowledged note or a later one whose answer was lost."""
    by_key: dict[str, list[Write]] = {}
    for w in ledger.writes:
        by_key.setdefault(w.key, []).append(w)
    problems = []
    with (
        Server(url, log=log, workers=workers) as server,
        httpx.Client(base_url=server.base, headers={"Authorization": f"Bearer {token}"}) as c,
    ):
        for key, writes in by_key.items():
            acked = [i for i, w in enumerate(writes) if w.outcome == "ack"]
            if not acked:
                continue
            allowed = {w.note for w in writes[acked[-1] :] if w.outcome in ("ack", "lost")}
            r = c.get(f"/api/v1/pledges/{key}")
            if r.status_code != 200:
                problems.append(f"after restart: {key} answers {r.status_code}")
            elif r.json()["note"] not in allowed:
                problems.append(f"after restart: {key} holds {r.json()['note']!r}, not {allowed}")
    return problems


def run_backend(backend: str, plan: CrashPlan, folder: Path) -> dict[str, Any]:
    """The crash loop on a scratch database of `backend`; a dict of figures and problems."""
    with scratch_database(backend, folder) as url:
        return run_on(url, plan, folder, backend=backend)


def _enough(ledger: Ledger, plan: CrashPlan) -> bool:
    imports = Counter(j.outcome for j in ledger.imports)
    return (
        ledger.acked() >= plan.writes
        and ledger.server_kills >= plan.min_server_kills
        and (plan.importers == 0 or (imports["ack"] >= 1 and imports["killed"] >= 1))
    )


def run_on(url: str, plan: CrashPlan, folder: Path, *, backend: str) -> dict[str, Any]:
    """The crash loop on the (empty or migrated) database at `url`."""
    rng = random.Random(plan.seed)
    folder.mkdir(parents=True, exist_ok=True)
    tokens = prepare(url)
    template = to_record(next(p for p in demo_dataset().pledges if p.id == BASE_PLEDGE))
    template["entered_by"] = None
    ledger = Ledger()
    shared = Shared()
    threads = [
        threading.Thread(
            target=_api_writer,
            args=(n, shared, ledger, tokens["admin"], template, plan.seed),
            daemon=True,
        )
        for n in range(plan.api_threads)
    ] + [
        threading.Thread(target=_importer, args=(n, url, folder, ledger, plan, shared), daemon=True)
        for n in range(plan.importers)
    ]
    started = time.monotonic()
    server = Server(url, log=folder / f"server-{backend}.log", workers=plan.workers)
    for t in threads:
        t.start()
    try:
        while (
            not _enough(ledger, plan)
            and time.monotonic() - started < plan.max_seconds
            and all(t.is_alive() for t in threads)
        ):
            server.start()
            ledger.restarts += 1
            shared.set_base(server.base)
            time.sleep(rng.uniform(*plan.kill_after_s))
            shared.set_base(None)
            server.kill()
            ledger.server_kills += 1
    finally:
        shared.stop.set()
        shared.set_base(None)
        server.kill()
        for t in threads:
            t.join(timeout=120)
    seconds = time.monotonic() - started
    problems, counts = _check(url, ledger)
    problems += _after_restart(
        url, ledger, folder / f"server-{backend}-after.log", tokens["admin"], workers=plan.workers
    )
    outcomes = Counter(w.outcome for w in ledger.writes)
    imports = Counter(j.outcome for j in ledger.imports)
    statuses = Counter(w.status for w in ledger.writes if w.outcome == "refused")
    return {
        "backend": backend,
        "acknowledged_writes": outcomes["ack"],
        "lost_in_kill": outcomes["lost"],
        "refused": outcomes["refused"],
        "refused_statuses": {str(k): v for k, v in statuses.items()},
        "unsent": outcomes["unsent"],
        "server_kills": ledger.server_kills,
        "imports_acknowledged": imports["ack"],
        "imports_killed": imports["killed"],
        "imports_refused": imports["refused"],
        "import_rows_acknowledged": sum(j.rows for j in ledger.imports if j.outcome == "ack"),
        "seconds": round(seconds, 1),
        **counts,
        "problems": problems,
    }


def run(plan: CrashPlan, folder: Path, backends: tuple[str, ...]) -> SuiteResult:
    started = time.monotonic()
    per = [run_backend(b, plan, folder / b) for b in backends]
    acked = sum(p["acknowledged_writes"] for p in per)
    kills = sum(p["server_kills"] + p["imports_killed"] for p in per)
    lost = sum(p["lost"] for p in per)
    half = sum(p["half_present"] + p["leaked"] for p in per)
    problems = [f"{p['backend']}: {x}" for p in per for x in p["problems"]]
    ok = not problems and all(p["acknowledged_writes"] >= plan.writes for p in per)
    tried = "; ".join(
        f"{p['backend']}: {p['acknowledged_writes']:,} acked API writes + "
        f"{p['imports_acknowledged']} imports ({p['import_rows_acknowledged']:,} rows), "
        f"{p['server_kills']} server + {p['imports_killed']} import SIGKILLs"
        for p in per
    )
    held = (
        f"{lost} lost, {half} half-present or leaked; history = data; integrity ok"
        if not problems
        else f"{len(problems)} problems: {problems[0]}"
    )
    if not problems and not ok:
        held += f" (fewer than {plan.writes} acked writes in {plan.max_seconds:.0f} s)"
    result = SuiteResult(
        suite="1 crash safety",
        tried=tried,
        held=held,
        ok=ok,
        figures={
            "acknowledged_writes": acked,
            "kills": kills,
            "lost": lost,
            "per_backend": [{k: v for k, v in p.items() if k != "problems"} for p in per],
        },
        failures=problems,
        workers=plan.workers,
    )
    result.seconds = time.monotonic() - started
    return result
