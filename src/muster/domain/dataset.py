"""A Dataset holds one coalition's data as domain objects and checks it hangs together.

It is what import/export moves, what the demo ships, and what the engine compiles. Entities are
listed in dependency order (`ENTITIES`): an entity only refers to those before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from muster.domain.aid import AidRecord
from muster.domain.condition import Condition, Scenario
from muster.domain.conference import Call, Offer
from muster.domain.mission import Capability, Mission, Phase, RequirementLine
from muster.domain.nation import Actor, Nation
from muster.domain.pledge import Pledge
from muster.domain.source import Source
from muster.domain.statement import Statement
from muster.errors import InvalidInput, Problem

# plural collection name → entity class, in dependency order
ENTITIES: dict[str, type[Any]] = {
    "sources": Source,
    "nations": Nation,
    "actors": Actor,
    "conditions": Condition,
    "missions": Mission,
    "phases": Phase,
    "capabilities": Capability,
    "requirement_lines": RequirementLine,
    "pledges": Pledge,
    "statements": Statement,
    "aid_records": AidRecord,
    "scenarios": Scenario,
    "calls": Call,
    "offers": Offer,
}

# entity class → singular name used in history, URLs and messages
ENTITY_NAMES: dict[type[Any], str] = {
    Source: "source",
    Nation: "nation",
    Actor: "actor",
    Condition: "condition",
    Mission: "mission",
    Phase: "phase",
    Capability: "capability",
    RequirementLine: "requirement_line",
    Pledge: "pledge",
    Statement: "statement",
    AidRecord: "aid_record",
    Scenario: "scenario",
    Call: "call",
    Offer: "offer",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Dataset:
    sources: tuple[Source, ...] = ()
    nations: tuple[Nation, ...] = ()
    actors: tuple[Actor, ...] = ()
    conditions: tuple[Condition, ...] = ()
    missions: tuple[Mission, ...] = ()
    phases: tuple[Phase, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    requirement_lines: tuple[RequirementLine, ...] = ()
    pledges: tuple[Pledge, ...] = ()
    statements: tuple[Statement, ...] = ()
    aid_records: tuple[AidRecord, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    calls: tuple[Call, ...] = ()
    offers: tuple[Offer, ...] = ()

    def collections(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        for f in fields(self):
            yield f.name, getattr(self, f.name)

    def index(self, collection: str) -> dict[str, Any]:
        """Key → object for one collection (later duplicates win; `check` reports them)."""
        return {obj.key: obj for obj in getattr(self, collection)}

    def sorted(self) -> Dataset:
        """The same data with every collection in key order (the canonical form for export)."""
        return replace(
            self,
            **{
                name: tuple(sorted(items, key=lambda o: o.key))
                for name, items in self.collections()
            },
        )

    def merged(self, other: Dataset) -> Dataset:
        """This dataset with `other`'s objects added or replacing ours by key."""
        out: dict[str, tuple[Any, ...]] = {}
        for name, items in self.collections():
            by_key = {o.key: o for o in items}
            by_key.update({o.key: o for o in getattr(other, name)})
            out[name] = tuple(by_key.values())
        return Dataset(**out)

    def check(self) -> list[Problem]:
        """Every duplicate key and dangling reference, located by entity, key and field."""
        return check_dataset(self)

    def validate(self) -> Dataset:
        problems = self.check()
        if problems:
            raise InvalidInput(problems)
        return self

    @property
    def size(self) -> int:
        return sum(len(items) for _, items in self.collections())


def _refs(
    problems: list[Problem],
    entity: str,
    key: str,
    field: str,
    values: Iterable[str | None],
    known: Mapping[str, Any] | set[str],
    what: str,
) -> None:
    for v in values:
        if v is not None and v not in known:
            problems.append(Problem(f"unknown {what} {v!r}", entity=entity, key=key, field=field))


def _cycles(conditions: tuple[Condition, ...]) -> list[list[str]]:
    graph = {c.id: c.prerequisites for c in conditions}
    state: dict[str, int] = {}
    found: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt])
            elif nxt in graph and state.get(nxt) is None:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for c in conditions:
        if state.get(c.id) is None:
            visit(c.id, [c.id])
    return found


def check_dataset(ds: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    for name, items in ds.collections():
        seen: set[str] = set()
        entity = ENTITY_NAMES[ENTITIES[name]]
        for obj in items:
            if obj.key in seen:
                problems.append(Problem(f"duplicate key {obj.key!r}", entity=entity, key=obj.key))
            seen.add(obj.key)
    for source in ds.sources:
        problems.extend(source.problems())
    src = ds.index("sources")
    nat = ds.index("nations")
    act = ds.index("actors")
    cond = ds.index("conditions")
    mis = ds.index("missions")
    pha = ds.index("phases")
    cap = ds.index("capabilities")
    ple = ds.index("pledges")
    for n in ds.nations:
        _refs(problems, "nation", n.iso3, "source", [n.source], src, "source")
    for a in ds.actors:
        for o in a.offices:
            _refs(problems, "actor", a.name, "offices.nation", [o.nation], nat, "nation")
            _refs(problems, "actor", a.name, "offices.source", [o.source], src, "source")
    for c in ds.conditions:
        _refs(problems, "condition", c.id, "prerequisites", c.prerequisites, cond, "condition")
        _refs(problems, "condition", c.id, "source", [c.source], src, "source")
        _refs(
            problems,
            "condition",
            c.id,
            "status_history.source",
            (e.source for e in c.status_history),
            src,
            "source",
        )
    for cycle in _cycles(ds.conditions):
        problems.append(
            Problem(
                "prerequisites form a cycle: " + " ⇒ ".join(cycle),
                entity="condition",
                key=cycle[0],
                field="prerequisites",
            )
        )
    for m in ds.missions:
        _refs(problems, "mission", m.id, "source", [m.source], src, "source")
    for p in ds.phases:
        _refs(problems, "phase", p.id, "mission", [p.mission], mis, "mission")
    for k in ds.capabilities:
        _refs(
            problems,
            "capability",
            k.id,
            "substitutes",
            (s.capability for s in k.substitutes),
            cap,
            "capability",
        )
    for r in ds.requirement_lines:
        _refs(problems, "requirement_line", r.id, "phase", [r.phase], pha, "phase")
        _refs(problems, "requirement_line", r.id, "capability", [r.capability], cap, "capability")
        _refs(problems, "requirement_line", r.id, "source", [r.source], src, "source")
    for pl in ds.pledges:
        _refs(problems, "pledge", pl.id, "nation", [pl.nation], nat, "nation")
        _refs(problems, "pledge", pl.id, "capability", [pl.capability], cap, "capability")
        _refs(problems, "pledge", pl.id, "phases", pl.phases, pha, "phase")
        _refs(problems, "pledge", pl.id, "conditions", pl.conditions, cond, "condition")
        _refs(problems, "pledge", pl.id, "sources", pl.sources, src, "source")
    for s in ds.statements:
        _refs(problems, "statement", s.id, "nation", [s.nation], nat, "nation")
        _refs(problems, "statement", s.id, "actor", [s.actor], act, "actor")
        _refs(problems, "statement", s.id, "source", [s.source], src, "source")
        _refs(problems, "statement", s.id, "conditions", s.conditions, cond, "condition")
    for ai in ds.aid_records:
        _refs(problems, "aid_record", ai.id, "donor", [ai.donor], nat, "nation")
        _refs(problems, "aid_record", ai.id, "recipient", [ai.recipient], nat, "nation")
        _refs(problems, "aid_record", ai.id, "source", [ai.source], src, "source")
    for sc in ds.scenarios:
        _refs(problems, "scenario", sc.id, "forced", sc.forced, cond, "condition")
        _refs(problems, "scenario", sc.id, "probabilities", sc.probabilities, cond, "condition")
        _refs(problems, "scenario", sc.id, "nations_in", sc.nations_in, nat, "nation")
        _refs(problems, "scenario", sc.id, "nations_out", sc.nations_out, nat, "nation")
        _refs(problems, "scenario", sc.id, "pledges_in", sc.pledges_in, ple, "pledge")
        _refs(problems, "scenario", sc.id, "pledges_out", sc.pledges_out, ple, "pledge")
    lin = {r.id for r in ds.requirement_lines}
    calls = {c.id: c for c in ds.calls}
    for ca in ds.calls:
        _refs(problems, "call", ca.id, "lines", ca.lines, lin, "requirement line")
        _refs(problems, "call", ca.id, "invited", ca.invited, nat, "nation")
        _refs(problems, "call", ca.id, "source", [ca.source], src, "source")
    for of in ds.offers:
        _refs(problems, "offer", of.id, "call", [of.call], set(calls), "call")
        _refs(problems, "offer", of.id, "line", [of.line], lin, "requirement line")
        _refs(problems, "offer", of.id, "nation", [of.nation], nat, "nation")
        _refs(problems, "offer", of.id, "conditions", of.conditions, cond, "condition")
        _refs(problems, "offer", of.id, "pledge", [of.pledge], ple, "pledge")
        _refs(problems, "offer", of.id, "source", [of.source], src, "source")
        call = calls.get(of.call)
        if call is not None and of.line not in call.lines:
            problems.append(
                Problem(
                    f"line {of.line!r} is not one of call {of.call!r}'s lines",
                    entity="offer",
                    key=of.id,
                    field="line",
                )
            )
        if call is not None and call.invited and of.nation not in call.invited:
            problems.append(
                Problem(
                    f"{of.nation} was not invited to call {of.call!r}",
                    entity="offer",
                    key=of.id,
                    field="nation",
                )
            )
    return problems
