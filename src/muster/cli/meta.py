"""Commands about Muster itself: its version."""

from __future__ import annotations

import json
import platform

import typer

from muster import __version__
from muster.cli.app import app


@app.command()
def version(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Print Muster's version."""
    if as_json:
        typer.echo(json.dumps({"muster": __version__, "python": platform.python_version()}))
    else:
        typer.echo(f"muster {__version__} (Python {platform.python_version()})")
