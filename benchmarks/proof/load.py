"""Load and soak: 50 concurrent clients on 127.0.0.1 for 10 minutes against a `muster synth`
database of 5,000 pledges, with a delegate saving a pledge now and then (so cached figures are
invalidated as in real use). Reports p50/p95/p99 per endpoint, errors (target 0) and the server's
memory over time (target: flat after warm-up).

The database, the server and the client loop are `benchmarks/web_load.py`'s (one client
machinery); this adds the mix of endpoints, the writer, error counting and memory sampling.
"""

from __future__ import annotations

import asyncio
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from benchmarks.proof.common import (
    BACKENDS,
    SuiteResult,
    free_port,
    rss_bytes,
    run_async,
    scratch_database,
)
from benchmarks.web_load import _client, build_database, start_server, wait_until_up
from muster.settings import Settings
from muster.store import make_engine, transaction
from muster.store import user as user_store

MB = 1024 * 1024
BASELINE = "/static/css/muster.css"  # what any request costs here: p95 ratios are against it


@dataclass(frozen=True)
class LoadPlan:
    pledges: int = 5000
    clients: int = 50
    seconds: float = 600
    think: float = 1.0
    warmup_s: float = 60
    sample_every_s: float = 5
    write_every_s: float = 2.0
    max_growth: float = 0.10  # memory after warm-up may grow by at most this fraction
    seed: int = 0
    workers: int = 1  # uvicorn worker processes; memory is their sum with the supervisor's


@dataclass
class Samples:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[int]] = field(default_factory=dict)
    crashes: Counter[str] = field(default_factory=Counter)
    memory: list[tuple[float, int]] = field(default_factory=list)
    writes: Counter[int] = field(default_factory=Counter)


def _token(url: str) -> str:
    engine = make_engine(Settings(env="test", database_url=url))
    try:
        with transaction(engine) as session:
            user_store.add_user(
                session=session,
                username="soak-admin",
                password="soak test passphrase 1",
                role="admin",
            )
            _, secret = user_store.create_token(
                session=session, username="soak-admin", name="soak", scope="write"
            )
    finally:
        engine.dispose()
    return secret


async def _guarded(
    http: httpx.AsyncClient, path: str, until: float, s: Samples, think: float, rng: Any
) -> None:
    """web_load's client loop, restarted after a transport error (counted, never fatal)."""
    times = s.times.setdefault(path, [])
    errors = s.errors.setdefault(path, [])
    while time.perf_counter() < until:
        try:
            await _client(http, path, until, times, errors, think, rng)
        except httpx.HTTPError as e:
            s.crashes[f"{path}: {type(e).__name__}"] += 1


async def _writer(base: str, token: str, until: float, s: Samples, every: float) -> None:
    headers = {"Authorization": f"Bearer {token}", "Muster-Reason": "soak: a delegate edits"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        first = (await http.get("/api/v1/pledges?limit=1")).json()["items"][0]
        key, n = first["id"], 0
        while time.perf_counter() < until:
            await asyncio.sleep(every)
            n += 1
            try:
                current = await http.get(f"/api/v1/pledges/{key}")
                r = await http.patch(
                    f"/api/v1/pledges/{key}",
                    json={"note": f"soak edit {n}"},
                    headers={"If-Match": current.headers["etag"]},
                )
                s.writes[r.status_code] += 1
            except httpx.HTTPError as e:
                s.crashes[f"writer: {type(e).__name__}"] += 1


async def _soak(base: str, paths: list[str], token: str, plan: LoadPlan, s: Samples) -> float:
    rngs = [np.random.default_rng(x) for x in np.random.SeedSequence(plan.seed).spawn(plan.clients)]
    limits = httpx.Limits(max_connections=plan.clients, max_keepalive_connections=plan.clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        for path in paths:  # warm caches and connections: not measured
            (await http.get(path)).raise_for_status()
        start = time.perf_counter()
        until = start + plan.seconds
        await asyncio.gather(
            _writer(base, token, until, s, plan.write_every_s),
            *(
                _guarded(http, paths[i % len(paths)], until, s, plan.think, rng)
                for i, rng in enumerate(rngs)
            ),
        )
        return time.perf_counter() - start


def _sampler(pid: int, s: Samples, stop: threading.Event, every: float) -> None:
    start = time.monotonic()
    while not stop.is_set():
        s.memory.append((time.monotonic() - start, rss_bytes(pid)))
        stop.wait(every)


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    if len(values) < 2:
        v = values[0] if values else float("nan")
        return v, v, v
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49], q[94], q[98]


def run(plan: LoadPlan, folder: Path, backends: tuple[str, ...] = ("sqlite",)) -> SuiteResult:
    """The soak on each of `backends` in turn (a scratch database each); one result."""
    results = [_run_on(plan, folder / backend, backend) for backend in backends]
    if len(results) == 1:
        return results[0]
    first = results[0]
    first.tried = " | ".join(f"{b}: {r.tried}" for b, r in zip(backends, results, strict=True))
    first.held = " | ".join(f"{b}: {r.held}" for b, r in zip(backends, results, strict=True))
    first.ok = all(r.ok for r in results)
    first.failures = [
        f"{b}: {f}" for b, r in zip(backends, results, strict=True) for f in r.failures
    ]
    first.figures = {b: r.figures for b, r in zip(backends, results, strict=True)}
    first.seconds = sum(r.seconds for r in results)
    return first


def _run_on(plan: LoadPlan, folder: Path, backend: str) -> SuiteResult:
    assert backend in BACKENDS, backend
    with scratch_database(backend, folder) as url:
        return _soak_on(plan, folder, url)


def _soak_on(plan: LoadPlan, folder: Path, url: str) -> SuiteResult:
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    nation, rows = build_database(url, pledges=plan.pledges, seed=plan.seed)
    token = _token(url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(url, port, plan.workers, folder / "server.log")
    s = Samples()
    stop = threading.Event()
    try:
        wait_until_up(base, proc)
        paths = [BASELINE, "/", f"/nations/{nation}", "/api/v1/pledges?limit=50", "/requirements"]
        sampler = threading.Thread(
            target=_sampler, args=(proc.pid, s, stop, plan.sample_every_s), daemon=True
        )
        sampler.start()
        elapsed = run_async(_soak(base, paths, token, plan, s))
        stop.set()
        sampler.join()
        alive = proc.poll() is None
    finally:
        stop.set()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except Exception:
            proc.kill()
            proc.wait()
    per_path = {}
    every_time: list[float] = []
    base_p95 = _quantiles(s.times.get(BASELINE, []))[1]
    for path, times in s.times.items():
        p50, p95, p99 = _quantiles(times)
        per_path[path] = {
            "requests": len(times),
            "errors": len(s.errors.get(path, [])),
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(p99, 1),
            "p95_vs_baseline": round(p95 / base_p95, 1) if base_p95 else None,
        }
        if path != BASELINE:
            every_time += times
    errors = sum(len(e) for e in s.errors.values()) + sum(s.crashes.values())
    errors += sum(v for k, v in s.writes.items() if k != 200)
    warm = [m for t, m in s.memory if t >= min(plan.warmup_s, plan.seconds / 2)]
    first = statistics.median(warm[: max(1, len(warm) // 5)]) if warm else 0
    last = statistics.median(warm[-max(1, len(warm) // 5) :]) if warm else 0
    growth = (last - first) / first if first else 0.0
    p50, p95, p99 = _quantiles(every_time)
    requests = len(every_time) + errors
    problems = []
    if errors:
        problems.append(
            f"{errors} errors: {dict(s.crashes)} "
            f"{ {p: Counter(e) for p, e in s.errors.items() if e} } writes {dict(s.writes)}"
        )
    if growth > plan.max_growth:
        problems.append(
            f"memory grew {growth:.0%} after warm-up ({first / MB:.0f} → {last / MB:.0f} MiB)"
        )
    if not alive:
        problems.append("the server died during the soak")
    result = SuiteResult(
        suite="7 load and soak",
        tried=f"{plan.clients} clients × {elapsed / 60:.1f} min on 127.0.0.1, {requests:,} "
        f"requests over {len(paths)} endpoints + {sum(s.writes.values())} saves; "
        f"synth DB {plan.pledges:,} pledges ({rows:,} rows)",
        held=f"{errors} errors; pages p50 {p50:.0f} / p95 {p95:.0f} / p99 {p99:.0f} ms "
        f"(p95 {p95 / base_p95:.1f}× a static file's); memory "
        f"{first / MB:.0f} → {last / MB:.0f} MiB ({growth:+.1%} after warm-up)",
        ok=not problems,
        figures={
            "requests": requests,
            "errors": errors,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(p99, 1),
            "baseline_p95_ms": round(base_p95, 1),
            "per_endpoint": per_path,
            "saves": {str(k): v for k, v in s.writes.items()},
            "rss_mib": [(round(t), round(m / MB, 1)) for t, m in s.memory],
            "memory_growth": round(growth, 4),
        },
        failures=problems,
        workers=plan.workers,
    )
    result.seconds = time.monotonic() - started
    return result
