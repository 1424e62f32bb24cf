"""What changed between two moments, as one reader may see it: `muster changes`, `/changes`.

Two clocks, and each line of the report says which one placed it (`clock`):

- **dated** (valid time, the dates the data are about): a stance changes on the date of the
  statement that changed it; a pledge is *added* on its dated start (`valid_from`, else the
  publication date of its first source) and *ends* on `valid_to`; aid reaches a stage on the
  stage's date; coverage per phase "then" and "now" is computed on the data as of those days.
- **recorded** (transaction time, the history): what the model does not date is placed when it
  was recorded: a pledge's status changes (offered, confirmed, deployed, withdrawn), its other
  edits and deletion, a pledge entered without any date, a condition's status, a new proposal.

A date window [since, until] is read by days for dated facts (both days included) and by the
moment for recorded ones. Rows recorded inside the window but dated before it (an analyst
entering last spring's statements today) are listed apart as `backdated`, so a database loaded
in one go (the demo) does not report its whole past as news.

The report is computed on what the reader may read: `policy.filter_dataset` for the data, the
audit log's rule (`web.api.audit.readable`) for history entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy.orm import Session

from muster.app.history import readable
from muster.auth import User
from muster.auth.policy import filter_dataset, scrub_scenario
from muster.domain import (
    Call,
    Condition,
    ConditionStatus,
    Dataset,
    Pledge,
    PledgeStatus,
    Stance,
    StatementStatus,
    stance_timeline,
    stances_as_of,
)
from muster.domain.asof import as_of
from muster.errors import InvalidInput, NotFound, Problem
from muster.store.history import Change, log
from muster.store.load import load_dataset
from muster.web.viewmodels.coverage import CoverageView, coverage_for

Clock = Literal["dated", "recorded"]
CLOCKS: dict[str, str] = {
    "stances": "dated: the date of the statement that changed the stance",
    "pledges": "dated for a pledge's start (valid_from, else its first source's date) and end "
    "(valid_to); recorded for status changes, edits, deletions and pledges entered undated",
    "conditions": "dated: the start of each entry of a condition's status history; recorded: "
    "when an undated status was recorded (a condition entered with one: its source's date)",
    "proposals": "recorded: when the proposed statement entered the review queue",
    "aid": "dated: the day each stage (committed, allocated, delivered) was reached",
    "coverage": "dated: the data as of the day before the window and as of its last day, as "
    "recorded now; pledge statuses are today's (they carry no date)",
    "backdated": "recorded inside the window, dated before it",
}


@dataclass(frozen=True, slots=True)
class MeetingDate:
    """A named reference date to count changes from (a coalition meeting, later a conference)."""

    day: date
    label: str


# The coalition's own meetings (shared/ANCHORS.md). Stored force-sourcing conferences (calls for
# contributions) join them in `reference_dates`, the one place that gathers them.
MEETINGS: tuple[MeetingDate, ...] = (
    MeetingDate(date(2025, 2, 17), "Paris emergency meeting"),
    MeetingDate(date(2025, 3, 2), "London summit"),
    MeetingDate(date(2025, 3, 6), "European Council, Brussels"),
    MeetingDate(date(2025, 3, 15), "Virtual leaders' meeting"),
    MeetingDate(date(2025, 3, 27), "Paris summit"),
    MeetingDate(date(2025, 7, 10), "Multinational Force Ukraine set up"),
    MeetingDate(date(2025, 9, 4), "Paris: 26 countries pledge"),
    MeetingDate(date(2026, 1, 6), "Paris Declaration"),
)


def reference_dates(*, today: date, calls: Iterable[Call] = ()) -> tuple[MeetingDate, ...]:
    """The named dates a reader may count changes from, newest first, none after `today`: the
    coalition's meetings, and each call for contributions' deadline ("since the last
    conference")."""
    conferences = [
        MeetingDate(c.deadline, f"Conference: {c.name}") for c in calls if c.deadline is not None
    ]
    found = [m for m in (*MEETINGS, *conferences) if m.day <= today]
    return tuple(sorted(found, key=lambda m: (m.day, m.label), reverse=True))


@dataclass(frozen=True, slots=True)
class Window:
    """From `since` to `until` (aware, UTC); dated facts count by day, both days included."""

    since: datetime
    until: datetime

    @property
    def first_day(self) -> date:
        return self.since.astimezone(UTC).date()

    @property
    def last_day(self) -> date:
        return self.until.astimezone(UTC).date()

    @property
    def then_day(self) -> date:
        """The last day before the window: the "then" of stances and coverage."""
        return self.first_day - timedelta(days=1)

    def dated(self, day: date | None) -> bool:
        return day is not None and self.first_day <= day <= self.last_day

    def recorded(self, moment: datetime) -> bool:
        return self.since <= moment <= self.until


def parse_when(value: str, *, field: str) -> date | datetime:
    """A day (YYYY-MM-DD) or a moment (ISO 8601; no zone means UTC) from user input; raises
    InvalidInput naming `field` otherwise."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            Problem(
                f"expected a date (2025-09-01) or a moment (2025-09-01T12:00Z), got {text!r}",
                field=field,
            )
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def window(since: datetime | date, until: datetime | date | None, *, now: datetime) -> Window:
    """The window from `since` to `until` (default `now`); a date means its first moment (UTC)
    as `since`, its last as `until`. Raises InvalidInput when it ends before it starts."""

    def moment(value: datetime | date, *, end: bool) -> datetime:
        if isinstance(value, datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        if end:
            return datetime.combine(value, time.max, UTC)
        return datetime.combine(value, time(), UTC)

    try:
        start = moment(since, end=False)
        stop = now if until is None else moment(until, end=True)
        w = Window(start, stop)
        _ = (w.then_day, w.last_day)  # the day before the first must exist too
    except (OverflowError, ValueError):
        raise InvalidInput(
            Problem("a date between 0002-01-01 and 9999-12-30 is needed", field="since")
        ) from None
    if stop < start:
        raise InvalidInput(
            Problem(
                f"the window ends ({stop.isoformat()}) before it starts ({start.isoformat()})",
                field="until",
            )
        )
    return Window(start, stop)


@dataclass(frozen=True, slots=True)
class StanceChange:
    nation: str
    name: str
    on: date
    before: Stance | None  # None: no stance before
    after: Stance
    statement: str
    speaker: str | None
    quote: str
    source: str | None
    clock: Clock = "dated"


@dataclass(frozen=True, slots=True)
class PledgeChange:
    """`what` is added, ends, changed, deleted, or the status it moved to (offered, confirmed,
    deployed, withdrawn, draft)."""

    pledge: str
    nation: str
    capability: str
    quantity: float | None
    what: str
    status_before: PledgeStatus | None
    status_after: PledgeStatus | None
    fields: tuple[str, ...]
    clock: Clock
    on: date
    recorded_at: datetime | None = None
    who: str | None = None
    why: str | None = None


@dataclass(frozen=True, slots=True)
class ConditionChange:
    condition: str
    name: str
    before: ConditionStatus | None
    after: ConditionStatus
    clock: Clock
    on: date
    recorded_at: datetime | None = None
    who: str | None = None
    why: str | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    statement: str
    nation: str
    on: date
    stance: Stance
    quote: str
    recorded_at: datetime
    who: str
    clock: Clock = "recorded"


@dataclass(frozen=True, slots=True)
class AidChange:
    aid: str
    donor: str
    item: str
    stage: str
    on: date
    value_eur: float | None
    clock: Clock = "dated"


@dataclass(frozen=True, slots=True)
class PhaseCoverage:
    """Mean coverage of a phase's lines (percent, each line capped at 100 %) then and now."""

    phase: str
    name: str
    then: float | None
    now: float | None

    @property
    def delta(self) -> float | None:
        return None if self.then is None or self.now is None else self.now - self.then


@dataclass(frozen=True, slots=True)
class GapChange:
    line: str
    phase: str
    capability: str
    unit: str
    gap_then: float | None  # None: the line did not exist then
    gap_now: float | None  # None: the line does not exist now


@dataclass(frozen=True, slots=True)
class Backdated:
    entity: str
    key: str
    on: date
    recorded_at: datetime
    who: str


@dataclass(frozen=True, slots=True)
class ChangesReport:
    since: datetime
    until: datetime
    then_day: date
    scenario: str | None
    stances: tuple[StanceChange, ...]
    pledges: tuple[PledgeChange, ...]
    conditions: tuple[ConditionChange, ...]
    proposals: tuple[Proposal, ...]
    aid: tuple[AidChange, ...]
    coverage: tuple[PhaseCoverage, ...]
    new_gaps: tuple[GapChange, ...]
    closed_gaps: tuple[GapChange, ...]
    backdated: tuple[Backdated, ...]
    clocks: Mapping[str, str]
    references: tuple[MeetingDate, ...] = ()


# --- valid time -------------------------------------------------------------------------------


def dated_start(
    valid_from: date | None, sources: Iterable[str], published: Mapping[str, date | None]
) -> date | None:
    """When a pledge starts in valid time: `valid_from`, else its earliest source's publication
    date, else None (undated: only the history can place it)."""
    if valid_from is not None:
        return valid_from
    days = [d for s in sources if (d := published.get(s)) is not None]
    return min(days, default=None)


def _published(ds: Dataset) -> dict[str, date | None]:
    return {s.id: s.published for s in ds.sources}


def data_on(ds: Dataset, day: date) -> Dataset:
    """`ds` as of `day` (`domain.asof.as_of`), without the pledges whose dated start is later."""
    on = as_of(ds, day)
    published = _published(ds)
    later = frozenset(
        p.id
        for p in on.pledges
        if (start := dated_start(p.valid_from, p.sources, published)) is not None and start > day
    )
    if not later:
        return on
    return replace(
        on,
        pledges=tuple(p for p in on.pledges if p.id not in later),
        scenarios=tuple(scrub_scenario(s, later) for s in on.scenarios),
    )


def coverage_on(ds: Dataset, day: date, scenario: str | None) -> CoverageView | None:
    """Exact coverage of `ds` as of `day` under `scenario`: the one place the report, the trend
    charts and subscriptions compute coverage at a date (the engine's `as_of` joins here)."""
    return coverage_for(data_on(ds, day), scenario)


def line_percents(
    ds: Dataset, scenario: str | None, targets: Iterable[str] = (), *, day: date | None = None
) -> dict[str, float]:
    """Requirement line → percent covered (filled / required, capped at 100) under `scenario`,
    for the lines named in `targets` ("line:ID"; every line when none is named), on `day`
    (default: the data as they stand). What gap thresholds are measured on."""
    if scenario is not None and scenario not in ds.index("scenarios"):
        scenario = None
    view = coverage_for(ds, scenario) if day is None else coverage_on(ds, day, scenario)
    if view is None:
        return {}
    wanted = {t.split(":", 1)[1] for t in targets if t.startswith("line:")}
    return {
        x.line: min(100.0, x.percent or 0.0) for x in view.lines if not wanted or x.line in wanted
    }


def _phase_means(view: CoverageView | None) -> dict[str, tuple[str, float | None]]:
    if view is None:
        return {}
    groups: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    for line in view.lines:
        names[line.phase] = line.phase_name
        if line.required > 0:
            groups.setdefault(line.phase, []).append(min(line.filled / line.required, 1.0))
    return {p: (names[p], 100.0 * sum(v) / len(v) if (v := groups.get(p)) else None) for p in names}


def _coverage(
    ds: Dataset, w: Window, scenario: str | None
) -> tuple[tuple[PhaseCoverage, ...], tuple[GapChange, ...], tuple[GapChange, ...]]:
    then = coverage_on(ds, w.then_day, scenario)
    now = coverage_on(ds, w.last_day, scenario)
    before, after = _phase_means(then), _phase_means(now)
    order = {p.id: (p.seq, p.id) for p in ds.phases}
    phases = sorted(set(before) | set(after), key=lambda p: order.get(p, (0, p)))
    per_phase = tuple(
        PhaseCoverage(
            p,
            (after.get(p) or before[p])[0],
            before[p][1] if p in before else None,
            after[p][1] if p in after else None,
        )
        for p in phases
    )
    gaps_then = {x.line: x for x in (then.lines if then else ())}
    gaps_now = {x.line: x for x in (now.lines if now else ())}
    new: list[GapChange] = []
    closed: list[GapChange] = []
    for key in sorted(set(gaps_then) | set(gaps_now)):
        a, b = gaps_then.get(key), gaps_now.get(key)
        open_then = a is not None and a.gap > 1e-9
        open_now = b is not None and b.gap > 1e-9
        if open_then == open_now:
            continue
        x = b or a
        assert x is not None
        change = GapChange(
            x.line,
            x.phase_name,
            x.capability_name,
            x.unit,
            a.gap if a is not None else None,
            b.gap if b is not None else None,
        )
        (new if open_now else closed).append(change)
    return per_phase, tuple(new), tuple(closed)


def _stances(ds: Dataset, w: Window) -> list[StanceChange]:
    names = {n.iso3: n.name for n in ds.nations}
    out = []
    accepted = [s for s in ds.statements if s.status is StatementStatus.ACCEPTED]
    then = stances_as_of(accepted, w.then_day)
    for nation in sorted({s.nation for s in accepted}):
        previous = then[nation].stance if nation in then else None
        for entry in stance_timeline(accepted, nation):
            if not w.dated(entry.statement.date) or entry.stance is previous:
                continue
            s = entry.statement
            out.append(
                StanceChange(
                    nation,
                    names.get(nation, nation),
                    s.date,
                    previous,
                    entry.stance,
                    s.id,
                    s.actor,
                    s.quote,
                    s.source,
                )
            )
            previous = entry.stance
    return out


def _aid(ds: Dataset, w: Window) -> list[AidChange]:
    out = []
    for a in ds.aid_records:
        for stage in ("committed", "allocated", "delivered"):
            day = getattr(a, stage)
            if w.dated(day):
                out.append(AidChange(a.id, a.donor, a.item, stage, day, a.value_eur))
    return out


# --- transaction time -------------------------------------------------------------------------


def _status(value: Any, enum: type[Any]) -> Any:
    try:
        return None if value is None else enum(value)
    except ValueError:
        return None


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _record_start(record: Mapping[str, Any], published: Mapping[str, date | None]) -> date | None:
    return dated_start(_day(record.get("valid_from")), record.get("sources") or (), published)


def _fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(k for k in after if k != "status" and before.get(k) != after.get(k))


def _pledge_change(
    c: Change, w: Window, published: Mapping[str, date | None], current: set[str]
) -> PledgeChange | Backdated | None:
    record = c.after if c.after is not None else c.before
    assert record is not None
    on = c.recorded_at.astimezone(UTC).date()

    def line(what: str, clock: Clock = "recorded", day: date = on) -> PledgeChange:
        before = _status((c.before or {}).get("status"), PledgeStatus)
        after = _status((c.after or {}).get("status"), PledgeStatus)
        fields = _fields(c.before or {}, c.after) if c.before and c.after else ()
        quantity = record.get("quantity")
        return PledgeChange(
            pledge=c.key,
            nation=str(record.get("nation", "")),
            capability=str(record.get("capability", "")),
            quantity=float(quantity) if isinstance(quantity, int | float) else None,
            what=what,
            status_before=before,
            status_after=after,
            fields=fields,
            clock=clock,
            on=day,
            recorded_at=c.recorded_at,
            who=c.who,
            why=c.why,
        )

    if c.op == "create":
        start = _record_start(record, published)
        if start is None:
            return line("added")
        if w.dated(start):  # listed by its dated start, unless it is gone since
            return None if c.key in current else line("added", "dated", start)
        return (
            Backdated("pledge", c.key, start, c.recorded_at, c.who) if start < w.first_day else None
        )
    if c.op == "delete":
        return line("deleted")
    before_status = (c.before or {}).get("status")
    after_status = (c.after or {}).get("status")
    if before_status != after_status and isinstance(after_status, str):
        return line(after_status)
    return line("changed") if _fields(c.before or {}, c.after or {}) else None


def _history_entries(record: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A recorded condition's status history as plain entries (records written before status
    histories existed carry a single `status`, read as one undated entry)."""
    if not record:
        return []
    try:
        upgraded = Condition.upgrade_record(record)
    except InvalidInput:
        return []
    entries = upgraded.get("status_history") or []
    return [dict(e) for e in entries if isinstance(e, Mapping)]


def _latest(entries: list[dict[str, Any]]) -> ConditionStatus:
    found = _status(entries[-1].get("status"), ConditionStatus) if entries else None
    return found or ConditionStatus.UNKNOWN


def _condition_change(
    c: Change, w: Window, names: Mapping[str, str], published: Mapping[str, date | None]
) -> ConditionChange | Backdated | None:
    """A status change as recorded. A change that adds a dated entry to the status history is
    placed at that date (listed by `dated_condition_changes` when inside the window, backdated
    when before it); an undated one (a status "since before any record", or a condition entered
    with a known status and no date) is placed when it was recorded, or at its source's date
    when it was entered with one."""
    before_entries = _history_entries(c.before)
    after_entries = _history_entries(c.after)
    before = _latest(before_entries) if c.before is not None else None
    after = _latest(after_entries)
    if c.op == "delete" or before is after:
        return None
    if c.before is None and after is ConditionStatus.UNKNOWN:
        return None
    added = [e for e in after_entries if e not in before_entries]
    starts = [d for d in (_day(e.get("start")) for e in added) if d is not None]
    if added and len(starts) == len(added):
        first = min(starts)
        if first < w.first_day:
            return Backdated("condition", c.key, first, c.recorded_at, c.who)
        return None  # dated inside (or after) the window: listed by its date
    clock: Clock = "recorded"
    on = c.recorded_at.astimezone(UTC).date()
    if c.before is None:
        source = (c.after or {}).get("source")
        dated = published.get(source) if isinstance(source, str) else None
        if dated is not None and dated < w.first_day:
            return Backdated("condition", c.key, dated, c.recorded_at, c.who)
        if w.dated(dated):
            assert dated is not None
            clock, on = "dated", dated
    return ConditionChange(
        c.key,
        names.get(c.key, str((c.after or {}).get("name", c.key))),
        before,
        after,
        clock,
        on,
        c.recorded_at,
        c.who,
        c.why,
    )


def _statement_change(c: Change, w: Window) -> Proposal | Backdated | None:
    after = c.after or {}
    before = c.before or {}
    day = _day(after.get("date"))
    if after.get("status") == StatementStatus.PROPOSED.value and (
        before.get("status") != StatementStatus.PROPOSED.value
    ):
        stance = _status(after.get("stance"), Stance)
        if day is None or stance is None:
            return None
        return Proposal(
            c.key,
            str(after.get("nation", "")),
            day,
            stance,
            str(after.get("quote", "")),
            c.recorded_at,
            c.who,
        )
    if c.op == "create" and day is not None and day < w.first_day:
        return Backdated("statement", c.key, day, c.recorded_at, c.who)
    return None


def dated_condition_changes(ds: Dataset, w: Window) -> list[ConditionChange]:
    """Condition status changes dated inside the window, read from each condition's status
    history (from the status in force before the entry to the entry's)."""
    out: list[ConditionChange] = []
    for cond in ds.conditions:
        before = ConditionStatus.UNKNOWN
        for entry in cond.status_history:
            if entry.start is not None and w.dated(entry.start) and entry.status is not before:
                out.append(
                    ConditionChange(cond.id, cond.name, before, entry.status, "dated", entry.start)
                )
            before = entry.status
    return out


def build_report(
    ds: Dataset,
    changes: Iterable[Change],
    w: Window,
    *,
    scenario: str | None = None,
    references: tuple[MeetingDate, ...] = (),
) -> ChangesReport:
    """The report for window `w` from `ds` and the history `changes` recorded in it, both
    already restricted to what the reader may read. Pure: no database, no clock."""
    if scenario is not None and scenario not in ds.index("scenarios"):
        raise NotFound(f"no scenario {scenario!r}")
    published = _published(ds)
    current = {p.id for p in ds.pledges}
    names = {c.id: c.name for c in ds.conditions}
    pledges: list[PledgeChange] = []
    for p in ds.pledges:
        start = dated_start(p.valid_from, p.sources, published)
        if w.dated(start):
            assert start is not None
            pledges.append(_dated_pledge(p, "added", start))
        if w.dated(p.valid_to):
            assert p.valid_to is not None
            pledges.append(_dated_pledge(p, "ends", p.valid_to))
    conditions = dated_condition_changes(ds, w)
    proposals: list[Proposal] = []
    backdated: list[Backdated] = []
    for c in changes:
        if not w.recorded(c.recorded_at):
            continue
        found: Any = None
        if c.entity == "pledge":
            found = _pledge_change(c, w, published, current)
        elif c.entity == "condition":
            found = _condition_change(c, w, names, published)
        elif c.entity == "statement":
            found = _statement_change(c, w)
        if isinstance(found, PledgeChange):
            pledges.append(found)
        elif isinstance(found, ConditionChange):
            conditions.append(found)
        elif isinstance(found, Proposal):
            proposals.append(found)
        elif isinstance(found, Backdated):
            backdated.append(found)
    per_phase, new_gaps, closed_gaps = _coverage(ds, w, scenario)
    return ChangesReport(
        since=w.since,
        until=w.until,
        then_day=w.then_day,
        scenario=scenario,
        stances=tuple(sorted(_stances(ds, w), key=lambda s: (s.on, s.nation))),
        pledges=tuple(sorted(pledges, key=_pledge_order)),
        conditions=tuple(
            sorted(conditions, key=lambda c: (c.on, c.recorded_at or w.since, c.condition))
        ),
        proposals=tuple(sorted(proposals, key=lambda p: (p.recorded_at, p.statement))),
        aid=tuple(sorted(_aid(ds, w), key=lambda a: (a.on, a.aid, a.stage))),
        coverage=per_phase,
        new_gaps=new_gaps,
        closed_gaps=closed_gaps,
        backdated=tuple(sorted(backdated, key=lambda b: (b.entity, b.on, b.key))),
        clocks=CLOCKS,
        references=references,
    )


def _dated_pledge(p: Pledge, what: str, day: date) -> PledgeChange:
    return PledgeChange(
        pledge=p.id,
        nation=p.nation,
        capability=p.capability,
        quantity=p.quantity,
        what=what,
        status_before=None,
        status_after=p.status,
        fields=(),
        clock="dated",
        on=day,
    )


def _pledge_order(p: PledgeChange) -> tuple[date, datetime, str, str]:
    moment = (
        p.recorded_at
        if p.clock == "recorded" and p.recorded_at
        else datetime.min.replace(tzinfo=UTC)
    )
    return (p.on, moment, p.pledge, p.what)


# --- the use case -----------------------------------------------------------------------------

HISTORY_ENTITIES = ("pledge", "condition", "statement")


def recorded_changes(session: Session, user: User, w: Window) -> list[Change]:
    """History entries of pledges, conditions and statements recorded in `w` that `user` may
    read (the audit log's rule), oldest first."""
    found: list[Change] = []
    for entity in HISTORY_ENTITIES:
        entries = log(session=session, entity=entity, since=w.first_day, until=w.last_day)
        found.extend(c for c in readable(session, user, entries) if w.recorded(c.recorded_at))
    return sorted(found, key=lambda c: (c.recorded_at, c.id))


def changes_since(
    *,
    session: Session,
    user: User,
    since: datetime | date,
    until: datetime | date | None = None,
    scenario: str | None = None,
    now: datetime,
    dataset: Dataset | None = None,
) -> ChangesReport:
    """What changed from `since` to `until` (default `now`) that `user` may read.

    `dataset` is the current data if the caller has it loaded already (unfiltered or filtered;
    it is filtered for `user` here). Raises InvalidInput for a window that ends before it
    starts, NotFound for an unknown or unreadable scenario.
    """
    w = window(since, until, now=now)
    ds = filter_dataset(user, dataset if dataset is not None else load_dataset(session=session))
    return build_report(
        ds,
        recorded_changes(session, user, w),
        w,
        scenario=scenario,
        references=reference_dates(today=now.date(), calls=ds.calls),
    )
