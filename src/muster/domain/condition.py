"""Conditions pledges and stances depend on, and the scenarios that assume them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType
from typing import Any

from muster.domain._checks import Checker
from muster.domain.enums import ConditionStatus, PledgeStatus
from muster.domain.pledge import COUNTED_STATUSES
from muster.errors import InvalidInput, Problem


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusChange:
    """A condition's status from `start` on (None: since before anything was recorded), with
    the `source` that reported it."""

    status: ConditionStatus
    start: date | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        c = Checker("status_change", self.start.isoformat() if self.start else None)
        if not isinstance(self.status, ConditionStatus):
            c.fail("status", f"expected holds, fails or unknown, got {self.status!r}")
        if self.start is not None and not isinstance(self.start, date):
            c.fail("start", f"expected a date, got {self.start!r}")
        c.done()


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """A proposition such as "truce agreed" or "US backstop".

    `status_history` says what was known when: "unknown" until 6 May 2025, "holds" from then
    (entries in date order; only the first may be undated, meaning "since before any record").
    `status` is the latest entry's status, `status_on(day)` the one in force on a day; no
    entry means unknown. `probability` is the *marginal* P(holds) for Monte Carlo when the
    status is unknown: prerequisites included, so "peace signed" at 0.35 holds in 35 % of the
    worlds whatever "truce agreed" is (see docs/engine.md). Correlation: conditions sharing a
    `group` load on that group's latent factor with weight `loading` in [0, 1) (a Gaussian
    copula). `prerequisites` must hold for this condition to hold ("peace signed" needs "truce
    agreed").
    """

    id: str
    name: str
    status_history: tuple[StatusChange, ...] = ()
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
        for i, entry in enumerate(self.status_history):
            if not isinstance(entry, StatusChange):
                c.fail("status_history", f"entry {i + 1}: expected a status change")
                break
            if i and entry.start is None:
                c.fail(
                    "status_history",
                    f"entry {i + 1} has no start date: only the first entry may be undated",
                )
            before = self.status_history[i - 1].start if i else None
            if i and entry.start is not None and before is not None and entry.start <= before:
                c.fail(
                    "status_history",
                    f"entry {i + 1} starts {entry.start.isoformat()}, not after the entry "
                    f"before it ({before.isoformat()}): list changes in date order",
                )
        c.done()

    @property
    def key(self) -> str:
        return self.id

    @property
    def status(self) -> ConditionStatus:
        """The latest status recorded (unknown when none is)."""
        return self.status_history[-1].status if self.status_history else ConditionStatus.UNKNOWN

    def status_on(self, day: date | None) -> ConditionStatus:
        """The status in force on `day` (None: the latest); unknown before the first entry."""
        if day is None:
            return self.status
        found = ConditionStatus.UNKNOWN
        for entry in self.status_history:
            if entry.start is not None and entry.start > day:
                break
            found = entry.status
        return found

    def as_known_on(self, day: date) -> Condition:
        """This condition with only the status changes that had started by `day`."""
        kept = tuple(e for e in self.status_history if e.start is None or e.start <= day)
        if kept == self.status_history:
            return self
        return replace(self, status_history=kept)

    @staticmethod
    def upgrade_record(record: Mapping[str, Any]) -> Mapping[str, Any]:
        """Read the single `status` field of files and history written before December 2026 as
        one undated entry of `status_history` (none when it was unknown). Given with a
        history, it must be the history's latest status (InvalidInput otherwise)."""
        if "status" not in record:
            return record
        out = dict(record)
        status = out.pop("status")
        word = status.strip().lower() if isinstance(status, str) else status
        if "status_history" in out:
            entries = out["status_history"]
            last: Any = ConditionStatus.UNKNOWN.value
            if isinstance(entries, list | tuple) and entries and isinstance(entries[-1], Mapping):
                last = entries[-1].get("status")
            if (word or ConditionStatus.UNKNOWN.value) != last:
                key = record.get("id")
                raise InvalidInput(
                    Problem(
                        f"status {status!r} is not the latest entry of status_history "
                        f"({last}): give the history alone",
                        entity="condition",
                        key=key if isinstance(key, str) else None,
                        field="status",
                    )
                )
            return out
        if word in (None, "", ConditionStatus.UNKNOWN.value):
            out["status_history"] = []
        else:
            out["status_history"] = [{"status": status}]
        return out


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
