"""`muster nations`, `stances`, `statements`, `pledges`: listings as tables, or JSON with --json.

`muster stances --as-of 2025-03-03 --json` is a contract other tools rely on: a JSON array with
one object per nation holding a stance, each with at least `nation` (ISO3), `stance`, and the
deciding statement's `quote`, `speaker`, `date` and `source`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from muster.cli.app import app, state
from muster.cli.common import READER, echo_json, open_engine, out_console, parse_day, reader
from muster.domain import (
    Nation,
    NationStance,
    Pledge,
    PledgeStatus,
    Source,
    Statement,
    StatementStatus,
    stances_as_of,
)
from muster.domain.records import to_record
from muster.errors import InvalidInput, Problem
from muster.store import find, transaction
from muster.store.load import load_rows
from muster.store.schema import TABLES

T = TypeVar("T")
QUOTE_WIDTH = 70


SEARCH = typer.Option(
    None, "--search", metavar="WORDS", help="Only rows holding every word (names, quotes, notes)."
)


def _all(session: Session, entity: type[T], filters: dict[str, Any]) -> list[T]:
    """Every row of `entity` matching `filters`, page by page, in key order."""
    out: list[T] = []
    cursor: str | None = None
    while True:
        page = find(session=session, entity=entity, filters=filters, limit=1000, cursor=cursor)
        out.extend(s.obj for s in page.items)
        cursor = page.next_cursor
        if cursor is None:
            return out


def _readable(
    session: Session, user: str | None, entity: type[T], filters: dict[str, Any], search: str | None
) -> list[T]:
    """The rows of `entity` matching `filters` and `search` that `--user` may read (without
    one, every row, as the local admin): the table function the API and pages call."""
    from muster.app.tables import TableQuery, table_rows

    query = TableQuery(filters={k: (v,) for k, v in filters.items()}, search=search or "")
    rows = table_rows(session=session, user=reader(session, user), cls=entity, query=query)
    return [s.obj for s in rows]


def _nation_filter(nation: str | None) -> dict[str, Any]:
    if nation is None:
        return {}
    code = nation.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise InvalidInput(
            Problem(f"--nation: expected an ISO 3166-1 alpha-3 code such as GBR, got {nation!r}")
        )
    return {"nation": code}


def _status_filter(status: str | None, enum: type[Any]) -> dict[str, Any]:
    if status is None:
        return {}
    try:
        return {"status": enum(status.strip().lower()).value}
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise InvalidInput(
            Problem(f"--status: expected one of {choices}, got {status!r}")
        ) from None


def _short(text: str | None, width: int = QUOTE_WIDTH) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 1] + "…"


def _gdp(n: Nation) -> str:
    if n.gdp_eur_bn is None:
        return ""
    return f"{n.gdp_eur_bn:,.0f} ({n.gdp_year})" if n.gdp_year else f"{n.gdp_eur_bn:,.0f}"


@app.command()
def nations(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """List the nations: ISO3 code, name, EU and NATO membership, GDP."""
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            rows = _all(session, Nation, {})
    finally:
        engine.dispose()
    if as_json:
        echo_json([to_record(n) for n in rows])
        return
    table = Table("ISO3", "name", "EU", "NATO", "GDP (EUR bn, year)", title=f"{len(rows)} nations")
    for n in rows:
        table.add_row(n.iso3, n.name, "yes" if n.eu else "", "yes" if n.nato else "", _gdp(n))
    out_console().print(table)


def stance_entry(
    ns: NationStance, nations: dict[str, Nation], sources: dict[str, Source]
) -> dict[str, Any]:
    """One row of `muster stances --json` (the contract in the module docstring)."""
    s = ns.statement
    src = sources.get(s.source) if s.source else None
    nation = nations.get(ns.nation)
    return {
        "nation": ns.nation,
        "name": nation.name if nation else None,
        "stance": ns.stance.value,
        "stepped_up": ns.stance.stepped_up,
        "statement": s.id,
        "date": s.date.isoformat(),
        "speaker": s.actor,
        "office": s.office,
        "quote": s.quote,
        "conditions": list(s.conditions),
        "source": s.source,
        "source_title": src.title if src else None,
        "source_url": src.url if src else None,
        "entered_by": s.entered_by,
    }


@app.command()
def stances(
    ctx: typer.Context,
    as_of_day: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="The date (YYYY-MM-DD); default: today."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Each nation's stance on a date, from its accepted statements, with the deciding quote."""
    day = parse_day(as_of_day, option="--as-of") or datetime.now(UTC).date()
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            status = TABLES[Statement].table.c.status
            accepted = load_rows(
                session=session,
                cls=Statement,
                where=status == StatementStatus.ACCEPTED.value,
            )
            held = stances_as_of([s.obj for s in accepted], day)
            nation_rows = {n.iso3: n for n in _all(session, Nation, {})}
            cited = sorted({ns.statement.source for ns in held.values() if ns.statement.source})
            sources = {s.key: s.obj for s in load_rows(session=session, cls=Source, keys=cited)}
    finally:
        engine.dispose()
    entries = [stance_entry(held[k], nation_rows, sources) for k in sorted(held)]
    if as_json:
        echo_json(entries)
        return
    entries.sort(key=lambda e: (held[e["nation"]].stance.rank, e["name"] or e["nation"]))
    stepped = sum(1 for e in entries if e["stepped_up"])
    table = Table(
        "nation",
        "stance",
        "since",
        "speaker",
        "quote",
        title=f"Stances as of {day.isoformat()}: {stepped} of {len(entries)} nations stepped up",
    )
    for e in entries:
        table.add_row(
            f"{e['name'] or ''} ({e['nation']})",
            e["stance"],
            e["date"],
            e["speaker"] or "(unnamed)",
            _short(e["quote"]),
        )
    out_console().print(table)


@app.command()
def statements(
    ctx: typer.Context,
    nation: str | None = typer.Option(None, "--nation", help="Only this nation (ISO3)."),
    status: str | None = typer.Option(
        None, "--status", help="Only this status: proposed, accepted or rejected."
    ),
    search: str | None = SEARCH,
    user: str | None = READER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List statements, oldest first: date, nation, speaker, stance, status, quote."""
    filters = {**_nation_filter(nation), **_status_filter(status, StatementStatus)}
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            rows = _readable(session, user, Statement, filters, search)
    finally:
        engine.dispose()
    rows.sort(key=lambda s: (s.date, s.nation, s.id))
    if as_json:
        echo_json([to_record(s) for s in rows])
        return
    table = Table(
        "date", "nation", "speaker", "stance", "status", "quote", title=f"{len(rows)} statements"
    )
    for s in rows:
        table.add_row(
            s.date.isoformat(),
            s.nation,
            s.actor or "",
            s.stance.value,
            s.status.value,
            _short(s.quote),
        )
    out_console().print(table)


@app.command()
def pledges(
    ctx: typer.Context,
    nation: str | None = typer.Option(None, "--nation", help="Only this nation (ISO3)."),
    status: str | None = typer.Option(
        None, "--status", help="Only this status: draft, offered, confirmed, deployed, withdrawn."
    ),
    search: str | None = SEARCH,
    user: str | None = READER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List pledges: nation, capability, quantity, phases, conditions, status (every
    classification, or what `--user` may read)."""
    filters = {**_nation_filter(nation), **_status_filter(status, PledgeStatus)}
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            rows = _readable(session, user, Pledge, filters, search)
    finally:
        engine.dispose()
    rows.sort(key=lambda p: (p.nation, p.id))
    if as_json:
        echo_json([to_record(p) for p in rows])
        return
    table = Table(
        "id",
        "nation",
        "capability",
        "quantity",
        "phases",
        "conditions",
        "status",
        "class",
        title=f"{len(rows)} pledges (* illustrative figures)",
    )
    for p in rows:
        table.add_row(
            p.id,
            p.nation,
            p.capability,
            f"{p.quantity:g}{'*' if p.illustrative else ''}",
            ", ".join(p.phases),
            ", ".join(p.conditions),
            p.status.value,
            p.classification.value,
        )
    out_console().print(table)
