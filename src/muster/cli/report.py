"""`muster report`: the conference brief as a self-contained HTML page or a PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import typer

from muster.app.conference import shortfall_lists
from muster.app.coverage import coverage_for
from muster.app.trends import trends
from muster.auth import Role, User
from muster.auth.policy import filter_dataset
from muster.cli.app import app, state
from muster.errors import InvalidInput, NotFound, Problem, describe
from muster.store import load_dataset, make_engine, require_current, transaction
from muster.store.db import describe_url
from muster.web.i18n import LANGUAGES
from muster.web.report import brief_view, render_brief
from muster.web.report.pdf import print_pdf

# Who a brief is for → the role whose reading rights it gets (the policy decides the rest).
AUDIENCES: dict[str, Role] = {
    "public": Role.VIEWER,
    "coalition": Role.ANALYST,
    "planners": Role.PLANNER,
}


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            Problem(f"--as-of: expected a date as YYYY-MM-DD, got {describe(value)}")
        ) from None


@app.command()
def report(
    ctx: typer.Context,
    out: Path = typer.Argument(..., help="Where to write the brief (.html or .pdf)."),
    fmt: str | None = typer.Option(
        None, "--format", metavar="html|pdf", help="Output format (default: from OUT's suffix)."
    ),
    scenario: str | None = typer.Option(
        None, "--scenario", metavar="NAME", help="A scenario's id or name (default: the data)."
    ),
    as_of_day: str | None = typer.Option(
        None,
        "--as-of",
        metavar="DATE",
        help="The date the brief describes: stances, and coverage as of then (statuses, valid "
        "pledges, arrival in time; default: today's stances, the latest statuses).",
    ),
    audience: str = typer.Option(
        "coalition",
        "--audience",
        help="Who may read it: public, coalition (no national pledges) or planners (all).",
    ),
    lang: str = typer.Option(
        "en",
        "--lang",
        metavar="CODE",
        help="The brief's language: en, or any language with a catalogue (fr).",
    ),
) -> None:
    """Write the conference brief: stance map, coverage and gaps, conditions, nations, sources."""
    kind = (fmt or ("pdf" if out.suffix.lower() == ".pdf" else "html")).lower()
    if kind not in ("html", "pdf"):
        raise InvalidInput(Problem(f"--format: expected html or pdf, got {fmt!r}"))
    if audience not in AUDIENCES:
        raise InvalidInput(
            Problem(f"--audience: expected one of {', '.join(AUDIENCES)}, got {audience!r}")
        )
    if lang not in LANGUAGES:
        raise InvalidInput(Problem(f"--lang: expected one of {', '.join(LANGUAGES)}, got {lang!r}"))
    today = datetime.now(UTC).date()
    day = _day(as_of_day) or today
    settings = state(ctx).settings
    engine = make_engine(settings)
    try:
        require_current(engine, where=describe_url(settings.database_url))
        with transaction(engine, write=False) as session:
            full = load_dataset(session=session)
            reader = User(name="report", role=AUDIENCES[audience])
            ds = filter_dataset(reader, full)
            scenario_id = None
            if scenario is not None:
                found = [s for s in ds.scenarios if scenario in (s.id, s.name)]
                if not found:
                    known = ", ".join(s.id for s in ds.scenarios) or "none"
                    raise NotFound(f"--scenario: no scenario {scenario!r} (known: {known})")
                scenario_id = found[0].id
            over_time = trends(
                session=session, user=reader, dataset=ds, today=today, scenario=scenario_id
            )
    finally:
        engine.dispose()
    view = brief_view(
        ds,
        as_of=day,
        today=today,
        generated_at=datetime.now(UTC),
        audience=audience,
        scenario=scenario_id,
        # Coverage as of the day asked for (statuses, valid pledges, arrival in time then);
        # without --as-of, the latest statuses and no arrival rule.
        coverage=coverage_for(ds, scenario_id, as_of=_day(as_of_day)),
        trends=over_time,
        shortfalls=shortfall_lists(ds, day),
    )
    html = render_brief(view, locale=lang)
    if kind == "html":
        out.write_text(html, encoding="utf-8")
    else:
        out.write_bytes(print_pdf(html, chromium=settings.chromium))
    typer.echo(f"wrote the {kind.upper()} brief on {view.as_of.isoformat()} to {out}")
