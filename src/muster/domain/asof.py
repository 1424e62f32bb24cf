"""What the data said about a date: the `as_of` filter behind `muster export --as-of`.

`as_of(dataset, day)` keeps what was true or known on `day`, judged by the dates the data are
about (not by when they were recorded; that is record-time replay, in the store):
- statements dated on or before `day`;
- pledges valid on `day` (`valid_from` ≤ day ≤ `valid_to`, an open bound never excludes);
- aid records at the stage they had reached by `day`: later stage dates are cleared, and records
  whose first dated stage comes after `day` are left out (undated records are kept);
- actors with the offices they had started by `day`; an office still held on `day` shows no end
  (nobody knew it yet);
- scenarios without the pledges left out;
- conditions with the status changes that had started by `day` (their status then);
- calls for contributions opened by `day` (undated ones are kept), and their offers made by
  then; an offer whose pledge is not valid yet is not decided yet (pending, no pledge);
- sources that anything kept cites, or published on or before `day` (undated ones are kept).
Nations, missions, phases, capabilities and requirement lines are kept as they are.
The result passes `Dataset.check()` whenever the input does.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from muster.domain.aid import AidRecord
from muster.domain.conference import Decision
from muster.domain.dataset import Dataset
from muster.domain.nation import Actor
from muster.domain.pledge import Pledge

STAGES = ("committed", "allocated", "delivered")


def _pledge_valid(pledge: Pledge, day: date) -> bool:
    if pledge.valid_from is not None and pledge.valid_from > day:
        return False
    return pledge.valid_to is None or pledge.valid_to >= day


def _aid_on(record: AidRecord, day: date) -> AidRecord | None:
    dated = [getattr(record, s) for s in STAGES if getattr(record, s) is not None]
    if dated and min(dated) > day:
        return None

    def reached(when: date | None) -> date | None:
        return when if when is not None and when <= day else None

    return replace(
        record,
        committed=reached(record.committed),
        allocated=reached(record.allocated),
        delivered=reached(record.delivered),
    )


def _actor_on(actor: Actor, day: date) -> Actor:
    offices = tuple(
        o if o.end is None or o.end <= day else replace(o, end=None)
        for o in actor.offices
        if o.start <= day
    )
    return actor if offices == actor.offices else replace(actor, offices=offices)


def as_of(dataset: Dataset, day: date) -> Dataset:
    """The part of `dataset` that holds on `day` (see the module docstring for each rule)."""
    statements = tuple(s for s in dataset.statements if s.date <= day)
    pledges = tuple(p for p in dataset.pledges if _pledge_valid(p, day))
    kept_pledges = {p.id for p in pledges}
    aid = tuple(a for r in dataset.aid_records if (a := _aid_on(r, day)) is not None)
    actors = tuple(_actor_on(a, day) for a in dataset.actors)
    conditions = tuple(c.as_known_on(day) for c in dataset.conditions)
    scenarios = tuple(
        replace(
            sc,
            pledges_in=tuple(p for p in sc.pledges_in if p in kept_pledges),
            pledges_out=tuple(p for p in sc.pledges_out if p in kept_pledges),
        )
        for sc in dataset.scenarios
    )
    cited: set[str] = set()
    cited.update(s.source for s in statements if s.source)
    for p in pledges:
        cited.update(p.sources)
    cited.update(a.source for a in aid if a.source)
    cited.update(n.source for n in dataset.nations if n.source)
    cited.update(o.source for a in actors for o in a.offices if o.source)
    cited.update(c.source for c in conditions if c.source)
    cited.update(e.source for c in conditions for e in c.status_history if e.source)
    cited.update(m.source for m in dataset.missions if m.source)
    cited.update(r.source for r in dataset.requirement_lines if r.source)
    calls = tuple(c for c in dataset.calls if c.opened is None or c.opened <= day)
    open_calls = {c.id for c in calls}
    offers = tuple(
        o
        if o.pledge is None or o.pledge in kept_pledges
        else replace(o, decision=Decision.PENDING, reason=None, pledge=None)
        for o in dataset.offers
        if o.call in open_calls and (o.offered is None or o.offered <= day)
    )
    cited.update(c.source for c in calls if c.source)
    cited.update(o.source for o in offers if o.source)
    sources = tuple(
        s for s in dataset.sources if s.id in cited or s.published is None or s.published <= day
    )
    return replace(
        dataset,
        sources=sources,
        actors=actors,
        conditions=conditions,
        statements=statements,
        pledges=pledges,
        aid_records=aid,
        scenarios=scenarios,
        calls=calls,
        offers=offers,
    )
