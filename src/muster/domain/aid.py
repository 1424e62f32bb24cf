"""Aid records, with the Kiel Ukraine Support Tracker's committed / allocated / delivered stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from muster.domain._checks import Checker
from muster.domain.enums import AidType


@dataclass(frozen=True, slots=True, kw_only=True)
class AidRecord:
    """One aid item from `donor` to `recipient`; each stage dated when it happened."""

    id: str
    donor: str
    type: AidType
    item: str
    recipient: str = "UKR"
    quantity: float | None = None
    value_eur: float | None = None
    committed: date | None = None
    allocated: date | None = None
    delivered: date | None = None
    source: str | None = None
    entered_by: str | None = None
    illustrative: bool = False
    note: str | None = None

    def __post_init__(self) -> None:
        c = Checker("aid_record", self.id)
        c.ident("id", self.id)
        c.iso3("donor", self.donor)
        c.iso3("recipient", self.recipient)
        c.text("item", self.item)
        c.number("quantity", self.quantity, minimum=0, required=False)
        c.number("value_eur", self.value_eur, minimum=0, required=False)
        c.dates("committed", self.committed, "allocated", self.allocated)
        c.dates("allocated", self.allocated, "delivered", self.delivered)
        c.dates("committed", self.committed, "delivered", self.delivered)
        if self.source is None and not self.entered_by:
            c.fail("source", "an aid record needs a source or the user who entered it (entered_by)")
        c.done()

    @property
    def key(self) -> str:
        return self.id

    def stage_on(self, day: date) -> str | None:
        """The furthest stage reached by `day`: 'delivered', 'allocated', 'committed' or None."""
        for name in ("delivered", "allocated", "committed"):
            when = getattr(self, name)
            if when is not None and when <= day:
                return name
        return None
