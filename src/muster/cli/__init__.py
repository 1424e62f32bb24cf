"""The `muster` command line. Each module registers its commands on the one `app`."""

from __future__ import annotations

from muster.cli import (
    bench,  # noqa: F401  (registers commands)
    changes,  # noqa: F401  (registers commands)
    conference,  # noqa: F401  (registers commands)
    data,  # noqa: F401  (registers commands)
    demo,  # noqa: F401  (registers commands)
    engine,  # noqa: F401  (registers commands)
    feeds,  # noqa: F401  (registers commands)
    ingest,  # noqa: F401  (registers commands)
    listings,  # noqa: F401  (registers commands)
    meta,  # noqa: F401  (registers commands)
    report,  # noqa: F401  (registers commands)
    scenario,  # noqa: F401  (registers commands)
    subscription,  # noqa: F401  (registers commands)
    synth,  # noqa: F401  (registers commands)
    web,  # noqa: F401  (registers commands)
)
from muster.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
