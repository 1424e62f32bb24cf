"""Concurrency: two delegates saving the same pledge at the same instant, and 50 writers at once.

- **Same pledge.** Two GBR delegates read a pledge, meet at a barrier, and PATCH it with the
  version they read, through a real server. Every round exactly one wins (200); the other gets
  412 naming the current version (`current_version`, and the ETag); history holds the winner's
  change only. Never a silent overwrite.
- **50 writers on SQLite.** 50 writer processes (or threads, for the quick run) write through the
  store at once, and 50 HTTP clients write through a 2-worker server. Muster's SQLite policy
  (`BEGIN IMMEDIATE`, `busy_timeout`, then `LOCK_RETRIES` pauses; `muster.store.db`) must keep
  every "database is locked" inside: the count of lock errors a user sees must be 0.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from benchmarks.proof.common import (
    Server,
    SuiteResult,
    history_problems,
    integrity_problems,
    percentile,
    prepare,
    scratch_database,
    settings_for,
)
from muster import store
from muster.data import demo_dataset
from muster.domain import Pledge
from muster.domain.records import to_record
from muster.errors import Conflict, MusterError
from muster.store.schema import TABLES, history
from muster.web.security import WORKER_HEADER

RACE_PLEDGE = "p-gbr-inf"


@dataclass(frozen=True)
class ConcurrencyPlan:
    race_rounds: int = 100
    writers: int = 50
    writes_each: int = 20
    processes: bool = True  # writer processes (proof) or threads (quick)
    http_clients: int = 50
    http_writes_each: int = 10
    http_workers: int = 2
    workers: int = 1  # the race's server; `--workers N` sets both


def race(base: str, tokens: tuple[str, str], rounds: int) -> dict[str, Any]:
    """`rounds` simultaneous saves of one pledge by two delegates; counts of what happened."""
    clients = [
        httpx.Client(
            base_url=base,
            headers={"Authorization": f"Bearer {t}", "Muster-Reason": "proof race"},
            timeout=30,
            # a connection per request: with several workers, saves can land on any of them
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        for t in tokens
    ]
    outcomes: Counter[str] = Counter()
    problems: list[str] = []
    notes: list[str] = []
    barrier = threading.Barrier(2)
    split = 0
    try:
        for r in range(rounds):
            version = int(clients[0].get(f"/api/v1/pledges/{RACE_PLEDGE}").json()["version"])
            answers: list[httpx.Response | None] = [None, None]

            def save(
                i: int,
                version: int = version,
                r: int = r,
                answers: list[httpx.Response | None] = answers,
            ) -> None:
                barrier.wait()
                answers[i] = clients[i].patch(
                    f"/api/v1/pledges/{RACE_PLEDGE}",
                    json={"note": f"round {r} by delegate {i}"},
                    headers={"If-Match": f'"{version}"'},
                )

            threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            codes = sorted(a.status_code if a is not None else 0 for a in answers)
            outcomes[f"{codes[0]}+{codes[1]}"] += 1
            answered_by = {a.headers.get(WORKER_HEADER) for a in answers if a is not None}
            split += len(answered_by - {None}) > 1  # the two saves met in different processes
            winners = [i for i, a in enumerate(answers) if a is not None and a.status_code == 200]
            losers = [a for a in answers if a is not None and a.status_code != 200]
            if len(winners) != 1 or len(losers) != 1:
                problems.append(f"round {r}: statuses {codes}")
                continue
            loser = losers[0]
            body = loser.json()
            if loser.status_code not in (409, 412) or body.get("current_version") != version + 1:
                problems.append(f"round {r}: loser got {loser.status_code} {body}")
            if loser.headers.get("etag") != f'"{version + 1}"':
                problems.append(f"round {r}: loser's ETag {loser.headers.get('etag')}")
            notes.append(f"round {r} by delegate {winners[0]}")
    finally:
        for c in clients:
            c.close()
    return {
        "rounds": rounds,
        "outcomes": dict(outcomes),
        "across_workers": split,
        "problems": problems,
        "notes": notes,
    }


def _writer(url: str, n: int, writes: int, start: Any, results: Any) -> None:
    """One writer: `writes` transactions (creates, then an update of each), timed; puts its
    counts on `results`."""
    engine = store.make_engine(settings_for(url))
    template = next(p for p in demo_dataset().pledges if p.id == RACE_PLEDGE)
    errors: Counter[str] = Counter()
    latencies: list[float] = []
    rng = random.Random(n)
    mine: list[str] = []
    start.wait()
    try:
        for i in range(writes):
            t0 = time.perf_counter()
            try:
                with store.transaction(engine) as session:
                    if mine and rng.random() < 0.5:
                        key = rng.choice(mine)
                        old = store.get(session=session, entity=Pledge, key=key)
                        store.update(
                            session=session,
                            obj=replace(old.obj, note=f"writer {n} write {i}"),
                            expected_version=old.version,
                            who=f"process:writer-{n}",
                            reason="proof: 50 writers",
                        )
                    else:
                        key = f"cw-{n}-{i}"
                        store.create(
                            session=session,
                            obj=replace(template, id=key, note=f"writer {n}"),
                            who=f"process:writer-{n}",
                            reason="proof: 50 writers",
                        )
                        mine.append(key)
                errors["ok"] += 1
            except Conflict as e:
                errors["busy" if "busy" in str(e) else "conflict"] += 1
            except MusterError as e:
                errors[f"{type(e).__name__}: {e}"[:120]] += 1
            except sa.exc.OperationalError as e:
                errors["locked" if "locked" in str(e) else f"operational: {e}"[:120]] += 1
            latencies.append(time.perf_counter() - t0)
    finally:
        engine.dispose()
    results.put((dict(errors), latencies))


def many_writers(url: str, plan: ConcurrencyPlan) -> dict[str, Any]:
    """`plan.writers` writers at once through the store; counts and latencies."""
    if plan.processes:
        ctx = mp.get_context("spawn")
        start: Any = ctx.Barrier(plan.writers)
        results: Any = ctx.Queue()
        workers: list[Any] = [
            ctx.Process(target=_writer, args=(url, n, plan.writes_each, start, results))
            for n in range(plan.writers)
        ]
    else:
        start = threading.Barrier(plan.writers)
        results = queue.Queue()
        workers = [
            threading.Thread(target=_writer, args=(url, n, plan.writes_each, start, results))
            for n in range(plan.writers)
        ]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    collected = [results.get(timeout=600) for _ in workers]
    for w in workers:
        w.join(timeout=60)
    seconds = time.perf_counter() - t0
    counts: Counter[str] = Counter()
    latencies: list[float] = []
    for errs, lats in collected:
        counts.update(errs)
        latencies.extend(lats)
    return {
        "writers": plan.writers,
        "kind": "processes" if plan.processes else "threads",
        "writes": sum(counts.values()),
        "counts": dict(counts),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
        "seconds": round(seconds, 1),
    }


def many_http_writers(base: str, token: str, plan: ConcurrencyPlan) -> dict[str, Any]:
    """`plan.http_clients` clients creating pledges through the server at once."""
    template = next(p for p in demo_dataset().pledges if p.id == RACE_PLEDGE)
    record = {**to_record(template), "entered_by": None}
    statuses: Counter[int] = Counter()
    bodies: list[str] = []
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(plan.http_clients)

    def client(n: int) -> None:
        headers = {"Authorization": f"Bearer {token}", "Muster-Reason": "proof: 50 clients"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
            barrier.wait()
            for i in range(plan.http_writes_each):
                t0 = time.perf_counter()
                r = c.post("/api/v1/pledges", json={**record, "id": f"hw-{n}-{i}"})
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    statuses[r.status_code] += 1
                    if r.status_code != 201:
                        bodies.append(r.text[:200])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(plan.http_clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "clients": plan.http_clients,
        "writes": sum(statuses.values()),
        "statuses": {str(k): v for k, v in statuses.items()},
        "errors": bodies[:5],
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "seconds": round(time.perf_counter() - t0, 1),
    }


def _race_history(url: str) -> list[str]:
    engine = store.make_engine(settings_for(url))
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    sa.select(history.c.after["note"].as_string())
                    .where(history.c.entity == TABLES[Pledge].name, history.c.key == RACE_PLEDGE)
                    .where(history.c.why == "proof race")
                    .order_by(history.c.version)
                ).scalars()
            )
    finally:
        engine.dispose()


def run_backend(backend: str, plan: ConcurrencyPlan, folder: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"backend": backend}
    problems: list[str] = []
    with scratch_database(backend, folder) as url:
        tokens = prepare(url)
        with Server(url, log=folder / f"server-{backend}.log", workers=plan.workers) as server:
            out["race"] = race(
                server.base, (tokens["gbr-delegate"], tokens["gbr-delegate-2"]), plan.race_rounds
            )
        problems += out["race"].pop("problems")
        winners = out["race"].pop("notes")
        if _race_history(url) != winners:
            problems.append("history of the raced pledge is not exactly the winners' saves")
        if backend == "sqlite":
            out["store_writers"] = many_writers(url, plan)
            with Server(url, log=folder / "server-http.log", workers=plan.http_workers) as server:
                out["http_writers"] = many_http_writers(server.base, tokens["admin"], plan)
            counts = out["store_writers"]["counts"]
            if set(counts) != {"ok"}:
                problems.append(f"store writers: {counts}")
            statuses = out["http_writers"]["statuses"]
            if set(statuses) != {"201"}:
                problems.append(f"HTTP writers: {statuses} {out['http_writers']['errors']}")
        engine = store.make_engine(settings_for(url))
        try:
            problems += integrity_problems(engine) + history_problems(engine)
        finally:
            engine.dispose()
    out["problems"] = problems
    return out


def run(plan: ConcurrencyPlan, folder: Path, backends: tuple[str, ...]) -> SuiteResult:
    started = time.monotonic()
    per = [run_backend(b, plan, folder / b) for b in backends]
    problems = [f"{p['backend']}: {x}" for p in per for x in p["problems"]]
    sqlite = next((p for p in per if "store_writers" in p), None)
    tried = [f"{plan.race_rounds} two-delegate races × {len(per)} backends"]
    races: Counter[str] = Counter()
    for p in per:
        races.update(p["race"]["outcomes"])
    split = sum(p["race"]["across_workers"] for p in per)
    held = [
        "every race: 1 winner, the loser told the current version ("
        + ", ".join(f"{n}× {k}" for k, n in sorted(races.items()))
        + (f"; {split} races' two saves answered by different workers" if plan.workers > 1 else "")
        + ")"
    ]
    if sqlite is not None:
        sw, hw = sqlite["store_writers"], sqlite["http_writers"]
        tried.append(
            f"{sw['writers']} SQLite writer {sw['kind']} × {plan.writes_each} "
            f"({sw['writes']} writes); {hw['clients']} HTTP clients ({hw['writes']} writes)"
        )
        locked = sum(v for k, v in sw["counts"].items() if k != "ok") + sum(
            v for k, v in hw["statuses"].items() if k != "201"
        )
        held.append(
            f"{locked} lock errors seen by users (write p95 {sw['p95_ms']} ms store, "
            f"{hw['p95_ms']} ms HTTP)"
        )
    result = SuiteResult(
        suite="2 concurrency",
        tried="; ".join(tried),
        held="; ".join(held) if not problems else f"{len(problems)} problems: {problems[0]}",
        ok=not problems,
        figures={"per_backend": per},
        failures=problems,
        workers=plan.workers,
    )
    result.seconds = time.monotonic() - started
    return result
