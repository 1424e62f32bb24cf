"""What the data commands share: opening the database, parsing dates, who acts, output, progress."""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import Engine

from muster.cli.app import err_console
from muster.errors import InvalidInput, Problem, describe
from muster.settings import Settings
from muster.store import make_engine, require_current
from muster.store.db import describe_url

PROGRESS_MIN_ROWS = 2_000  # below this a progress bar only flickers

USER = typer.Option(None, "--user", help="Who (default: your login name).")
# `ingest` and `review` called it --by before every command said --user; old scripts keep working
USER_OR_BY = typer.Option(
    None, "--user", "--by", help="Who (default: your login name; --by is the old name)."
)


def out_console() -> Console:
    """Standard output; wide enough for quotes when piped, where nothing wraps for a terminal."""
    terminal = sys.stdout.isatty()
    return Console(highlight=False, soft_wrap=not terminal, width=None if terminal else 160)


def echo_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False))


def open_engine(settings: Settings) -> Engine:
    """An engine on a database at the current schema, or a message saying what to run."""
    engine = make_engine(settings)
    require_current(engine, where=describe_url(settings.database_url))
    return engine


def parse_day(value: str | None, *, option: str) -> date | None:
    """A YYYY-MM-DD option value; a one-line error naming the option otherwise."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            Problem(f"{option}: expected a date as YYYY-MM-DD, got {describe(value)}")
        ) from None


def parse_moment(value: str | None, *, option: str) -> datetime | None:
    """An ISO 8601 timestamp (`2025-03-04T12:00Z`, `2025-03-04T13:00+01:00`; no zone means UTC;
    a date alone means its first moment, 00:00 UTC)."""
    if value is None:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            Problem(
                f"{option}: expected an ISO timestamp such as 2025-03-04T12:00Z, "
                f"got {describe(value)}"
            )
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def acting_user(session: Any, name: str) -> Any:
    """The stored, active user `--user NAME` names (commands that act as a user of the
    database, whose rights apply); NotFound naming the option otherwise."""
    from muster.errors import NotFound
    from muster.store import user as user_store

    account = user_store.find_user(session=session, username=name)
    if account is None or not account.active:
        raise NotFound(f"--user: no active user {name!r} (see muster user list)")
    return account.principal()


def who_is(user: str | None) -> str:
    """History's `who` for a person at the keyboard: --user NAME, else the login name."""
    name = user or getpass.getuser()
    return name if name.startswith(("user:", "process:")) else f"user:{name}"


@contextmanager
def progress_bar(total_rows: int, label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A Rich progress bar on stderr for big jobs (silent below PROGRESS_MIN_ROWS or off a
    terminal); yields `update(step, done, total)`."""
    if total_rows < PROGRESS_MIN_ROWS or not err_console.is_terminal:
        yield lambda _step, _done, _total: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"{label}: {step}", completed=done, total=total or None)

        yield update
