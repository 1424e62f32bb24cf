"""`muster serve`, `muster user ...` and `muster token ...`: the server and who may use it.

`user add|passwd|disable` act as `--user NAME` (an admin) or `--local-admin`, through
`muster.app.users` (`user:manage`); the first `user add` on a database with no users is set-up
and acts as the local admin without either.

`serve_app` is also what `muster demo` calls once the demo data are loaded; `add_demo_users`
creates one user per role for the demo (dev mode only), with passwords printed for the reader.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
import threading
from dataclasses import dataclass

import typer
import uvicorn
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from muster.auth import Role, TokenScope, User
from muster.cli.app import app, err_console, state
from muster.cli.common import LOCAL_ADMIN_OPTION, USER, writer
from muster.engine import compiled
from muster.errors import InvalidInput, Problem
from muster.feeds import watch as feed_watch
from muster.feeds.fetch import Limits
from muster.settings import Settings
from muster.store import make_engine, require_current, transaction
from muster.store import user as user_store
from muster.store.db import describe_url
from muster.web.app import create_app

user_app = typer.Typer(
    help="Manage users: add, list, change password, disable.", no_args_is_help=True
)
token_app = typer.Typer(help="API tokens for scripts: create, list, revoke.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")

ROLE_NAMES = ", ".join(r.value for r in Role if r.assignable)


def _engine(settings: Settings) -> Engine:
    """An engine on a database at the current schema (else a message saying what to run)."""
    engine = make_engine(settings)
    require_current(engine, where=describe_url(settings.database_url))
    return engine


def _warm_engine() -> None:
    try:
        compiled.warm()
    except Exception:  # the first engine request compiles instead; say why, once
        logging.getLogger("muster").exception("could not compile the engine's kernels ahead")


def serve_app(
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    banner: list[str] | None = None,
    watch: bool | None = None,
) -> None:
    """Serve Muster with uvicorn until interrupted. One worker runs the app in this process.

    With `watch` (default: MUSTER_WATCH) the feed watcher runs on a thread of this process,
    once, however many workers serve requests."""
    engine = _engine(settings)
    engine.dispose()
    if watch if watch is not None else settings.watch:
        limits = Limits(private_ok=settings.feeds_allow_private)
        stop_watching = feed_watch.start(make_engine(settings), limits=limits)
        try:
            serve_app(settings, host=host, port=port, workers=workers, banner=banner, watch=False)
        finally:
            stop_watching()
        return
    # Compile the engine's kernels (or load them from Numba's cache) while the server starts:
    # on a fresh install that takes seconds, which the first coverage page would wait for.
    threading.Thread(target=_warm_engine, name="muster-warm", daemon=True).start()
    url = f"http://{host}:{port}"
    for line in banner or []:
        typer.echo(line)
    typer.echo(f"Muster serves {url} (API docs: {url}/api/docs); Ctrl+C stops it.")
    if workers == 1:
        uvicorn.run(
            create_app(settings),
            host=host,
            port=port,
            log_level="info",
            proxy_headers=True,
            timeout_keep_alive=settings.keep_alive_s,
        )
        return
    if settings.secret_key is None:
        # Every worker must sign sessions with the same secret; dev gets one for this run.
        os.environ["MUSTER_SECRET_KEY"] = secrets.token_urlsafe(48)
    uvicorn.run(
        "muster.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
        timeout_keep_alive=settings.keep_alive_s,
        # A worker imports numpy, SciPy and the app before it can answer the supervisor's ping;
        # on a busy machine that takes longer than uvicorn's default 5 s.
        timeout_worker_healthcheck=60,
    )


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes (uvicorn)."),
    watch: bool | None = typer.Option(
        None, "--watch/--no-watch", help="Also poll news feeds (default: MUSTER_WATCH)."
    ),
) -> None:
    """Serve the dashboard, the pages and the REST API (/api/v1, docs at /api/docs)."""
    serve_app(state(ctx).settings, host=host, port=port, workers=workers, watch=watch)


def _manager(settings: Settings, name: str | None, local_admin: bool, *, setup: bool) -> User:
    """Who manages accounts (checked before a password is asked for)."""
    from muster.app import users

    engine = _engine(settings)
    try:
        with transaction(engine, write=False) as session:
            acting = writer(session, name, local_admin=local_admin, setup=setup)
    finally:
        engine.dispose()
    users.check_manage(acting)
    return acting


def _read_password(*, from_stdin: bool, username: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise InvalidInput(Problem("no password on standard input", field="password"))
        return password
    if not sys.stdin.isatty():
        raise InvalidInput(
            Problem(
                "no terminal to ask for a password: pipe it with --password-stdin",
                field="password",
            )
        )
    value: str = typer.prompt(f"Password for {username}", hide_input=True, confirmation_prompt=True)
    return value


def _print_users(users: list[user_store.UserRecord], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([u.as_dict() for u in users], indent=2))
        return
    for u in users:
        nation = f" of {u.nation}" if u.nation else ""
        status = "" if u.active else "  (disabled)"
        typer.echo(f"{u.username:<24} {u.role.value}{nation}{status}")


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name (lowercase letters, digits, . _ -)."),
    role: str = typer.Option(..., "--role", help=f"One of: {ROLE_NAMES}."),
    nation: str | None = typer.Option(None, "--nation", help="ISO3 code; delegates only."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Add a user (asks for the password, or reads it with --password-stdin).

    The first user of an empty database needs no --user (set-up, as the local admin)."""
    from muster.app import users

    settings = state(ctx).settings
    acting = _manager(settings, user, local_admin, setup=True)
    password = _read_password(from_stdin=password_stdin, username=name)
    with transaction(_engine(settings)) as session:
        added = users.add(
            session=session,
            user=acting,
            username=name,
            password=password,
            role=role,
            nation=nation,
        )
    typer.echo(f"added {added.username} ({added.role.value}{' of ' + nation if nation else ''})")


@user_app.command("list")
def user_list(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")
) -> None:
    """List users, their roles and nations."""
    with transaction(_engine(state(ctx).settings), write=False) as s:
        users = user_store.list_users(session=s)
    _print_users(users, as_json)


@user_app.command("passwd")
def user_passwd(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Set a user's password (this ends the user's sessions)."""
    from muster.app import users

    settings = state(ctx).settings
    acting = _manager(settings, user, local_admin, setup=False)
    password = _read_password(from_stdin=password_stdin, username=name)
    with transaction(_engine(settings)) as session:
        users.set_password(session=session, user=acting, username=name, password=password)
    typer.echo(f"password changed for {name}; their sessions have ended")


@user_app.command("disable")
def user_disable(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="User name."),
    enable: bool = typer.Option(False, "--enable", help="Enable the user again instead."),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Disable a user (no sign-in, no tokens), or enable them again with --enable."""
    from muster.app import users

    settings = state(ctx).settings
    acting = _manager(settings, user, local_admin, setup=False)
    with transaction(_engine(settings)) as session:
        users.set_disabled(session=session, user=acting, username=name, disabled=not enable)
    typer.echo(f"{name} {'enabled' if enable else 'disabled'}")


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    user: str = typer.Option(..., "--user", help="Whose token it is."),
    name: str = typer.Option(..., "--name", help="A label to tell tokens apart."),
    scope: TokenScope = typer.Option(TokenScope.READ, "--scope", help="read, or write."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Create an API token and print it once (only its SHA-256 digest is stored)."""
    with transaction(_engine(state(ctx).settings)) as session:
        record, secret = user_store.create_token(
            session=session, username=user, name=name, scope=scope
        )
    if as_json:
        typer.echo(json.dumps({**record.as_dict(), "token": secret}, indent=2))
        return
    typer.echo(secret)
    err_console.print(
        f"token {record.id} ({record.scope.value}) for {user}: shown once, store it now; use it "
        "as 'Authorization: Bearer <token>'"
    )


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    user: str | None = typer.Option(None, "--user", help="Only this user's tokens."),
    include_revoked: bool = typer.Option(False, "--all", help="Include revoked tokens."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List API tokens (never their secrets)."""
    engine = _engine(state(ctx).settings)
    with transaction(engine, write=False) as session:
        tokens = user_store.list_tokens(
            session=session, username=user, include_revoked=include_revoked
        )
    if as_json:
        typer.echo(json.dumps([t.as_dict() for t in tokens], indent=2))
        return
    for t in tokens:
        used = t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else "never"
        revoked = "  revoked" if t.revoked_at else ""
        typer.echo(
            f"{t.id}  {t.username:<16} {t.name:<20} {t.scope.value:<5} {t.prefix}…  "
            f"last used {used}{revoked}"
        )


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: str = typer.Argument(..., help="The token's id.")
) -> None:
    """Revoke a token: it stops working at once."""
    with transaction(_engine(state(ctx).settings)) as session:
        user_store.revoke_token(session=session, token_id=token_id)
    typer.echo(f"token {token_id} revoked")


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: Role
    nation: str | None
    password: str


DEMO_USERS: tuple[tuple[str, Role, str | None], ...] = (
    ("admin", Role.ADMIN, None),
    ("planner", Role.PLANNER, None),
    ("gbr-delegate", Role.DELEGATE, "GBR"),
    ("fra-delegate", Role.DELEGATE, "FRA"),
    ("analyst", Role.ANALYST, None),
    ("viewer", Role.VIEWER, None),
)


DEMO_PASSWORD = "london-summit-2025"  # printed by `make demo`; demo users exist in dev only


def add_demo_users(*, session: Session, settings: Settings) -> list[DemoUser]:
    """One user per role for the demo (dev mode only); existing ones are left as they are."""
    if settings.env != "dev":
        raise InvalidInput(Problem("demo users exist only when MUSTER_ENV=dev", field="MUSTER_ENV"))
    made: list[DemoUser] = []
    for username, role, nation in DEMO_USERS:
        password = DEMO_PASSWORD
        if user_store.find_user(session=session, username=username) is None:
            user_store.add_user(
                session=session, username=username, password=password, role=role, nation=nation
            )
        made.append(DemoUser(username, role, nation, password))
    return made


def demo_banner(users: list[DemoUser]) -> list[str]:
    """Lines telling the reader how to sign in to the demo."""
    lines = ["Demo sign-ins (user / password):"]
    for u in users:
        what = f"delegate of {u.nation}" if u.nation else u.role.value
        lines.append(f"  {u.username:<14} {u.password:<26} {what}")
    return lines
