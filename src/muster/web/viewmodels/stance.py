"""The stance map as of a date and the count of nations per stance over time.

Both are derived from accepted statements by `muster.domain.stance`; nothing here types a stance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from muster.domain import Dataset, Stance, change_dates, stance_counts, stances_as_of
from muster.web.viewmodels.common import stance_label


@dataclass(frozen=True, slots=True)
class MapEntry:
    """One nation on the map: its stance on the day and the statement that decided it."""

    iso3: str
    name: str
    stance: Stance | None
    label: str
    since: date | None = None
    statement: str | None = None
    quote: str | None = None
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class LegendItem:
    stance: Stance | None
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class StanceMap:
    """The map's data. `first_day`..`last_day` bound the date slider."""

    as_of: date
    first_day: date
    last_day: date
    entries: tuple[MapEntry, ...]
    legend: tuple[LegendItem, ...]
    stepped_up: int

    @property
    def slider_max(self) -> int:
        return (self.last_day - self.first_day).days

    @property
    def slider_value(self) -> int:
        return min(max((self.as_of - self.first_day).days, 0), self.slider_max)


@dataclass(frozen=True, slots=True)
class StanceSeries:
    """How many nations hold each stance on each day in `days` (a step series)."""

    days: tuple[date, ...]
    counts: dict[Stance, tuple[int, ...]]
    stepped_up: tuple[int, ...]


def date_range(ds: Dataset, today: date) -> tuple[date, date]:
    """From the first accepted statement to `today` (or the last statement, if later)."""
    days = change_dates(ds.statements)
    if not days:
        return today, today
    return days[0], max(today, days[-1])


def clamp(day: date, first: date, last: date) -> date:
    return min(max(day, first), last)


def stance_map(ds: Dataset, *, as_of: date, today: date) -> StanceMap:
    """Every nation of the dataset with its stance on `as_of` (clamped to the slider's range)."""
    first, last = date_range(ds, today)
    as_of = clamp(as_of, first, last)
    held = stances_as_of(ds.statements, as_of)
    entries = []
    for n in sorted(ds.nations, key=lambda n: n.name):
        ns = held.get(n.iso3)
        if ns is None:
            entries.append(MapEntry(n.iso3, n.name, None, stance_label(None)))
            continue
        s = ns.statement
        entries.append(
            MapEntry(
                n.iso3,
                n.name,
                ns.stance,
                stance_label(ns.stance),
                since=s.date,
                statement=s.id,
                quote=s.quote,
                speaker=s.actor,
            )
        )
    legend = tuple(
        LegendItem(st, stance_label(st), sum(1 for e in entries if e.stance is st))
        for st in (*Stance, None)
    )
    stepped = sum(1 for e in entries if e.stance is not None and e.stance.stepped_up)
    return StanceMap(as_of, first, last, tuple(entries), legend, stepped)


def stance_series(ds: Dataset, *, today: date) -> StanceSeries:
    """Counts per stance on each change date, plus the day before the first and `today`."""
    changes = change_dates(ds.statements)
    if not changes:
        return StanceSeries((), {st: () for st in Stance}, ())
    days = [changes[0] - timedelta(days=1), *changes]
    if today > days[-1]:
        days.append(today)
    counts = stance_counts(ds.statements, days)
    return StanceSeries(
        tuple(days),
        {st: tuple(c[st] for c in counts) for st in Stance},
        tuple(sum(n for st, n in c.items() if st.stepped_up) for c in counts),
    )
