"""`muster synth`: write a seeded synthetic coalition to a file, for benchmarks and load tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import typer

from muster.cli.app import app, err_console
from muster.interchange import write_dataset
from muster.synth import synth as generate


@app.command("synth")
def synth_command(
    file: Path = typer.Argument(
        ..., help="Where to write; the format follows the extension (.json, .xlsx, .zip, a folder)."
    ),
    nations: int = typer.Option(30, "--nations", min=2, help="Number of synthetic nations."),
    pledges: int = typer.Option(400, "--pledges", min=1, help="Number of pledges."),
    lines: int = typer.Option(80, "--lines", min=1, help="Number of requirement lines."),
    conditions: int = typer.Option(30, "--conditions", min=2, help="Number of conditions."),
    seed: int = typer.Option(
        0, "--seed", min=0, help="Random seed: the same seed writes the same file."
    ),
) -> None:
    """Write a realistic synthetic coalition (invented nations XAA…, all figures illustrative)."""
    dataset = generate(
        nations=nations,
        pledges=pledges,
        lines=lines,
        conditions=conditions,
        rng=np.random.default_rng(seed),
    )
    write_dataset(dataset, file)
    err_console.print(
        f"wrote {file}: {len(dataset.nations)} nations, {len(dataset.pledges)} pledges, "
        f"{len(dataset.requirement_lines)} requirement lines, {len(dataset.conditions)} conditions "
        f"(seed {seed})"
    )
