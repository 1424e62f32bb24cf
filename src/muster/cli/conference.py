"""`muster conference create|list|offer|offers|allocate|shortfalls`: force generation.

A planner opens a call for contributions against requirement lines; delegates offer against its
lines; the planner accepts (the offer becomes a confirmed pledge), declines or holds each offer
with a reason; `shortfalls` prints what is still missing with suggested contributors, as a
table, JSON or a CJSOR-like XLSX. Every command acts as a stored user (`--user NAME`), whose
rights apply (see docs/conference.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from muster.cli.app import app, state
from muster.cli.common import acting_user, echo_json, open_engine, out_console, parse_day

conference_app = typer.Typer(
    name="conference",
    help="Force generation: calls for contributions, offers, decisions, shortfall lists.",
    no_args_is_help=True,
)
app.add_typer(conference_app)

USER = typer.Option(
    ...,
    "--user",
    envvar="MUSTER_USER",
    help="Who acts (a user of this database; their rights apply).",
)
REASON = typer.Option(..., "--reason", help="Why (kept in history).")


def _today() -> Any:
    return datetime.now(UTC).date()


def _run(ctx: typer.Context, user: str, work: Any, *, write: bool = True) -> Any:
    from muster.store import transaction

    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=write) as session:
            return work(session, acting_user(session, user))
    finally:
        engine.dispose()


@conference_app.command("create")
def create(
    ctx: typer.Context,
    call_id: str = typer.Argument(..., metavar="CALL", help="An id for the call."),
    name: str = typer.Option(..., "--name", help="What the call is for."),
    line: list[str] = typer.Option(..., "--line", help="A requirement line it sources (repeat)."),
    deadline: str | None = typer.Option(None, "--deadline", metavar="DATE", help="Offers by."),
    invite: list[str] = typer.Option([], "--invite", help="An invited nation (ISO3; repeat)."),
    source: str | None = typer.Option(None, "--source", help="The source that records it."),
    user: str = USER,
    reason: str = REASON,
) -> None:
    """Open a call for contributions (planners)."""
    from muster.app import conference
    from muster.domain import Call

    call = Call(
        id=call_id,
        name=name,
        lines=tuple(line),
        deadline=parse_day(deadline, option="--deadline"),
        invited=tuple(n.strip().upper() for n in invite),
        opened=_today(),
        source=source,
        entered_by=None if source else user,
    )
    _run(
        ctx,
        user,
        lambda s, u: conference.create_call(session=s, user=u, call=call, reason=reason),
    )
    typer.echo(f"call {call_id} opened: {len(call.lines)} line(s)")


@conference_app.command("list")
def list_(
    ctx: typer.Context,
    user: str = USER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The calls for contributions."""
    from muster.app import conference
    from muster.domain import to_record

    found = _run(ctx, user, lambda s, u: conference.calls(session=s, user=u), write=False)
    if as_json:
        echo_json([to_record(c) for c in found])
        return
    out = out_console()
    for c in found:
        until = f", offers by {c.deadline.isoformat()}" if c.deadline else ""
        out.print(f"{c.id}  {c.name}: {len(c.lines)} line(s){until}", markup=False)
    if not found:
        out.print("no calls for contributions yet (muster conference create)")


@conference_app.command("offer")
def offer(
    ctx: typer.Context,
    call_id: str = typer.Argument(..., metavar="CALL"),
    line: str = typer.Argument(..., metavar="LINE", help="The call's requirement line."),
    nation: str = typer.Argument(..., metavar="NATION", help="The offering nation (ISO3)."),
    quantity: float = typer.Argument(..., metavar="QUANTITY", help="Units offered."),
    offer_id: str | None = typer.Option(None, "--id", help="Default: CALL-NATION-LINE."),
    readiness_days: int | None = typer.Option(None, "--readiness-days", min=0),
    caveat: list[str] = typer.Option([], "--caveat", help="A caveat tag (repeat)."),
    condition: list[str] = typer.Option([], "--condition", help="A condition it needs (repeat)."),
    classification: str = typer.Option(
        "coalition", "--classification", help="public, coalition or national."
    ),
    source: str | None = typer.Option(None, "--source", help="The source that reports it."),
    user: str = USER,
    reason: str = REASON,
) -> None:
    """Record a nation's offer against a line of a call (its delegates)."""
    from muster.app import conference
    from muster.domain import Classification, Offer
    from muster.errors import InvalidInput, Problem

    iso3 = nation.strip().upper()
    try:
        level = Classification(classification)
    except ValueError:
        raise InvalidInput(
            Problem(
                f"--classification: expected public, coalition or national, got {classification!r}"
            )
        ) from None
    made = Offer(
        id=offer_id or f"{call_id}-{iso3.lower()}-{line}",
        call=call_id,
        line=line,
        nation=iso3,
        quantity=quantity,
        readiness_days=readiness_days,
        caveats=tuple(caveat),
        conditions=tuple(condition),
        classification=level,
        source=source,
        entered_by=None if source else user,
    )
    stored = _run(
        ctx,
        user,
        lambda s, u: conference.submit_offer(
            session=s, user=u, offer=made, reason=reason, today=_today()
        ),
    )
    typer.echo(f"offer {stored.obj.id}: {iso3} offers {quantity:g} against {line}")


@conference_app.command("offers")
def offers(
    ctx: typer.Context,
    call_id: str = typer.Argument(..., metavar="CALL"),
    user: str = USER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Per line of a call: what it needs, what pledges fill, and each offer with its decision."""
    from muster.app import conference
    from muster.domain import to_record

    view = _run(
        ctx,
        user,
        lambda s, u: conference.view(session=s, user=u, call_id=call_id, on=_today()),
        write=False,
    )
    if as_json:
        echo_json([to_record(o) for o in view.offers])
        return
    out = out_console()
    by_id = {o.id: o for o in view.offers}
    for g in view.lines:
        s = g.sourcing
        out.print(
            f"{s.line} ({g.name}, {s.phase}): need {s.required:g}, pledged {s.filled:g}, "
            f"short {s.shortfall:g}",
            markup=False,
        )
        for oid in s.offers:
            o = by_id[oid]
            why = f" — {o.reason}" if o.reason else ""
            out.print(
                f"    {o.id}: {o.nation} {o.quantity:g}  [{o.decision.value}]{why}", markup=False
            )


@conference_app.command("allocate")
def allocate(
    ctx: typer.Context,
    offer_id: str = typer.Argument(..., metavar="OFFER"),
    decision: str = typer.Argument(..., metavar="DECISION", help="accept, decline or hold."),
    user: str = USER,
    reason: str = REASON,
) -> None:
    """Decide on an offer (planners): accept makes it a confirmed pledge."""
    from muster.app import conference
    from muster.domain import Decision
    from muster.errors import InvalidInput, Problem

    try:
        chosen = Decision(decision.strip().lower())
    except ValueError:
        raise InvalidInput(
            Problem(f"DECISION: expected accept, decline or hold, got {decision!r}")
        ) from None
    done = _run(
        ctx,
        user,
        lambda s, u: conference.decide(
            session=s, user=u, offer_id=offer_id, decision=chosen, reason=reason
        ),
    )
    pledge = f"; pledge {done.obj.pledge}" if done.obj.pledge else ""
    typer.echo(f"offer {offer_id}: {done.obj.decision.value}{pledge}")


@conference_app.command("shortfalls")
def shortfalls(
    ctx: typer.Context,
    call_id: str = typer.Argument(..., metavar="CALL"),
    user: str = USER,
    xlsx: Path | None = typer.Option(None, "--xlsx", metavar="FILE", help="Write an XLSX."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The shortfall list: lines still short, offers pending, suggested contributors."""
    from muster.app import conference

    view = _run(
        ctx,
        user,
        lambda s, u: conference.view(session=s, user=u, call_id=call_id, on=_today()),
        write=False,
    )
    if xlsx is not None:
        xlsx.write_bytes(conference.shortfall_xlsx(view))
        typer.echo(f"wrote {xlsx} ({len(view.shortfalls)} line(s) short)")
        return
    rows = conference.shortfall_rows(view)
    if as_json:
        echo_json([dict(zip(rows[0], r, strict=True)) for r in rows[1:]])
        return
    out = out_console()
    if not view.shortfalls:
        out.print(f"call {call_id}: no line is short")
    for g in view.shortfalls:
        s = g.sourcing
        out.print(
            f"{s.line} ({g.name}, {s.phase}): short {s.shortfall:g} of {s.required:g}; "
            f"pending offers {s.offered:g}, held {s.held:g}",
            markup=False,
        )
        for x in g.suggestions:
            out.print(f"    suggest {x.nation} ({x.score:.2f}): {x.reason}", markup=False)
