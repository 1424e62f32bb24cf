"""`muster bench engine`: time the engine against per-world HiGHS LP and OR-Tools max-flow."""

from __future__ import annotations

import typer

from muster.bench import bench_engine
from muster.cli.app import app, err_console
from muster.cli.common import echo_json, out_console
from muster.engine.montecarlo import check_worlds

bench_app = typer.Typer(help="Benchmarks that print their figures.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")


@bench_app.command("engine")
def engine_command(
    nations: int = typer.Option(60, "--nations", min=2),
    pledges: int = typer.Option(2000, "--pledges", min=1),
    lines: int = typer.Option(400, "--lines", min=1),
    conditions: int = typer.Option(100, "--conditions", min=2),
    worlds: int = typer.Option(100_000, "--worlds", help="Worlds the engine simulates."),
    seed: int = typer.Option(1, "--seed", help="Seed of the instance and of the worlds."),
    check: int = typer.Option(
        10, "--check-worlds", min=1, help="Worlds also solved by HiGHS and OR-Tools, and compared."
    ),
    workers: int = typer.Option(0, "--workers", help="Threads for the engine (0: one per CPU)."),
    permutations: int = typer.Option(4000, "--permutations", help="For the Shapley timing."),
    repeat: int = typer.Option(
        3, "--repeat", min=1, help="Timed engine runs; the best is reported, all are listed."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Engine worlds/s on a `muster synth` instance vs per-world LP and max-flow; Shapley time."""
    check_worlds(worlds)
    err_console.print(
        f"benchmarking on synth --nations {nations} --pledges {pledges} --lines {lines} "
        f"--conditions {conditions} --seed {seed} ({worlds:,} worlds, {check} checked)…"
    )
    figures = bench_engine(
        nations=nations,
        pledges=pledges,
        lines=lines,
        conditions=conditions,
        worlds=worlds,
        seed=seed,
        check_worlds=check,
        workers=workers,
        shapley_permutations=permutations,
        repeat=repeat,
    )
    if as_json:
        echo_json(figures)
        return
    console = out_console()
    f = figures
    i = f["instance"]
    console.print(
        f"as of {i['as_of']}: {i['late_pledge_phases']} pledge-phases late; "
        f"{i['critical_lines']} critical, {i['weighted_lines']} weighted and "
        f"{i['rotated_lines']} rotated lines; {i['sustained_pledges']} sustained pledges; "
        f"{i['fair_groups']} tie levels split fairly"
    )
    console.print(
        f"engine: {f['worlds_per_s']:,} worlds/s ({f['cpu_us_per_world']} µs CPU per world); "
        f"runs: {', '.join(f'{r:,}' for r in f['worlds_per_s_runs'])}"
    )
    console.print(f"per-world HiGHS LP: {f['lp_worlds_per_s']:,} worlds/s → {f['ratio_vs_lp']:,}×")
    console.print(
        f"per-world OR-Tools max-flow: {f['maxflow_worlds_per_s']:,} worlds/s → "
        f"{f['ratio_vs_maxflow']:,}×"
    )
    console.print(
        f"checked {f['checked_worlds']} worlds: max |engine − HiGHS| {f['max_abs_diff']:.2e} "
        "(phase coverage), "
        f"max |engine − max-flow| / flow {f['max_rel_diff_maxflow']:.2e}; "
        f"LP fallback components: {f['fallback_components']}"
    )
    console.print(
        f"Shapley for {f['shapley_nations']} nations: {f['shapley_s']} s at "
        f"{100 * f['shapley_median_relative_se']:.2f}% median relative standard error"
    )
