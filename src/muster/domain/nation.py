"""Nations, and the actors who speak for them through offices held over time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from muster.domain._checks import Checker


@dataclass(frozen=True, slots=True, kw_only=True)
class Nation:
    """A state, keyed by its ISO 3166-1 alpha-3 code.

    `aliases` are other names ("Britain", "UK"), `demonyms` adjectives ("British"), and `metonyms`
    the capitals and institutions that speak for it ("London", "Downing Street"); the news
    ingester reads all three. `gdp_eur_bn` is nominal GDP in billions of euros for `gdp_year`.
    """

    iso3: str
    name: str
    eu: bool = False
    nato: bool = False
    gdp_eur_bn: float | None = None
    gdp_year: int | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    source: str | None = None

    def __post_init__(self) -> None:
        c = Checker("nation", self.iso3)
        c.iso3("iso3", self.iso3)
        c.text("name", self.name)
        c.number("gdp_eur_bn", self.gdp_eur_bn, minimum=0, required=False)
        c.number("gdp_year", self.gdp_year, minimum=1900, maximum=2100, whole=True, required=False)
        c.done()

    @property
    def key(self) -> str:
        return self.iso3


@dataclass(frozen=True, slots=True, kw_only=True)
class Office:
    """An office held for a nation from `start` to `end` (inclusive; `end` None = still held)."""

    title: str
    nation: str
    start: date
    end: date | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        c = Checker("office", self.title)
        c.text("title", self.title)
        c.iso3("nation", self.nation)
        if not isinstance(self.start, date):
            c.fail("start", "is required (a date)")
        else:
            c.dates("start", self.start, "end", self.end)
        c.done()

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


Gender = Literal["f", "m", "x"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A person who speaks for nations through the offices they hold.

    `gender` ("f", "m", "x") lets the ingester resolve "she said" to the last named actor.
    """

    name: str
    aliases: tuple[str, ...] = ()
    gender: Gender | None = None
    offices: tuple[Office, ...] = field(default=())

    def __post_init__(self) -> None:
        c = Checker("actor", self.name)
        c.text("name", self.name)
        if self.gender not in (None, "f", "m", "x"):
            c.fail("gender", f"expected 'f', 'm' or 'x', got {self.gender!r}")
        c.done()

    @property
    def key(self) -> str:
        return self.name

    def offices_on(self, day: date) -> tuple[Office, ...]:
        """The offices held on `day`, most recently started first."""
        held = [o for o in self.offices if o.held_on(day)]
        return tuple(sorted(held, key=lambda o: o.start, reverse=True))

    def nation_on(self, day: date) -> str | None:
        """The nation this actor speaks for on `day`, or None when they hold no office then.

        When offices for several nations overlap (rare), the most recently started wins.
        """
        held = self.offices_on(day)
        return held[0].nation if held else None
