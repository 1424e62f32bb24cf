"""Compile a Dataset and a Scenario into arrays, once per scenario: what the engine evaluates.

The compiled `Model` holds the conditions (fixed or uncertain, with their sampling parameters
and prerequisites), the *groups* (distinct condition sets: pledges are evaluated by group, not
one by one), the requirement lines (weights, critical flags, minimums), and per phase the
*components* of the pledge ↔ line compatibility graph, each with the kernel that evaluates it
(see steps.py and kernels.py). As of a date (`as_of`), a condition has the status it had then,
only pledges valid then count, and a pledge counts for a phase only if it arrives in time
(`Pledge.in_time`); the others are kept in `late`. No I/O; raises InvalidInput when the
scenario refers to what the dataset does not hold.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from muster.domain import (
    Capability,
    ConditionStatus,
    Dataset,
    Pledge,
    RequirementLine,
    Scenario,
)
from muster.errors import InvalidInput, Problem

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

BASELINE = Scenario(id="baseline", name="Baseline (the data as recorded)")
GAIN_TOLERANCE = 1e-12


@dataclass(frozen=True, slots=True)
class ConditionInfo:
    """One condition as the scenario sees it: fixed to holds/fails, or uncertain with P(holds)."""

    id: str
    name: str
    fixed: bool | None
    probability: float
    group: str | None
    loading: float
    prerequisites: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Supply:
    """Pledges merged into one supply of a component: same group and same compatible lines.

    `quantity` is in the pledges' own units; `scale` σ turns it into the component's flow units
    (σ·quantity), and line j receives τ_j per flow unit (efficiency e = σ·τ_j on every edge).
    """

    group: int
    quantity: float
    scale: float
    lines: tuple[int, ...]
    efficiency: tuple[float, ...]
    pledges: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Component:
    """Lines of one phase linked by the pledges that could fill them.

    `lines` are model line indices in ascending order; `tau[i]` is what one flow unit fills of
    line `lines[i]` (gain potentials, scaled so the smallest supply scale is 1; all 1 outside
    "flow"). `kernel` is "empty"
    (no supply), "flow" (consistent gains: the closed forms of steps.py apply) or "lp" (gains
    differ around a cycle: the exact LP).
    """

    phase: int
    lines: tuple[int, ...]
    tau: tuple[float, ...]
    supplies: tuple[Supply, ...]
    kernel: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Late:
    """A pledge counted for a phase but for its arrival: `arrives` after the phase's start
    (and grace). `fills` lists the lines it could fill there and how much each, alone."""

    pledge: int  # index in Model.pledges
    phase: int
    arrives: date
    fills: tuple[tuple[int, float], ...]  # (line index, quantity it could fill)


@dataclass(frozen=True, slots=True)
class Model:
    """Everything the engine needs about one scenario, as plain arrays and tuples."""

    scenario: Scenario
    conditions: tuple[ConditionInfo, ...]
    uncertain: tuple[int, ...]  # condition indices that are sampled
    groups: tuple[tuple[int, ...], ...]  # condition sets; groups[0] == () is "always"
    group_nation: tuple[str, ...]  # the nation of each group when split by nation, else ""
    phases: tuple[str, ...]
    phase_names: tuple[str, ...]
    line_ids: tuple[str, ...]
    line_phase: I64
    line_capability: tuple[str, ...]
    line_domain: tuple[str, ...]
    required: F64
    minimum: F64
    priority: I64
    weight: F64  # importance of each line in coverage figures
    critical: npt.NDArray[np.bool_]  # counts for the minimum viable force (phase rule applied)
    rotation: F64
    pledges: tuple[Pledge, ...]  # the pledges the scenario counts (any phase)
    pledge_group: I64
    nations: tuple[str, ...]  # nations with at least one counted pledge, sorted
    components: tuple[Component, ...]
    dropped: Mapping[str, str] = field(default_factory=dict)  # pledge id → why not counted
    late: tuple[Late, ...] = ()  # counted pledges left out of a phase they would arrive late for
    as_of: date | None = None
    grace_days: int = 0

    @property
    def n_lines(self) -> int:
        return len(self.line_ids)

    @property
    def n_groups(self) -> int:
        return len(self.groups)

    def condition_index(self, condition_id: str) -> int:
        for i, c in enumerate(self.conditions):
            if c.id == condition_id:
                return i
        raise KeyError(condition_id)


def check_scenario(dataset: Dataset, scenario: Scenario) -> None:
    """Raise InvalidInput naming every condition, nation or pledge the scenario does not know."""
    conditions = {c.id for c in dataset.conditions}
    nations = {n.iso3 for n in dataset.nations}
    pledges = {p.id for p in dataset.pledges}
    problems: list[Problem] = []

    def refs(field_name: str, values: Iterable[str], known: set[str], what: str) -> None:
        for v in values:
            if v not in known:
                hint = _close(v, known)
                problems.append(
                    Problem(
                        f"unknown {what} {v!r}" + (f" (did you mean {hint!r}?)" if hint else ""),
                        entity="scenario",
                        key=scenario.id,
                        field=field_name,
                    )
                )

    refs("forced", scenario.forced, conditions, "condition")
    refs("probabilities", scenario.probabilities, conditions, "condition")
    refs("nations_in", scenario.nations_in, nations, "nation")
    refs("nations_out", scenario.nations_out, nations, "nation")
    refs("pledges_in", scenario.pledges_in, pledges, "pledge")
    refs("pledges_out", scenario.pledges_out, pledges, "pledge")
    if problems:
        raise InvalidInput(problems)


def _close(value: str, known: set[str]) -> str | None:
    found = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.7)
    return found[0] if found else None


def _conditions(
    dataset: Dataset, scenario: Scenario, as_of: date | None
) -> tuple[ConditionInfo, ...]:
    """Apply the scenario to the statuses on `as_of` (None: the latest), then propagate
    prerequisites: c holds ⇒ its prerequisites hold."""
    index = {c.id: i for i, c in enumerate(dataset.conditions)}
    fixed: list[bool | None] = []
    prob: list[float] = []
    for c in dataset.conditions:
        p = scenario.probabilities.get(c.id, c.probability)
        status = c.status_on(as_of)
        if c.id in scenario.forced:
            fixed.append(scenario.forced[c.id])
        elif c.id in scenario.probabilities:
            fixed.append(None)  # the scenario makes it uncertain with its own probability
        elif status is ConditionStatus.HOLDS:
            fixed.append(True)
        elif status is ConditionStatus.FAILS:
            fixed.append(False)
        else:
            fixed.append(None)
        prob.append(float(p))
    prereq = [tuple(index[x] for x in c.prerequisites) for c in dataset.conditions]
    # A fixed "holds" forces its prerequisites to hold; a fixed "fails" fails its dependants.
    origin: dict[int, str] = {}
    changed = True
    problems: list[Problem] = []
    while changed:
        changed = False
        for i, pre in enumerate(prereq):
            for j in pre:
                if fixed[i] is True and fixed[j] is not True:
                    if fixed[j] is False:
                        problems.append(
                            Problem(
                                f"{dataset.conditions[i].id!r} holds but its prerequisite "
                                f"{dataset.conditions[j].id!r} fails",
                                entity="scenario",
                                key=scenario.id,
                                field="forced",
                            )
                        )
                        fixed[j] = True
                        continue
                    fixed[j] = True
                    origin[j] = dataset.conditions[i].id
                    changed = True
                if fixed[j] is False and fixed[i] is not False:
                    fixed[i] = False
                    changed = True
    if problems:
        raise InvalidInput(problems)
    return tuple(
        ConditionInfo(
            id=c.id,
            name=c.name,
            fixed=fixed[i],
            probability=prob[i],
            group=c.group,
            loading=c.loading,
            prerequisites=prereq[i],
        )
        for i, c in enumerate(dataset.conditions)
    )


def compatible(
    pledge_capability: Capability, caveats: frozenset[str], line: RequirementLine
) -> float:
    """Efficiency with which one unit of the pledge fills the line (0 when it may not)."""
    if not set(line.required_tags) <= caveats or caveats & set(line.excluded_tags):
        return 0.0
    if pledge_capability.id == line.capability:
        return 1.0
    for s in pledge_capability.substitutes:
        if s.capability == line.capability:
            return float(s.efficiency)
    return 0.0


def contribution(
    pledge_capability: Capability, caveats: frozenset[str], sustained: bool, line: RequirementLine
) -> float:
    """What one unit of the pledge fills of the line, sustainably: its efficiency, divided by
    the line's rotation unless the pledge's figure is already a sustained one (0: it may not)."""
    e = compatible(pledge_capability, caveats, line)
    return e if sustained or line.rotation == 1 else e / float(line.rotation)


def critical_lines(lines: Iterable[RequirementLine]) -> set[str]:
    """The ids of the lines that count for their phase's minimum viable force: those marked
    critical, or every line of a phase that marks none."""
    by_phase: dict[str, list[RequirementLine]] = {}
    for r in lines:
        by_phase.setdefault(r.phase, []).append(r)
    out: set[str] = set()
    for members in by_phase.values():
        marked = [r.id for r in members if r.critical]
        out.update(marked or (r.id for r in members))
    return out


def _counted(pledge: Pledge, scenario: Scenario, nations_in: set[str] | None) -> str | None:
    """Why the scenario ignores this pledge, or None when it counts."""
    if pledge.id in scenario.pledges_out:
        return "left out by the scenario"
    if nations_in is not None and pledge.nation not in nations_in:
        return f"nation {pledge.nation} not in the scenario"
    if pledge.nation in scenario.nations_out:
        return f"nation {pledge.nation} left out by the scenario"
    if pledge.id not in scenario.pledges_in and pledge.status not in scenario.statuses:
        return f"status {pledge.status.value} is not counted"
    if pledge.quantity <= 0:
        return "quantity 0"
    return None


def compile_model(
    dataset: Dataset,
    scenario: Scenario | None = None,
    *,
    nations: Iterable[str] | None = None,
    split_nations: bool = False,
    as_of: date | None = None,
    grace_days: int = 0,
) -> Model:
    """Compile `dataset` under `scenario` (default: the data as recorded).

    `nations`, when given, further restricts the pledges to those nations (criticality and
    willing-only coverage use it). `split_nations` keys groups by nation too (criticality).
    `as_of` reads condition statuses on that day, counts only pledges valid then, and a pledge
    for a phase only when it arrives by the phase's start + `grace_days` (None: the latest
    statuses, every pledge, no arrival rule). Raises InvalidInput when the scenario names an
    unknown condition, nation or pledge, or `grace_days` is negative.
    """
    scenario = scenario or BASELINE
    check_scenario(dataset, scenario)
    if isinstance(grace_days, bool) or not isinstance(grace_days, int) or grace_days < 0:
        raise InvalidInput(
            Problem(f"expected a whole number of days ≥ 0, got {grace_days!r}", field="grace")
        )
    conditions = _conditions(dataset, scenario, as_of)
    cindex = {c.id: i for i, c in enumerate(conditions)}
    uncertain = tuple(i for i, c in enumerate(conditions) if c.fixed is None)

    phases = sorted(dataset.phases, key=lambda p: (p.seq, p.id))
    phase_index = {p.id: i for i, p in enumerate(phases)}
    capabilities = dataset.index("capabilities")
    lines = sorted(
        (r for r in dataset.requirement_lines if r.phase in phase_index),
        key=lambda r: (phase_index[r.phase], r.priority, r.id),
    )
    critical = critical_lines(lines)

    allowed = set(scenario.nations_in) if scenario.nations_in else None
    if nations is not None:
        wanted = set(nations)
        allowed = wanted if allowed is None else allowed & wanted
    # A group is a condition set; with `split_nations`, a (condition set, nation) pair, so a
    # coalition of nations is a mask over groups (criticality needs that).
    groups: dict[tuple[tuple[int, ...], str], int] = {((), ""): 0}
    counted: list[Pledge] = []
    pledge_group: list[int] = []
    dropped: dict[str, str] = {}
    for p in dataset.pledges:
        why = _counted(p, scenario, allowed)
        if why is None and as_of is not None and not p.covers(as_of, as_of):
            why = f"not valid on {as_of.isoformat()}"
        if why is None and any(conditions[cindex[c]].fixed is False for c in p.conditions):
            failed = next(c for c in p.conditions if conditions[cindex[c]].fixed is False)
            why = f"condition {failed} fails"
        if why is not None:
            dropped[p.id] = why
            continue
        key = tuple(sorted(cindex[c] for c in p.conditions if conditions[cindex[c]].fixed is None))
        owner = p.nation if split_nations else ""
        pledge_group.append(groups.setdefault((key, owner), len(groups)))
        counted.append(p)

    lines_of_phase: list[list[int]] = [[] for _ in phases]
    for j, r in enumerate(lines):
        lines_of_phase[phase_index[r.phase]].append(j)
    by_phase: list[list[tuple[int, Pledge]]] = [[] for _ in phases]
    late: list[Late] = []
    for k, p in enumerate(counted):
        for ph in p.phases:
            i = phase_index.get(ph)
            if i is None or not p.covers(phases[i].start, phases[i].end):
                continue
            if as_of is not None and not p.in_time(as_of, phases[i].start, grace_days):
                arrives = p.arrival(as_of)
                assert arrives is not None  # in_time is True when it is None
                cap = capabilities[p.capability]
                fills = []
                for j in lines_of_phase[i]:
                    e = contribution(cap, frozenset(p.caveats), p.sustained, lines[j])
                    if e > 0:
                        fills.append((j, min(float(p.quantity) * e, float(lines[j].quantity))))
                late.append(Late(pledge=k, phase=i, arrives=arrives, fills=tuple(fills)))
                continue
            by_phase[i].append((k, p))

    components: list[Component] = []
    for i in range(len(phases)):
        components.extend(
            _phase_components(i, lines, lines_of_phase[i], by_phase[i], pledge_group, capabilities)
        )
    domains = tuple(
        capabilities[r.capability].domain.value if r.capability in capabilities else "unknown"
        for r in lines
    )
    return Model(
        scenario=scenario,
        conditions=conditions,
        uncertain=uncertain,
        groups=tuple(k for k, _ in sorted(groups, key=groups.__getitem__)),
        group_nation=tuple(n for _, n in sorted(groups, key=groups.__getitem__)),
        phases=tuple(p.id for p in phases),
        phase_names=tuple(p.name for p in phases),
        line_ids=tuple(r.id for r in lines),
        line_phase=np.array([phase_index[r.phase] for r in lines], dtype=np.int64),
        line_capability=tuple(r.capability for r in lines),
        line_domain=domains,
        required=np.array([r.quantity for r in lines], dtype=np.float64),
        minimum=np.array([r.minimum for r in lines], dtype=np.float64),
        priority=np.array([r.priority for r in lines], dtype=np.int64),
        weight=np.array([r.weight for r in lines], dtype=np.float64),
        critical=np.array([r.id in critical for r in lines], dtype=np.bool_),
        rotation=np.array([r.rotation for r in lines], dtype=np.float64),
        pledges=tuple(counted),
        pledge_group=np.array(pledge_group, dtype=np.int64),
        nations=tuple(sorted({p.nation for p in counted})),
        components=tuple(components),
        dropped=dropped,
        late=tuple(late),
        as_of=as_of,
        grace_days=grace_days,
    )


def _phase_components(
    phase: int,
    lines: list[RequirementLine],
    phase_lines: list[int],
    pledges: list[tuple[int, Pledge]],
    pledge_group: list[int],
    capabilities: Mapping[str, Capability],
) -> list[Component]:
    # Edges, computed once per (capability, caveats) pair: many pledges share one.
    edges_of: dict[tuple[str, frozenset[str], bool], tuple[tuple[int, float], ...]] = {}
    merged: dict[tuple[int, tuple[tuple[int, float], ...]], list[int]] = {}
    quantity: dict[tuple[int, tuple[tuple[int, float], ...]], float] = {}
    by_capability: dict[str, list[int]] = {}
    for j in phase_lines:
        by_capability.setdefault(lines[j].capability, []).append(j)
    for k, p in pledges:
        key = (p.capability, frozenset(p.caveats), p.sustained)
        if key not in edges_of:
            cap = capabilities[p.capability]
            reachable = [p.capability, *(x.capability for x in cap.substitutes)]
            candidates = sorted(j for c in reachable for j in by_capability.get(c, ()))
            found = []
            for j in candidates:
                e = contribution(cap, key[1], key[2], lines[j])
                if e > 0:
                    found.append((j, e))
            edges_of[key] = tuple(found)
        edges = edges_of[key]
        if not edges:
            continue
        mkey = (pledge_group[k], edges)
        merged.setdefault(mkey, []).append(k)
        quantity[mkey] = quantity.get(mkey, 0.0) + float(p.quantity)

    # Union-find over lines, joined by the supplies that reach several of them.
    parent = {j: j for j in phase_lines}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, edges in merged:
        first = find(edges[0][0])
        for j, _e in edges[1:]:
            root = find(j)
            if root != first:
                parent[root] = first
    members: dict[int, list[int]] = {}
    for j in phase_lines:
        members.setdefault(find(j), []).append(j)
    supplies_of: dict[int, list[tuple[int, tuple[tuple[int, float], ...], list[int]]]] = {}
    for (g, edges), ks in merged.items():
        supplies_of.setdefault(find(edges[0][0]), []).append((g, edges, ks))

    out: list[Component] = []
    for root in sorted(members, key=lambda r: min(members[r])):
        comp_lines = members[root]
        raw = supplies_of.get(root, [])
        if not raw:
            out.extend(
                Component(phase=phase, lines=(j,), tau=(1.0,), supplies=(), kernel="empty")
                for j in sorted(comp_lines)
            )
            continue
        out.append(_component(phase, lines, comp_lines, raw, quantity))
    return out


def _component(
    phase: int,
    lines: list[RequirementLine],
    comp_lines: list[int],
    raw: list[tuple[int, tuple[tuple[int, float], ...], list[int]]],
    quantity: Mapping[tuple[int, tuple[tuple[int, float], ...]], float],
) -> Component:
    """Find gain potentials (σ per supply, τ per line, e = σ·τ on every edge) by a BFS.

    When they exist the component is a plain flow in scaled units and the closed forms apply;
    when a cycle of edges multiplies gains to ≠ 1, the component needs the LP.
    """

    # Every edge from one supply to lines of one kind (capability and rotation) has the same
    # efficiency, so the potentials live on a small graph: supply signatures (the (line kind,
    # efficiency) pairs a supply reaches) and line kinds.
    def kind(j: int) -> tuple[str, float]:
        return (lines[j].capability, float(lines[j].rotation))

    signature = [frozenset((kind(j), e) for j, e in edges) for _, edges, _ in raw]
    tau_kind: dict[tuple[str, float], float] = {}
    sigma_sig: dict[frozenset[tuple[tuple[str, float], float]], float] = {}
    by_kind: dict[tuple[str, float], set[frozenset[tuple[tuple[str, float], float]]]] = {}
    for sig in set(signature):
        for k, _e in sig:
            by_kind.setdefault(k, set()).add(sig)
    consistent = True
    for start in sorted(by_kind):
        if start in tau_kind:
            continue
        tau_kind[start] = 1.0
        queue = [start]
        while queue:
            k = queue.pop()
            for sig in sorted(by_kind[k], key=sorted):
                want = dict(sig)[k] / tau_kind[k]
                if sig not in sigma_sig:
                    sigma_sig[sig] = want
                    for k2, e2 in sig:
                        t2 = e2 / want
                        if k2 not in tau_kind:
                            tau_kind[k2] = t2
                            queue.append(k2)
                        elif abs(tau_kind[k2] - t2) > GAIN_TOLERANCE * max(1.0, t2):
                            consistent = False
                elif abs(sigma_sig[sig] - want) > GAIN_TOLERANCE * max(1.0, want):
                    consistent = False
    ordered = sorted(comp_lines)
    supplies_raw = [(g, edges, ks) for g, edges, ks in raw]
    if not consistent:
        return Component(
            phase=phase,
            lines=tuple(ordered),
            tau=(1.0,) * len(ordered),
            supplies=tuple(
                Supply(
                    group=g,
                    quantity=quantity[(g, edges)],
                    scale=1.0,
                    lines=tuple(j for j, _ in edges),
                    efficiency=tuple(e for _, e in edges),
                    pledges=tuple(ks),
                )
                for g, edges, ks in supplies_raw
            ),
            kernel="lp",
            reason="substitution gains differ around a cycle",
        )
    # Potentials are defined up to a factor: the smallest supply scale is made 1, so flow
    # units are pledge units for it and whole multiples of them, typically, for the others
    # (a 1:3 rotation: τ = 1/3, σ = 1 or 3), and float32 plans stay exact.
    tau = {j: tau_kind[kind(j)] for j in ordered}
    sigma = [sigma_sig[sig] for sig in signature]
    least = min(sigma)
    return Component(
        phase=phase,
        lines=tuple(ordered),
        tau=tuple(tau[j] * least for j in ordered),
        supplies=tuple(
            Supply(
                group=g,
                quantity=quantity[(g, edges)],
                scale=sigma[s] / least,
                lines=tuple(j for j, _ in edges),
                efficiency=tuple(e for _, e in edges),
                pledges=tuple(ks),
            )
            for s, (g, edges, ks) in enumerate(supplies_raw)
        ),
        kernel="flow",
    )


def phase_dates(dataset: Dataset) -> dict[str, tuple[date | None, date | None]]:
    return {p.id: (p.start, p.end) for p in dataset.phases}
