"""From the outbox to deliveries: which change is which event, and who may be told of it.

`dispatch(session=..., now=...)` takes the outbox's entries (history written in the changes'
own transactions), derives events from them (a stance change, a pledge withdrawn, a condition's
status, a new proposal) and, per subscription, keeps those its owner subscribed to *and may
read*: the history entry must pass the audit log's read rule for that user (before, after and
the row's latest state), so a delegate subscribed to another nation's national pledge gets
nothing at all. Gap crossings are measured per subscriber on the data that subscriber may read
(`policy.filter_dataset`), so a hidden pledge never moves a figure anyone is told about.
Everything happens in the caller's one transaction: the outbox entries are consumed exactly
when their deliveries are stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from muster.app.changes import line_percents
from muster.app.history import readable
from muster.app.subscription import scope_key
from muster.auth import User
from muster.auth.policy import filter_dataset
from muster.domain import Dataset, Statement, StatementStatus, from_record, stances_as_of
from muster.store import subscription as store
from muster.store import user as user_store
from muster.store.history import Change
from muster.store.load import load_dataset, load_rows
from muster.store.schema import TABLES

COVERAGE_ENTITIES = frozenset(
    {"pledge", "condition", "requirement_line", "scenario", "phase", "capability"}
)


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened, before anyone's read rule is applied."""

    type: str
    change: Change | None  # the history entry it comes from (None: a gap crossing)
    data: dict[str, Any]
    nation: str | None = None
    conditions: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    scenario: str | None = None
    scenarios: tuple[str, ...] = field(default=())


def _change(entry: store.OutboxEntry) -> Change:
    return Change(
        id=entry.history_id,
        entity=entry.entity,
        key=entry.key,
        version=entry.version,
        op=entry.op,  # type: ignore[arg-type]
        who=entry.who,
        why=entry.why,
        recorded_at=entry.recorded_at,
        before=entry.before,
        after=entry.after,
    )


def _common(c: Change) -> dict[str, Any]:
    return {
        "entity": c.entity,
        "key": c.key,
        "version": c.version,
        "recorded_at": c.recorded_at.isoformat(),
        "who": c.who,
        "why": c.why,
    }


def _statement(record: Mapping[str, Any] | None) -> Statement | None:
    if record is None or record.get("status") != StatementStatus.ACCEPTED.value:
        return None
    try:
        obj = from_record(Statement, dict(record))
    except (TypeError, ValueError):
        return None
    return obj if isinstance(obj, Statement) else None


def stance_event(session: Session, c: Change, today: date) -> Event | None:
    """The nation's stance on `today` with the statement as it was before `c` and as it is
    after; an event when the two differ. The other statements are the nation's as stored."""
    record = c.after if c.after is not None else c.before
    if record is None:
        return None
    nation = str(record.get("nation", ""))
    table = TABLES[Statement].table
    stored = load_rows(
        session=session,
        cls=Statement,
        where=(table.c.nation == nation) & (table.c.status == StatementStatus.ACCEPTED.value),
    )
    others = [s.obj for s in stored if s.obj.id != c.key]

    def stance(record: Mapping[str, Any] | None) -> Any:
        mine = _statement(record)
        found = stances_as_of([*others, *([mine] if mine else [])], today).get(nation)
        return found

    before, after = stance(c.before), stance(c.after)
    was = before.stance if before else None
    now = after.stance if after else None
    if was is now or (now is None and was is None):
        return None
    deciding = after.statement if after else None
    data = {
        **_common(c),
        "nation": nation,
        "from": was.value if was else None,
        "to": now.value if now else None,
        "statement": None
        if deciding is None
        else {
            "id": deciding.id,
            "date": deciding.date.isoformat(),
            "speaker": deciding.actor,
            "quote": deciding.quote,
            "source": deciding.source,
        },
    }
    conditions = tuple(deciding.conditions) if deciding else ()
    return Event("stance.changed", c, data, nation=nation, conditions=conditions)


def _lines_for(ds: Dataset, record: Mapping[str, Any]) -> tuple[str, ...]:
    phases = set(record.get("phases") or ())
    capability = record.get("capability")
    return tuple(
        r.id for r in ds.requirement_lines if r.capability == capability and r.phase in phases
    )


def events_of(session: Session, c: Change, ds: Dataset, today: date) -> list[Event]:
    """The events one history entry makes (none for most)."""
    before, after = c.before or {}, c.after or {}
    out: list[Event] = []
    if c.entity == "statement":
        found = stance_event(session, c, today)
        if found is not None:
            out.append(found)
        if after.get("status") == StatementStatus.PROPOSED.value and (
            before.get("status") != StatementStatus.PROPOSED.value
        ):
            data = {
                **_common(c),
                "nation": after.get("nation"),
                "date": after.get("date"),
                "stance": after.get("stance"),
                "quote": after.get("quote"),
                "confidence": after.get("confidence"),
            }
            nation = str(after.get("nation", ""))
            out.append(
                Event(
                    "proposal.created",
                    c,
                    data,
                    nation=nation,
                    conditions=tuple(after.get("conditions") or ()),
                )
            )
    elif (
        c.entity == "pledge"
        and after.get("status") == "withdrawn"
        and before.get("status") not in (None, "withdrawn")
    ):
        data = {
            **_common(c),
            "pledge": c.key,
            "nation": after.get("nation"),
            "capability": after.get("capability"),
            "quantity": after.get("quantity"),
            "from": before.get("status"),
            "to": "withdrawn",
        }
        out.append(
            Event(
                "pledge.withdrawn",
                c,
                data,
                nation=str(after.get("nation", "")),
                conditions=tuple(after.get("conditions") or ()),
                lines=_lines_for(ds, after),
                scenarios=tuple(
                    s.id for s in ds.scenarios if c.key in s.pledges_in or c.key in s.pledges_out
                ),
            )
        )
    elif c.entity == "condition" and after and before.get("status") != after.get("status"):
        data = {
            **_common(c),
            "condition": c.key,
            "name": after.get("name"),
            "from": before.get("status"),
            "to": after.get("status"),
        }
        out.append(Event("condition.changed", c, data, conditions=(c.key,)))
    return out


def matches(targets: Sequence[str], event: Event) -> bool:
    """Whether an event concerns one of the targets (every event, when there are none)."""
    if not targets:
        return True
    for target in targets:
        kind, _, key = target.partition(":")
        if (
            (kind == "nation" and event.nation == key)
            or (kind == "condition" and key in event.conditions)
            or (kind == "line" and key in event.lines)
            or (kind == "scenario" and (event.scenario == key or key in event.scenarios))
        ):
            return True
    return False


def may_be_told(session: Session, user: User, event: Event) -> bool:
    """The read rule for one subscriber: a history-based event only if the audit log would
    show its entry to `user`; a gap crossing is computed on what `user` may read already."""
    if event.change is None:
        return True
    return any(True for _ in readable(session, user, [event.change]))


@dataclass
class Dispatched:
    """What one dispatch did: entries consumed and deliveries made."""

    entries: int = 0
    deliveries: int = 0


def _readers(session: Session, subs: Iterable[store.SubscriptionRecord]) -> dict[str, User]:
    out: dict[str, User] = {}
    for name in {s.username for s in subs}:
        account = user_store.find_user(session=session, username=name)
        if account is not None and account.active:
            out[name] = account.principal()
    return out


def _deliver(
    session: Session, sub: store.SubscriptionRecord, user: User, event: Event, now: datetime
) -> None:
    c = event.change
    store.add_delivery(
        session=session,
        delivery_id=store.new_id("msg"),
        subscription_id=sub.id,
        event=event.type,
        ref=None if c is None else (c.entity, c.key, c.version),
        scope=scope_key(user),
        payload={"type": event.type, "timestamp": now.isoformat(), "data": event.data},
        when=now,
    )


def gap_events(
    ds: Dataset, sub: store.SubscriptionRecord, user: User, cache: dict[Any, Any]
) -> tuple[list[Event], dict[str, Any]]:
    """Crossings of the subscription's threshold since its last measure, and its new state.

    Measured on `ds` filtered for `user`; if the user's read scope changed since the last
    measure, the new figures become the baseline and nothing is told (figures computed on
    different data must not be compared)."""
    scenario = next((t.split(":", 1)[1] for t in sub.targets if t.startswith("scenario:")), None)
    scope = scope_key(user)
    key = (scope, scenario)
    if key not in cache:
        cache[key] = line_percents(filter_dataset(user, ds), scenario)
    wanted = {t.split(":", 1)[1] for t in sub.targets if t.startswith("line:")}
    now = {k: v for k, v in cache[key].items() if not wanted or k in wanted}
    state = {"scope": scope, "lines": now}
    previous = sub.state.get("lines", {}) if sub.state.get("scope") == scope else None
    if previous is None:
        return [], state
    threshold = 100.0 if sub.threshold is None else sub.threshold
    lines = ds.index("requirement_lines")
    out = []
    for line, percent in sorted(now.items()):
        before = previous.get(line)
        if before is None:
            continue
        below_then, below_now = before < threshold, percent < threshold
        if below_then == below_now:
            continue
        r = lines.get(line)
        data = {
            "line": line,
            "phase": r.phase if r else None,
            "capability": r.capability if r else None,
            "scenario": scenario,
            "threshold": threshold,
            "percent_before": round(before, 2),
            "percent_now": round(percent, 2),
            "direction": "below" if below_now else "reached",
        }
        out.append(Event("gap.crossed", None, data, lines=(line,), scenario=scenario))
    return out, state


def dispatch(*, session: Session, now: datetime, limit: int = 500) -> Dispatched:
    """Turn up to `limit` outbox entries into deliveries, in the caller's transaction."""
    entries = store.take_outbox(session=session, limit=limit)
    done = Dispatched(entries=len(entries))
    if not entries:
        return done
    subs = store.list_subscriptions(session=session)
    readers = _readers(session, subs)
    if not readers:
        return done
    ds = load_dataset(session=session)
    changes = [_change(e) for e in entries]
    events = [ev for c in changes for ev in events_of(session, c, ds, now.date())]
    for sub in subs:
        user = readers.get(sub.username)
        if user is None:
            continue
        for event in events:
            wanted = event.type in sub.events and matches(sub.targets, event)
            if wanted and may_be_told(session, user, event):
                _deliver(session, sub, user, event, now)
                done.deliveries += 1
    if any(c.entity in COVERAGE_ENTITIES for c in changes):
        cache: dict[Any, Any] = {}
        for sub in subs:
            user = readers.get(sub.username)
            if user is None or "gap.crossed" not in sub.events:
                continue
            crossed, state = gap_events(ds, sub, user, cache)
            store.set_state(session=session, subscription_id=sub.id, state=state)
            for event in crossed:
                _deliver(session, sub, user, event, now)
                done.deliveries += 1
    return done
