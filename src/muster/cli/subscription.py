"""`muster subscription add|list|remove|deliveries|retry` and `muster deliver`.

Subscriptions belong to a stored user (`--user NAME`, who must exist and be active): what they
are told follows that user's read rights. `muster deliver` runs the delivery worker: once
(`--once`) or until interrupted.
"""

from __future__ import annotations

import threading

import typer
from sqlalchemy.orm import Session

from muster.app import subscription as subscriptions
from muster.app.delivery import Worker
from muster.auth import User
from muster.cli.app import app, state
from muster.cli.common import acting_user, echo_json, open_engine, out_console
from muster.errors import InvalidInput, Problem
from muster.store import transaction

sub_app = typer.Typer(
    name="subscription",
    help="Subscriptions to changes (webhook or e-mail digest): add, list, remove, deliveries.",
    no_args_is_help=True,
)
app.add_typer(sub_app)

USER = typer.Option(
    ..., "--user", envvar="MUSTER_USER", help="The subscriber (a user of this database)."
)


def _user(session: Session, name: str) -> User:
    user: User = acting_user(session, name)
    return user


@sub_app.command("add")
def add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="A name for it."),
    user: str = USER,
    event: list[str] = typer.Option(
        ...,
        "--event",
        help="stance.changed, pledge.withdrawn, gap.crossed, proposal.created or "
        "condition.changed (repeatable).",
    ),
    nation: list[str] = typer.Option([], "--nation", help="Only this nation (repeatable)."),
    condition: list[str] = typer.Option([], "--condition", help="Only this condition."),
    line: list[str] = typer.Option([], "--line", help="Only this requirement line."),
    scenario: list[str] = typer.Option([], "--scenario", help="Gaps under this scenario."),
    webhook: str | None = typer.Option(None, "--webhook", metavar="URL", help="POST events here."),
    email: str | None = typer.Option(None, "--email", metavar="ADDRESS", help="Send digests here."),
    threshold: float | None = typer.Option(
        None, "--threshold", help="gap.crossed: percent of a line covered (default 100)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Subscribe a user to events; prints the webhook signing secret once."""
    if (webhook is None) == (email is None):
        raise InvalidInput(Problem("give exactly one of --webhook URL or --email ADDRESS"))
    targets = [
        *(f"nation:{n.strip().upper()}" for n in nation),
        *(f"condition:{c}" for c in condition),
        *(f"line:{x}" for x in line),
        *(f"scenario:{s}" for s in scenario),
    ]
    settings = state(ctx).settings
    engine = open_engine(settings)
    try:
        with transaction(engine) as session:
            made = subscriptions.add(
                session=session,
                user=_user(session, user),
                name=name,
                targets=targets,
                events=event,
                channel="webhook" if webhook else "email",
                address=webhook or email or "",
                threshold=threshold,
                allow_private=settings.webhooks_to_private,
            )
    finally:
        engine.dispose()
    if as_json:
        echo_json(made.as_dict())
        return
    typer.echo(f"subscription {made.subscription.id} added for {user}")
    if made.secret:
        typer.echo(f"signing secret (shown once; verify webhook-signature with it): {made.secret}")


@sub_app.command("list")
def list_(
    ctx: typer.Context,
    user: str = USER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """A user's subscriptions."""
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            found = subscriptions.mine(session=session, user=_user(session, user))
    finally:
        engine.dispose()
    if as_json:
        echo_json([s.as_dict() for s in found])
        return
    out = out_console()
    for s in found:
        what = ", ".join(s.targets) or "everything"
        out.print(
            f"{s.id}  {s.name}: {', '.join(s.events)} on {what} → {s.channel} {s.address}",
            markup=False,
        )
    if not found:
        out.print(f"{user} has no subscriptions")


@sub_app.command("remove")
def remove(
    ctx: typer.Context,
    subscription_id: str = typer.Argument(..., metavar="ID", help="The subscription's id."),
    user: str = USER,
) -> None:
    """Remove one of a user's subscriptions (and its deliveries)."""
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine) as session:
            subscriptions.remove(
                session=session, user=_user(session, user), subscription_id=subscription_id
            )
    finally:
        engine.dispose()
    typer.echo(f"subscription {subscription_id} removed")


@sub_app.command("deliveries")
def deliveries(
    ctx: typer.Context,
    user: str = USER,
    subscription_id: str | None = typer.Option(None, "--subscription", metavar="ID"),
    limit: int = typer.Option(20, min=1, max=500),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """A user's recent deliveries, with every attempt (status, latency, error)."""
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            found = subscriptions.recent(
                session=session,
                user=_user(session, user),
                subscription_id=subscription_id,
                limit=limit,
            )
    finally:
        engine.dispose()
    if as_json:
        echo_json(found.as_dict())
        return
    out = out_console()
    for item in found.as_dict()["items"]:
        out.print(
            f"{item['created_at'][:19]} {item['event']} {item['state']} "
            f"(attempts {item['attempts']}) {item['last_error'] or ''}",
            markup=False,
        )


@sub_app.command("retry")
def retry(
    ctx: typer.Context,
    subscription_id: str = typer.Argument(..., metavar="ID"),
    user: str = USER,
) -> None:
    """Queue a subscription's parked deliveries again."""
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine) as session:
            n = subscriptions.retry(
                session=session, user=_user(session, user), subscription_id=subscription_id
            )
    finally:
        engine.dispose()
    typer.echo(f"{n} parked deliveries queued again")


@app.command()
def deliver(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="One pass, then exit."),
    interval: float = typer.Option(5.0, "--interval", min=0.1, help="Seconds between passes."),
    as_json: bool = typer.Option(False, "--json", help="Print what the pass did as JSON."),
) -> None:
    """Send subscription events: signed webhooks and e-mail digests, with retries."""
    settings = state(ctx).settings
    engine = open_engine(settings)
    worker = Worker(engine, settings)
    try:
        if once:
            done = worker.run_once()
            if as_json:
                echo_json(done.as_dict())
            else:
                typer.echo(
                    ", ".join(f"{k} {v}" for k, v in done.as_dict().items()),
                )
            return
        typer.echo(f"delivering every {interval:g} s; Ctrl-C stops")
        stop = threading.Event()
        try:
            worker.run_forever(stop, interval_s=interval)
        except KeyboardInterrupt:
            stop.set()
    finally:
        worker.close()
        engine.dispose()
