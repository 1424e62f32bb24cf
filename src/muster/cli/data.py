"""`muster init`, `migrate`, `import`, `export`, `history` and `restore`: the database and its
files.

Every command opens one transaction and commits only when everything worked: an import with a
single bad row changes nothing and lists every problem it found. `import` and `restore` act as
`--user NAME` (or `--local-admin`) through `muster.app`, whose rights apply; `init` and
`migrate` are set-up and need neither (init records its rows as `process:init`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from muster.cli.app import app, state
from muster.cli.common import (
    LOCAL_ADMIN_OPTION,
    PROGRESS_MIN_ROWS,
    READER,
    USER,
    echo_json,
    open_engine,
    out_console,
    parse_day,
    parse_moment,
    progress_bar,
    reader,
    writer,
)
from muster.data import reference_dataset
from muster.domain import Dataset
from muster.domain.asof import as_of
from muster.interchange import read_dataset, write_dataset
from muster.settings import Settings
from muster.store import (
    ImportResult,
    entity_class,
    import_dataset,
    load_dataset,
    make_engine,
    transaction,
    upgrade,
)
from muster.store.db import describe_url, sqlite_path
from muster.store.migrate import current_revision, head_revision

BIG_FILE_BYTES = 256_000  # files above this get a progress bar while read


def prepare(settings: Settings) -> tuple[str | None, str]:
    """Create (SQLite: with its folder) or upgrade the database; (revision before, after)."""
    path = sqlite_path(settings.database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings)
    try:
        done = upgrade(engine)
    finally:
        engine.dispose()
    return done.before, done.after


def _print_result(result: ImportResult, *, label: str) -> None:
    verb = "would import" if result.dry_run else "imported"
    kept = f", {result.kept} kept as stored" if result.kept else ""
    typer.echo(
        f"{verb} {label}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged{kept}"
    )
    for name, c in result.counts.items():
        if c.total:
            typer.echo(
                f"  {name:<18} {c.created:>7} created {c.updated:>7} updated "
                f"{c.unchanged:>7} unchanged"
            )


@app.command()
def init(
    ctx: typer.Context,
    empty: bool = typer.Option(
        False, "--empty", help="Do not load the reference nations and actors."
    ),
) -> None:
    """Create the database (or upgrade it) and load the reference nations and actors."""
    settings = state(ctx).settings
    before, after = prepare(settings)
    where = describe_url(settings.database_url)
    if before is None:
        typer.echo(f"created the database at {where} (schema {after})")
    elif before != after:
        typer.echo(f"upgraded the database at {where} from schema {before} to {after}")
    else:
        typer.echo(f"the database at {where} is up to date (schema {after})")
    if empty:
        return
    engine = open_engine(settings)
    try:
        with transaction(engine) as session:
            result = import_dataset(
                session=session,
                dataset=reference_dataset(),
                who="process:init",
                reason="reference nations and actors shipped with Muster",
                keep_existing=True,  # a second init adds what is missing, keeps your edits
            )
    finally:
        engine.dispose()
    _print_result(result, label="the reference nations and actors")


@app.command()
def migrate(
    ctx: typer.Context,
    status: bool = typer.Option(False, "--status", help="Only show the schema revisions."),
) -> None:
    """Upgrade the database's schema to this Muster's (in one transaction)."""
    settings = state(ctx).settings
    where = describe_url(settings.database_url)
    if status:
        engine = make_engine(settings)
        try:
            current = current_revision(engine)
        finally:
            engine.dispose()
        head = head_revision()
        note = "up to date" if current == head else "run `muster migrate`"
        typer.echo(f"{where}: schema {current or '(none)'}; this Muster: {head} ({note})")
        return
    before, after = prepare(settings)
    if before == after:
        typer.echo(f"the database at {where} is up to date (schema {after})")
    else:
        typer.echo(f"migrated {where} from schema {before or '(empty)'} to {after}")


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., help="A .json, .xlsx, .csv or .zip file, or a folder of CSV files."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check everything, write nothing."),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept in history)."),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
) -> None:
    """Merge a file into the database by natural keys: all rows or none, every change in history."""
    from muster.app import exchange

    settings = state(ctx).settings
    engine = open_engine(settings)
    why = reason or f"import {file.name}"
    big = file.is_dir() or (file.is_file() and file.stat().st_size > BIG_FILE_BYTES)
    try:
        with progress_bar(PROGRESS_MIN_ROWS if big else 0, f"importing {file.name}") as update:
            with transaction(engine, write=False) as session:
                acting = writer(session, user, local_admin=local_admin)
                exchange.check_import(acting)  # refused before a big file is read
                known = load_dataset(session=session)
            dataset = read_dataset(
                file, known=known, progress=lambda done, total: update("reading", done, total)
            )
            with transaction(engine, write=not dry_run) as session:
                result = exchange.merge(
                    session=session,
                    user=acting,
                    dataset=dataset,
                    reason=why,
                    dry_run=dry_run,
                    progress=update,
                )
    finally:
        engine.dispose()
    if as_json:
        echo_json(result.as_dict())
    else:
        _print_result(result, label=file.name)


@app.command()
def export(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., help="Where to write: .json, .xlsx, .zip (CSV files), pledges.csv, or a folder."
    ),
    as_of_day: str | None = typer.Option(
        None,
        "--as-of",
        metavar="DATE",
        help="Only what held on DATE (YYYY-MM-DD): statements until then, pledges valid then.",
    ),
    recorded_at: str | None = typer.Option(
        None,
        "--recorded-at",
        metavar="TIMESTAMP",
        help="The data as the database held them then, e.g. 2025-03-04T12:00Z (no zone: UTC).",
    ),
    user: str | None = READER,
) -> None:
    """Write the data to a file (format by extension); nothing is written if anything fails."""
    from muster.app import exchange

    day = parse_day(as_of_day, option="--as-of")
    moment = parse_moment(recorded_at, option="--recorded-at")
    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            dataset: Dataset = exchange.readable_dataset(
                session=session, user=reader(session, user), recorded_at=moment
            )
    finally:
        engine.dispose()
    if day is not None:
        dataset = as_of(dataset, day)
    with progress_bar(dataset.size, f"exporting {file.name}") as update:
        write_dataset(dataset, file, progress=lambda done, total: update("writing", done, total))
    parts = [f"{dataset.size} rows"]
    if moment is not None:
        parts.append(f"as recorded at {moment.isoformat()}")
    if day is not None:
        parts.append(f"as of {day.isoformat()}")
    typer.echo(f"exported {', '.join(parts)} to {file}")


def _changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    if before is None or after is None:
        return []
    return [k for k in {**before, **after} if before.get(k) != after.get(k)]


def _diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    lines: list[str] = []
    for field in _changed_fields(before, after):
        old = json.dumps((before or {}).get(field), ensure_ascii=False)
        new = json.dumps((after or {}).get(field), ensure_ascii=False)
        if len(old) + len(new) > 120:
            lines.extend([f"    {field}:", f"      - {old}", f"      + {new}"])
        else:
            lines.append(f"    {field}: {old} → {new}")
    return lines


@app.command("history")
def history_(
    ctx: typer.Context,
    entity: str = typer.Argument(..., help="What: nation, actor, pledge, statement, ..."),
    key: str = typer.Argument(..., help="Its key: ISO3 code, actor name or id."),
    user: str | None = READER,
    as_json: bool = typer.Option(False, "--json", help="Print JSON (with full before/after)."),
) -> None:
    """Every change to one row: version, when, who, why and what changed."""
    from muster.app import records

    engine = open_engine(state(ctx).settings)
    try:
        with transaction(engine, write=False) as session:
            changes = records.history(
                db=session, user=reader(session, user), entity=entity_class(entity), key=key
            )
    finally:
        engine.dispose()
    if as_json:
        echo_json([c.as_dict() for c in changes])
        return
    console = out_console()
    for c in changes:
        when = c.recorded_at.isoformat(timespec="seconds")
        console.print(
            f"v{c.version} {c.op:<6} {when}  {c.who}  — {c.why}", markup=False, highlight=False
        )
        for line in _diff(c.before, c.after):
            console.print(line, markup=False, highlight=False)


@app.command("restore")
def restore_(
    ctx: typer.Context,
    entity: str = typer.Argument(..., help="What: nation, actor, pledge, statement, ..."),
    key: str = typer.Argument(..., help="Its key: ISO3 code, actor name or id."),
    version: int = typer.Argument(..., min=1, help="The version to put back (see `history`)."),
    reason: str | None = typer.Option(None, "--reason", help="Why (kept in history)."),
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Undo changes: put back what a row held at an earlier version (a deleted row comes back)."""
    from muster.app import records

    settings = state(ctx).settings
    engine = open_engine(settings)
    try:
        with transaction(engine) as session:
            acting = writer(session, user, local_admin=local_admin)
            cls = entity_class(entity)
            last = records.history(db=session, user=acting, entity=cls, key=key)[-1].version
            done = records.restore(
                db=session,
                user=acting,
                entity=cls,
                key=key,
                version=version,
                expected_version=None,
                reason=reason or f"restore version {version}",
                public_read=settings.public_read,
            )
    finally:
        engine.dispose()
    if done.version == last:
        typer.echo(f"{entity} {key} already holds version {version}'s record; nothing changed")
    else:
        typer.echo(f"{entity} {key}: version {version} restored as version {done.version}")
