"""`muster changes`: what changed since a date or moment (stances, pledges, conditions, coverage).

Reads as a named user (`--user`, the read policy applies) or, without one, as the local
administrator who reads everything. Which clock places each line: `muster.app.changes`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import typer
from sqlalchemy.orm import Session

from muster.app.changes import ChangesReport, changes_since, parse_when, reference_dates
from muster.cli.app import app, state
from muster.cli.common import READER, echo_json, open_engine, out_console, reader
from muster.errors import InvalidInput, Problem
from muster.store import transaction
from muster.store.load import load_dataset
from muster.web.viewmodels.common import jsonable

LAST_MEETING = "last-meeting"


def _since(value: str, *, today: date, session: Session) -> datetime | date:
    """--since: a date, a timestamp, or `last-meeting` (the latest coalition meeting or
    force-sourcing conference deadline)."""
    if value.strip() == LAST_MEETING:
        meetings = reference_dates(today=today, calls=load_dataset(session=session).calls)
        if not meetings:
            raise InvalidInput(Problem("--since last-meeting: no meeting before today"))
        return meetings[0].day
    return parse_when(value, field="--since")


@app.command()
def changes(
    ctx: typer.Context,
    since: str = typer.Option(
        ...,
        "--since",
        metavar="DATE|TIMESTAMP|last-meeting",
        help="From this day (YYYY-MM-DD), moment (2025-09-01T12:00Z) or the last meeting.",
    ),
    until: str | None = typer.Option(
        None, "--until", metavar="DATE|TIMESTAMP", help="To this day or moment (default: now)."
    ),
    scenario: str | None = typer.Option(
        None, "--scenario", metavar="ID", help="Coverage then and now under this scenario."
    ),
    user: str | None = READER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What changed since a date: stances, pledges, conditions, proposals, aid, coverage, gaps."""
    now = datetime.now(UTC)
    end = parse_when(until, field="--until") if until else None
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            start = _since(since, today=now.date(), session=session)
            report = changes_since(
                session=session,
                user=reader(session, user),
                since=start,
                until=end,
                scenario=scenario,
                now=now,
            )
    finally:
        engine.dispose()
    if as_json:
        echo_json(jsonable(report))
        return
    _print(report)


def _stance(value: object) -> str:
    return getattr(value, "value", None) or "none"


def _print(r: ChangesReport) -> None:
    out = out_console()
    out.print(
        f"[bold]Changes from {r.since:%Y-%m-%d %H:%M} to {r.until:%Y-%m-%d %H:%M} UTC[/]"
        f" (then = {r.then_day.isoformat()})"
    )
    out.print(f"\n[bold]Stances[/] ({len(r.stances)}; {r.clocks['stances']})")
    for s in r.stances:
        who = f"{s.speaker}: " if s.speaker else ""
        out.print(
            f"  {s.on} {s.nation} {_stance(s.before)} → {_stance(s.after)}  "
            f"{who}“{s.quote}” [{s.statement}]",
            markup=False,
        )
    out.print(f"\n[bold]Pledges[/] ({len(r.pledges)}; {r.clocks['pledges']})")
    for p in r.pledges:
        extra = f" ({', '.join(p.fields)})" if p.fields else ""
        by = f" by {p.who}: {p.why}" if p.who else ""
        out.print(
            f"  {p.on} [{p.clock}] {p.pledge} {p.nation} {p.capability}: {p.what}{extra}{by}",
            markup=False,
        )
    out.print(f"\n[bold]Conditions[/] ({len(r.conditions)}; {r.clocks['conditions']})")
    for c in r.conditions:
        out.print(
            f"  {c.on} {c.condition}: {_stance(c.before)} → {c.after.value} by {c.who}: {c.why}",
            markup=False,
        )
    out.print(f"\n[bold]New proposals[/] ({len(r.proposals)})")
    for q in r.proposals:
        out.print(
            f"  {q.recorded_at:%Y-%m-%d} {q.nation} {q.stance.value} “{q.quote}”", markup=False
        )
    out.print(f"\n[bold]Aid[/] ({len(r.aid)}; {r.clocks['aid']})")
    for a in r.aid:
        out.print(f"  {a.on} {a.donor} {a.stage}: {a.item}", markup=False)
    out.print(f"\n[bold]Coverage per phase[/] ({r.clocks['coverage']})")
    for ph in r.coverage:
        then = "–" if ph.then is None else f"{ph.then:.1f} %"
        now = "–" if ph.now is None else f"{ph.now:.1f} %"
        out.print(f"  {ph.name}: {then} → {now}", markup=False)
    for title, gaps in (("New gaps", r.new_gaps), ("Gaps closed", r.closed_gaps)):
        out.print(f"\n[bold]{title}[/] ({len(gaps)})")
        for g in gaps:
            then = "none" if g.gap_then is None else f"{g.gap_then:g}"
            now = "none" if g.gap_now is None else f"{g.gap_now:g}"
            out.print(f"  {g.phase}: {g.capability} gap {then} → {now} {g.unit}", markup=False)
    if r.backdated:
        out.print(
            f"\n{len(r.backdated)} rows recorded in the window describe earlier dates "
            "(listed under backdated in --json; see also muster history)"
        )
