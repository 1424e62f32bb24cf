"""What the mission needs: missions, phases, the capability catalogue and requirement lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from muster.domain._checks import Checker
from muster.domain.enums import CapabilityDomain


@dataclass(frozen=True, slots=True, kw_only=True)
class Mission:
    id: str
    name: str
    description: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        c = Checker("mission", self.id)
        c.ident("id", self.id)
        c.text("name", self.name)
        c.done()

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Phase:
    """A sequential phase of a mission; `seq` orders them, `start`/`end` are planning dates."""

    id: str
    mission: str
    name: str
    seq: int
    start: date | None = None
    end: date | None = None
    description: str | None = None
    illustrative: bool = False

    def __post_init__(self) -> None:
        c = Checker("phase", self.id)
        c.ident("id", self.id)
        c.ident("mission", self.mission)
        c.text("name", self.name)
        c.number("seq", self.seq, minimum=0, whole=True)
        c.dates("start", self.start, "end", self.end)
        c.done()

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class Substitution:
    """One unit of the owning capability fills `efficiency` units of `capability` (0 < e ≤ 1)."""

    capability: str
    efficiency: float

    def __post_init__(self) -> None:
        c = Checker("substitution", self.capability)
        c.ident("capability", self.capability)
        c.number("efficiency", self.efficiency, above=0, maximum=1)
        c.done()


@dataclass(frozen=True, slots=True, kw_only=True)
class Capability:
    """A catalogue entry: what is counted (`unit`) in which `domain`, what it may stand in for."""

    id: str
    name: str
    unit: str
    domain: CapabilityDomain
    substitutes: tuple[Substitution, ...] = ()
    description: str | None = None

    def __post_init__(self) -> None:
        c = Checker("capability", self.id)
        c.ident("id", self.id)
        c.text("name", self.name)
        c.text("unit", self.unit)
        c.unique("substitutes", (s.capability for s in self.substitutes))
        for s in self.substitutes:
            if s.capability == self.id:
                c.fail("substitutes", "a capability cannot substitute for itself")
        c.done()

    @property
    def key(self) -> str:
        return self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class RequirementLine:
    """What a phase needs of one capability.

    `priority` 1 is the most important; the allocation is lexicographic by priority (after the
    minimums of critical lines). `weight` is the line's importance in coverage figures (a
    phase's coverage is the weighted mean of its lines' fill; default 1, every line equal).
    `minimum` is the minimum viable quantity; a phase reaches its minimum viable force when
    every `critical` line has its minimum (a phase that marks no line critical counts every
    line). `rotation` n (the 1:n rule: one unit deployed, n − 1 preparing or recovering) makes
    a pledge's sustainable contribution quantity / n, unless the pledge says its figure is
    already sustained. A pledge may fill this line only when it carries every tag in
    `required_tags` and none in `excluded_tags`.
    """

    id: str
    phase: str
    capability: str
    quantity: float
    minimum: float = 0.0
    priority: int = 1
    weight: float = 1.0
    critical: bool = False
    rotation: float = 1.0
    required_tags: tuple[str, ...] = ()
    excluded_tags: tuple[str, ...] = ()
    illustrative: bool = False
    source: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        c = Checker("requirement_line", self.id)
        c.ident("id", self.id)
        c.ident("phase", self.phase)
        c.ident("capability", self.capability)
        c.number("quantity", self.quantity, above=0)
        c.number("minimum", self.minimum, minimum=0)
        c.number("priority", self.priority, minimum=1, maximum=100, whole=True)
        c.number("weight", self.weight, above=0, maximum=1000)
        c.number("rotation", self.rotation, minimum=1, maximum=12)
        if not isinstance(self.critical, bool):
            c.fail("critical", f"expected true or false, got {self.critical!r}")
        if (
            isinstance(self.minimum, int | float)
            and isinstance(self.quantity, int | float)
            and self.minimum > self.quantity
        ):
            c.fail("minimum", f"minimum {self.minimum:g} exceeds quantity {self.quantity:g}")
        clash = set(self.required_tags) & set(self.excluded_tags)
        if clash:
            c.fail("excluded_tags", f"tags both required and excluded: {', '.join(sorted(clash))}")
        c.done()

    @property
    def key(self) -> str:
        return self.id
