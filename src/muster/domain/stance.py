"""A nation's stance as of a date, derived from its accepted statements (never typed twice).

Rule: the latest accepted statement on or before the date decides. Several on the same day are
ordered by (1) a named speaker over an unnamed spokesperson or source, (2) the more cautious
stance (opposed > skeptical > ... > lead: a planner should not count a nation as stepped up while
the same day also brings a more cautious signal), (3) the larger statement id, so the answer never
depends on input order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from muster.domain.enums import Stance, StatementStatus
from muster.domain.statement import Statement


@dataclass(frozen=True, slots=True)
class NationStance:
    """The stance of `nation` on a date and the statement that decided it."""

    nation: str
    stance: Stance
    statement: Statement


def precedence(statement: Statement) -> tuple[date, int, int, str]:
    """Sort key: the statement that sorts last decides (see the module docstring)."""
    return (statement.date, statement.actor is not None, statement.stance.rank, statement.id)


def _accepted_in_order(statements: Iterable[Statement]) -> list[Statement]:
    accepted = [s for s in statements if s.status is StatementStatus.ACCEPTED]
    accepted.sort(key=precedence)
    return accepted


def stances_as_of(statements: Iterable[Statement], as_of: date) -> dict[str, NationStance]:
    """nation → its stance on `as_of`; nations with no accepted statement by then are absent."""
    out: dict[str, NationStance] = {}
    for s in _accepted_in_order(statements):
        if s.date > as_of:
            break
        out[s.nation] = NationStance(s.nation, s.stance, s)
    return out


def stance_as_of(statements: Iterable[Statement], nation: str, as_of: date) -> NationStance | None:
    return stances_as_of((s for s in statements if s.nation == nation), as_of).get(nation)


def stance_counts(statements: Iterable[Statement], days: Sequence[date]) -> list[dict[Stance, int]]:
    """For each day in `days` (ascending), how many nations hold each stance on that day.

    Every stance appears in every dict (zero when none), in glossary order: the data of the
    "how many have stepped up" chart.
    """
    if any(b < a for a, b in pairwise(days)):
        raise ValueError("stance_counts: days must be ascending")
    ordered = _accepted_in_order(statements)
    current: dict[str, Stance] = {}
    counts: list[dict[Stance, int]] = []
    i = 0
    for day in days:
        while i < len(ordered) and ordered[i].date <= day:
            current[ordered[i].nation] = ordered[i].stance
            i += 1
        tally = Counter(current.values())
        counts.append({st: tally.get(st, 0) for st in Stance})
    return counts


def stance_timeline(statements: Iterable[Statement], nation: str) -> list[NationStance]:
    """The deciding statement at each date on which `nation`'s stance was set, oldest first.

    One entry per date with accepted statements (the one that decided that day), so a page can
    show every change with its quote, speaker and source.
    """
    by_day: dict[date, Statement] = {}
    for s in _accepted_in_order(x for x in statements if x.nation == nation):
        by_day[s.date] = s
    return [NationStance(nation, s.stance, s) for _, s in sorted(by_day.items())]


def change_dates(statements: Iterable[Statement]) -> list[date]:
    """The distinct dates of accepted statements, ascending (where the map can change)."""
    return sorted({s.date for s in statements if s.status is StatementStatus.ACCEPTED})
