"""The CLI starts light: `import muster.cli`, `muster version` and `muster --help` import no
engine, database, web or ingest code, and a command loads its own module when it runs.

Functional checks on `sys.modules` in a fresh interpreter; the CPU time itself is measured by
`python -m benchmarks.cli_startup`, not here.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
import typer.main
from typer._click.utils import make_default_short_help

from muster.cli import app
from muster.cli.app import COMMANDS

# Nothing a start-up needs: the compiled engine, the solver, the database layer, the web app, the
# ingester and the feeds, the settings (pydantic), Rich's tables, Dask.
HEAVY = (
    "numba",
    "numpy",
    "highspy",
    "scipy",
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "distributed",
    "dask",
    "trafilatura",
    "pydantic",
    "rich.table",
    "muster.engine",
    "muster.compute",
    "muster.store",
    "muster.web",
    "muster.app",
    "muster.auth",
    "muster.ingest",
    "muster.feeds",
    "muster.interchange",
    "muster.web.report",
    "muster.settings",
)

# Runs the CLI in a fresh interpreter, then prints the names of the modules it imported.
RUN = """
import contextlib, io, json, sys
from muster.cli import app
with contextlib.redirect_stdout(io.StringIO()):
    try:
        app(sys.argv[1:], prog_name="muster")
    except SystemExit as e:
        assert not e.code, e.code
print(json.dumps(sorted(sys.modules)))
"""


def imported(*args: str) -> set[str]:
    """The modules loaded by `import muster.cli` and then `muster ARGS` (none: import only)."""
    code = RUN if args else "import json, sys, muster.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", [(), ("version",), ("version", "--json"), ("--help",)])
def test_start_up_imports_nothing_heavy(args):
    modules = imported(*args)
    assert heavy(modules) == []
    # `version` loads its own module; no other command's module is imported
    commands = {m for m in modules if m.startswith("muster.cli.")} - {"muster.cli.app"}
    assert commands == ({"muster.cli.meta"} if args and args[0] == "version" else set())


def test_a_command_loads_what_it_needs():
    """The check above can fail: a command that needs the engine does import it."""
    modules = imported("coverage", "--help")
    assert "muster.cli.engine" in modules
    assert {"muster.engine", "numpy"} <= set(heavy(modules))


def _registered() -> dict[str, object]:
    """Every top-level command as Typer builds it once every CLI module is imported."""
    for module in {entry.module for entry in COMMANDS.values()}:
        __import__(module)
    group = typer.main.get_command(app)
    return dict(group.commands.loaded)  # type: ignore[attr-defined]


def test_every_command_is_listed_with_its_own_help():
    """`COMMANDS` (what `--help` prints without importing) matches the commands themselves."""
    registered = _registered()
    assert set(registered) == set(COMMANDS)
    for name, entry in COMMANDS.items():
        command = registered[name]
        callbacks = [getattr(command, "callback", None)]
        callbacks += [c.callback for c in getattr(command, "commands", {}).values()]
        modules = {inspect.getmodule(c).__name__ for c in callbacks if c is not None}  # type: ignore[union-attr]
        assert entry.module in modules, name
        for limit in (30, 45, 80, 1000):
            assert make_default_short_help(entry.help, limit) == command.get_short_help_str(  # type: ignore[attr-defined]
                limit
            ), name


def test_unknown_command_is_a_usage_error_with_a_suggestion():
    done = subprocess.run(
        [sys.executable, "-m", "muster", "verison"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "No such command" in done.stderr
    assert "version" in done.stderr  # "Did you mean 'version'?": the lazy list still suggests
