"""The `muster` command line: one Typer `app`; each command's module registers it on that app
and is imported only when the command runs (see `muster.cli.app.COMMANDS`)."""

from __future__ import annotations

from muster.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
