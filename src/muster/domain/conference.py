"""Force generation as NATO and the UN run it: a call for contributions, nations' offers against
its lines, and the planner's decision on each offer.

A `Call` names the requirement lines it sources, a deadline and the nations invited (a force
sourcing conference, or the UN PCRS's call). An `Offer` is one nation's answer to one line:
a quantity, with caveats, conditions and a readiness, like a pledge; it is classified like a
pledge (a national offer is read by its own delegation and the planners only). The planner's
decision (`accept`, `decline`, `hold`) lives on the offer with its reason; every change is in
the history like any other record. Accepting an offer creates the pledge it becomes and links
it (`pledge`), so coverage, simulation and every figure count it from then on.

`shortfalls` and `suggest` are the pure rules behind the shortfall list and the suggested
contributors; the application layer (`muster.app.conference`) applies access and history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from muster.domain._checks import Checker
from muster.domain.enums import Classification, PledgeStatus, Stance


class Decision(StrEnum):
    """The planner's decision on an offer (pending until one is made)."""

    PENDING = "pending"
    ACCEPT = "accept"
    DECLINE = "decline"
    HOLD = "hold"


@dataclass(frozen=True, slots=True, kw_only=True)
class Call:
    """A call for contributions against `lines` (requirement line ids), open until `deadline`,
    to the nations `invited` (none: every nation). `illustrative` marks a call no source
    reports (the demo's)."""

    id: str
    name: str
    lines: tuple[str, ...]
    deadline: date | None = None
    invited: tuple[str, ...] = ()
    opened: date | None = None
    source: str | None = None
    entered_by: str | None = None
    illustrative: bool = False
    note: str | None = None

    def __post_init__(self) -> None:
        c = Checker("call", self.id)
        c.ident("id", self.id)
        c.text("name", self.name)
        if not self.lines:
            c.fail("lines", "a call must name at least one requirement line")
        c.unique("lines", self.lines)
        c.unique("invited", self.invited)
        for nation in self.invited:
            c.iso3("invited", nation)
        c.dates("opened", self.opened, "deadline", self.deadline)
        if self.source is None and not self.entered_by:
            c.fail("source", "a call needs a source or the user who entered it (entered_by)")
        c.done()

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Offer:
    """`nation`'s offer of `quantity` units against `line` of `call`, and the decision on it."""

    id: str
    call: str
    line: str
    nation: str
    quantity: float
    readiness_days: int | None = None
    caveats: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    offered: date | None = None
    classification: Classification = Classification.COALITION
    decision: Decision = Decision.PENDING
    reason: str | None = None
    pledge: str | None = None
    source: str | None = None
    entered_by: str | None = None
    illustrative: bool = False
    note: str | None = None

    def __post_init__(self) -> None:
        c = Checker("offer", self.id)
        c.ident("id", self.id)
        c.ident("call", self.call)
        c.ident("line", self.line)
        c.iso3("nation", self.nation)
        c.number("quantity", self.quantity, minimum=0)
        if isinstance(self.quantity, int | float) and self.quantity == 0:
            c.fail("quantity", "an offer of nothing is not an offer")
        c.number("readiness_days", self.readiness_days, minimum=0, whole=True, required=False)
        c.unique("conditions", self.conditions)
        if not isinstance(self.decision, Decision):
            c.fail("decision", f"expected pending, accept, decline or hold, got {self.decision!r}")
        elif self.decision is not Decision.PENDING and not (self.reason or "").strip():
            c.fail("reason", f"a decision to {self.decision.value} needs a reason")
        if self.decision is not Decision.ACCEPT and self.pledge is not None:
            c.fail("pledge", "only an accepted offer becomes a pledge")
        c.ident("pledge", self.pledge, required=False)
        if self.source is None and not self.entered_by:
            c.fail("source", "an offer needs a source or the user who entered it (entered_by)")
        c.done()

    @property
    def key(self) -> str:
        return self.id

    @property
    def open(self) -> bool:
        """Still to be decided (pending or held)."""
        return self.decision in (Decision.PENDING, Decision.HOLD)


# --- the shortfall list ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineSourcing:
    """One line of a call: what it needs, what current pledges fill, and the offers on it."""

    line: str
    phase: str
    capability: str
    required: float
    filled: float
    offered: float
    accepted: float
    held: float
    declined: float
    offers: tuple[str, ...]

    @property
    def shortfall(self) -> float:
        """Still missing once current pledges count (accepted offers are pledges by then)."""
        return max(0.0, self.required - self.filled)

    @property
    def uncovered(self) -> float:
        """Still missing if every open offer were accepted too."""
        return max(0.0, self.shortfall - self.offered - self.held)


def sourcing(
    call: Call,
    lines: Mapping[str, tuple[str, str, float]],
    filled: Mapping[str, float],
    offers: Iterable[Offer],
) -> list[LineSourcing]:
    """Per line of `call` (in the call's order): `lines` maps a line id to (phase, capability,
    required); `filled` is what current pledges fill of it (the engine's exact coverage);
    `offers` are the offers the reader may read. Lines no longer recorded are skipped."""
    by_line: dict[str, list[Offer]] = {}
    for o in offers:
        if o.call == call.id:
            by_line.setdefault(o.line, []).append(o)
    out = []
    for line in call.lines:
        if line not in lines:
            continue
        phase, capability, required = lines[line]
        mine = sorted(by_line.get(line, []), key=lambda o: o.id)

        def total(decision: Decision, offers: list[Offer] = mine) -> float:
            return float(sum(o.quantity for o in offers if o.decision is decision))

        out.append(
            LineSourcing(
                line=line,
                phase=phase,
                capability=capability,
                required=float(required),
                filled=float(filled.get(line, 0.0)),
                offered=total(Decision.PENDING),
                accepted=total(Decision.ACCEPT),
                held=total(Decision.HOLD),
                declined=total(Decision.DECLINE),
                offers=tuple(o.id for o in mine),
            )
        )
    return out


# --- suggested contributors --------------------------------------------------------------

# How much a stance makes a nation a likely contributor (documented in docs/conference.md).
STANCE_WEIGHT: dict[Stance | None, float] = {
    Stance.LEAD: 1.0,
    Stance.WILLING: 0.9,
    Stance.CONDITIONAL: 0.6,
    Stance.UNDECIDED: 0.3,
    Stance.SKEPTICAL: 0.1,
    Stance.OPPOSED: 0.0,
    None: 0.2,
}
LIVE = frozenset({PledgeStatus.OFFERED, PledgeStatus.CONFIRMED, PledgeStatus.DEPLOYED})


@dataclass(frozen=True, slots=True)
class PledgeFact:
    """What a suggestion reads of one pledge: who, what, how many, for which phases."""

    nation: str
    capability: str
    quantity: float
    phases: tuple[str, ...]
    status: PledgeStatus


@dataclass(frozen=True, slots=True)
class Suggestion:
    nation: str
    score: float
    reason: str


def suggest(
    *,
    capability: str,
    phase: str,
    stand_ins: Mapping[str, float],
    pledges: Iterable[PledgeFact],
    stances: Mapping[str, Stance],
    nations: Iterable[str],
    exclude: Iterable[str] = (),
    limit: int = 5,
) -> list[Suggestion]:
    """Nations likely to fill a gap in `capability` for `phase`, best first, with the reason.

    A nation scores by what it already pledges elsewhere of the capability (or of a capability
    that `stand_ins` says can stand in for it, at that efficiency) — a nation that fields the
    capability can offer more of it — times how committed its stance is (`STANCE_WEIGHT`).
    Nations already offering on the line (`exclude`) and opposed ones are left out. Ties break
    by nation code, so the ranking depends on the data alone."""
    excluded = set(exclude)
    fields: dict[str, float] = {}
    # nation → (capability, efficiency, for this phase) → units: summed, so the reason does
    # not depend on the order pledges come in
    parts: dict[str, dict[tuple[str, float, bool], float]] = {}
    for p in pledges:
        if p.status not in LIVE:
            continue
        if p.capability == capability:
            efficiency = 1.0
        elif p.capability in stand_ins:
            efficiency = stand_ins[p.capability]
        else:
            continue
        fields[p.nation] = fields.get(p.nation, 0.0) + p.quantity * efficiency
        key = (p.capability, efficiency, phase in p.phases)
        mine = parts.setdefault(p.nation, {})
        mine[key] = mine.get(key, 0.0) + p.quantity

    def described(nation: str) -> str:
        out = []
        for (kind, efficiency, here), units in sorted(parts[nation].items()):
            stands = "" if efficiency == 1.0 else f" (stands in at {efficiency:g})"
            where = "" if here else " for other phases"
            out.append(f"{units:g} × {kind}{stands}{where}")
        return ", ".join(out)

    out = []
    for nation in sorted(set(nations)):
        if nation in excluded:
            continue
        stance = stances.get(nation)
        weight = STANCE_WEIGHT[stance]
        if weight == 0.0:
            continue
        capacity = fields.get(nation, 0.0)
        score = weight * (1.0 + capacity)
        stance_text = f"stance {stance.value}" if stance else "no recorded stance"
        if capacity:
            reason = f"pledges {described(nation)}; {stance_text}"
        else:
            reason = f"fields no {capability} in its pledges; {stance_text}"
        out.append(Suggestion(nation, round(score, 6), reason))
    out.sort(key=lambda s: (-s.score, s.nation))
    return out[:limit]
