"""`muster demo`: the London-2025 coalition in a database, its stance table, then the dashboard.

Idempotent: it creates or upgrades the database and adds the reference gazetteer and the demo
data; a second run finds nothing to add and keeps any demo row a user has edited since. It adds
one demo user per role (dev mode), prints the stances the day after the London summit and where
the database is, then serves the dashboard unless `--no-serve`.
"""

from __future__ import annotations

from datetime import date

import typer

from muster.cli.app import app, err_console, state
from muster.cli.common import open_engine
from muster.cli.data import prepare
from muster.cli.listings import stances
from muster.cli.web import add_demo_users, demo_banner, serve_app
from muster.data import demo_dataset
from muster.store import import_dataset, transaction
from muster.store.db import describe_url

DEMO_DAY = date(2025, 3, 3)  # the day after the London summit of 2 March 2025
PUBLIC_NOTE = "Anyone may read the demo's public data without signing in (public read is on)."


@app.command()
def demo(
    ctx: typer.Context,
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Serve the dashboard after."),
    host: str = typer.Option("127.0.0.1", help="Address to serve on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to serve on."),
) -> None:
    """Load the London-2025 demo coalition (idempotent), print its stances, serve the dashboard."""
    settings = state(ctx).settings
    prepare(settings)
    engine = open_engine(settings)
    banner: list[str] = []
    try:
        with transaction(engine) as session:
            result = import_dataset(
                session=session,
                dataset=demo_dataset(),
                who="process:demo",
                reason="London-2025 demo coalition shipped with Muster",
                keep_existing=True,
            )
            if settings.env == "dev":
                banner = demo_banner(add_demo_users(session=session, settings=settings))
    finally:
        engine.dispose()
    if result.created:
        typer.echo(f"demo data: {result.created} rows written, {result.unchanged} already there")
    else:
        typer.echo(f"demo data: already loaded ({result.unchanged} rows, nothing to change)")
    if result.kept:
        typer.echo(f"  {result.kept} demo rows you changed were kept as you left them")
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
