"""Criticality: each nation's Shapley value on expected coverage or on viability, explained.

The game, on the scenario's uncertain conditions, with `metric`:
- "coverage": v(S) = E[mission coverage (weighted) when only the nations in S pledge];
- "viability": v(S) = E[share of the phases (with lines) at their minimum viable force], or
  P(that one phase is) when `phase` is given.
Shapley values add up to v(all nations) − v(∅), and answer "does it even matter how many step
up?" nation by nation. Both games are sums over parts (lines for coverage, phases for
viability), so each nation's value splits exactly into what it adds to each part: the
*explanation* (which lines or phases, how much).

- Up to `EXACT_NATIONS` nations: every coalition is evaluated on the same sampled worlds, and
  each world's exact Shapley values are averaged (the standard error is the worlds' spread).
- More nations: permutation sampling with antithetic pairs (a random order and its reverse, on
  one fresh world), whose marginal contributions average to the Shapley value; the standard
  error comes from the spread over pairs.
A nation is taken out of a coalition by masking its pledges' groups, which the engine's
canonical allocation makes the same as leaving it out of the data (tested world by world).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from math import factorial
from typing import Any

import numpy as np
import numpy.typing as npt

from muster.domain import Dataset, Scenario, Stance, stances_as_of
from muster.engine.kernels import Plan, build_plan, evaluate, group_activity
from muster.engine.model import Model, compile_model
from muster.engine.montecarlo import SHORT, check_worlds, to_jsonable
from muster.engine.worlds import Sampler, build_sampler, probability_all, sample
from muster.errors import InvalidInput, Problem

F64 = npt.NDArray[np.float64]
EXACT_NATIONS = 12
BATCH = 1024  # antithetic pairs evaluated together
METRICS = ("coverage", "viability")
TOP_PARTS = 5  # parts listed per nation in the explanation


@dataclass(frozen=True)
class Game:
    """A scenario compiled with groups split by nation, so a coalition is a mask over groups.

    `parts(filled)` turns the filled quantity of some columns into each part's value per
    column (parts × columns): each line's weighted fill for coverage, each phase's viability
    (as a share of the phases) for viability; v(S) is their sum.
    """

    model: Model
    plan: Plan
    sampler: Sampler
    nations: tuple[str, ...]
    group_owner: npt.NDArray[np.int64]  # nation index of each group ≥ 1
    weight: npt.NDArray[np.floating]  # per plan row: weight / (required · total weight)
    metric: str = "coverage"
    part_names: tuple[str, ...] = ()  # line ids (plan order) or phase ids
    phase_rows: tuple[tuple[int, npt.NDArray[np.int64]], ...] = ()  # (phase, critical rows)
    below: npt.NDArray[np.floating] = field(default_factory=lambda: np.zeros(0))

    def filled(self, active: npt.NDArray[np.floating], members: npt.NDArray[np.bool_]) -> Any:
        masked = active * members[self.group_owner]
        return evaluate(self.plan, masked)

    def parts(self, filled: Any) -> F64:
        if self.metric == "coverage":
            out: F64 = (self.weight[:, None] * filled).astype(np.float64)
            return out
        share = 1.0 / max(len(self.phase_rows), 1)
        rows = np.empty((len(self.phase_rows), filled.shape[1]))
        for i, (_, crit) in enumerate(self.phase_rows):
            ok = np.all(filled[crit] >= self.below[crit, None], axis=0) if len(crit) else True
            rows[i] = share * np.asarray(ok, dtype=np.float64)
        return rows

    def coverage(self, active: npt.NDArray[np.floating], members: npt.NDArray[np.bool_]) -> F64:
        """Mission coverage per column: `active` groups (groups-1 × cols) of the worlds,
        `members` (nations × cols) the coalition of each column."""
        out: F64 = (self.weight @ self.filled(active, members)).astype(np.float64)
        return out

    def value(self, active: npt.NDArray[np.floating], members: npt.NDArray[np.bool_]) -> F64:
        """v(coalition) per column, for the game's metric."""
        if self.metric == "coverage":
            return self.coverage(active, members)
        out: F64 = self.parts(self.filled(active, members)).sum(axis=0)
        return out


def game(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    as_of: date | None = None,
    grace_days: int = 0,
    metric: str = "coverage",
    phase: str | None = None,
) -> Game:
    """Compile the criticality game (InvalidInput on a bad scenario, metric or phase)."""
    if metric not in METRICS:
        raise InvalidInput(
            Problem(f"expected coverage or viability, got {metric!r}", field="metric")
        )
    model = compile_model(dataset, scenario, split_nations=True, as_of=as_of, grace_days=grace_days)
    if phase is not None and phase not in model.phases:
        known = ", ".join(model.phases)
        raise InvalidInput(Problem(f"unknown phase {phase!r} (known: {known})", field="phase"))
    plan = build_plan(model)
    nations = model.nations
    index = {n: i for i, n in enumerate(nations)}
    owner = np.array([index.get(n, 0) for n in model.group_nation[1:]], dtype=np.int64)
    total = float(model.weight.sum()) or 1.0
    weight = model.weight[plan.rows] / (model.required[plan.rows] * total)
    rows = plan.rows
    phase_rows = []
    for i, ph in enumerate(model.phases):
        start, end = plan.phase_start[i], plan.phase_start[i + 1]
        if start == end or (phase is not None and ph != phase):
            continue  # a phase without lines has no minimum viable force to reach
        crit = np.array(
            [
                r
                for r in range(start, end)
                if model.critical[rows[r]] and model.minimum[rows[r]] > 0
            ],
            dtype=np.int64,
        )
        phase_rows.append((i, crit))
    names = (
        tuple(model.line_ids[j] for j in rows)
        if metric == "coverage"
        else tuple(model.phases[i] for i, _ in phase_rows)
    )
    below = (model.minimum[rows] - SHORT * model.required[rows]).astype(plan.dtype)
    return Game(
        model,
        plan,
        build_sampler(model),
        nations,
        owner,
        weight.astype(plan.dtype),
        metric=metric,
        part_names=names,
        phase_rows=tuple(phase_rows),
        below=below,
    )


@dataclass(frozen=True, slots=True)
class Part:
    """What a nation's value owes to one part of the game: a line (coverage) or a phase
    (viability; `lines` are the phase's critical lines its counted pledges could fill)."""

    key: str
    value: float
    lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NationValue:
    nation: str
    shapley: float  # contribution to v(all): coverage fraction or share of phases viable
    se: float
    parts: tuple[Part, ...] = ()  # the largest parts first (TOP_PARTS; the rest in `rest`)
    rest: float = 0.0


@dataclass(frozen=True, slots=True)
class Criticality:
    scenario: str
    metric: str  # "coverage" or "viability"
    phase: str | None  # viability of this phase only
    method: str  # "exact" or "permutations"
    seed: int
    worlds: int
    permutations: int
    coverage_all: float  # v(all nations), in the metric's terms
    nations: tuple[NationValue, ...]  # largest Shapley value first
    median_relative_se: float
    as_of: date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out


def _weights(n: int) -> F64:
    """Shapley weight |S|!(n−|S|−1)!/n! for a coalition of each size not containing the player."""
    return np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)])


def exact_shapley(g: Game, *, worlds: int, rng: np.random.Generator) -> Criticality:
    """Exact Shapley values of every nation, averaged over `worlds` sampled worlds, with each
    value split into what it adds to each part (line or phase)."""
    n = len(g.nations)
    if n > EXACT_NATIONS:
        raise InvalidInput(
            Problem(f"exact Shapley values are for at most {EXACT_NATIONS} nations, got {n}")
        )
    check_worlds(worlds)
    active = group_activity(g.plan, sample(g.sampler, worlds, rng))
    subsets = np.arange(2**n)
    members = ((subsets[None, :] >> np.arange(n)[:, None]) & 1).astype(bool)  # nations × 2^n
    values = np.empty((2**n, worlds))
    parts = np.empty((2**n, len(g.part_names)))  # each part's mean over the worlds
    per_call = max(1, 16_384 // worlds)  # coalitions evaluated together, side by side
    for s in range(0, 2**n, per_call):
        chunk = members[:, s : s + per_call]
        k = chunk.shape[1]
        by_part = g.parts(g.filled(np.tile(active, k), np.repeat(chunk, worlds, axis=1)))
        values[s : s + k] = by_part.sum(axis=0).reshape(k, worlds)
        parts[s : s + k] = by_part.reshape(len(g.part_names), k, worlds).mean(axis=2).T
    sizes = members.sum(axis=0)
    w = _weights(n) if n else np.zeros(0)
    per_world = np.zeros((n, worlds))
    per_part = np.zeros((n, len(g.part_names)))
    for i in range(n):
        without = subsets[~members[i]]
        share = w[sizes[without]][:, None]
        per_world[i] = (share * (values[without | (1 << i)] - values[without])).sum(axis=0)
        per_part[i] = (share * (parts[without | (1 << i)] - parts[without])).sum(axis=0)
    mean = per_world.mean(axis=1)
    se = per_world.std(axis=1, ddof=1) / np.sqrt(worlds) if worlds > 1 else np.full(n, np.nan)
    top = float(values[-1].mean()) if n else 0.0
    return _result(g, "exact", mean, se, worlds, 0, top, per_part)


def _pairs(
    g: Game, pairs: int, seed: np.random.SeedSequence, explain: bool = False
) -> tuple[F64, npt.NDArray[np.bool_], float, F64]:
    """Marginal contributions (nations × pairs), each pair's world, Σ v(all) over orders, and
    (with `explain`) each nation's marginal contributions summed per part (nations × parts)."""
    rng = np.random.default_rng(seed)
    n = len(g.nations)
    holds = sample(g.sampler, pairs, rng)
    active = np.repeat(group_activity(g.plan, holds), 2, axis=1)  # an order, then its reverse
    order = np.argsort(rng.random((pairs, n)), axis=1)
    orders = np.empty((2 * pairs, n), dtype=np.int64)
    orders[0::2] = order
    orders[1::2] = order[:, ::-1]
    cols = np.arange(2 * pairs)
    members = np.zeros((n, 2 * pairs), dtype=bool)
    marginal = np.zeros((n, 2 * pairs))
    before = np.zeros(2 * pairs)
    by_part = np.zeros((n, len(g.part_names) if explain else 0))
    parts_before = np.zeros((len(g.part_names) if explain else 0, 2 * pairs))
    for k in range(n):
        members[orders[:, k], cols] = True
        filled = g.filled(active, members)
        now = (
            (g.weight @ filled).astype(np.float64)
            if g.metric == "coverage"
            else g.parts(filled).sum(axis=0)
        )
        marginal[orders[:, k], cols] = now - before
        before = now
        if explain:
            parts_now = g.parts(filled)
            np.add.at(by_part, orders[:, k], (parts_now - parts_before).T)
            parts_before = parts_now
    return 0.5 * (marginal[:, 0::2] + marginal[:, 1::2]), holds, float(before.sum()), by_part


Mapper = Callable[..., Iterable[tuple[F64, npt.NDArray[np.bool_], float, F64]]]


def sampled_shapley(
    g: Game, *, permutations: int, seed: int, mapper: Mapper | None = None, explain: bool = False
) -> Criticality:
    """Shapley values from `permutations` random orders, in antithetic pairs on one world each.

    Most of the spread comes from the worlds (a nation whose own conditions fail adds nothing),
    so each nation's estimate uses control variates: the activity of its own condition sets,
    the most shared conditions, and their interactions. The pair marginals are regressed on
    those, whose means are known exactly (`worlds.probability_all`), so the estimate keeps only
    the spread they do not explain. Batches of pairs are seeded by `SeedSequence(seed).spawn`.
    """
    if isinstance(permutations, bool) or not isinstance(permutations, int) or permutations < 8:
        raise InvalidInput(
            Problem(
                f"expected a whole number of permutations ≥ 8, got {permutations!r}",
                field="permutations",
            )
        )
    n = len(g.nations)
    pairs = permutations // 2
    sizes = [min(BATCH, pairs - i) for i in range(0, pairs, BATCH)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    results = list((mapper or map)(_pairs, [g] * len(sizes), sizes, seeds, [explain] * len(sizes)))
    y = np.concatenate([r[0] for r in results], axis=1)  # nations × pairs
    controls = _Controls(g, np.concatenate([r[1] for r in results], axis=1))
    top = sum(r[2] for r in results) / (2 * pairs)
    estimate = np.empty(n)
    se = np.empty(n)
    for i in range(n):
        values, means = controls.features(i)
        estimate[i], se[i] = _controlled(y[i], values, means)
    per_part: F64 | None = None
    if explain:
        per_part = np.sum([r[3] for r in results], axis=0) / (2 * pairs)
    return _result(g, "permutations", estimate, se, pairs, 2 * pairs, top, per_part)


SHARED_CONDITIONS = 10  # most shared conditions used as control variates
INTERACTIONS = 3  # of which this many also interact with each of the nation's condition sets


class _Controls:
    """Control variates of sampled worlds, per nation: each is "every condition of a set
    holds", so its exact mean is known (`probability_all`) and adds no error of its own."""

    def __init__(self, g: Game, holds: npt.NDArray[np.bool_]) -> None:
        self.g = g
        self.holds = holds
        self.active = group_activity(g.plan, holds).astype(np.float64)
        self.rows = {c: u for u, c in enumerate(g.model.uncertain)}
        uses: dict[int, int] = {}
        for groupset in g.model.groups:
            for c in groupset:
                uses[c] = uses.get(c, 0) + 1
        self.shared = [self.rows[c] for c in sorted(uses, key=lambda c: (-uses[c], c))]
        self.shared = self.shared[:SHARED_CONDITIONS]

    def features(self, nation: int) -> tuple[F64, F64]:
        """(features × draws) values and their exact means."""
        sets: list[tuple[int, ...]] = []
        values: list[F64] = []
        for g in np.flatnonzero(self.g.group_owner == nation):
            rows = tuple(self.rows[c] for c in self.g.model.groups[g + 1])
            sets.append(rows)
            values.append(self.active[g])
            for c in self.shared[:INTERACTIONS]:
                sets.append((*rows, c))
                values.append(self.active[g] * self.holds[c])
        for c in self.shared:
            sets.append((c,))
            values.append(self.holds[c].astype(np.float64))
        if not values:
            return np.zeros((0, self.holds.shape[1])), np.zeros(0)
        means = np.array([probability_all(self.g.sampler, rows) for rows in sets])
        return np.vstack(values), means


def _controlled(y: F64, x: F64, means: F64) -> tuple[float, float]:
    """Regression estimate of E[y] with control variates `x` (features × draws) of known
    `means`, and its standard error."""
    m = len(y)
    keep = x.std(axis=1) > 0 if x.shape[1] > 1 else np.zeros(x.shape[0], dtype=bool)
    x = x[keep]
    means = means[keep]
    if m <= x.shape[0] + 2:
        return float(y.mean()), float(y.std(ddof=1) / np.sqrt(m)) if m > 1 else float("nan")
    design = np.vstack([np.ones(m), x]).T
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = y - design @ beta
    value = float(y.mean() - beta[1:] @ (x.mean(axis=1) - means))
    var = float(residual @ residual) / (m - design.shape[1]) / m
    return value, float(np.sqrt(var))


def _result(
    g: Game,
    method: str,
    mean: F64,
    se: F64,
    worlds: int,
    permutations: int,
    top: float,
    per_part: F64 | None = None,
) -> Criticality:
    order = sorted(range(len(g.nations)), key=lambda i: (-mean[i], g.nations[i]))
    rel = [se[i] / abs(mean[i]) for i in range(len(mean)) if abs(mean[i]) > 1e-12]
    reach = _reach(g) if g.metric == "viability" else {}
    nations = []
    for i in order:
        parts: tuple[Part, ...] = ()
        rest = 0.0
        if per_part is not None and per_part.shape[1]:
            ranked = sorted(
                range(per_part.shape[1]), key=lambda p: (-abs(per_part[i, p]), g.part_names[p])
            )
            shown = [p for p in ranked[:TOP_PARTS] if abs(per_part[i, p]) > 1e-12]
            parts = tuple(
                Part(
                    g.part_names[p],
                    float(per_part[i, p]),
                    reach.get((g.nations[i], g.part_names[p]), ()),
                )
                for p in shown
            )
            rest = float(per_part[i].sum() - sum(x.value for x in parts))
        nations.append(NationValue(g.nations[i], float(mean[i]), float(se[i]), parts, rest))
    return Criticality(
        scenario=g.model.scenario.id,
        metric=g.metric,
        phase=g.part_names[0] if g.metric == "viability" and len(g.part_names) == 1 else None,
        method=method,
        seed=-1,
        worlds=worlds,
        permutations=permutations,
        coverage_all=top,
        nations=tuple(nations),
        median_relative_se=float(np.median(rel)) if rel else float("nan"),
        as_of=g.model.as_of,
    )


def _reach(g: Game) -> dict[tuple[str, str], tuple[str, ...]]:
    """(nation, phase) → the critical lines of that phase its counted pledges could fill."""
    model = g.model
    out: dict[tuple[str, str], set[str]] = {}
    for comp in model.components:
        for sup in comp.supplies:
            for k in sup.pledges:
                nation = model.pledges[k].nation
                for j in sup.lines:
                    if model.critical[j] and model.minimum[j] > 0:
                        key = (nation, model.phases[comp.phase])
                        out.setdefault(key, set()).add(model.line_ids[j])
    return {k: tuple(sorted(v)) for k, v in out.items()}


def criticality(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    seed: int,
    permutations: int = 4000,
    worlds: int = 2000,
    exact: bool | None = None,
    mapper: Mapper | None = None,
    metric: str = "coverage",
    phase: str | None = None,
    as_of: date | None = None,
    grace_days: int = 0,
    explain: bool = True,
) -> Criticality:
    """Shapley values of the nations on `metric`: exact for ≤ 12 nations (unless
    `exact=False`), else sampled, each explained by part (lines or phases; the sampled way only
    with `explain`). `mapper` (like `map`) may run the sampled batches on threads; same seed,
    same result either way. InvalidInput on a bad scenario, metric or phase."""
    g = game(dataset, scenario, as_of=as_of, grace_days=grace_days, metric=metric, phase=phase)
    use_exact = len(g.nations) <= EXACT_NATIONS if exact is None else exact
    out = (
        exact_shapley(g, worlds=worlds, rng=np.random.default_rng(seed))
        if use_exact
        else sampled_shapley(
            g, permutations=permutations, seed=seed, mapper=mapper, explain=explain
        )
    )
    return Criticality(**{**asdict(out), "seed": seed, "nations": out.nations})


@dataclass(frozen=True, slots=True)
class StanceEffect:
    nation: str
    stance: str
    effect: float  # expected mission coverage gained if this nation steps up
    se: float


@dataclass(frozen=True, slots=True)
class StanceEffects:
    """Coverage with only the nations that stepped up (lead or willing) on `as_of`, and what
    each undecided nation would add by stepping up (common worlds, so differences are paired)."""

    as_of: date
    willing: tuple[str, ...]
    willing_coverage: float
    willing_coverage_se: float
    all_coverage: float
    all_coverage_se: float
    undecided: tuple[StanceEffect, ...]  # largest effect first
    worlds: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out


STEPPED_UP = (Stance.LEAD, Stance.WILLING)
WAVERING = (Stance.CONDITIONAL, Stance.UNDECIDED)


def stance_effects(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    as_of: date,
    worlds: int,
    seed: int,
    wavering: Iterable[Stance] = WAVERING,
    analysis_as_of: date | None = None,
    grace_days: int = 0,
) -> StanceEffects:
    """Willing-only coverage and the marginal effect of each wavering nation stepping up
    (stances on `as_of`; the coalition's data as of `analysis_as_of` when given)."""
    check_worlds(worlds)
    g = game(dataset, scenario, as_of=analysis_as_of, grace_days=grace_days)
    stances = stances_as_of(dataset.statements, as_of)
    index = {n: i for i, n in enumerate(g.nations)}
    willing = tuple(sorted(n for n, s in stances.items() if s.stance in STEPPED_UP))
    waver = set(wavering)
    candidates = sorted(n for n, s in stances.items() if s.stance in waver and n in index)
    active = group_activity(g.plan, sample(g.sampler, worlds, np.random.default_rng(seed)))
    base = np.zeros((len(g.nations), worlds), dtype=bool)
    for n in willing:
        if n in index:
            base[index[n]] = True
    v_willing = g.coverage(active, base)
    v_all = g.coverage(active, np.ones_like(base))
    effects = []
    for n in candidates:
        more = base.copy()
        more[index[n]] = True
        diff = g.coverage(active, more) - v_willing
        effects.append(StanceEffect(n, stances[n].stance.value, float(diff.mean()), _se(diff)))
    effects.sort(key=lambda e: (-e.effect, e.nation))
    return StanceEffects(
        as_of=as_of,
        willing=willing,
        willing_coverage=float(v_willing.mean()),
        willing_coverage_se=_se(v_willing),
        all_coverage=float(v_all.mean()),
        all_coverage_se=_se(v_all),
        undecided=tuple(effects),
        worlds=worlds,
        seed=seed,
    )


def _se(x: F64) -> float:
    return float(x.std(ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")
