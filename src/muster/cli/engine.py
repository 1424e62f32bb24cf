"""`muster coverage`, `gaps`, `simulate`, `criticality`: the engine's answers from the CLI.

Every command reads the coalition from the database, or from `--data FILE` (any format
`muster import` reads), applies `--scenario NAME` plus ad-hoc `--force COND=holds|fails`,
`--probability COND=P` and `--without NATION`, optionally `--as-of DATE` (statuses, valid
pledges and arrival in time on that day, `--grace DAYS`), and prints a table, or JSON with
`--json`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from muster.cli.app import app, err_console, state
from muster.cli.common import echo_json, open_engine, out_console, parse_day
from muster.compute import dask_mapper, default_workers, local_mapper
from muster.domain import Dataset, Scenario, StatementStatus
from muster.engine.coverage import Coverage, coverage
from muster.engine.criticality import NationValue, StanceEffects, criticality, stance_effects
from muster.engine.gaps import gap_matching
from muster.engine.model import BASELINE
from muster.engine.montecarlo import check_worlds, prepare
from muster.engine.results import Simulation, simulate
from muster.errors import InvalidInput, Problem, describe
from muster.interchange import read_dataset
from muster.store import load_dataset, transaction

DATA = typer.Option(
    None, "--data", help="Read the coalition from this file instead of the database."
)
SCENARIO = typer.Option(None, "--scenario", help="A saved scenario, by id or name.")
FORCE = typer.Option(None, "--force", help="COND=holds or COND=fails (repeatable).")
PROBABILITY = typer.Option(None, "--probability", help="COND=P with P in [0, 1] (repeatable).")
WITHOUT = typer.Option(None, "--without", help="Leave a nation out, by ISO3 code (repeatable).")
JSON = typer.Option(False, "--json", help="Print JSON.")
SEED = typer.Option(1, "--seed", help="Random seed: the same seed gives the same numbers.")
AS_OF = typer.Option(
    None,
    "--as-of",
    metavar="DATE",
    help="Analyse as of this day (YYYY-MM-DD): condition statuses then, pledges valid then, "
    "and a pledge counts for a phase only if it arrives by the phase's start "
    "(default: the latest statuses, no arrival rule).",
)
GRACE = typer.Option(
    0,
    "--grace",
    min=0,
    metavar="DAYS",
    help="With --as-of: a pledge still counts if it arrives up to DAYS after its phase starts.",
)


def load(ctx: typer.Context, data: Path | None) -> Dataset:
    """The coalition: from `--data FILE`, or the database."""
    if data is not None:
        return read_dataset(data)
    engine = open_engine(state(ctx).settings)
    with transaction(engine, write=False) as session:
        return load_dataset(session=session)


def find_scenario(dataset: Dataset, name: str | None) -> Scenario:
    """A saved scenario by id, or by name ignoring case; InvalidInput listing the known ones."""
    if name is None:
        return BASELINE
    for s in dataset.scenarios:
        if s.id == name:
            return s
    matches = [s for s in dataset.scenarios if s.name.casefold() == name.strip().casefold()]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(s.id for s in dataset.scenarios) or "none saved"
    raise InvalidInput(Problem(f"--scenario: unknown scenario {name!r} (known: {known})"))


def _pairs(values: list[str] | None, option: str) -> list[tuple[str, str]]:
    out = []
    for v in values or []:
        name, sep, value = v.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InvalidInput(Problem(f"{option}: expected CONDITION=VALUE, got {describe(v)}"))
        out.append((name.strip(), value.strip()))
    return out


def parse_forced(values: list[str] | None) -> dict[str, bool]:
    truth = {"holds": True, "true": True, "yes": True, "fails": False, "false": False, "no": False}
    out = {}
    for name, value in _pairs(values, "--force"):
        if value.lower() not in truth:
            raise InvalidInput(
                Problem(f"--force {name}: expected holds or fails, got {describe(value)}")
            )
        out[name] = truth[value.lower()]
    return out


def parse_probabilities(values: list[str] | None) -> dict[str, float]:
    out = {}
    for name, value in _pairs(values, "--probability"):
        try:
            p = float(value)
        except ValueError:
            p = float("nan")
        if not 0.0 <= p <= 1.0:
            raise InvalidInput(
                Problem(
                    f"--probability {name}: expected a probability between 0 and 1, "
                    f"got {describe(value)}"
                )
            )
        out[name] = p
    return out


def with_overrides(
    base: Scenario,
    *,
    force: list[str] | None,
    probability: list[str] | None,
    without: list[str] | None,
) -> Scenario:
    """`base` with the command line's ad-hoc assumptions on top (validated like a saved one)."""
    forced = parse_forced(force)
    probs = parse_probabilities(probability)
    out = [n.strip().upper() for n in without or []]
    if not (forced or probs or out):
        return base
    return replace(
        base,
        id=f"{base.id}.cli",
        name=f"{base.name} (with command-line assumptions)",
        forced={**base.forced, **forced},
        probabilities={**base.probabilities, **probs},
        nations_out=tuple(dict.fromkeys([*base.nations_out, *out])),
    )


def resolve(
    ctx: typer.Context,
    data: Path | None,
    scenario: str | None,
    force: list[str] | None,
    probability: list[str] | None,
    without: list[str] | None,
) -> tuple[Dataset, Scenario]:
    dataset = load(ctx, data)
    chosen = with_overrides(
        find_scenario(dataset, scenario), force=force, probability=probability, without=without
    )
    return dataset, chosen


def pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f}%"


def pm(se: float) -> str:
    """A standard error in percentage points, precise enough to be non-zero when it is."""
    return "–" if se != se else f"± {100 * se:.2f}"


def num(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


@app.command("coverage")
def coverage_command(
    ctx: typer.Context,
    scenario: str | None = SCENARIO,
    force: list[str] | None = FORCE,
    probability: list[str] | None = PROBABILITY,
    without: list[str] | None = WITHOUT,
    assume_unknown: bool = typer.Option(
        False, "--assume-unknown", help="Count pledges whose conditions are unknown as active."
    ),
    as_of: str | None = AS_OF,
    grace: int = GRACE,
    data: Path | None = DATA,
    as_json: bool = JSON,
) -> None:
    """Exact coverage under a scenario: per line required, filled, gap, who fills it, and
    (with --as-of) who pledged but arrives late."""
    day = parse_day(as_of, option="--as-of")
    dataset, chosen = resolve(ctx, data, scenario, force, probability, without)
    result = coverage(dataset, chosen, assume_unknown=assume_unknown, as_of=day, grace_days=grace)
    if as_json:
        echo_json(result.to_dict())
        return
    print_coverage(result, chosen)


def when(as_of: date | None, grace: int) -> str:
    """How a result is dated, for a header line."""
    if as_of is None:
        return "latest statuses"
    return f"as of {as_of.isoformat()}" + (f" (arrival grace {grace} days)" if grace else "")


def print_coverage(result: Coverage, chosen: Scenario) -> None:
    console = out_console()
    unknown = "counted as holding" if result.assume_unknown else "assumed to fail"
    console.print(
        f"[bold]Coverage[/] — scenario {chosen.name} ({chosen.id}); "
        f"{when(result.as_of, result.grace_days)}; unknown conditions {unknown}."
    )
    console.print(
        f"Mission coverage: [bold]{pct(result.mission)}[/] (mean of filled / required, "
        "weighted by line weight)"
    )
    phases = Table("phase", "coverage", "minimum viable force", "critical lines short")
    for p in result.phases:
        viable = "–" if p.viable is None else ("yes" if p.viable else "no")
        phases.add_row(p.name, pct(p.coverage), viable, f"{p.short_lines} of {p.critical_lines}")
    console.print(phases)
    lines = Table("phase", "line", "capability", "weight", "required", "filled", "gap", "who fills")
    late_rows: list[tuple[str, str, str, float, date]] = []
    for line in result.lines:
        who: dict[str, float] = {}
        for f in line.fills:
            who[f.nation] = who.get(f.nation, 0.0) + f.quantity
        marks = ("*" if line.critical else "") + (
            f" 1:{num(line.rotation)}" if line.rotation != 1 else ""
        )
        lines.add_row(
            line.phase,
            line.line + marks,
            line.capability,
            num(line.weight),
            num(line.required),
            num(line.filled),
            num(line.gap),
            ", ".join(f"{n} {num(q)}" for n, q in who.items()) or "–",
        )
        late_rows.extend((line.line, x.pledge, x.nation, x.quantity, x.arrives) for x in line.late)
    console.print(lines)
    console.print("* critical line (minimum viable force); 1:n rotation")
    if late_rows:
        late = Table("line", "pledge", "nation", "could fill", "arrives", title="Pledged but late")
        for line_id, pledge, nation, qty, arrives in late_rows:
            late.add_row(line_id, pledge, nation, num(qty), arrives.isoformat())
        console.print(late)
    if result.nations:
        shares = ", ".join(f"{n} {pct(v)}" for n, v in result.nations.items())
        console.print(f"Each nation's part of mission coverage: {shares}")
    if result.fallback_components:
        console.print(f"({result.fallback_components} component(s) solved by LP)")


@app.command("gaps")
def gaps_command(
    ctx: typer.Context,
    scenario: str | None = SCENARIO,
    force: list[str] | None = FORCE,
    probability: list[str] | None = PROBABILITY,
    without: list[str] | None = WITHOUT,
    limit: int = typer.Option(3, "--limit", min=1, help="Candidates shown per gap."),
    as_of: str | None = AS_OF,
    grace: int = GRACE,
    data: Path | None = DATA,
    as_json: bool = JSON,
) -> None:
    """Each gap, and the pledges that would fill it if their conditions held or they arrived
    in time (likeliest first)."""
    day = parse_day(as_of, option="--as-of")
    dataset, chosen = resolve(ctx, data, scenario, force, probability, without)
    report = gap_matching(dataset, chosen, as_of=day, grace_days=grace)
    if as_json:
        echo_json(report.to_dict())
        return
    table = Table(
        "priority", "line", "phase", "capability", "gap", "could fill it (P conditions hold)"
    )
    for g in report.gaps:
        shown = [
            f"{c.pledge} {c.nation} +{num(c.could_fill)} ({pct(c.probability)}"
            + ("" if c.status_counted else f", now {c.status}")
            + (f", arrives {c.arrives.isoformat()}" if c.arrives else "")
            + ")"
            for c in g.candidates[:limit]
        ]
        table.add_row(
            str(g.priority), g.line, g.phase, g.capability, num(g.gap), "; ".join(shown) or "–"
        )
    out_console().print(table)


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int, int], None]]:
    """A Rich bar on stderr while worlds are simulated (only on a terminal)."""
    if not err_console.is_terminal:
        yield lambda _done, _total: None
        return
    columns = (
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} worlds"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done, _total: bar.update(task, completed=done)


@app.command("simulate")
def simulate_command(
    ctx: typer.Context,
    worlds: int = typer.Option(100_000, "--worlds", help="Worlds to sample (> 0)."),
    seed: int = SEED,
    scenario: str | None = SCENARIO,
    force: list[str] | None = FORCE,
    probability: list[str] | None = PROBABILITY,
    without: list[str] | None = WITHOUT,
    backend: str = typer.Option("local", "--backend", help="local (threads) or dask."),
    workers: int = typer.Option(0, "--workers", help="Threads or Dask workers (0: one per CPU)."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Address of a running Dask scheduler (with --backend dask)."
    ),
    lines: bool = typer.Option(False, "--lines", help="Also show every requirement line."),
    top: int = typer.Option(10, "--top", min=1, help="Conditions shown in the sensitivity table."),
    as_of: str | None = AS_OF,
    grace: int = GRACE,
    data: Path | None = DATA,
    as_json: bool = JSON,
) -> None:
    """Monte Carlo over the uncertain conditions: coverage, P(minimum viable force), sensitivity."""
    check_worlds(worlds)
    day = parse_day(as_of, option="--as-of")
    if backend not in ("local", "dask"):
        raise InvalidInput(Problem(f"--backend: expected local or dask, got {backend!r}"))
    if scheduler and backend != "dask":
        raise InvalidInput(Problem("--scheduler needs --backend dask"))
    dataset, chosen = resolve(ctx, data, scenario, force, probability, without)
    prepared = prepare(dataset, chosen, as_of=day, grace_days=grace)
    n = workers or default_workers()
    runner = dask_mapper(workers=n, scheduler=scheduler) if backend == "dask" else local_mapper(n)
    with runner as mapper, progress_bar("simulating", worlds) as update:
        result = simulate(prepared, worlds=worlds, seed=seed, mapper=mapper, progress=update)
    if as_json:
        echo_json(result.to_dict())
        return
    print_simulation(result, chosen, top=top, lines=lines)


def print_simulation(result: Simulation, chosen: Scenario, *, top: int, lines: bool) -> None:
    console = out_console()
    m = result.mission
    console.print(
        f"[bold]Monte Carlo[/] — scenario {chosen.name} ({chosen.id}); "
        f"{when(result.as_of, result.grace_days)}; {result.worlds:,} worlds, seed {result.seed}."
    )
    console.print(
        f"Mission coverage: mean {pct(m.mean)} {pm(m.se)} pp; 5/50/95%: "
        f"{pct(m.q05)} / {pct(m.q50)} / {pct(m.q95)}"
    )
    phases = Table("phase", "mean coverage", "5%", "50%", "95%", "P(minimum viable force)")
    for p in result.phases:
        c = p.coverage
        phases.add_row(
            p.name,
            f"{pct(c.mean)} {pm(c.se)}",
            pct(c.q05),
            pct(c.q50),
            pct(c.q95),
            f"{pct(p.p_viable)} {pm(p.p_viable_se)}",
        )
    console.print(phases)
    domains = Table("domain", "mean coverage", "5%", "50%", "95%")
    for d in result.domains:
        c = d.coverage
        domains.add_row(d.domain, f"{pct(c.mean)} {pm(c.se)}", pct(c.q05), pct(c.q50), pct(c.q95))
    console.print(domains)
    sens = Table(
        "condition",
        "P(holds), marginal",
        "coverage if it holds",
        "if it fails",
        "difference",
        title="Conditions that matter most",
    )
    for e in result.sensitivity[:top]:
        sens.add_row(
            e.name,
            pct(e.p_holds),
            pct(e.if_holds),
            pct(e.if_fails),
            f"{100 * e.effect:+.1f} pp {pm(e.effect_se)}",
        )
    console.print(sens)
    if lines:
        table = Table(
            "line", "phase", "capability", "required", "mean filled", "5%", "95%", "P(≥ minimum)"
        )
        for line in result.lines:
            c = line.coverage
            table.add_row(
                line.line,
                line.phase,
                line.capability,
                num(line.required),
                num(line.filled_mean),
                pct(c.q05),
                pct(c.q95),
                pct(line.p_minimum),
            )
        console.print(table)
    if result.fallback_components:
        console.print(f"({result.fallback_components} component(s) solved by LP)")


@app.command("criticality")
def criticality_command(
    ctx: typer.Context,
    permutations: int = typer.Option(
        4000, "--permutations", help="Random orders when there are more than 12 nations (≥ 8)."
    ),
    worlds: int = typer.Option(
        2000, "--worlds", help="Worlds for exact values (≤ 12 nations) and stance effects."
    ),
    seed: int = SEED,
    metric: str = typer.Option(
        "coverage",
        "--metric",
        metavar="coverage|viability",
        help="Rank on expected weighted coverage, or on P(minimum viable force) (the share of "
        "phases that reach it, or of --phase).",
    ),
    phase: str | None = typer.Option(
        None, "--phase", help="With --metric viability: that phase only (by id)."
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="DATE",
        help="Analyse as of this day (YYYY-MM-DD): statuses, valid pledges, arrival in time, "
        "and stances then (default: the latest statuses; stances on the latest statement).",
    ),
    grace: int = GRACE,
    scenario: str | None = SCENARIO,
    force: list[str] | None = FORCE,
    probability: list[str] | None = PROBABILITY,
    without: list[str] | None = WITHOUT,
    workers: int = typer.Option(0, "--workers", help="Threads (0: one per CPU)."),
    top: int = typer.Option(20, "--top", min=1, help="Nations shown."),
    data: Path | None = DATA,
    as_json: bool = JSON,
) -> None:
    """Each nation's Shapley value on expected coverage or viability, and where it comes from;
    willing-only coverage; who'd add most by stepping up."""
    check_worlds(worlds)
    if metric not in ("coverage", "viability"):
        raise InvalidInput(Problem(f"--metric: expected coverage or viability, got {metric!r}"))
    if phase is not None and metric != "viability":
        raise InvalidInput(Problem("--phase needs --metric viability"))
    analysis_day = parse_day(as_of, option="--as-of")
    dataset, chosen = resolve(ctx, data, scenario, force, probability, without)
    with local_mapper(workers or default_workers()) as mapper:
        crit = criticality(
            dataset,
            chosen,
            seed=seed,
            permutations=permutations,
            worlds=worlds,
            mapper=mapper,
            metric=metric,
            phase=phase,
            as_of=analysis_day,
            grace_days=grace,
        )
    day = analysis_day or _latest_statement(dataset)
    effects = (
        stance_effects(
            dataset,
            chosen,
            as_of=day,
            worlds=worlds,
            seed=seed,
            analysis_as_of=analysis_day,
            grace_days=grace,
        )
        if day
        else None
    )
    if as_json:
        echo_json(
            {"criticality": crit.to_dict(), "stances": effects.to_dict() if effects else None}
        )
        return
    console = out_console()
    names = {n.iso3: n.name for n in dataset.nations}
    what = (
        "expected mission coverage (weighted)"
        if crit.metric == "coverage"
        else f"P(minimum viable force) of {crit.phase}"
        if crit.phase
        else "the share of phases at their minimum viable force"
    )
    console.print(
        f"[bold]Criticality[/] — scenario {chosen.name} ({chosen.id}); "
        f"{when(crit.as_of, grace)}; Shapley values on {what} ({crit.method}; median relative "
        f"standard error {pct(crit.median_relative_se)}). All nations together: "
        f"{pct(crit.coverage_all)}."
    )
    table = Table("rank", "nation", "", "Shapley value", "± se", "where it comes from")
    for i, v in enumerate(crit.nations[:top], start=1):
        table.add_row(
            str(i),
            v.nation,
            names.get(v.nation, ""),
            f"{100 * v.shapley:.2f} pp",
            f"{100 * v.se:.2f}",
            explain(v),
        )
    console.print(table)
    if effects is not None:
        print_stance_effects(effects, names)


def explain(v: NationValue) -> str:
    """A nation's value by part: "rl-pp-inf-bn +3.1 pp, … (rest +0.2)"; a phase names the
    critical lines the nation could fill there."""
    shown = []
    for part in v.parts:
        lines = f" ({', '.join(part.lines)})" if part.lines else ""
        shown.append(f"{part.key}{lines} {100 * part.value:+.2f} pp")
    if abs(v.rest) >= 5e-5:
        shown.append(f"rest {100 * v.rest:+.2f} pp")
    return "; ".join(shown) or "–"


def _latest_statement(dataset: Dataset) -> date | None:
    days = [s.date for s in dataset.statements if s.status is StatementStatus.ACCEPTED]
    return max(days) if days else None


def print_stance_effects(effects: StanceEffects, names: dict[str, str]) -> None:
    console = out_console()
    console.print(
        f"Stances on {effects.as_of}: {len(effects.willing)} nation(s) lead or willing "
        f"({', '.join(effects.willing) or 'none'}). Coverage with only them: "
        f"{pct(effects.willing_coverage)} {pm(effects.willing_coverage_se)} pp; with every "
        f"nation that pledges: {pct(effects.all_coverage)}."
    )
    if effects.undecided:
        table = Table("nation", "", "stance", "coverage added by stepping up", "± se")
        for e in effects.undecided:
            table.add_row(
                e.nation,
                names.get(e.nation, ""),
                e.stance,
                f"{100 * e.effect:+.2f} pp",
                f"{100 * e.se:.2f}",
            )
        console.print(table)
