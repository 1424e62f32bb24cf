"""Force generation: open a call for contributions, take nations' offers, decide on them, and
print the shortfall list with suggested contributors (`muster conference`, `/conference`,
`/api/v1/conference`).

Each use case takes who is acting and applies the policy here, so the CLI, the API and the pages
cannot differ: a delegate offers for its own nation only; deciding on an offer is the planner's
(`requirement:edit`); accepting an offer creates the pledge it becomes, as the planner, citing
the offer's own source, and withdrawing the decision withdraws that pledge. A reader sees only
the offers (and the suggestions built from pledges) it may read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from muster.app import records
from muster.auth import User
from muster.auth.policy import ensure, ensure_readable, filter_dataset
from muster.auth.roles import Capability
from muster.domain import (
    Call,
    Dataset,
    Decision,
    Offer,
    Pledge,
    PledgeStatus,
    RequirementLine,
    stances_as_of,
    to_record,
)
from muster.domain.conference import LineSourcing, PledgeFact, Suggestion, sourcing, suggest
from muster.engine.coverage import coverage as exact_coverage
from muster.errors import Conflict, InvalidInput, NotFound, Problem
from muster.interchange.tables import neutralise
from muster.store import service
from muster.store.load import Stored, load_dataset


def create_call(*, session: Session, user: User, call: Call, reason: str) -> Call:
    """Open a call (planners); `entered_by` is the acting user unless a source is cited."""
    return records.create(db=session, user=user, obj=call, reason=reason, public_read=True).obj


def _call(session: Session, call_id: str) -> Call:
    return service.get(session=session, entity=Call, key=call_id).obj


def submit_offer(
    *, session: Session, user: User, offer: Offer, reason: str, today: date
) -> Stored[Offer]:
    """Record a nation's offer against one line of a call (its delegates, or an admin).

    Refused: a line the call does not source, a nation not invited, a call past its deadline
    (the date is the caller's `today`), and any decision but pending (that is `decide`)."""
    call = _call(session, offer.call)
    problems = []
    if offer.line not in call.lines:
        problems.append(
            Problem(f"line {offer.line!r} is not one of call {call.id!r}'s lines", field="line")
        )
    if call.invited and offer.nation not in call.invited:
        problems.append(Problem(f"{offer.nation} was not invited to {call.id!r}", field="nation"))
    if call.deadline is not None and today > call.deadline:
        problems.append(
            Problem(f"call {call.id!r} closed on {call.deadline.isoformat()}", field="call")
        )
    if offer.decision is not Decision.PENDING or offer.pledge is not None:
        problems.append(
            Problem("a new offer is pending; decide on it with accept", field="decision")
        )
    if problems:
        raise InvalidInput([replace(p, entity="offer", key=offer.id) for p in problems])
    offer = replace(offer, offered=offer.offered or today)
    return records.create(db=session, user=user, obj=offer, reason=reason, public_read=True)


def _marker(offer: Offer) -> str:
    return f"accepted from offer {offer.id} (call {offer.call})"


def _pledge_id(session: Session, offer: Offer) -> tuple[str, Stored[Pledge] | None]:
    """The id of the pledge accepting `offer` makes, and that pledge if it exists already (the
    offer was accepted, then declined): `p-<offer id>`, unless a pledge made for another reason
    holds that id, then `p-<offer id>-2`, `-3`, ... so accepting never overwrites it."""
    for n in range(1, 1000):
        key = f"p-{offer.id}" if n == 1 else f"p-{offer.id}-{n}"
        try:
            old = service.get(session=session, entity=Pledge, key=key)
        except NotFound:
            return key, None
        if old.obj.nation == offer.nation and (old.obj.note or "").startswith(_marker(offer)):
            return key, old
    raise Conflict(f"no free pledge id for offer {offer.id!r}")


def _pledge_for(
    offer: Offer, pledge_id: str, line_phase: str, capability: str, planner: str
) -> Pledge:
    return Pledge(
        id=pledge_id,
        nation=offer.nation,
        capability=capability,
        quantity=offer.quantity,
        phases=(line_phase,),
        conditions=offer.conditions,
        caveats=offer.caveats,
        status=PledgeStatus.CONFIRMED,
        readiness_days=offer.readiness_days,
        classification=offer.classification,
        sources=(offer.source,) if offer.source else (),
        entered_by=None if offer.source else planner,
        note=_marker(offer),
    )


def decide(
    *,
    session: Session,
    user: User,
    offer_id: str,
    decision: Decision,
    reason: str,
    expected_version: int | None = None,
) -> Stored[Offer]:
    """Accept, decline or hold an offer (planners). Accepting creates its pledge (confirmed,
    for the line's phase and capability) and links it; moving an accepted offer to decline or
    hold withdraws that pledge. The offer's history records who and why, as does the pledge's.
    """
    ensure(user, Capability.REQUIREMENT_EDIT)
    stored = service.get(session=session, entity=Offer, key=offer_id)
    offer = ensure_readable(user, stored.obj, entity="offer", key=offer_id)
    if expected_version is not None and expected_version != stored.version:
        raise Conflict(
            f"offer {offer_id!r} changed since you read it (version {stored.version})",
            current_version=stored.version,
        )
    if not reason.strip():
        raise InvalidInput(Problem("a decision needs a reason", entity="offer", field="reason"))
    if decision is offer.decision:
        return stored
    if decision is Decision.PENDING:
        raise InvalidInput(
            Problem("an offer cannot go back to pending", entity="offer", field="decision")
        )
    pledge_id = offer.pledge
    if decision is Decision.ACCEPT:
        line = service.get(session=session, entity=RequirementLine, key=offer.line).obj
        key, old = _pledge_id(session, offer)
        pledge = _pledge_for(offer, key, line.phase, line.capability, user.name)
        if old is None:
            service.create(session=session, obj=pledge, who=records.actor(user), reason=reason)
        else:  # accepted before, then declined: offer it again
            service.update(
                session=session,
                obj=replace(pledge, status=PledgeStatus.OFFERED),
                expected_version=old.version,
                who=records.actor(user),
                reason=reason,
            )
            again = service.get(session=session, entity=Pledge, key=pledge.id)
            service.update(
                session=session,
                obj=pledge,
                expected_version=again.version,
                who=records.actor(user),
                reason=reason,
            )
        pledge_id = pledge.id
    elif offer.decision is Decision.ACCEPT and offer.pledge is not None:
        old = service.get(session=session, entity=Pledge, key=offer.pledge)
        if old.obj.status is not PledgeStatus.WITHDRAWN:
            service.update(
                session=session,
                obj=replace(old.obj, status=PledgeStatus.WITHDRAWN),
                expected_version=old.version,
                who=records.actor(user),
                reason=reason,
            )
        pledge_id = None
    changed = replace(
        offer,
        decision=decision,
        reason=reason,
        pledge=pledge_id if decision is Decision.ACCEPT else None,
    )
    return service.update(
        session=session,
        obj=changed,
        expected_version=stored.version,
        who=records.actor(user),
        reason=reason,
    )


# --- the shortfall list ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GapLine:
    sourcing: LineSourcing
    name: str
    suggestions: tuple[Suggestion, ...]


@dataclass(frozen=True, slots=True)
class Sourcing:
    """A call as one reader may see it: per line, need vs pledges vs offers, and who might
    fill what is still missing."""

    call: Call
    on: date
    lines: tuple[GapLine, ...]
    offers: tuple[Offer, ...]

    @property
    def shortfalls(self) -> tuple[GapLine, ...]:
        return tuple(g for g in self.lines if g.sourcing.shortfall > 0)


def sourcing_view(ds: Dataset, call_id: str, on: date) -> Sourcing:
    """`ds` (already filtered for the reader) as the sourcing of call `call_id` on `on`: what
    current pledges fill (the engine's exact coverage of the data as recorded, every condition
    as it stands), the offers on each line, and ranked suggestions for each shortfall."""
    calls = ds.index("calls")
    if call_id not in calls:
        raise NotFound(f"no call {call_id!r}")
    call: Call = calls[call_id]
    lines = ds.index("requirement_lines")
    caps = ds.index("capabilities")
    result = exact_coverage(ds) if ds.requirement_lines else None
    filled = {x.line: x.filled for x in result.lines} if result else {}
    table = {k: (r.phase, r.capability, r.quantity) for k, r in lines.items()}
    offers = tuple(o for o in ds.offers if o.call == call_id)
    per_line = sourcing(call, table, filled, offers)
    stances = {n: s.stance for n, s in stances_as_of(ds.statements, on).items()}
    facts = [PledgeFact(p.nation, p.capability, p.quantity, p.phases, p.status) for p in ds.pledges]
    nations = call.invited or tuple(n.iso3 for n in ds.nations)
    out = []
    for src in per_line:
        line = lines[src.line]
        # capabilities that can stand in for this one (a substitution is declared on the one
        # that stands in: `substitutes` lists what it can replace, at an efficiency)
        stand_ins = {
            k.id: s.efficiency
            for k in caps.values()
            for s in k.substitutes
            if s.capability == line.capability
        }
        offering = {
            o.nation for o in offers if o.line == src.line and o.decision is not Decision.DECLINE
        }
        found = (
            suggest(
                capability=line.capability,
                phase=line.phase,
                stand_ins=stand_ins,
                pledges=facts,
                stances=stances,
                nations=nations,
                exclude=offering,
            )
            if src.shortfall > 0
            else []
        )
        name = caps[line.capability].name if line.capability in caps else line.capability
        out.append(GapLine(src, name, tuple(found)))
    return Sourcing(call, on, tuple(out), offers)


def shortfall_lists(ds: Dataset, on: date) -> tuple[Sourcing, ...]:
    """The sourcing of every call in `ds` (already filtered for the reader) that has a line
    still short on `on`, latest deadline first: what the conference brief prints."""
    found = (sourcing_view(ds, c.id, on) for c in ds.calls)
    short = [v for v in found if v.shortfalls]
    return tuple(sorted(short, key=lambda v: (v.call.deadline or on, v.call.id), reverse=True))


def view(*, session: Session, user: User, call_id: str, on: date) -> Sourcing:
    """The sourcing of a call as `user` may read it (NotFound for an unknown call)."""
    ensure(user, Capability.DATA_READ)
    return sourcing_view(filter_dataset(user, load_dataset(session=session)), call_id, on)


def calls(*, session: Session, user: User) -> tuple[Call, ...]:
    ensure(user, Capability.DATA_READ)
    return load_dataset(session=session).calls


def as_json(view: Sourcing) -> dict[str, Any]:
    """The sourcing as JSON: the API's answer and the conference page's twin."""
    return {
        "call": to_record(view.call),
        "as_of": view.on.isoformat(),
        "lines": [
            {
                "line": g.sourcing.line,
                "name": g.name,
                "phase": g.sourcing.phase,
                "required": g.sourcing.required,
                "filled": g.sourcing.filled,
                "shortfall": g.sourcing.shortfall,
                "offered": g.sourcing.offered,
                "held": g.sourcing.held,
                "accepted": g.sourcing.accepted,
                "declined": g.sourcing.declined,
                "uncovered": g.sourcing.uncovered,
                "offers": list(g.sourcing.offers),
                "suggestions": [
                    {"nation": s.nation, "score": s.score, "reason": s.reason}
                    for s in g.suggestions
                ],
            }
            for g in view.lines
        ],
        "offers": [to_record(o) for o in view.offers],
    }


SHORTFALL_COLUMNS = (
    "line",
    "phase",
    "capability",
    "required",
    "filled",
    "shortfall",
    "offered (pending)",
    "held",
    "accepted",
    "uncovered if all open offers are accepted",
    "suggested contributors",
)


def shortfall_rows(view: Sourcing) -> list[list[Any]]:
    """The shortfall list as rows (CJSOR-like: one row per line still short), header first."""
    rows: list[list[Any]] = [list(SHORTFALL_COLUMNS)]
    for g in view.shortfalls:
        s = g.sourcing
        rows.append(
            [
                s.line,
                s.phase,
                g.name,
                s.required,
                s.filled,
                s.shortfall,
                s.offered,
                s.held,
                s.accepted,
                s.uncovered,
                "; ".join(f"{x.nation} ({x.reason})" for x in g.suggestions),
            ]
        )
    return rows


def shortfall_xlsx(view: Sourcing) -> bytes:
    """The shortfall list as an XLSX workbook; text cells are neutralised against formulas."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "shortfalls"
    for row in shortfall_rows(view):
        ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
    info = wb.create_sheet("call")
    info.append(["call", neutralise(view.call.id)])
    info.append(["name", neutralise(view.call.name)])
    info.append(["as of", view.on.isoformat()])
    info.append(["deadline", view.call.deadline.isoformat() if view.call.deadline else ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = [
    "GapLine",
    "Sourcing",
    "as_json",
    "calls",
    "create_call",
    "decide",
    "shortfall_lists",
    "shortfall_rows",
    "shortfall_xlsx",
    "sourcing_view",
    "submit_offer",
    "view",
]
