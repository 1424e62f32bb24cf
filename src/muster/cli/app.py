"""The `muster` Typer application, its global options, and the error → exit code mapping.

Exit codes: 0 ok; 1 a user error (one line, no traceback unless --debug); 2 usage; 3 an internal
error, shown with a reference id that also appears in the log.

Start-up stays light (`muster version` and `muster --help` import neither the engine, the
database layer nor the web app): a command's module is imported when that command runs
(`COMMANDS` names it), and the settings are read when a command first asks for them.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import sys
import uuid
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import typer
import typer.main
from typer import _click as click  # Typer vendors click: its classes, not the click package's
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from muster.errors import InvalidInput, MusterError

if TYPE_CHECKING:
    from pydantic import ValidationError
    from rich.console import Console

    from muster.settings import Settings

    err_console: Console  # standard error for messages and progress; made on first use

log = logging.getLogger("muster")


@functools.cache
def _err_console() -> Console:
    from rich.console import Console  # Rich's console takes a while to import: only when used

    return Console(stderr=True, highlight=False, soft_wrap=True)


def __getattr__(name: str) -> Any:
    if name == "err_console":
        return _err_console()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


INTERNAL_ERROR = 3


class Entry(NamedTuple):
    """A top-level command: the module that registers it, and its one-line help for `--help`."""

    module: str
    help: str


# Every top-level command, in `muster --help` order. `help` repeats the first paragraph of the
# command's own help so the list prints without importing every module; tests/cli/test_startup.py
# checks both against the commands themselves.
COMMANDS: dict[str, Entry] = {
    "changes": Entry(
        "muster.cli.changes",
        "What changed since a date: stances, pledges, conditions, proposals, aid, coverage, gaps.",
    ),
    "init": Entry(
        "muster.cli.data",
        "Create the database (or upgrade it) and load the reference nations and actors.",
    ),
    "migrate": Entry(
        "muster.cli.data",
        "Upgrade the database's schema to this Muster's (in one transaction).",
    ),
    "import": Entry(
        "muster.cli.data",
        "Merge a file into the database by natural keys: all rows or none, every change in "
        "history.",
    ),
    "export": Entry(
        "muster.cli.data",
        "Write the data to a file (format by extension); nothing is written if anything fails.",
    ),
    "history": Entry(
        "muster.cli.data",
        "Every change to one row: version, when, who, why and what changed.",
    ),
    "restore": Entry(
        "muster.cli.data",
        "Undo changes: put back what a row held at an earlier version (a deleted row comes back).",
    ),
    "nations": Entry(
        "muster.cli.listings",
        "List the nations: ISO3 code, name, EU and NATO membership, GDP.",
    ),
    "stances": Entry(
        "muster.cli.listings",
        "Each nation's stance on a date, from its accepted statements, with the deciding quote.",
    ),
    "statements": Entry(
        "muster.cli.listings",
        "List statements, oldest first: date, nation, speaker, stance, status, quote.",
    ),
    "pledges": Entry(
        "muster.cli.listings",
        "List pledges: nation, capability, quantity, phases, conditions, status (every "
        "classification, or what `--user` may read).",
    ),
    "serve": Entry(
        "muster.cli.web",
        "Serve the dashboard, the pages and the REST API (/api/v1, docs at /api/docs).",
    ),
    "demo": Entry(
        "muster.cli.demo",
        "Load the London-2025 demo coalition (idempotent), print its stances, serve the dashboard.",
    ),
    "coverage": Entry(
        "muster.cli.engine",
        "Exact coverage under a scenario: per line required, filled, gap, who fills it, and "
        "(with --as-of) who pledged but arrives late.",
    ),
    "gaps": Entry(
        "muster.cli.engine",
        "Each gap, and the pledges that would fill it if their conditions held or they "
        "arrived in time (likeliest first).",
    ),
    "simulate": Entry(
        "muster.cli.engine",
        "Monte Carlo over the uncertain conditions: coverage, P(minimum viable force), "
        "sensitivity.",
    ),
    "criticality": Entry(
        "muster.cli.engine",
        "Each nation's Shapley value on expected coverage or viability, and where it comes "
        "from; willing-only coverage; who'd add most by stepping up.",
    ),
    "watch": Entry(
        "muster.cli.feeds",
        "Poll news feeds and put their new articles in the review queue (until stopped).",
    ),
    "ingest": Entry(
        "muster.cli.ingest",
        "Propose statements (nation, speaker, stance, quote, conditions) from news articles.",
    ),
    "eval-ingest": Entry(
        "muster.cli.ingest",
        "Measure the ingester against labelled articles (recall, accuracy, F1, speakers).",
    ),
    "train-ingest": Entry(
        "muster.cli.ingest",
        "Train the fallback labeller and the stance arbiter; report held-out scores.",
    ),
    "version": Entry("muster.cli.meta", "Print Muster's version."),
    "report": Entry(
        "muster.cli.report",
        "Write the conference brief: stance map, coverage and gaps, conditions, nations, sources.",
    ),
    "deliver": Entry(
        "muster.cli.subscription",
        "Send subscription events: signed webhooks and e-mail digests, with retries.",
    ),
    "synth": Entry(
        "muster.cli.synth",
        "Write a realistic synthetic coalition (invented nations XAA…, all figures illustrative).",
    ),
    "bench": Entry("muster.cli.bench", "Benchmarks that print their figures."),
    "conference": Entry(
        "muster.cli.conference",
        "Force generation: calls for contributions, offers, decisions, shortfall lists.",
    ),
    "user": Entry("muster.cli.web", "Manage users: add, list, change password, disable."),
    "token": Entry("muster.cli.web", "API tokens for scripts: create, list, revoke."),
    "feeds": Entry(
        "muster.cli.feeds",
        "News feeds (RSS, Atom) polled for articles: add, list, remove.",
    ),
    "review": Entry("muster.cli.ingest", "Review proposed statements: list, accept, reject, edit."),
    "scenario": Entry(
        "muster.cli.scenario",
        "Named assumption sets: list, show, create, set, diff.",
    ),
    "subscription": Entry(
        "muster.cli.subscription",
        "Subscriptions to changes (webhook or e-mail digest): add, list, remove, deliveries.",
    ),
}


def _is_settings_error(e: BaseException) -> bool:
    # pydantic is imported only when settings are read: without it, no ValidationError exists.
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(e, pydantic.ValidationError)


@dataclass
class CliState:
    """What the callback builds once and every command receives through the context."""

    debug: bool = False
    cache: dict[str, Any] = field(default_factory=dict)
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The MUSTER_ settings, read from the environment on first use (an invalid one raises
        pydantic's ValidationError, which `MusterGroup` turns into one line and exit 1)."""
        if self._settings is None:
            from muster.settings import Settings

            self._settings = Settings()
        return self._settings


def _settings_error(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        name = (
            "MUSTER_" + "_".join(str(x) for x in err["loc"]).upper() if err["loc"] else "settings"
        )
        parts.append(f"{name}: {err['msg']}")
    return "invalid configuration: " + "; ".join(parts)


def _plain_help_flag(command: click.Command) -> None:
    """Give `command`'s --help flag the default False instead of None: Typer then passes the bool
    through instead of building a pydantic validator for it, and a run that uses no pydantic
    (`muster version`) never imports it (a third of its start-up)."""
    option = command.get_help_option(click.Context(command))
    if option is not None and option.default is None:
        option.default = False


class _LazyCommands(MutableMapping[str, click.Command]):
    """The root group's commands: every name in `COMMANDS`, each module imported on first use."""

    def __init__(self, loaded: Mapping[str, click.Command]) -> None:
        self.loaded = dict(loaded)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded and name in COMMANDS:
            importlib.import_module(COMMANDS[name].module)
            # the Typer app now holds that module's commands: build them as Typer would
            built = typer.main.get_command(app)
            assert isinstance(built, MusterGroup)
            assert isinstance(built.commands, _LazyCommands)
            for command in built.commands.loaded.values():
                if command not in self.loaded.values():
                    _plain_help_flag(command)
            self.loaded.update(built.commands.loaded)
            if name not in self.loaded:
                raise LookupError(f"{COMMANDS[name].module} does not register `{name}`")
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self.loaded if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS) + sum(1 for name in self.loaded if name not in COMMANDS)


class MusterGroup(TyperGroup):
    """The root group: loads a command's module when the command is used, turns MusterError
    into a one-line message and exit 1, and anything else into a reference id."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(self.commands)
        _plain_help_flag(self)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from `COMMANDS`, as Click would print it, importing no command."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(e.help, limit)) for name, e in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except MusterError as e:
            if _debug(ctx):
                raise
            message = e.summary() if isinstance(e, InvalidInput) else str(e)
            _err_console().print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
            ctx.exit(e.exit_code)
        except BrokenPipeError:
            # The reader went away (`muster stances | head`): stop quietly, as Python's docs
            # advise, pointing stdout at devnull so the interpreter's final flush cannot fail.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except KeyboardInterrupt:
            _err_console().print("interrupted; nothing was committed by the interrupted step")
            ctx.exit(130)
        except Exception as e:
            if _debug(ctx):
                raise
            if _is_settings_error(e):
                _err_console().print(f"[bold red]error:[/] {_settings_error(e)}")  # type: ignore[arg-type]
                ctx.exit(1)
            if isinstance(e, OSError) and e.filename is not None:
                # a path the user named cannot be read or written: their input, not our bug
                from rich.markup import escape

                where = escape(str(e.filename))
                _err_console().print(
                    f"[bold red]error:[/] {where}: {escape(e.strerror or str(e))}",
                    highlight=False,
                )
                ctx.exit(1)
            ref = uuid.uuid4().hex[:8]
            log.exception("internal error ref=%s", ref)
            _err_console().print(
                f"[bold red]internal error[/] (reference {ref}); this is a bug in Muster. "
                "Run again with --debug for the traceback."
            )
            ctx.exit(INTERNAL_ERROR)


def _debug(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or "--debug" in sys.argv


app = typer.Typer(
    name="muster",
    cls=MusterGroup,
    help="Muster a coalition of the willing: sourced stances, conditional pledges, exact coverage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
) -> None:
    """Muster a coalition of the willing: sourced stances, conditional pledges, exact coverage."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)
    ctx.obj = CliState(debug=debug)


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj
