"""Where engine work runs: here on threads, or on a Dask cluster (a shell module, not the core).

Both give a `mapper(fn, *iterables)` that yields results in input order, which is all the
engine asks for (`muster.engine.results.simulate(..., mapper=...)`); the engine seeds each chunk
itself, so the same seed gives byte-identical results on any backend and any worker count.
Chunks run with single-threaded BLAS so parallelism comes from chunks, never from BLAS threads.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from muster.engine import compiled
from muster.engine.montecarlo import (
    BLOCKS,
    ChunkJob,
    Kernel,
    Stats,
    empty_stats,
    run_blocks,
    run_chunk,
)
from muster.errors import InvalidInput, Problem

Mapper = Callable[..., Iterable[Any]]


def default_workers() -> int:
    """The CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_workers(workers: int) -> int:
    if workers < 1:
        raise InvalidInput(Problem(f"--workers: expected a whole number ≥ 1, got {workers}"))
    return workers


@contextmanager
def local_mapper(workers: int) -> Iterator[Mapper]:
    """Run on `workers` threads of this process (numpy releases the GIL while it computes)."""
    check_workers(workers)
    with threadpool_limits(limits=1, user_api="blas"):
        if workers == 1:
            yield map
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="muster-engine") as pool:
            yield pool.map


def _remote_chunk(kernel: Kernel, blocks: list[tuple[int, np.random.SeedSequence, int]]) -> Stats:
    """One chunk's blocks (index, seed, worlds), merged on the worker: one task and one result
    per chunk instead of per block (each result carries fixed-size histograms)."""
    with threadpool_limits(limits=1, user_api="blas"):
        return run_blocks([ChunkJob(kernel, i, seed, worlds) for i, seed, worlds in blocks])


@contextmanager
def dask_mapper(*, workers: int, scheduler: str | None = None) -> Iterator[Mapper]:
    """Run chunks on Dask: the cluster at `scheduler` (host:port), or a LocalCluster of
    `workers` single-threaded worker processes on 127.0.0.1, closed afterwards.

    The kernel (the compiled scenario) is sent to every worker once; each task then carries only
    a chunk's index, seed and size. Results come back in chunk order.
    """
    # Dask takes a second to import: load it only when a Dask run is asked for.
    import distributed

    dist: Any = distributed  # untyped library: keep its calls out of strict checking

    check_workers(workers)
    with _quiet_dask_logs():
        yield from _dask_mapper(dist, workers=workers, scheduler=scheduler)


# Dask's own loggers: they log every start, connection and stop at INFO (~34 lines a run)
DASK_LOGGERS = ("distributed", "bokeh", "tornado")


@contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """Dask's loggers at WARNING while a run lasts: its problems still show, its chatter not."""
    loggers = [logging.getLogger(name) for name in DASK_LOGGERS]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)


def _dask_mapper(dist: Any, *, workers: int, scheduler: str | None) -> Iterator[Mapper]:
    # Compile the kernels here first: workers then load them from Numba's cache instead of
    # compiling at once, two processes racing to save different versions into one index.
    compiled.warm()
    cluster: Any = None
    client: Any
    try:
        if scheduler:
            client = dist.Client(scheduler, timeout="20s")
        else:
            cluster = dist.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                # No dashboard, and its HTTP server (health, metrics) on a free port of
                # 127.0.0.1: dashboard_address=None alone still listens on :8787.
                dashboard_address="127.0.0.1:0",
                scheduler_kwargs={"dashboard": False},
                silence_logs=logging.ERROR,
            )
            client = dist.Client(cluster)
    except OSError as e:
        where = scheduler or "a local cluster"
        raise InvalidInput(Problem(f"--scheduler: cannot reach Dask at {where}: {e}")) from None

    def mapper(fn: Callable[..., Any], jobs: Iterable[ChunkJob]) -> Iterator[Stats]:
        if fn is not run_chunk:
            raise TypeError("dask_mapper runs engine chunks (run_chunk) only")
        todo = list(jobs)
        if not todo:
            return
        # A fresh key per run (hash=False): with the content hash, a second run on the same
        # client re-used the key whose release the first run had just sent, and the scheduler
        # could drop the data under the new run ("lost dependencies").
        kernel = client.scatter(todo[0].kernel, broadcast=True, hash=False)
        chunks = [
            list(blocks) for _, blocks in itertools.groupby(todo, key=lambda j: j.index // BLOCKS)
        ]
        futures = [
            client.submit(
                _remote_chunk, kernel, [(j.index, j.seed, j.worlds) for j in blocks], pure=False
            )
            for blocks in chunks
        ]
        zero = empty_stats(todo[0].kernel)
        for blocks, f in zip(chunks, futures, strict=True):
            # The chunk's merged sums stand for its first block, zeros for the others:
            # accumulate then adds the same numbers in the same order as for local threads.
            yield f.result()
            for _ in blocks[1:]:
                yield zero

    try:
        yield mapper
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
