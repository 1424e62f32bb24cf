"""The data of the charts people ask for: a pledge's life, pledges by status, pledged vs
required per phase, and aid by donor, each over time and as one reader may see it.

Clocks, as in `muster.app.changes`: a pledge starts on its dated start (valid_from, else its
first source's date; else when it was recorded) with the status it was first recorded with;
each later status is placed when it was recorded (statuses carry no date). Coverage per phase
is computed on the data as of each day (`changes.coverage_on`). Aid follows the dates of its
stages. Pledges the reader may not read are never counted (`policy.filter_dataset` and the
audit log's rule for history).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy.orm import Session

from muster.app.changes import coverage_on, dated_start
from muster.app.history import readable
from muster.auth import User
from muster.auth.policy import ensure_readable
from muster.domain import COUNTED_STATUSES, Dataset, PledgeStatus, Scenario
from muster.errors import NotFound
from muster.store.history import Change, entries, log

MAX_POINTS = 40  # coverage is solved once per point: keep a chart's cost bounded


@dataclass(frozen=True, slots=True)
class LifePoint:
    """The pledge at one moment: its status and quantity, which clock placed it, who and why."""

    at: datetime
    status: PledgeStatus
    quantity: float | None
    clock: str
    who: str | None
    why: str | None
    op: str


@dataclass(frozen=True, slots=True)
class PledgeLife:
    pledge: str
    nation: str
    capability: str
    points: tuple[LifePoint, ...]


def _status(value: object) -> PledgeStatus | None:
    try:
        return PledgeStatus(str(value))
    except ValueError:
        return None


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def life_points(changes: Sequence[Change], start: date | None) -> list[LifePoint]:
    """A pledge's points from its history (oldest first): the first one at its dated start
    when it has one, the others when recorded; a point only where status or quantity moved."""
    out: list[LifePoint] = []
    for i, c in enumerate(changes):
        record = c.after if c.after is not None else c.before
        if record is None:
            continue
        status = _status(record.get("status"))
        if status is None:
            continue
        quantity = record.get("quantity")
        qty = float(quantity) if isinstance(quantity, int | float) else None
        if c.op == "delete":
            status = PledgeStatus.WITHDRAWN
        if out and out[-1].status is status and out[-1].quantity == qty and c.op != "delete":
            continue
        dated = i == 0 and start is not None and _moment(start) <= c.recorded_at
        out.append(
            LifePoint(
                at=_moment(start) if dated and start is not None else c.recorded_at,
                status=status,
                quantity=qty,
                clock="dated" if dated else "recorded",
                who=c.who,
                why=c.why,
                op=c.op,
            )
        )
    return out


def pledge_life(*, session: Session, user: User, dataset: Dataset, pledge_id: str) -> PledgeLife:
    """One pledge's life, for `user` (`dataset` already filtered for them); NotFound, as if it
    did not exist, when they may not read it."""
    pledge = dataset.index("pledges").get(pledge_id)
    if pledge is None:
        raise NotFound(f"no pledge {pledge_id!r}")
    ensure_readable(user, pledge, entity="pledge", key=pledge_id)
    changes = list(
        readable(session, user, entries(session=session, entity="pledge", key=pledge_id))
    )
    published = {s.id: s.published for s in dataset.sources}
    start = dated_start(pledge.valid_from, pledge.sources, published)
    return PledgeLife(
        pledge.id, pledge.nation, pledge.capability, tuple(life_points(changes, start))
    )


@dataclass(frozen=True, slots=True)
class StatusSeries:
    """How many pledges were in each status on each day (the reader's pledges only)."""

    days: tuple[date, ...]
    counts: dict[PledgeStatus, tuple[int, ...]]


def status_series(*, session: Session, user: User, dataset: Dataset, today: date) -> StatusSeries:
    """Pledges by status over time, from every readable pledge's life."""
    readable_ids = {p.id for p in dataset.pledges}
    by_key: dict[str, list[Change]] = {}
    for c in readable(session, user, log(session=session, entity="pledge")):
        if c.key in readable_ids:
            by_key.setdefault(c.key, []).append(c)
    published = {s.id: s.published for s in dataset.sources}
    pledges = dataset.index("pledges")
    lives = []
    for key, changes in by_key.items():
        changes.sort(key=lambda c: c.version)
        p = pledges[key]
        lives.append(life_points(changes, dated_start(p.valid_from, p.sources, published)))
    return status_counts(lives, today=today)


def status_counts(lives: Iterable[Sequence[LifePoint]], *, today: date) -> StatusSeries:
    """Per day on which any pledge moved (and `today`), the pledges in each status."""
    lives = [list(x) for x in lives if x]
    days = sorted({p.at.date() for life in lives for p in life} | {today})
    counts: dict[PledgeStatus, list[int]] = {s: [] for s in PledgeStatus}
    for day in days:
        tally = dict.fromkeys(PledgeStatus, 0)
        for life in lives:
            current = None
            for point in life:
                if point.at.date() <= day:
                    current = point.status
            if current is not None:
                tally[current] += 1
        for s in PledgeStatus:
            counts[s].append(tally[s])
    return StatusSeries(tuple(days), {s: tuple(v) for s, v in counts.items()})


@dataclass(frozen=True, slots=True)
class PhaseTrend:
    """Per phase: percent of its requirement pledged (every condition holding) and covered
    (conditions as they stand, or as the scenario says), on each day."""

    phase: str
    name: str
    pledged: tuple[float | None, ...]
    covered: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class CoverageTrend:
    days: tuple[date, ...]
    phases: tuple[PhaseTrend, ...]
    scenario: str | None
    illustrative: bool


ALL_HOLD = "all-conditions-hold"


def _thin(days: list[date], limit: int = MAX_POINTS) -> list[date]:
    if len(days) <= limit:
        return days
    step = (len(days) - 1) / (limit - 1)
    return sorted({days[round(i * step)] for i in range(limit)})


def _phase_percent(ds: Dataset, day: date, scenario: str | None) -> dict[str, float | None]:
    view = coverage_on(ds, day, scenario)
    if view is None:
        return {}
    groups: dict[str, list[float]] = {}
    for x in view.lines:
        if x.required > 0:
            groups.setdefault(x.phase, []).append(min(x.filled / x.required, 1.0))
    return {p: 100.0 * sum(v) / len(v) for p, v in groups.items()}


def coverage_trend(dataset: Dataset, *, today: date, scenario: str | None = None) -> CoverageTrend:
    """Pledged and covered per phase on each day a pledge starts or ends (and today)."""
    if scenario is not None and scenario not in dataset.index("scenarios"):
        raise NotFound(f"no scenario {scenario!r}")
    published = {s.id: s.published for s in dataset.sources}
    days: set[date] = {today}
    for p in dataset.pledges:
        start = dated_start(p.valid_from, p.sources, published)
        days.update(d for d in (start, p.valid_to) if d is not None and d <= today)
    ordered = _thin(sorted(days))
    hold = Scenario(
        id=ALL_HOLD,
        name="Every condition holds",
        forced={c.id: True for c in dataset.conditions},
        statuses=COUNTED_STATUSES,
    )
    with_hold = replace(dataset, scenarios=(*dataset.scenarios, hold))
    pledged = [_phase_percent(with_hold, d, ALL_HOLD) for d in ordered]
    covered = [_phase_percent(dataset, d, scenario) for d in ordered]
    phases = sorted(dataset.phases, key=lambda p: (p.seq, p.id))
    return CoverageTrend(
        days=tuple(ordered),
        phases=tuple(
            PhaseTrend(
                ph.id,
                ph.name,
                tuple(x.get(ph.id) for x in pledged),
                tuple(x.get(ph.id) for x in covered),
            )
            for ph in phases
            if any(r.phase == ph.id for r in dataset.requirement_lines)
        ),
        scenario=scenario,
        illustrative=any(r.illustrative for r in dataset.requirement_lines),
    )


STAGES = ("committed", "allocated", "delivered")


@dataclass(frozen=True, slots=True)
class DonorSeries:
    """A donor's cumulative aid value (EUR) at each stage on each day, and its undated or
    unvalued records (counted, not summed)."""

    donor: str
    name: str
    values: dict[str, tuple[float, ...]]
    unvalued: int


@dataclass(frozen=True, slots=True)
class AidTrend:
    days: tuple[date, ...]
    donors: tuple[DonorSeries, ...]


def aid_trend(dataset: Dataset) -> AidTrend:
    """Aid by donor over time: for each stage, the value reached by each day (cumulative)."""
    names = {n.iso3: n.name for n in dataset.nations}
    days = sorted(
        {d for a in dataset.aid_records for s in STAGES if (d := getattr(a, s)) is not None}
    )
    donors = sorted({a.donor for a in dataset.aid_records})
    out = []
    for donor in donors:
        records = [a for a in dataset.aid_records if a.donor == donor]
        values = {
            stage: tuple(
                sum(
                    a.value_eur
                    for a in records
                    if a.value_eur is not None
                    and (when := getattr(a, stage)) is not None
                    and when <= day
                )
                for day in days
            )
            for stage in STAGES
        }
        unvalued = sum(
            1 for a in records if a.value_eur is None or all(getattr(a, s) is None for s in STAGES)
        )
        out.append(DonorSeries(donor, names.get(donor, donor), values, unvalued))
    return AidTrend(tuple(days), tuple(out))


@dataclass(frozen=True, slots=True)
class TrendsView:
    """The charts page and the brief's "over time" section."""

    today: date
    statuses: StatusSeries
    coverage: CoverageTrend
    aid: AidTrend


def trends(
    *, session: Session, user: User, dataset: Dataset, today: date, scenario: str | None = None
) -> TrendsView:
    """Every trend chart's data for `user` (`dataset` already filtered for them)."""
    return TrendsView(
        today=today,
        statuses=status_series(session=session, user=user, dataset=dataset, today=today),
        coverage=coverage_trend(dataset, today=today, scenario=scenario),
        aid=aid_trend(dataset),
    )
