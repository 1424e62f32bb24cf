"""`muster scenario list|show|create|set|diff`: named assumption sets, saved with history.

A scenario forces conditions to hold or fail, changes probabilities, keeps or leaves out nations
and pledges, and chooses the pledge statuses counted. `create` and `set` write to the database as
`--user NAME` (or `--local-admin`) through `muster.app.scenarios` (`scenario:edit`; every change
kept with who, when and why); `list`, `show` and `diff` also read a file with `--data`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

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
from muster.cli.engine import (
    DATA,
    FORCE,
    JSON,
    PROBABILITY,
    SEED,
    find_scenario,
    load,
    num,
    parse_forced,
    parse_probabilities,
    pct,
)
from muster.compute import default_workers, local_mapper
from muster.domain import PledgeStatus, Scenario, to_record
from muster.engine.coverage import coverage
from muster.engine.montecarlo import check_worlds, prepare
from muster.engine.results import simulate
from muster.errors import InvalidInput, Problem
from muster.store import transaction

scenario_app = typer.Typer(
    help="Named assumption sets: list, show, create, set, diff.", no_args_is_help=True
)
app.add_typer(scenario_app, name="scenario")

NATION_IN = typer.Option(None, "--nation-in", help="Keep only these nations (repeatable).")
NATION_OUT = typer.Option(None, "--nation-out", help="Leave this nation out (repeatable).")
PLEDGE_IN = typer.Option(None, "--pledge-in", help="Count this pledge whatever its status.")
PLEDGE_OUT = typer.Option(None, "--pledge-out", help="Ignore this pledge (repeatable).")
STATUSES = typer.Option(
    None,
    "--statuses",
    help="Pledge statuses counted, comma-separated (default offered,confirmed,deployed).",
)
REASON = typer.Option(..., "--reason", help="Why (kept in history).")


def _statuses(text: str | None) -> tuple[PledgeStatus, ...] | None:
    if text is None:
        return None
    out = []
    for part in text.split(","):
        try:
            out.append(PledgeStatus(part.strip().lower()))
        except ValueError:
            choices = ", ".join(s.value for s in PledgeStatus)
            raise InvalidInput(
                Problem(f"--statuses: expected some of {choices}, got {part.strip()!r}")
            ) from None
    return tuple(dict.fromkeys(out))


def _codes(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip().upper() for v in values or [])


def describe_scenario(s: Scenario) -> dict[str, Any]:
    record = to_record(s)
    record["statuses"] = [x.value for x in s.statuses]
    return record


@scenario_app.command("list")
def list_command(ctx: typer.Context, data: Path | None = DATA, as_json: bool = JSON) -> None:
    """Every saved scenario and what it assumes."""
    dataset = load(ctx, data)
    if as_json:
        echo_json([describe_scenario(s) for s in sorted(dataset.scenarios, key=lambda s: s.id)])
        return
    table = Table("id", "name", "forced", "probabilities", "nations")
    for s in sorted(dataset.scenarios, key=lambda s: s.id):
        forced = ", ".join(f"{k}={'holds' if v else 'fails'}" for k, v in s.forced.items())
        probs = ", ".join(f"{k}={v:g}" for k, v in s.probabilities.items())
        nations = " ".join(
            [*(f"only {n}" for n in s.nations_in), *(f"without {n}" for n in s.nations_out)]
        )
        table.add_row(s.id, s.name, forced or "–", probs or "–", nations or "–")
    out_console().print(table)


@scenario_app.command("show")
def show_command(
    ctx: typer.Context, name: str, data: Path | None = DATA, as_json: bool = JSON
) -> None:
    """One scenario's assumptions."""
    s = find_scenario(load(ctx, data), name)
    if as_json:
        echo_json(describe_scenario(s))
        return
    console = out_console()
    console.print(f"[bold]{s.name}[/] ({s.id})" + (f": {s.description}" if s.description else ""))
    for key, value in describe_scenario(s).items():
        if key not in ("id", "name", "description") and value not in ({}, [], None):
            console.print(f"  {key}: {value}")


def _write(
    ctx: typer.Context,
    scenario: Scenario,
    *,
    new: bool,
    user: str | None,
    local_admin: bool,
    reason: str,
) -> None:
    from muster.app import scenarios

    settings = state(ctx).settings
    engine = open_engine(settings)
    try:
        with transaction(engine) as session:
            scenarios.save(
                session=session,
                user=writer(session, user, local_admin=local_admin),
                scenario=scenario,
                new=new,
                reason=reason,
                public_read=settings.public_read,
            )
    finally:
        engine.dispose()


@scenario_app.command("create")
def create_command(
    ctx: typer.Context,
    scenario_id: str = typer.Argument(..., metavar="ID", help="Identifier, e.g. no-us-backstop."),
    name: str = typer.Option(..., "--name", help="A readable name."),
    description: str | None = typer.Option(None, "--description"),
    base: str | None = typer.Option(None, "--from", help="Start from this saved scenario."),
    force: list[str] | None = FORCE,
    probability: list[str] | None = PROBABILITY,
    nation_in: list[str] | None = NATION_IN,
    nation_out: list[str] | None = NATION_OUT,
    pledge_in: list[str] | None = PLEDGE_IN,
    pledge_out: list[str] | None = PLEDGE_OUT,
    statuses: str | None = STATUSES,
    reason: str = REASON,
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Save a new scenario (its history starts with who, when and why)."""
    start = find_scenario(load(ctx, None), base) if base else None
    fields: dict[str, Any] = {
        "id": scenario_id,
        "name": name,
        "description": description,
        "forced": {**(start.forced if start else {}), **parse_forced(force)},
        "probabilities": {
            **(start.probabilities if start else {}),
            **parse_probabilities(probability),
        },
        "nations_in": _codes(nation_in) or (start.nations_in if start else ()),
        "nations_out": _codes(nation_out) or (start.nations_out if start else ()),
        "pledges_in": tuple(pledge_in or ()) or (start.pledges_in if start else ()),
        "pledges_out": tuple(pledge_out or ()) or (start.pledges_out if start else ()),
    }
    chosen = _statuses(statuses) or (start.statuses if start else None)
    if chosen is not None:
        fields["statuses"] = chosen
    scenario = Scenario(**fields)
    _write(ctx, scenario, new=True, user=user, local_admin=local_admin, reason=reason)
    err_console.print(f"created scenario {scenario.id!r}")


@scenario_app.command("set")
def set_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The scenario, by id or name."),
    new_name: str | None = typer.Option(None, "--name", help="Rename it."),
    description: str | None = typer.Option(None, "--description"),
    force: list[str] | None = FORCE,
    unforce: list[str] | None = typer.Option(None, "--unforce", help="Stop forcing COND."),
    probability: list[str] | None = PROBABILITY,
    unset_probability: list[str] | None = typer.Option(
        None, "--unset-probability", help="Back to COND's own probability."
    ),
    nation_in: list[str] | None = NATION_IN,
    nation_out: list[str] | None = NATION_OUT,
    pledge_in: list[str] | None = PLEDGE_IN,
    pledge_out: list[str] | None = PLEDGE_OUT,
    statuses: str | None = STATUSES,
    reason: str = REASON,
    user: str | None = USER,
    local_admin: bool = LOCAL_ADMIN_OPTION,
) -> None:
    """Change a saved scenario (the previous version stays in its history)."""
    old = find_scenario(load(ctx, None), name)
    forced = {k: v for k, v in old.forced.items() if k not in set(unforce or [])}
    probs = {k: v for k, v in old.probabilities.items() if k not in set(unset_probability or [])}
    changed = replace(
        old,
        name=new_name or old.name,
        description=description if description is not None else old.description,
        forced={**forced, **parse_forced(force)},
        probabilities={**probs, **parse_probabilities(probability)},
        nations_in=_codes(nation_in) or old.nations_in,
        nations_out=tuple(dict.fromkeys([*old.nations_out, *_codes(nation_out)])),
        pledges_in=tuple(dict.fromkeys([*old.pledges_in, *(pledge_in or [])])),
        pledges_out=tuple(dict.fromkeys([*old.pledges_out, *(pledge_out or [])])),
        statuses=_statuses(statuses) or old.statuses,
    )
    if changed == old:
        err_console.print(f"scenario {old.id!r} unchanged")
        return
    _write(ctx, changed, new=False, user=user, local_admin=local_admin, reason=reason)
    err_console.print(f"updated scenario {old.id!r}")


@scenario_app.command("diff")
def diff_command(
    ctx: typer.Context,
    first: str = typer.Argument(..., help="A scenario, by id or name."),
    second: str = typer.Argument(..., help="Another scenario, by id or name."),
    worlds: int = typer.Option(
        0, "--worlds", help="Also compare Monte Carlo results on this many worlds (0: no)."
    ),
    seed: int = SEED,
    data: Path | None = DATA,
    as_json: bool = JSON,
) -> None:
    """Two scenarios side by side: what they assume differently, and coverage in each."""
    dataset = load(ctx, data)
    a, b = find_scenario(dataset, first), find_scenario(dataset, second)
    if worlds:
        check_worlds(worlds)
    ra, rb = describe_scenario(a), describe_scenario(b)
    assumptions = {
        k: {"first": ra[k], "second": rb[k]}
        for k in ra
        if k not in ("id", "name", "description") and ra[k] != rb[k]
    }
    ca, cb = coverage(dataset, a), coverage(dataset, b)
    phases: list[dict[str, Any]] = [
        {
            "phase": pa.phase,
            "name": pa.name,
            "first": pa.coverage,
            "second": pb.coverage,
            "first_viable": pa.viable,
            "second_viable": pb.viable,
        }
        for pa, pb in zip(ca.phases, cb.phases, strict=True)
    ]
    lines: list[dict[str, Any]] = [
        {
            "line": la.line,
            "phase": la.phase,
            "required": la.required,
            "first": la.filled,
            "second": lb.filled,
        }
        for la, lb in zip(ca.lines, cb.lines, strict=True)
        if abs(la.filled - lb.filled) > 1e-9
    ]
    mc: dict[str, Any] | None = None
    if worlds:
        with local_mapper(default_workers()) as mapper:
            sa = simulate(prepare(dataset, a), worlds=worlds, seed=seed, mapper=mapper)
            sb = simulate(prepare(dataset, b), worlds=worlds, seed=seed, mapper=mapper)
        mc = {
            "worlds": worlds,
            "seed": seed,
            "mission": {"first": sa.mission.mean, "second": sb.mission.mean},
            "p_viable": {
                pa.phase: {"first": pa.p_viable, "second": pb.p_viable}
                for pa, pb in zip(sa.phases, sb.phases, strict=True)
            },
        }
    if as_json:
        echo_json(
            {
                "first": a.id,
                "second": b.id,
                "assumptions": assumptions,
                "mission": {"first": ca.mission, "second": cb.mission},
                "phases": phases,
                "lines": lines,
                "monte_carlo": mc,
            }
        )
        return
    console = out_console()
    console.print(f"[bold]{a.name}[/] ({a.id})  vs  [bold]{b.name}[/] ({b.id})")
    table = Table("assumption", a.id, b.id)
    for k, v in assumptions.items():
        table.add_row(k, str(v["first"]), str(v["second"]))
    console.print(table)
    table = Table("phase", f"coverage {a.id}", f"coverage {b.id}", "difference", "viable")
    for p in phases:
        table.add_row(
            p["name"],
            pct(p["first"]),
            pct(p["second"]),
            f"{100 * (p['second'] - p['first']):+.1f} pp",
            f"{'yes' if p['first_viable'] else 'no'} / {'yes' if p['second_viable'] else 'no'}",
        )
    table.add_row(
        "mission",
        pct(ca.mission),
        pct(cb.mission),
        f"{100 * (cb.mission - ca.mission):+.1f} pp",
        "",
    )
    console.print(table)
    if lines:
        table = Table("line", "phase", "required", f"filled {a.id}", f"filled {b.id}")
        for line in lines:
            table.add_row(
                line["line"],
                line["phase"],
                num(line["required"]),
                num(line["first"]),
                num(line["second"]),
            )
        console.print(table)
    if mc:
        console.print(
            f"Monte Carlo ({worlds:,} worlds, seed {seed}): mission coverage "
            f"{pct(mc['mission']['first'])} vs {pct(mc['mission']['second'])}; P(minimum viable "
            "force) by phase: "
            + ", ".join(
                f"{k} {pct(v['first'])} vs {pct(v['second'])}" for k, v in mc["p_viable"].items()
            )
        )
