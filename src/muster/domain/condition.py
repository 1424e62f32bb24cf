"""Conditions pledges and stances depend on, and the scenarios that assume them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from muster.domain._checks import Checker
from muster.domain.enums import ConditionStatus, PledgeStatus
from muster.domain.pledge import COUNTED_STATUSES


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """A proposition such as "truce agreed" or "US backstop".

    `status` is what is known today; `probability` is P(holds) for Monte Carlo when unknown.
    Correlation: conditions sharing a `group` load on that group's latent factor with weight
    `loading` in [0, 1) (a Gaussian copula; see docs/engine.md). `prerequisites` must hold for
    this condition to hold ("peace signed" needs "truce agreed").
    """

    id: str
    name: str
    status: ConditionStatus = ConditionStatus.UNKNOWN
    probability: float = 0.5
    group: str | None = None
    loading: float = 0.0
    prerequisites: tuple[str, ...] = ()
    description: str | None = None
    illustrative: bool = False
    source: str | None = None

    def __post_init__(self) -> None:
        c = Checker("condition", self.id)
        c.ident("id", self.id)
        c.text("name", self.name)
        c.number("probability", self.probability, minimum=0, maximum=1)
        c.number("loading", self.loading, minimum=0, maximum=0.999)
        c.ident("group", self.group, required=False)
        if self.loading and self.group is None:
            c.fail("loading", "a loading needs a correlation group")
        c.unique("prerequisites", self.prerequisites)
        if self.id in self.prerequisites:
            c.fail("prerequisites", "a condition cannot be its own prerequisite")
        c.done()

    @property
    def key(self) -> str:
        return self.id


def _frozen(mapping: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(sorted(mapping.items())))


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A named assumption set applied on top of the data.

    `forced` fixes conditions to hold (True) or fail (False); `probabilities` overrides P(holds);
    `nations_in` (when not empty) keeps only those nations, `nations_out` drops nations;
    `pledges_in` counts pledges whatever their status, `pledges_out` ignores pledges;
    `statuses` are the pledge statuses counted.
    """

    id: str
    name: str
    description: str | None = None
    forced: Mapping[str, bool] = field(default_factory=dict)
    probabilities: Mapping[str, float] = field(default_factory=dict)
    nations_in: tuple[str, ...] = ()
    nations_out: tuple[str, ...] = ()
    pledges_in: tuple[str, ...] = ()
    pledges_out: tuple[str, ...] = ()
    statuses: tuple[PledgeStatus, ...] = COUNTED_STATUSES

    def __post_init__(self) -> None:
        c = Checker("scenario", self.id)
        c.ident("id", self.id)
        c.text("name", self.name)
        for cond, p in self.probabilities.items():
            c.number(f"probabilities.{cond}", p, minimum=0, maximum=1)
        for cond, v in self.forced.items():
            if not isinstance(v, bool):
                c.fail(f"forced.{cond}", f"expected true or false, got {v!r}")
        overlap = set(self.nations_in) & set(self.nations_out)
        if overlap:
            c.fail("nations_out", f"nations both in and out: {', '.join(sorted(overlap))}")
        overlap = set(self.pledges_in) & set(self.pledges_out)
        if overlap:
            c.fail("pledges_out", f"pledges both in and out: {', '.join(sorted(overlap))}")
        c.unique("statuses", self.statuses)
        c.done()
        object.__setattr__(self, "forced", _frozen(self.forced))
        object.__setattr__(self, "probabilities", _frozen(self.probabilities))

    @property
    def key(self) -> str:
        return self.id
