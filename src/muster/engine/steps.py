"""The canonical fill of a flow component: stages, tie levels, runs and fair groups, with the
cut terms that give each its room in closed form.

What is optimised (docs/engine.md, "One optimal allocation"), per phase:

1. *Stages*, lexicographically: first the minimums of the phase's critical lines (stage 0),
   then each priority in turn (stage p holds the rest of every priority-p line). A line with a
   minimum is thus two *pieces*: its minimum (stage 0, when critical) and the rest.
2. Within a stage, weighted coverage: a piece's value per flow unit is c = w·τ/d (the line's
   weight, what one flow unit fills of it, its required quantity).
3. Among the allocations optimal for 1-2, the *fair* one: pieces of one stage and one value (a
   *tie level*) are filled max-min fairly, as the same share of their capacity as far as the
   supplies allow (the lexicographically optimal base of the level's polymatroid, Fujishige).

A flow component's achievable inflows form a polymatroid, so the optimal allocations are the
bases of one minor per tie level, filled in the order (stage, larger value): ids play no part.
Lines with the same supply neighbours (a *class*) are parallel: a level's pieces of one class
share that class's fill in proportion to their capacity. A level with one class is a closed
form (clip of its room), and consecutive one-class levels of the same class form a *run* whose
room is clip(β − flow, 0, capacity) (`_beta_terms`); a level with k ≥ 2 classes is a *fair
group*: the max flow Γ_U into what came before plus any subset U of its classes gives, per
world, the fair split by Fujishige's decomposition (`kernels.fair_split`, `compiled`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from muster.engine.model import Component, Model

F64 = npt.NDArray[np.float64]
Term = tuple[float, frozenset[int]]  # a constant plus the sum of some supply types

# Beyond these a component goes to the LP (counted): enumerating cuts would cost more to compile
# (2^classes subsets per run) and to evaluate (each term is a row per world) than it saves.
MAX_CLASSES = 12
MAX_TERMS = 1024
MAX_FAIR = 4  # classes in one tie level (2^k − 1 rows and k·2^k steps per world)
TIE = 1e-12  # values this close (relative) are one tie level: they differ only by rounding


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a line filled in one stage: `capacity` flow units, `tau` filled per flow unit."""

    line: int  # model line index
    stage: int
    value: float  # weighted coverage per flow unit
    capacity: float
    tau: float


@dataclass(frozen=True, slots=True)
class Level:
    """Pieces of one stage and value within one class: filled as the same share of capacity."""

    pieces: tuple[Piece, ...]
    capacity: float


@dataclass(frozen=True, slots=True)
class Step:
    """A run (one class: consecutive levels, β terms) or a fair group (one level per class, Γ_U
    terms for U = 1 … 2^k − 1 in bit order: bit i is class i)."""

    kind: str  # "run" or "fair"
    levels: tuple[Level, ...]  # run: in fill order; fair: one per class
    terms: tuple[tuple[Term, ...], ...]  # run: (β terms,); fair: Γ_U terms per U

    @property
    def capacity(self) -> float:
        return sum(level.capacity for level in self.levels)


def pieces(comp: Component, model: Model) -> list[Piece]:
    """Every piece of the component in canonical fill order (stage, larger value)."""
    out: list[Piece] = []
    for j, tau in zip(comp.lines, comp.tau, strict=True):
        d = float(model.required[j])
        m = float(model.minimum[j]) if model.critical[j] else 0.0
        value = float(model.weight[j]) * tau / d
        if m > 0:
            out.append(Piece(j, 0, value, m / tau, tau))
        if d - m > 0:
            out.append(Piece(j, int(model.priority[j]), value, (d - m) / tau, tau))
    out.sort(key=lambda p: (p.stage, -p.value, p.line))
    return out


def tie_levels(ordered: Sequence[Piece]) -> list[list[Piece]]:
    """Pieces grouped into tie levels: one stage and one value (to within rounding)."""
    levels: list[list[Piece]] = []
    for p in ordered:
        if levels:
            first = levels[-1][0]
            if p.stage == first.stage and abs(p.value - first.value) <= TIE * first.value:
                levels[-1].append(p)
                continue
        levels.append([p])
    return levels


def line_classes(comp: Component) -> tuple[list[frozenset[int]], dict[int, frozenset[int]]]:
    """Supply types (distinct neighbour sets, as line sets) and each line's class (the types
    reaching it)."""
    types: dict[frozenset[int], int] = {}
    for s in comp.supplies:
        types.setdefault(frozenset(s.lines), len(types))
    adjacency = list(types)
    line_class = {
        j: frozenset(t for t, members in enumerate(adjacency) if j in members) for j in comp.lines
    }
    return adjacency, line_class


def _level(pieces_: Sequence[Piece]) -> Level:
    return Level(tuple(pieces_), float(sum(p.capacity for p in pieces_)))


def _pruned(candidates: dict[frozenset[int], float], low: F64, high: F64) -> list[Term]:
    """The terms that can be the minimum in some world.

    Drops (types, c) when a term with types' ⊆ types and c' ≤ c exists (supplies are ≥ 0), and
    any term whose least possible value is no smaller than the greatest possible value of the
    best term (`low`/`high`: each type's quantity with no / every condition set active).
    """
    items = sorted(candidates.items(), key=lambda kv: (len(kv[0]), kv[1], sorted(kv[0])))
    kept: list[Term] = []
    for types, const in items:
        if not any(t2 <= types and c2 <= const for c2, t2 in kept):
            kept.append((const, types))
    lo = [c + float(sum(low[t] for t in u)) for c, u in kept]
    hi = [c + float(sum(high[t] for t in u)) for c, u in kept]
    best = int(np.argmin(hi))
    return [term for i, term in enumerate(kept) if i == best or lo[i] < hi[best]]


def _cut_terms(
    demand: dict[frozenset[int], float], must: frozenset[int] | None
) -> dict[frozenset[int], float] | None:
    """Min-cut terms over the classes with demand: for each set S of classes (containing
    `must`, whose demand is then unbounded, when given), Σ demand outside S plus the types
    adjacent to S. None when the classes are too many to enumerate."""
    free = sorted((c for c in demand if c != must and demand[c] > 0), key=sorted)
    if len(free) > MAX_CLASSES:
        return None
    out: dict[frozenset[int], float] = {}
    base = must if must is not None else frozenset()
    for r in range(len(free) + 1):
        for chosen in combinations(free, r):
            taken = frozenset().union(base, *chosen)
            rest = sum(demand[c] for c in free if c not in chosen)
            if rest < out.get(taken, np.inf):
                out[taken] = rest
    return out


def flow_steps(
    comp: Component,
    model: Model,
    line_class: dict[int, frozenset[int]],
    bounds: tuple[F64, F64],
    max_terms: int = MAX_TERMS,
) -> list[Step] | None:
    """The component's canonical fill as runs and fair groups, with their cut terms; None when
    a level has more than MAX_FAIR classes or the terms exceed their budget (then the LP)."""
    steps: list[Step] = []
    demand: dict[frozenset[int], float] = {}  # flow-unit capacity of each class filled so far
    total = 0
    for level in tie_levels(pieces(comp, model)):
        by_class: dict[frozenset[int], list[Piece]] = {}
        for p in level:
            by_class.setdefault(line_class[p.line], []).append(p)
        if len(by_class) == 1:
            ((cls, members),) = by_class.items()
            last = steps[-1] if steps else None
            if last is not None and last.kind == "run" and _class_of(last, line_class) == cls:
                steps[-1] = Step("run", (*last.levels, _level(members)), last.terms)
            else:
                found = _cut_terms(demand, cls)
                if found is None:
                    return None
                terms = _pruned(found, *bounds)
                total += len(terms)
                steps.append(Step("run", (_level(members),), (tuple(terms),)))
            demand[cls] = demand.get(cls, 0.0) + sum(p.capacity for p in members)
        else:
            if len(by_class) > MAX_FAIR:
                return None
            classes = sorted(by_class, key=lambda c: (sorted(c), min(p.line for p in by_class[c])))
            levels = tuple(_level(by_class[c]) for c in classes)
            gammas: list[tuple[Term, ...]] = []
            for u in range(1, 1 << len(classes)):
                with_u = dict(demand)
                for i, c in enumerate(classes):
                    if u >> i & 1:
                        with_u[c] = with_u.get(c, 0.0) + levels[i].capacity
                found = _cut_terms(with_u, None)
                if found is None:
                    return None
                terms = _pruned(found, *bounds)
                total += len(terms)
                gammas.append(tuple(terms))
            steps.append(Step("fair", levels, tuple(gammas)))
            for i, c in enumerate(classes):
                demand[c] = demand.get(c, 0.0) + levels[i].capacity
        if total > max_terms:
            return None
    return steps


def _class_of(step: Step, line_class: dict[int, frozenset[int]]) -> frozenset[int]:
    return line_class[step.levels[0].pieces[0].line]


def single_levels(comp: Component, model: Model) -> list[Level]:
    """A one-type component's levels in fill order (each level's pieces share its room)."""
    return [_level(level) for level in tie_levels(pieces(comp, model))]
