"""`muster demo`: the London-2025 coalition in a database, its stance table, then the dashboard.

Idempotent: it creates or upgrades the database and adds the reference gazetteer and the demo
data; a second run finds nothing to add and keeps any demo row a user has edited since. When the
stored demo is older than the one shipped with this Muster, it refreshes the demo rows nobody
edited and says so; `--reset` replaces every demo row, edits included (user accounts stay). It adds
one demo user per role (dev mode), prints the stances the day after the London summit and where
the database is, then serves the dashboard unless `--no-serve`.
"""

from __future__ import annotations

from datetime import date

import typer

from muster.app.demo import load_demo
from muster.cli.app import app, err_console, state
from muster.cli.common import open_engine
from muster.cli.data import prepare
from muster.cli.listings import stances
from muster.cli.web import add_demo_users, demo_banner, serve_app
from muster.data import demo_dataset
from muster.store import transaction
from muster.store.db import describe_url

DEMO_DAY = date(2025, 3, 3)  # the day after the London summit of 2 March 2025
PUBLIC_NOTE = "Anyone may read the demo's public data without signing in (public read is on)."


@app.command()
def demo(
    ctx: typer.Context,
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the dashboard after."),
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to serve on."),
    reset: bool = typer.Option(
        False,
        "--reset",
        help="Replace every demo row with the shipped one, your edits included (user accounts "
        "stay).",
    ),
) -> None:
    """Load the London-2025 demo coalition (idempotent), print its stances, serve the dashboard."""
    settings = state(ctx).settings
    prepare(settings)
    engine = open_engine(settings)
    banner: list[str] = []
    try:
        with transaction(engine) as session:
            loaded = load_demo(session=session, dataset=demo_dataset(), reset=reset)
            if settings.env == "dev":
                banner = demo_banner(add_demo_users(session=session, settings=settings))
    finally:
        engine.dispose()
    result = loaded.result
    if loaded.reset:
        typer.echo("demo data: reset to the demo shipped with this Muster")
    elif loaded.stale:
        typer.echo(
            "demo data: the stored demo is older than the one shipped with this Muster, "
            "so its unedited rows are refreshed"
        )
    written = result.created + result.updated
    if written or loaded.removed:
        typer.echo(
            f"demo data: {written} rows written ({result.created} added, {result.updated} "
            f"replaced), {len(loaded.removed)} removed, {result.unchanged} already there"
        )
    else:
        typer.echo(f"demo data: already loaded ({result.unchanged} rows, nothing to change)")
    if result.kept:
        typer.echo(
            f"  {result.kept} demo rows you changed were kept as you left them "
            "(muster demo --reset replaces them)"
        )
    if loaded.not_removed:
        typer.echo(
            "  no longer in the shipped demo but still referred to by your rows, so kept: "
            + ", ".join(loaded.not_removed)
        )
    ctx.invoke(stances, ctx=ctx, as_of_day=DEMO_DAY.isoformat(), as_json=False)
    where = describe_url(settings.database_url)
    typer.echo(f"database: {where}")
    typer.echo(
        "try: muster stances --as-of 2026-01-06 · muster pledges --nation GBR · "
        "muster history nation GBR"
    )
    if not serve:
        return
    if settings.env != "dev":
        err_console.print("demo users are only created in dev mode; sign in with your own users")
    # The demo is for looking around: anyone may read its public data without signing in
    # (MUSTER_PUBLIC_READ; confidential pledges still need a user who may see them).
    shown = settings.model_copy(update={"public_read": True})
    serve_app(shown, host=host, port=port, banner=[*banner, PUBLIC_NOTE])
