"""Monte Carlo over conditions: coverage distributions, P(minimum viable force), sensitivity.

Worlds are drawn in chunks of `CHUNK` from `SeedSequence(seed).spawn(n)`, one child per chunk,
so the same seed gives byte-identical results whether chunks run in one thread, many threads or
on a Dask cluster: block results are merged block by block within a chunk and chunk by chunk, in
order. The unit of work sent to a worker is one `BLOCK` of a chunk (its generator advanced past
the chunk's earlier blocks), so even a run of two chunks keeps two workers busy. Memory is
bounded by one block's buffers per worker plus fixed-size accumulators (histograms, sums),
whatever the number of worlds.

Coverage of a line is filled / required; of a phase, domain or the whole mission, the mean over
its lines weighted by line weight. A phase reaches its minimum viable force when every critical
line has filled ≥ its minimum; a phase without lines has neither (NaN, None in JSON).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from muster.domain import Dataset, Scenario
from muster.engine import compiled
from muster.engine.kernels import Plan, Workspace, build_plan, group_activity, lp_rows
from muster.engine.model import Model, compile_model
from muster.engine.worlds import Sampler, build_sampler, raw_draws, sample
from muster.errors import InvalidInput, Problem

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

CHUNK = 65_536  # worlds per seeded chunk
BLOCK = 8_192  # worlds evaluated at once: the unit of work sent to a worker
BINS = 1000  # histogram resolution of phase, domain and mission coverage (0.1 %)
LINE_BINS = 200  # histogram resolution of line coverage (0.5 %)
LINE_SAMPLE = 256  # worlds per block that feed per-line quantiles and spreads (1 in 32)
SHORT = 1e-9  # a line is short of its minimum by more than this (relative) tolerance
MAX_WORLDS = 10**10


@dataclass(frozen=True, slots=True)
class Kernel:
    """What a worker needs to run chunks: picklable arrays only (no Dataset, no Scenario).

    Line arrays are in the plan's row order (`plan.rows[r]` is the model's line index), where
    each phase's lines are contiguous (`plan.phase_start`).
    """

    plan: Plan
    sampler: Sampler
    inverse_required: npt.NDArray[np.float32]  # (lines, 1)
    stat_rows: compiled.StatRows  # phase weights and minimums: what the kernel's statistics need
    phase_share: (
        F64  # (phases,): each phase's share of the lines' weight (mission = Σ share · phase)
    )
    domains: npt.NDArray[np.float32]  # (domains × lines): weighted mean of filled / required
    n_phases: int
    empty_phases: npt.NDArray[np.bool_]  # (phases,): phases without lines (no coverage)


@dataclass
class Stats:
    """Sums over worlds; merged in chunk order, so the floating-point result is reproducible.

    Rows of the `phase_*` arrays are the phases, then the mission. Spreads, quantiles and
    domains use the LINE_SAMPLE worlds of each block; means and probabilities use every world.
    """

    worlds: int
    line_sum: F64
    line_sample_sum: F64
    line_sq: F64
    line_short: F64  # worlds where the line is below its minimum
    line_hist: I64  # (lines × LINE_BINS+1), sampled worlds
    phase_sum: F64
    phase_sq: F64
    phase_hist: I64  # (phases+1 × BINS+1)
    viable: F64  # per phase: worlds at minimum viable force
    domain_sample_sum: F64
    domain_sq: F64
    domain_hist: I64  # (domains × BINS+1), sampled worlds
    holds: F64  # per uncertain condition: worlds where it holds
    holds_sum: F64  # (conditions × phases+1): coverage summed over worlds where it holds
    holds_sq: F64
    holds_viable: F64  # (conditions × phases)

    def merged(self, other: Stats) -> Stats:
        return Stats(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


def make_kernel(model: Model) -> Kernel:
    plan = build_plan(model)
    sampler = build_sampler(model)
    order = plan.rows
    required = model.required[order]
    minimum = model.minimum[order]
    importance = model.weight[order]
    phases = len(model.phases)
    domains = sorted(set(model.line_domain))
    start = plan.phase_start
    phase_weight = np.array([importance[start[p] : start[p + 1]].sum() for p in range(phases)])
    weight = np.zeros(model.n_lines)
    for p in range(phases):
        rows = slice(start[p], start[p + 1])
        weight[rows] = importance[rows] / (required[rows] * phase_weight[p])
    by_domain = np.zeros((len(domains), model.n_lines), dtype=np.float32)
    for r, j in enumerate(order):
        by_domain[domains.index(model.line_domain[j]), r] = model.weight[j]
    by_domain /= np.maximum(by_domain.sum(axis=1, keepdims=True), 1e-300)
    total = float(phase_weight.sum())
    return Kernel(
        plan=plan,
        sampler=sampler,
        inverse_required=(1.0 / required).astype(np.float32)[:, None],
        stat_rows=compiled.StatRows(
            phase_start=start,
            row_weight=weight.astype(plan.dtype),
            has_minimum=minimum > 0,  # only rows with a minimum can be short of it
            critical=model.critical[order],
            below=(minimum - SHORT * required).astype(plan.dtype),
        ),
        phase_share=phase_weight / total if total > 0 else phase_weight,
        domains=by_domain,
        n_phases=phases,
        empty_phases=np.diff(start) == 0,
    )


def empty_stats(kernel: Kernel) -> Stats:
    """Zero sums: every sum starts from them, and adding them to one changes no byte."""
    n_lines = kernel.plan.n_lines
    rows = kernel.n_phases + 1
    d = kernel.domains.shape[0]
    u = kernel.sampler.n
    p = kernel.n_phases
    return Stats(
        worlds=0,
        line_sum=np.zeros(n_lines),
        line_sample_sum=np.zeros(n_lines),
        line_sq=np.zeros(n_lines),
        line_short=np.zeros(n_lines),
        line_hist=np.zeros((n_lines, LINE_BINS + 1), dtype=np.int64),
        phase_sum=np.zeros(rows),
        phase_sq=np.zeros(rows),
        phase_hist=np.zeros((rows, BINS + 1), dtype=np.int64),
        viable=np.zeros(p),
        domain_sample_sum=np.zeros(d),
        domain_sq=np.zeros(d),
        domain_hist=np.zeros((d, BINS + 1), dtype=np.int64),
        holds=np.zeros(u),
        holds_sum=np.zeros((u, rows)),
        holds_sq=np.zeros((u, rows)),
        holds_viable=np.zeros((u, p)),
    )


def _count(mask: npt.NDArray[np.bool_]) -> F64:
    """True values per row (bit-packed: far faster than summing booleans)."""
    packed = np.packbits(mask, axis=1)
    out: F64 = np.bitwise_count(packed).sum(axis=1, dtype=np.int64).astype(np.float64)
    return out


def _block(kernel: Kernel, worlds: int, rng: np.random.Generator, work: Workspace) -> Stats:
    holds = sample(kernel.sampler, worlds, rng)
    plan = kernel.plan
    active = group_activity(plan, holds, work)
    first = work.get("sample", (plan.n_lines, min(LINE_SAMPLE, worlds)), plan.dtype)
    phase_coverage, phase_viable, filled_sum, line_short = compiled.block(
        plan.flat, kernel.stat_rows, active, lp_rows(plan, active, work), first
    )
    p = kernel.n_phases
    coverage = np.empty((p + 1, worlds), dtype=np.float32)
    coverage[:p] = phase_coverage
    coverage[p] = kernel.phase_share.astype(np.float32) @ coverage[:p]
    viable = phase_viable.astype(np.float32, copy=False)
    sampled = first * kernel.inverse_required
    by_domain = kernel.domains @ sampled
    # One pass gives, for each condition, coverage sums, squares and viability where it holds.
    per_world = np.concatenate([coverage, coverage * coverage, viable])
    by_condition = compiled.condition_sums(holds, per_world)
    totals = per_world.sum(axis=1, dtype=np.float64)
    r = p + 1
    return Stats(
        worlds=worlds,
        line_sum=filled_sum * kernel.inverse_required[:, 0],
        line_sample_sum=sampled.sum(axis=1, dtype=np.float64),
        line_sq=np.einsum("ij,ij->i", sampled, sampled, dtype=np.float64),
        line_short=line_short.astype(np.float64),
        line_hist=compiled.histogram(sampled, LINE_BINS),
        phase_sum=totals[:r],
        phase_sq=totals[r : 2 * r],
        phase_hist=compiled.histogram(coverage, BINS),
        viable=totals[2 * r :],
        domain_sample_sum=by_domain.sum(axis=1, dtype=np.float64),
        domain_sq=np.einsum("ij,ij->i", by_domain, by_domain, dtype=np.float64),
        domain_hist=compiled.histogram(by_domain, BINS),
        holds=_count(holds),
        holds_sum=by_condition[:, :r],
        holds_sq=by_condition[:, r : 2 * r],
        holds_viable=by_condition[:, 2 * r :],
    )


@dataclass(frozen=True, slots=True)
class ChunkJob:
    """One block of a seeded chunk; `run_chunk(job)` is what a worker executes.

    `index` is chunk · BLOCKS + block: a chunk's blocks are separate jobs (so two workers share
    even a small run evenly), and block b of a chunk starts where block b − 1's draws end
    (`bit_generator.advance`), so the worlds are those of the chunk drawn in one go.
    """

    kernel: Kernel
    index: int
    seed: np.random.SeedSequence  # the chunk's
    worlds: int  # this block's


BLOCKS = CHUNK // BLOCK  # blocks per chunk


class _Workspaces:
    """Buffers for blocks, reused (fresh large arrays cost page faults on every block): each
    running job takes one and gives it back; `clear()` drops the idle ones after a run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[Workspace] = []

    def take(self) -> Workspace:
        with self._lock:
            return self._idle.pop() if self._idle else Workspace()

    def give(self, work: Workspace) -> None:
        with self._lock:
            self._idle.append(work)

    def clear(self) -> None:
        with self._lock:
            self._idle.clear()


_WORKSPACES = _Workspaces()


def run_chunk(job: ChunkJob) -> Stats:
    """The statistics of one block of worlds (pure: the same job gives the same bytes anywhere)."""
    bits = np.random.PCG64(job.seed)  # what np.random.default_rng(seed) uses
    if job.index % BLOCKS:
        bits.advance(raw_draws(job.kernel.sampler, BLOCK) * (job.index % BLOCKS))
    rng = np.random.Generator(bits)
    work = _WORKSPACES.take()
    try:
        return _block(job.kernel, job.worlds, rng, work)
    finally:
        _WORKSPACES.give(work)


def run_blocks(jobs: Sequence[ChunkJob]) -> Stats:
    """The blocks of one chunk, merged in order from zero: what `accumulate` adds up for the
    chunk, so a backend may run a whole chunk as one task (see `compute.dask_mapper`)."""
    total = empty_stats(jobs[0].kernel)
    for job in jobs:
        total = total.merged(run_chunk(job))
    return total


def chunk_jobs(kernel: Kernel, *, worlds: int, seed: int) -> list[ChunkJob]:
    """The jobs of a run: sizes and seeds depend on (worlds, seed) only, never on workers."""
    check_worlds(worlds)
    n = -(-worlds // CHUNK)
    children = np.random.SeedSequence(seed).spawn(n)
    jobs = []
    for i in range(n):
        size = min(CHUNK, worlds - i * CHUNK)
        for b in range(-(-size // BLOCK)):
            block = min(BLOCK, size - b * BLOCK)
            jobs.append(ChunkJob(kernel, i * BLOCKS + b, children[i], block))
    return jobs


def check_worlds(worlds: int) -> None:
    if isinstance(worlds, bool) or not isinstance(worlds, int) or not 0 < worlds <= MAX_WORLDS:
        raise InvalidInput(
            Problem(
                f"expected a whole number of worlds > 0 and ≤ {MAX_WORLDS:g}, got {worlds!r}",
                field="worlds",
            )
        )


Mapper = Callable[[Callable[[ChunkJob], Stats], Sequence[ChunkJob]], Iterable[Stats]]
Progress = Callable[[int, int], None]


def _serial(fn: Callable[[ChunkJob], Stats], jobs: Sequence[ChunkJob]) -> Iterable[Stats]:
    return map(fn, jobs)


def accumulate(
    kernel: Kernel,
    *,
    worlds: int,
    seed: int,
    mapper: Mapper | None = None,
    progress: Progress | None = None,
) -> Stats:
    """Run every job through `mapper` (default: one after the other, here) and merge them.

    `mapper(fn, jobs)` must yield results in job order (like the builtin `map`, a thread pool's
    `map`, or a Dask client's gathered futures). `progress(done, total)` follows each chunk.
    Blocks are summed chunk by chunk, then chunks in order: always the same floating-point sums.
    """
    jobs = chunk_jobs(kernel, worlds=worlds, seed=seed)
    total = empty_stats(kernel)
    chunk = empty_stats(kernel)
    try:
        for i, (job, stats) in enumerate(
            zip(jobs, (mapper or _serial)(run_chunk, jobs), strict=True)
        ):
            chunk = chunk.merged(stats)
            if i + 1 < len(jobs) and jobs[i + 1].index // BLOCKS == job.index // BLOCKS:
                continue
            total = total.merged(chunk)
            chunk = empty_stats(kernel)
            if progress is not None:
                progress(total.worlds, worlds)
    finally:
        _WORKSPACES.clear()
    return total


@dataclass(frozen=True, slots=True)
class Prepared:
    """A scenario compiled once: reuse it for many runs (simulate, criticality, gaps)."""

    model: Model
    kernel: Kernel
    domains: tuple[str, ...] = field(default=())


def prepare(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    nations: Iterable[str] | None = None,
    as_of: date | None = None,
    grace_days: int = 0,
) -> Prepared:
    """Compile `dataset` under `scenario` for Monte Carlo, as of a date when given
    (InvalidInput on a bad scenario)."""
    model = compile_model(dataset, scenario, nations=nations, as_of=as_of, grace_days=grace_days)
    return Prepared(model, make_kernel(model), tuple(sorted(set(model.line_domain))))


def summarise_quantiles(hist: I64, qs: Sequence[float], bins: int) -> F64:
    """Quantiles (as fractions in [0, 1]) of each row's histogram on the grid k/bins."""
    cum = np.cumsum(hist, axis=1)
    n = cum[:, -1:]
    out = np.empty((hist.shape[0], len(qs)))
    for i, q in enumerate(qs):
        target = np.maximum(1, np.ceil(q * n))
        out[:, i] = np.argmax(cum >= target, axis=1) / bins
    out[n[:, 0] == 0] = np.nan
    return out


def mean_se(total: F64, squares: F64, n: F64 | float) -> tuple[F64, F64]:
    """Mean and its standard error from a sum and a sum of squares over n draws."""
    n_arr = np.asarray(n, dtype=np.float64)
    safe = np.maximum(n_arr, 1.0)
    mean = total / safe
    var = np.maximum(squares / safe - mean * mean, 0.0) * safe / np.maximum(safe - 1.0, 1.0)
    se = np.sqrt(var / safe)
    empty = n_arr == 0
    return np.where(empty, np.nan, mean), np.where(empty, np.nan, se)


def to_jsonable(value: Any) -> Any:
    """Floats rounded to 6 decimals, NaN as None, dates as ISO text: JSON that prints the same
    everywhere."""
    if isinstance(value, float | np.floating):
        f = float(value)
        return None if f != f else round(f, 6)
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
