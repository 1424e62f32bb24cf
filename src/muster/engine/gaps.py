"""Gap matching, a force-generation conference's work list.

For every line short of its requirement in the scenario's world, the pledges that could fill it
but do not count now (a condition unmet, a status the scenario does not count: draft or
withdrawn, or, as of a date, an arrival after the phase starts), ranked by the probability that
their conditions hold, then by how much they could fill. `could_fill` is what the pledge alone
could add to that line (min(gap, quantity × efficiency)), ignoring other lines competing for it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from muster.domain import Dataset, Scenario
from muster.engine.coverage import coverage_of
from muster.engine.kernels import build_plan
from muster.engine.model import BASELINE, compile_model, contribution
from muster.engine.montecarlo import to_jsonable
from muster.engine.worlds import build_sampler, probability_all


@dataclass(frozen=True, slots=True)
class Candidate:
    pledge: str
    nation: str
    capability: str
    status: str
    quantity: float
    could_fill: float
    probability: float  # P(all its conditions hold) under the scenario
    unmet: tuple[str, ...]  # conditions not holding in the scenario's world
    status_counted: bool  # False: it also needs a status the scenario counts
    arrives: date | None = None  # as of a date: when it could arrive, after the phase starts


@dataclass(frozen=True, slots=True)
class Gap:
    line: str
    phase: str
    capability: str
    priority: int
    required: float
    filled: float
    gap: float
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class GapReport:
    scenario: str
    gaps: tuple[Gap, ...]  # by priority, then largest gap
    as_of: date | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = to_jsonable(asdict(self))
        return out


def gap_matching(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    assume_unknown: bool = False,
    as_of: date | None = None,
    grace_days: int = 0,
) -> GapReport:
    """The gaps of the scenario's world and who could fill them (InvalidInput on a bad scenario)."""
    scenario = scenario or BASELINE
    model = compile_model(dataset, scenario, as_of=as_of, grace_days=grace_days)
    late = {(model.pledges[x.pledge].id, model.phases[x.phase]): x.arrives for x in model.late}
    now = coverage_of(model, build_plan(model), assume_unknown=assume_unknown)
    sampler = build_sampler(model)
    index = {c.id: i for i, c in enumerate(model.conditions)}
    rows = {c: u for u, c in enumerate(model.uncertain)}
    counted = {p.id for p in model.pledges}
    filling = {f.pledge for line in now.lines for f in line.fills}
    capabilities = dataset.index("capabilities")
    lines = dataset.index("requirement_lines")
    phases = dataset.index("phases")
    gaps = []
    for line in now.lines:
        if line.gap <= 1e-9:
            continue
        r = lines[line.line]
        phase = phases[r.phase]
        found = []
        for p in dataset.pledges:
            if p.id in filling or r.phase not in p.phases or not p.covers(phase.start, phase.end):
                continue
            if as_of is not None and not p.covers(as_of, as_of):
                continue  # not valid on the day: nobody could call on it
            if p.nation in scenario.nations_out or p.id in scenario.pledges_out:
                continue
            if scenario.nations_in and p.nation not in scenario.nations_in:
                continue
            e = contribution(capabilities[p.capability], frozenset(p.caveats), p.sustained, r)
            if e <= 0 or p.quantity <= 0:
                continue
            infos = [model.conditions[index[c]] for c in p.conditions]
            if any(c.fixed is False for c in infos):
                probability = 0.0
            else:
                probability = probability_all(
                    sampler, [rows[index[c.id]] for c in infos if c.fixed is None]
                )
            unmet = tuple(
                c.id for c in infos if c.fixed is False or (c.fixed is None and not assume_unknown)
            )
            status_ok = p.id in counted or p.status in scenario.statuses
            arrives = late.get((p.id, r.phase))
            if status_ok and not unmet and arrives is None:
                continue  # it counts already; the allocation used it elsewhere
            found.append(
                Candidate(
                    pledge=p.id,
                    nation=p.nation,
                    capability=p.capability,
                    status=p.status.value,
                    quantity=float(p.quantity),
                    could_fill=float(min(line.gap, p.quantity * e)),
                    probability=probability,
                    unmet=unmet,
                    status_counted=status_ok,
                    arrives=arrives,
                )
            )
        found.sort(key=lambda c: (-c.probability, -c.could_fill, c.pledge))
        gaps.append(
            Gap(
                line=line.line,
                phase=line.phase,
                capability=line.capability,
                priority=line.priority,
                required=line.required,
                filled=line.filled,
                gap=line.gap,
                candidates=tuple(found),
            )
        )
    gaps.sort(key=lambda g: (g.priority, -g.gap, g.line))
    return GapReport(scenario=scenario.id, gaps=tuple(gaps), as_of=as_of)
