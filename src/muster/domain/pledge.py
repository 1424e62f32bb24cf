"""Pledges: what a nation offers, for which phases, under which conditions and caveats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from muster.domain._checks import Checker
from muster.domain._checks import article as _article
from muster.domain.enums import Classification, PledgeStatus
from muster.errors import InvalidInput, Problem

# draft → offered → confirmed → deployed; anything live may be withdrawn; a withdrawn pledge
# may be offered again (a nation that steps back in), which keeps its history in one row.
PLEDGE_TRANSITIONS: dict[PledgeStatus, frozenset[PledgeStatus]] = {
    PledgeStatus.DRAFT: frozenset({PledgeStatus.OFFERED, PledgeStatus.WITHDRAWN}),
    PledgeStatus.OFFERED: frozenset({PledgeStatus.CONFIRMED, PledgeStatus.WITHDRAWN}),
    PledgeStatus.CONFIRMED: frozenset({PledgeStatus.DEPLOYED, PledgeStatus.WITHDRAWN}),
    PledgeStatus.DEPLOYED: frozenset({PledgeStatus.WITHDRAWN}),
    PledgeStatus.WITHDRAWN: frozenset({PledgeStatus.OFFERED}),
}

# The statuses coverage counts unless a scenario says otherwise.
COUNTED_STATUSES: tuple[PledgeStatus, ...] = (
    PledgeStatus.OFFERED,
    PledgeStatus.CONFIRMED,
    PledgeStatus.DEPLOYED,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pledge:
    """A nation's pledge of `quantity` units of `capability`.

    It may serve each phase in `phases` with its full quantity (phases are sequential), and is
    active only when every condition in `conditions` holds. `caveats` are tags matched against
    requirement lines. `readiness_days` is how long it takes to arrive once called: as of a
    date, it counts for a phase only if it arrives by the phase's start (docs/engine.md).
    `sustained` says `quantity` is already what can be kept in place over time, so a line's
    rotation does not divide it. Provenance: `sources` or `entered_by`. `illustrative` marks
    planning figures no source gives.
    """

    id: str
    nation: str
    capability: str
    quantity: float
    phases: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    status: PledgeStatus = PledgeStatus.OFFERED
    readiness_days: int | None = None
    sustained: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    classification: Classification = Classification.PUBLIC
    sources: tuple[str, ...] = ()
    entered_by: str | None = None
    illustrative: bool = False
    note: str | None = None

    def __post_init__(self) -> None:
        c = Checker("pledge", self.id)
        c.ident("id", self.id)
        c.iso3("nation", self.nation)
        c.ident("capability", self.capability)
        c.number("quantity", self.quantity, minimum=0)
        if not self.phases:
            c.fail("phases", "a pledge must name at least one phase")
        c.unique("phases", self.phases)
        c.unique("conditions", self.conditions)
        c.number("readiness_days", self.readiness_days, minimum=0, whole=True, required=False)
        if not isinstance(self.sustained, bool):
            c.fail("sustained", f"expected true or false, got {self.sustained!r}")
        c.dates("valid_from", self.valid_from, "valid_to", self.valid_to)
        if not self.sources and not self.entered_by:
            c.fail("sources", "a pledge needs a source or the user who entered it (entered_by)")
        c.done()

    @property
    def key(self) -> str:
        return self.id

    def covers(self, start: date | None, end: date | None) -> bool:
        """Whether the validity window covers a phase running from `start` to `end`.

        An open bound on either side never excludes: a pledge without `valid_to` is valid until
        withdrawn, a phase without dates is covered by any window.
        """
        if self.valid_from is not None and start is not None and self.valid_from > start:
            return False
        return not (self.valid_to is not None and end is not None and self.valid_to < end)

    def arrival(self, as_of: date) -> date | None:
        """When it can be in place if called on `as_of`: as_of + readiness_days, `as_of` itself
        once deployed, None when its readiness is not recorded."""
        if self.status is PledgeStatus.DEPLOYED:
            return as_of
        if self.readiness_days is None:
            return None
        return as_of + timedelta(days=self.readiness_days)

    def in_time(self, as_of: date, start: date | None, grace_days: int = 0) -> bool:
        """Whether, called on `as_of`, it is in place by `start` + `grace_days` (the arrival
        rule of docs/engine.md). A phase without a start date, or a pledge without a recorded
        readiness, is never late: nothing says it would be."""
        arrives = self.arrival(as_of)
        return start is None or arrives is None or arrives <= start + timedelta(days=grace_days)


def check_pledge_transition(pledge: Pledge, to: PledgeStatus) -> None:
    """Raise InvalidInput when `pledge` may not move to status `to`."""
    allowed = PLEDGE_TRANSITIONS[pledge.status]
    if to != pledge.status and to not in allowed:
        names = ", ".join(s.value for s in PledgeStatus if s in allowed) or "nothing"
        raise InvalidInput(
            Problem(
                f"cannot go from {pledge.status.value} to {to.value}; "
                f"{_article(pledge.status.value)} {pledge.status.value} pledge may become: {names}",
                entity="pledge",
                key=pledge.id,
                field="status",
            )
        )
