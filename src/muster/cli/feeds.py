"""`muster feeds add|list|remove` and `muster watch`: news feeds polled into the review queue.

Adding and removing a feed are changes with history (who, why), made as `--user NAME` (or
`--local-admin`) through `muster.app.feeds` (`ingest:run`). `muster watch` polls each due
feed until stopped (Ctrl+C or SIGTERM); `--once` polls the due ones once and exits (for cron),
`--all` every watched feed whether due or not. The polling itself is `muster.feeds.watch`.
"""

from __future__ import annotations

import json
import signal
import threading
from datetime import UTC, datetime
from types import FrameType
from typing import Any

import numpy as np
import typer
from rich.table import Table

from muster.cli.app import app, err_console, state
from muster.cli.common import (
    LOCAL_ADMIN_OPTION,
    USER,
    echo_json,
    open_engine,
    out_console,
    writer,
)
from muster.feeds.fetch import Limits, make_client
from muster.feeds.schedule import format_interval, parse_interval
from muster.feeds.watch import PollReport, Watcher, poll_due, watch
from muster.store import feed as feed_store
from muster.store import feed_poll, transaction
from muster.store.db import utcnow

feeds_app = typer.Typer(
    help="News feeds (RSS, Atom) polled for articles: add, list, remove.", no_args_is_help=True
)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add")
def feeds_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The feed's address (http:// or https://)."),
    language: str | None = typer.Option(
        None, "--language", help="Its articles' language, ISO 639-1 (fr, de, uk): a hint."
    ),
    every: str = typer.Option("15m", "--every", help="How often to poll it: 15m, 1h, 1d."),
    name: str | None = typer.Option(None, "--name", help="What to call it (default: its host)."),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
    reason: str = typer.Option("watch a news feed", "--reason", help="Why (for history)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Watch a feed: `muster watch` polls it from now on and queues its articles for review."""
    from muster.app import feeds

    interval = parse_interval(every)
    hint = language.strip().lower() if language is not None else None
    with transaction(open_engine(state(ctx).settings)) as session:
        made = feeds.add(
            session=session,
            user=writer(session, user, local_admin=local_admin),
            url=url,
            name=name,
            language=hint,
            interval=interval,
            reason=reason,
        )
    if as_json:
        echo_json({**made.record(), "version": made.version})
        return
    lang = f", language {made.language}" if made.language else ""
    typer.echo(
        f"feed {made.id}: {made.name} <{made.url}> every {format_interval(made.interval)}"
        f"{lang}; first poll due now (muster watch)"
    )


@feeds_app.command("list")
def feeds_list(
    ctx: typer.Context,
    removed: bool = typer.Option(False, "--removed", help="Also list removed feeds."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List feeds: health, last poll, next poll, address."""
    with transaction(open_engine(state(ctx).settings), write=False) as session:
        found = [
            feed_poll.status(session=session, feed=f)
            for f in feed_store.list_feeds(session=session, removed=removed)
        ]
    if as_json:
        echo_json([s.as_dict() for s in found])
        return
    if not found:
        typer.echo("no feeds: add one with `muster feeds add URL`")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("id", "health", "name", "every", "lang", "last poll", "next due", "url"):
        table.add_column(column, overflow="fold")
    for s in found:
        f = s.feed
        table.add_row(
            str(f.id),
            "removed" if f.removed_at else s.health.value,
            f.name,
            format_interval(f.interval),
            f.language or "",
            _last_poll(s.last_poll),
            "" if f.removed_at else _when(f.next_due_at),
            f.url,
        )
    out_console().print(table)


@feeds_app.command("remove")
def feeds_remove(
    ctx: typer.Context,
    feed_id: int = typer.Argument(
        ..., metavar="ID", min=1, max=2**31 - 1, help="The feed's id (muster feeds list)."
    ),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
    reason: str = typer.Option("stop watching a news feed", "--reason", help="Why (for history)."),
) -> None:
    """Stop watching a feed (its polls and the articles it brought stay)."""
    from muster.app import feeds

    with transaction(open_engine(state(ctx).settings)) as session:
        gone = feeds.remove(
            session=session,
            user=writer(session, user, local_admin=local_admin),
            feed_id=feed_id,
            reason=reason,
        )
    typer.echo(f"feed {gone.id} ({gone.name}) removed")


@app.command("watch")
def watch_command(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="Poll the feeds due now once, then exit."),
    every_feed: bool = typer.Option(
        False, "--all", help="With --once: poll every watched feed, due or not."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print each poll as JSON."),
) -> None:
    """Poll news feeds and put their new articles in the review queue (until stopped)."""
    settings = state(ctx).settings
    engine = open_engine(settings)
    limits = Limits(private_ok=settings.feeds_allow_private)
    with make_client(limits) as client:
        # time and jitter come from here, the shell: the watcher itself reads neither
        w = Watcher(engine, client, clock=utcnow, rng=np.random.default_rng(), limits=limits)
        if once:
            reports = poll_due(w, every=every_feed)
            if as_json:
                echo_json([r.as_dict() for r in reports])
            else:
                for r in reports:
                    _print(r, as_json=False)
                if not reports:
                    typer.echo("no feed due")
        else:
            stop = threading.Event()
            _stop_on_sigterm(stop)
            err_console.print("watching feeds; Ctrl+C stops")
            watch(w, stop=stop, report=lambda r: _print(r, as_json=as_json))
    engine.dispose()


def _stop_on_sigterm(stop: threading.Event) -> None:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)


def _print(r: PollReport, *, as_json: bool) -> None:
    if as_json:
        typer.echo(_json_line(r.as_dict()))
        return
    o = r.outcome
    http = f" {o.http_status}" if o.http_status else ""
    line = (
        f"feed {r.feed_id} ({r.feed_name}): {o.status}{http}, {o.fetched} item(s): {o.new} new, "
        f"{o.duplicates} duplicate(s), {o.seen} seen, {o.failed} failed; "
        f"next poll {_when(o.next_due_at)}"
    )
    typer.echo(line)
    if o.error:
        err_console.print(f"  feed {r.feed_id}: {o.error}")


def _json_line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _last_poll(p: feed_poll.PollRecord | None) -> str:
    if p is None:
        return "never"
    counts = f"{p.new} new, {p.duplicates} dup, {p.failed} failed"
    return f"{_when(p.started_at)} {p.status} ({counts})"


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
