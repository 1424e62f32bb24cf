"""What the data commands share: opening the database, parsing dates, who acts, output, progress.

Who acts: a command that writes acts as a stored, active user of the database (`--user NAME` or
MUSTER_USER), whose rights apply through `muster.app`; or, for set-up, as the local
administrator (`--local-admin` or MUSTER_LOCAL_ADMIN=1), an admin recorded as
`user:local-admin`. Never the operating-system login. A command that reads reads everything as
the local administrator unless `--user` names a reader.
"""

from __future__ import annotations

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

from muster.auth import LOCAL_ADMIN, User
from muster.cli.app import err_console
from muster.errors import InvalidInput, NotFound, Problem, describe
from muster.settings import Settings
from muster.store import make_engine, require_current
from muster.store import user as user_store
from muster.store.db import describe_url

PROGRESS_MIN_ROWS = 2_000  # below this a progress bar only flickers

USER = typer.Option(
    None,
    "--user",
    envvar="MUSTER_USER",
    help="Act as this user of the database (their rights apply).",
)
# `ingest` and `review` called it --by before every command said --user; old scripts keep working
USER_OR_BY = typer.Option(
    None,
    "--user",
    "--by",
    envvar="MUSTER_USER",
    help="Act as this user of the database (their rights apply; --by is the old name).",
)
LOCAL_ADMIN_OPTION = typer.Option(
    False,
    "--local-admin",
    envvar="MUSTER_LOCAL_ADMIN",
    help="Act as the local administrator (set-up; recorded as user:local-admin).",
)
READER = typer.Option(
    None,
    "--user",
    envvar="MUSTER_USER",
    help="Read as this user (default: everything, as the local admin).",
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


def acting_user(session: Any, name: str) -> User:
    """The stored, active user `--user NAME` names (commands that act as a user of the
    database, whose rights apply); NotFound naming the option otherwise."""
    account = user_store.find_user(session=session, username=name)
    if account is None or not account.active:
        raise NotFound(f"--user: no active user {name!r} (see muster user list)")
    principal: User = account.principal()
    return principal


def writer(session: Any, name: str | None, *, local_admin: bool, setup: bool = False) -> User:
    """Who a command that writes acts as: the user `--user NAME` names, or the local admin
    with `--local-admin`. With `setup` (the first `muster user add`), a database with no user
    yet implies the local admin. InvalidInput when neither is given, or both."""
    if name is not None and local_admin:
        raise InvalidInput(Problem("give --user NAME or --local-admin, not both"))
    if local_admin:
        return LOCAL_ADMIN
    if name is not None:
        return acting_user(session, name)
    if setup and not user_store.list_users(session=session):
        return LOCAL_ADMIN
    raise InvalidInput(
        Problem(
            "who acts? give --user NAME (a user of this database, or MUSTER_USER), "
            "or --local-admin for set-up"
        )
    )


def reader(session: Any, name: str | None) -> User:
    """Who a command that reads reads as: the user `--user NAME` names (the read rule
    applies), or without one the local admin, who reads everything."""
    return LOCAL_ADMIN if name is None else acting_user(session, name)


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
