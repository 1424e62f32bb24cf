"""Sampling worlds: every uncertain condition holds or fails, with correlation and prerequisites.

The model (docs/engine.md): a discretised one-factor Gaussian copula per correlation group.
Each group has a latent factor F taking `BINS` equally likely values (the normal quantiles at
the bin midpoints). Given F, a condition with loading λ is *drawn* to hold independently with
probability p(F) = Φ((a − λF)/√(1−λ²)); it *holds* when it is drawn to hold and its
prerequisites hold. A condition's probability is its **marginal** P(holds), prerequisites
included ("peace signed" at 0.35 holds in 35 % of the worlds): `a` is calibrated so that the
mean over the bins of p(F) · P(prerequisites hold | F) is exactly that probability, which
cannot exceed P(prerequisites hold) (InvalidInput names both). Conditions in one group are
positively correlated (latent correlation λᵢλⱼ), like "US backstop" moving several nations at
once. Uniform draws are 32-bit integers compared with precomputed thresholds, so a world costs a
few integer operations per condition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import ndtr, ndtri

from muster.engine import compiled
from muster.engine.model import Model
from muster.errors import InvalidInput, Problem

BINS = 256
SCALE = 2.0**32

U32 = npt.NDArray[np.uint32]
F64 = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Sampler:
    """Arrays to draw the uncertain conditions of a Model (row u ↔ `model.uncertain[u]`)."""

    factor: npt.NDArray[np.int64]  # factor index per uncertain condition, -1 when independent
    n_factors: int
    threshold: U32  # (n, BINS): holds when the 32-bit uniform < threshold[u, bin of F]
    prerequisites: tuple[tuple[int, tuple[int, ...]], ...]  # (u, prerequisite rows), topological
    pre_row: npt.NDArray[np.int64]  # `prerequisites` flat, for compiled.draw: the rows u,
    pre_ptr: npt.NDArray[np.int64]  # where each one's prerequisites start in pre_of,
    pre_of: npt.NDArray[np.int64]  # and those prerequisites

    @property
    def n(self) -> int:
        return int(self.threshold.shape[0])


def _calibrated(p: float, loading: float, given: npt.NDArray[np.float64] | None = None) -> F64:
    """P(drawn | factor bin) for each bin, such that the mean over the bins of it times
    `given` (P(prerequisites hold | bin); 1 when None) is p (up to float rounding)."""
    z = ndtri((np.arange(BINS) + 0.5) / BINS)
    s = np.sqrt(1.0 - loading * loading)
    weight = np.ones(BINS) if given is None else given
    lo, hi = -40.0, 40.0
    for _ in range(200):  # bisection: the mean is increasing in a
        a = 0.5 * (lo + hi)
        if (ndtr((a - loading * z) / s) * weight).mean() < p:
            lo = a
        else:
            hi = a
    out: F64 = ndtr((0.5 * (lo + hi) - loading * z) / s)
    return out


def _thresholds(probabilities: npt.NDArray[np.float64], target: float) -> U32:
    """Integer thresholds whose mean / 2³² is `target` to within 2⁻³² / BINS (largest remainder)."""
    raw = np.clip(probabilities, 0.0, 1.0) * (SCALE - 1)
    floor = np.floor(raw)
    short = int(np.rint(target * (SCALE - 1) * len(raw) - floor.sum()))
    if short > 0:
        order = np.argsort(-(raw - floor), kind="stable")[:short]
        floor[order] += 1
    return np.minimum(floor, SCALE - 1).astype(np.uint32)


def build_sampler(model: Model) -> Sampler:
    """The sampling arrays for `model`'s uncertain conditions (the order of `model.uncertain`).

    Raises InvalidInput when a condition's probability exceeds that of its prerequisites.
    """
    rows = {c: u for u, c in enumerate(model.uncertain)}
    groups: dict[str, int] = {}
    factor = np.full(len(rows), -1, dtype=np.int64)
    for u, c in enumerate(model.uncertain):
        info = model.conditions[c]
        if info.group is not None and info.loading > 0:
            factor[u] = groups.setdefault(info.group, len(groups))
    threshold = np.zeros((len(rows), BINS), dtype=np.uint32)
    order = _topological(model, rows)
    direct = dict(order)
    problems: list[Problem] = []
    for u in _prerequisites_first(len(rows), direct):
        info = model.conditions[model.uncertain[u]]
        p = info.probability
        closure = _closure(u, direct)
        if not closure:
            given = None
            most = 1.0
        else:
            given = _holding(threshold, factor, closure, int(factor[u]))
            most = float(given.mean())
        if p > most + 1e-8:  # thresholds resolve 2⁻³²: a sure prerequisite is 1 − 2⁻³²
            problems.append(
                Problem(
                    f"P(holds) {p:g} is more than P(its prerequisites hold) {most:.4g}: a "
                    "condition's probability counts the worlds where its prerequisites hold too",
                    entity="condition",
                    key=info.id,
                    field="probability",
                )
            )
            continue
        if factor[u] >= 0:
            bins = _calibrated(min(p, most), info.loading, given)
        elif given is None:
            bins = np.full(BINS, p)
        else:
            bins = np.full(BINS, min(1.0, p / most) if most > 0 else 0.0)
        threshold[u] = _thresholds(bins, float(bins.mean()))
    if problems:
        raise InvalidInput(problems)
    return Sampler(
        factor=factor,
        n_factors=len(groups),
        threshold=threshold,
        prerequisites=order,
        pre_row=np.array([u for u, _ in order], dtype=np.int64),
        pre_ptr=np.cumsum([0] + [len(pre) for _, pre in order], dtype=np.int64),
        pre_of=np.array([p for _, pre in order for p in pre], dtype=np.int64),
    )


def _prerequisites_first(n: int, direct: dict[int, tuple[int, ...]]) -> list[int]:
    """Rows in an order where every condition comes after its prerequisites."""
    out: list[int] = []
    seen: set[int] = set()

    def visit(u: int) -> None:
        if u in seen:
            return
        seen.add(u)
        for q in direct.get(u, ()):
            visit(q)
        out.append(u)

    for u in range(n):
        visit(u)
    return out


def _closure(u: int, direct: dict[int, tuple[int, ...]]) -> set[int]:
    """Every uncertain prerequisite of row u, directly or through others."""
    found: set[int] = set()
    todo = list(direct.get(u, ()))
    while todo:
        q = todo.pop()
        if q not in found:
            found.add(q)
            todo.extend(direct.get(q, ()))
    return found


def _holding(threshold: U32, factor: npt.NDArray[np.int64], rows: set[int], own: int) -> F64:
    """P(every row in `rows` is drawn to hold | the bin of factor `own`), per bin: the rows on
    that factor at the bin, the others averaged over their own factor (independent)."""
    out = np.ones(BINS)
    by_factor: dict[int, list[int]] = {}
    for q in rows:
        f = int(factor[q])
        if f < 0:
            out *= float(threshold[q, 0]) / SCALE
        else:
            by_factor.setdefault(f, []).append(q)
    for f, members in by_factor.items():
        p = np.prod(threshold[members].astype(np.float64) / SCALE, axis=0)
        out *= p if f == own else float(p.mean())
    return out


def _topological(model: Model, rows: dict[int, int]) -> tuple[tuple[int, tuple[int, ...]], ...]:
    seen: set[int] = set()
    out: list[tuple[int, tuple[int, ...]]] = []

    def visit(c: int) -> None:
        if c in seen:
            return
        seen.add(c)
        pre = model.conditions[c].prerequisites
        for p in pre:
            visit(p)
        uncertain_pre = tuple(rows[p] for p in pre if p in rows)
        if c in rows and uncertain_pre:
            out.append((rows[c], uncertain_pre))

    for c in rows:
        visit(c)
    return tuple(out)


def raw_draws(sampler: Sampler, worlds: int) -> int:
    """How many 64-bit raw draws `sample(sampler, worlds, rng)` takes from `rng`'s bit generator
    (so a later block can start from `bit_generator.advance(...)` without drawing these)."""
    n = sampler.n
    if n == 0 or worlds == 0:
        return 0
    return (n * worlds + 1) // 2 + (
        (sampler.n_factors * worlds + 7) // 8 if sampler.n_factors else 0
    )


def sample(sampler: Sampler, worlds: int, rng: np.random.Generator) -> Bool:
    """Draw `worlds` worlds: a (n uncertain conditions × worlds) boolean array, True = holds."""
    n = sampler.n
    holds = np.empty((n, worlds), dtype=np.bool_)
    if n == 0 or worlds == 0:
        return holds
    # One 64-bit raw draw gives two 32-bit uniforms; factor bins take the low byte of more.
    raw = rng.bit_generator.random_raw((n * worlds + 1) // 2)
    uniform = np.asarray(raw).view(np.uint32)[: n * worlds].reshape(n, worlds)
    bins = np.empty((0, worlds), dtype=np.uint8)
    if sampler.n_factors:
        fraw = rng.bit_generator.random_raw((sampler.n_factors * worlds + 7) // 8)
        bins = np.asarray(fraw).view(np.uint8)[: sampler.n_factors * worlds]
        bins = bins.reshape(sampler.n_factors, worlds)
    compiled.draw(
        uniform,
        bins,
        sampler.factor,
        sampler.threshold,
        sampler.pre_ptr,
        sampler.pre_row,
        sampler.pre_of,
        holds,
    )
    return holds


def probability_all(sampler: Sampler, rows: Iterable[int]) -> float:
    """Exact P(every condition in `rows` holds) under the sampler's model.

    A condition holds when it is drawn to hold and its prerequisites hold, so this is
    P(all conditions of the prerequisite closure are drawn to hold). Given the factors they are
    independent, and the factors are independent of each other: the probability is a product
    over factors of the mean over that factor's bins of the product of conditional
    probabilities (exactly the thresholds the sampler compares with).
    """
    direct = {u: pre for u, pre in sampler.prerequisites}
    closure: set[int] = set()
    todo = list(rows)
    while todo:
        u = todo.pop()
        if u not in closure:
            closure.add(u)
            todo.extend(direct.get(u, ()))
    out = 1.0
    by_factor: dict[int, list[int]] = {}
    for u in closure:
        f = int(sampler.factor[u])
        if f < 0:
            out *= float(sampler.threshold[u, 0]) / SCALE
        else:
            by_factor.setdefault(f, []).append(u)
    for members in by_factor.values():
        p = sampler.threshold[members].astype(np.float64) / SCALE
        out *= float(np.prod(p, axis=0).mean())
    return out
