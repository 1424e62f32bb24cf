"""Monte Carlo results as plain typed values with a JSON form (`to_dict()`), for CLI and web."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from muster.engine.montecarlo import (
    BINS,
    LINE_BINS,
    Mapper,
    Prepared,
    Progress,
    Stats,
    accumulate,
    mean_se,
    summarise_quantiles,
    to_jsonable,
)

QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True, slots=True)
class Distribution:
    """Coverage (filled / required, in [0, 1]) over the sampled worlds."""

    mean: float
    se: float
    q05: float
    q50: float
    q95: float


@dataclass(frozen=True, slots=True)
class LineOutcome:
    line: str
    phase: str
    capability: str
    domain: str
    required: float
    minimum: float
    filled_mean: float
    filled_se: float
    coverage: Distribution
    p_minimum: float  # P(filled ≥ minimum)
    p_minimum_se: float


@dataclass(frozen=True, slots=True)
class PhaseOutcome:
    phase: str
    name: str
    coverage: Distribution  # NaN (None in JSON) for a phase without lines
    p_viable: float  # P(every critical line of the phase reaches its minimum); NaN: no lines
    p_viable_se: float


@dataclass(frozen=True, slots=True)
class DomainOutcome:
    domain: str
    coverage: Distribution


@dataclass(frozen=True, slots=True)
class ConditionEffect:
    """Expected mission coverage when the condition holds vs when it fails (a tornado bar)."""

    condition: str
    name: str
    p_holds: float
    if_holds: float
    if_holds_se: float
    if_fails: float
    if_fails_se: float
    effect: float  # if_holds − if_fails
    effect_se: float
    p_viable_if_holds: dict[str, float]  # per phase
    p_viable_if_fails: dict[str, float]


@dataclass(frozen=True, slots=True)
class Simulation:
    scenario: str
    as_of: date | None
    grace_days: int
    worlds: int
    seed: int
    mission: Distribution
    phases: tuple[PhaseOutcome, ...]
    domains: tuple[DomainOutcome, ...]
    lines: tuple[LineOutcome, ...]
    sensitivity: tuple[ConditionEffect, ...]  # ranked by |effect|, largest first
    fallback_components: int
    lp_solves: int

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out


def _distribution(mean: float, se: float, q: np.ndarray) -> Distribution:
    return Distribution(float(mean), float(se), float(q[0]), float(q[1]), float(q[2]))


def summarise(prepared: Prepared, stats: Stats, *, seed: int) -> Simulation:
    """Turn accumulated sums into means, standard errors, quantiles and ranked effects."""
    model = prepared.model
    kernel = prepared.kernel
    n = float(stats.worlds)
    p = kernel.n_phases
    row_mean, row_se = mean_se(stats.phase_sum, stats.phase_sq, n)
    row_q = summarise_quantiles(stats.phase_hist, QUANTILES, BINS)
    # Line statistics come in the plan's row order; put them back in the model's line order.
    back = np.empty_like(kernel.plan.rows)
    back[kernel.plan.rows] = np.arange(len(back))
    line_mean = stats.line_sum[back] / n
    # The spread comes from the sampled worlds (LINE_SAMPLE per block); the mean from all.
    sampled = float(stats.line_hist[0].sum()) if len(stats.line_hist) else 0.0
    _, spread_se = mean_se(stats.line_sample_sum[back], stats.line_sq[back], sampled)
    line_se = spread_se * np.sqrt(sampled / n)
    line_q = summarise_quantiles(stats.line_hist[back], QUANTILES, LINE_BINS)
    p_min = 1.0 - stats.line_short[back] / n
    p_min_se = np.sqrt(p_min * (1 - p_min) / max(n - 1, 1))
    # Plain floats first (.tolist()): 400 lines × 11 numpy scalar conversions cost milliseconds.
    mean_l, se_l = line_mean.tolist(), line_se.tolist()
    q_l, pmin_l, pmin_se_l = line_q.tolist(), p_min.tolist(), p_min_se.tolist()
    required_l, minimum_l = model.required.tolist(), model.minimum.tolist()
    phase_of = model.line_phase.tolist()
    lines = tuple(
        LineOutcome(
            line=model.line_ids[j],
            phase=model.phases[phase_of[j]],
            capability=model.line_capability[j],
            domain=model.line_domain[j],
            required=required_l[j],
            minimum=minimum_l[j],
            filled_mean=mean_l[j] * required_l[j],
            filled_se=se_l[j] * required_l[j],
            coverage=Distribution(mean_l[j], se_l[j], *q_l[j]),
            p_minimum=pmin_l[j],
            p_minimum_se=pmin_se_l[j],
        )
        for j in range(model.n_lines)
    )
    # A phase without lines has no coverage and no minimum viable force to reach.
    empty = kernel.empty_phases
    p_viable = np.where(empty, np.nan, stats.viable / n)
    row_mean[:p] = np.where(empty, np.nan, row_mean[:p])
    row_se[:p] = np.where(empty, np.nan, row_se[:p])
    row_q[:p][empty] = np.nan
    phases = tuple(
        PhaseOutcome(
            phase=model.phases[i],
            name=model.phase_names[i],
            coverage=_distribution(row_mean[i], row_se[i], row_q[i]),
            p_viable=float(p_viable[i]),
            p_viable_se=float(np.sqrt(p_viable[i] * (1 - p_viable[i]) / max(n - 1, 1))),
        )
        for i in range(p)
    )
    # Domain means from every world (the mean of their lines' means); spread from the sample.
    in_domain = kernel.domains.astype(np.float64) @ (stats.line_sum / n)
    _, dom_spread = mean_se(stats.domain_sample_sum, stats.domain_sq, sampled)
    dom_se = dom_spread * np.sqrt(sampled / n)
    dom_q = summarise_quantiles(stats.domain_hist, QUANTILES, BINS)
    domains = tuple(
        DomainOutcome(d, _distribution(in_domain[k], dom_se[k], dom_q[k]))
        for k, d in enumerate(prepared.domains)
    )
    mission = _distribution(row_mean[-1], row_se[-1], row_q[-1])
    effects = []
    # Every condition at once (elementwise, so the same figures as one condition at a time).
    k_all = stats.holds
    h_mean_all, h_se_all = mean_se(stats.holds_sum[:, -1], stats.holds_sq[:, -1], k_all)
    f_mean_all, f_se_all = mean_se(
        stats.phase_sum[-1] - stats.holds_sum[:, -1],
        stats.phase_sq[-1] - stats.holds_sq[:, -1],
        n - k_all,
    )
    effect_all = h_mean_all - f_mean_all
    effect_se_all = np.hypot(h_se_all, f_se_all)
    for u, c in enumerate(model.uncertain):
        info = model.conditions[c]
        k = stats.holds[u]
        vh = stats.holds_viable[u] / max(k, 1.0)
        vf = (stats.viable - stats.holds_viable[u]) / max(n - k, 1.0)
        effects.append(
            ConditionEffect(
                condition=info.id,
                name=info.name,
                p_holds=float(k / n),
                if_holds=float(h_mean_all[u]),
                if_holds_se=float(h_se_all[u]),
                if_fails=float(f_mean_all[u]),
                if_fails_se=float(f_se_all[u]),
                effect=float(effect_all[u]),
                effect_se=float(effect_se_all[u]),
                p_viable_if_holds={
                    model.phases[i]: float(vh[i]) if k > 0 and not empty[i] else float("nan")
                    for i in range(p)
                },
                p_viable_if_fails={
                    model.phases[i]: float(vf[i]) if k < n and not empty[i] else float("nan")
                    for i in range(p)
                },
            )
        )
    effects.sort(key=lambda e: (-(abs(e.effect) if e.effect == e.effect else -1.0), e.condition))
    return Simulation(
        scenario=model.scenario.id,
        as_of=model.as_of,
        grace_days=model.grace_days,
        worlds=int(n),
        seed=seed,
        mission=mission,
        phases=phases,
        domains=domains,
        lines=lines,
        sensitivity=tuple(effects),
        fallback_components=kernel.plan.fallback_components,
        lp_solves=len(kernel.plan.memo),
    )


def simulate(
    prepared: Prepared,
    *,
    worlds: int,
    seed: int,
    mapper: Mapper | None = None,
    progress: Progress | None = None,
) -> Simulation:
    """Monte Carlo over the scenario's uncertain conditions: `worlds` worlds from `seed`.

    Raises InvalidInput when worlds ≤ 0. See montecarlo.py for chunking and reproducibility.
    """
    stats = accumulate(prepared.kernel, worlds=worlds, seed=seed, mapper=mapper, progress=progress)
    return summarise(prepared, stats, seed=seed)
