"""Coverage engine: `muster bench engine`'s figures, memory on 10 M worlds, Dask 2 workers over 1.

1. The engine on the large instance (`muster synth --nations 60 --pledges 2000 --lines 400
   --conditions 100`) against per-world HiGHS LP and OR-Tools max-flow, with every checked world
   compared (see `muster.bench`), and Shapley for its nations.
2. Peak memory of a 10 M-world Monte Carlo on local threads (target < 1 GiB: chunks stream).
3. Dask: a LocalCluster of 1 worker process, then 2, on the same worlds and seed; prints the
   speed-up and checks the results are byte-identical. 10 M worlds unless that would take more
   than `--budget` seconds at the rate measured on 1 worker (a shared machine), then fewer, said.

Run: `python -m benchmarks.engine [--worlds-large 10000000] [--budget 90]`.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import time

import numpy as np

from muster.bench import bench_engine
from muster.compute import dask_mapper, local_mapper
from muster.engine.montecarlo import prepare
from muster.engine.results import simulate
from muster.synth import synth


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--worlds", type=int, default=100_000)
    parser.add_argument("--worlds-large", type=int, default=10_000_000)
    parser.add_argument("--budget", type=float, default=90.0, help="seconds per Dask run, at most")
    parser.add_argument("--check-worlds", type=int, default=10)
    args = parser.parse_args(argv)

    figures = bench_engine(worlds=args.worlds, check_worlds=args.check_worlds)
    print(json.dumps(figures, indent=2))

    dataset = synth(
        nations=60, pledges=2000, lines=400, conditions=100, rng=np.random.default_rng(1)
    )
    prepared = prepare(dataset)

    # Calibrate on one Dask worker, then size the runs to the time budget.
    with dask_mapper(workers=1) as mapper:
        simulate(prepared, worlds=65_536, seed=3, mapper=mapper)  # workers import and warm up
        started = time.perf_counter()
        simulate(prepared, worlds=262_144, seed=3, mapper=mapper)
        rate = 262_144 / (time.perf_counter() - started)
    worlds = min(args.worlds_large, max(262_144, int(rate * args.budget)))
    note = (
        ""
        if worlds == args.worlds_large
        else f" (cut from {args.worlds_large:,} to fit the time budget)"
    )

    before = peak_rss_mib()
    with local_mapper(2) as mapper:
        started = time.perf_counter()
        local = simulate(prepared, worlds=worlds, seed=5, mapper=mapper)
        local_s = time.perf_counter() - started
    memory = {
        "worlds": worlds,
        "seconds": round(local_s, 2),
        "worlds_per_s": round(worlds / local_s),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "peak_rss_mib_before": round(before, 1),
    }
    print(f"\nlocal threads, {worlds:,} worlds{note}: {json.dumps(memory)}")

    times = {}
    results = {}
    for n in (1, 2):
        with dask_mapper(workers=n) as mapper:
            simulate(prepared, worlds=65_536, seed=3, mapper=mapper)  # warm the workers
            started = time.perf_counter()
            results[n] = simulate(prepared, worlds=worlds, seed=5, mapper=mapper)
            times[n] = time.perf_counter() - started
    identical = pickle.dumps(results[1]) == pickle.dumps(results[2]) == pickle.dumps(local)
    dask = {
        "worlds": worlds,
        "seconds_1_worker": round(times[1], 2),
        "seconds_2_workers": round(times[2], 2),
        "speedup_2_over_1": round(times[1] / times[2], 3),
        "identical_to_local": identical,
    }
    print(f"dask LocalCluster{note}: {json.dumps(dask)}")
    return 0 if identical and figures["max_abs_diff"] < 1e-5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
