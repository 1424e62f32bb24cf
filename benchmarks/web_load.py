"""Web latency under load: p50/p95/p99 for the dashboard, a nation page and an API list.

Builds a database from `muster synth` (5,000 pledges by default), starts a real uvicorn server on
a free 127.0.0.1 port, and runs 50 concurrent clients against one endpoint at a time for a
bounded time each. The baseline, measured the same way in the same run, is a small static file:
the ratio says what each page costs beyond the server's and the client's own overhead, which is
what stays comparable on a shared, noisy machine. Target: p95 < 50 ms for each page.

Run: `python -m benchmarks.web_load [--pledges 5000] [--clients 50] [--seconds 8] [--workers 1]
[--backend sqlite|postgresql]`. On PostgreSQL (`MUSTER_TEST_PG_URL`, default the local server) a
scratch database is created and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np

from benchmarks.proof.common import BACKENDS, free_port, scratch_database
from muster.settings import Settings
from muster.store import import_dataset, make_engine, transaction, upgrade
from muster.synth import synth

TARGET_P95_MS = 50.0


@dataclass(frozen=True)
class Figures:
    name: str
    path: str
    requests: int
    errors: int
    p50: float
    p95: float
    p99: float
    per_second: float


def build_database(url: str, *, pledges: int, seed: int) -> tuple[str, int]:
    """A synthetic coalition in the empty database at `url`; returns (the nation with most
    pledges, rows)."""
    dataset = synth(
        nations=40, pledges=pledges, lines=120, conditions=30, rng=np.random.default_rng(seed)
    )
    engine = make_engine(Settings(env="test", database_url=url))
    upgrade(engine)
    with transaction(engine) as session:
        import_dataset(session=session, dataset=dataset, who="process:bench", reason="benchmark")
    engine.dispose()
    counts: dict[str, int] = {}
    for p in dataset.pledges:
        counts[p.nation] = counts.get(p.nation, 0) + 1
    return max(counts, key=lambda k: counts[k]), dataset.size


def start_server(url: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MUSTER_ENV": "test",
        "MUSTER_DATABASE_URL": url,
        "MUSTER_PUBLIC_READ": "true",
        "MUSTER_SECRET_KEY": "web-load-benchmark-" + "x" * 40,
    }
    cmd = [
        sys.executable, "-m", "uvicorn", "--factory", "muster.web.app:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
        "--timeout-keep-alive", str(Settings.model_fields["keep_alive_s"].default),  # as serve
    ]  # fmt: skip
    return subprocess.Popen(cmd, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/api/v1/session", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in time")


async def _client(
    http: httpx.AsyncClient,
    path: str,
    until: float,
    out: list[float],
    errors: list[int],
    think: float,
    rng: np.random.Generator,
) -> None:
    while time.perf_counter() < until:
        if think > 0:
            await asyncio.sleep(float(rng.uniform(0.5, 1.5)) * think)
        t0 = time.perf_counter()
        r = await http.get(path)
        await r.aread()
        took = time.perf_counter() - t0
        if r.status_code == 200:
            out.append(took * 1000)
        else:
            errors.append(r.status_code)


async def load(
    base: str, name: str, path: str, *, clients: int, seconds: float, think: float, seed: int
) -> Figures:
    """`clients` concurrent clients requesting `path` for `seconds`; latency percentiles in ms.

    Each client waits a think time drawn uniformly from [0.5, 1.5] × `think` seconds before each
    request (a person reading the page); `think` 0 hammers the server (its saturation rate).
    """
    rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(clients)]
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        for _ in range(3):  # warm caches and connections: not measured
            (await http.get(path)).raise_for_status()
        times: list[float] = []
        errors: list[int] = []
        start = time.perf_counter()
        until = start + seconds
        await asyncio.gather(
            *(_client(http, path, until, times, errors, think, rng) for rng in rngs)
        )
        elapsed = time.perf_counter() - start
    if not times:
        raise SystemExit(f"{name}: every request failed ({errors[:5]})")
    q = statistics.quantiles(times, n=100, method="inclusive")
    return Figures(name, path, len(times), len(errors), q[49], q[94], q[98], len(times) / elapsed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pledges", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0, help="per endpoint")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a client's requests"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", choices=BACKENDS, default="sqlite")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="muster-web-load-") as tmp,
        scratch_database(args.backend, Path(tmp)) as db,
    ):
        t0 = time.perf_counter()
        nation, rows = build_database(db, pledges=args.pledges, seed=args.seed)
        print(
            f"database: {args.backend}, muster synth, {args.pledges} pledges, {rows} rows "
            f"({time.perf_counter() - t0:.1f} s to build)"
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(db, port, args.workers, Path(tmp) / "server.log")
        try:
            wait_until_up(base, proc)
            targets = [
                ("baseline: static file", "/static/css/muster.css"),
                ("dashboard", "/"),
                (f"nation page ({nation})", f"/nations/{nation}"),
                ("API list (50 pledges)", "/api/v1/pledges?limit=50"),
            ]
            results = [
                asyncio.run(
                    load(
                        base,
                        name,
                        path,
                        clients=args.clients,
                        seconds=args.seconds,
                        think=args.think,
                        seed=args.seed,
                    )
                )
                for name, path in targets
            ]
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    print(
        f"{args.clients} concurrent clients (think time ~{args.think:g} s), "
        f"{args.seconds:g} s per endpoint, "
        f"{args.workers} uvicorn worker(s), 127.0.0.1"
    )
    head = f"{'endpoint':32} {'requests':>8} {'err':>4} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}"
    print(f"{head} {'p99 ms':>8} {'p95/base':>8}  target p95 < {TARGET_P95_MS:g} ms")
    baseline = results[0].p95
    for r in results:
        verdict = "" if r is results[0] else ("met" if r.p95 < TARGET_P95_MS else "MISSED")
        print(
            f"{r.name:32} {r.requests:8d} {r.errors:4d} {r.per_second:7.0f} {r.p50:8.1f} "
            f"{r.p95:8.1f} {r.p99:8.1f} {r.p95 / baseline:8.1f}  {verdict}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
