"""The `muster` Typer application, its global options, and the error → exit code mapping.

Exit codes: 0 ok; 1 a user error (one line, no traceback unless --debug); 2 usage; 3 an internal
error, shown with a reference id that also appears in the log.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from dataclasses import dataclass, field
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from muster.errors import InvalidInput, MusterError
from muster.settings import Settings

log = logging.getLogger("muster")
err_console = Console(stderr=True, highlight=False, soft_wrap=True)
INTERNAL_ERROR = 3


@dataclass
class CliState:
    """What the callback builds once and every command receives through the context."""

    settings: Settings
    debug: bool = False
    cache: dict[str, Any] = field(default_factory=dict)


def _settings_error(e: ValidationError) -> str:
    parts = []
    for err in e.errors():
        name = (
            "MUSTER_" + "_".join(str(x) for x in err["loc"]).upper() if err["loc"] else "settings"
        )
        parts.append(f"{name}: {err['msg']}")
    return "invalid configuration: " + "; ".join(parts)


class MusterGroup(TyperGroup):
    """Turns MusterError into a one-line message and exit 1; anything else into a reference id."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except MusterError as e:
            if _debug(ctx):
                raise
            message = e.summary() if isinstance(e, InvalidInput) else str(e)
            err_console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
            ctx.exit(e.exit_code)
        except ValidationError as e:
            if _debug(ctx):
                raise
            err_console.print(f"[bold red]error:[/] {_settings_error(e)}")
            ctx.exit(1)
        except BrokenPipeError:
            # The reader went away (`muster stances | head`): stop quietly, as Python's docs
            # advise, pointing stdout at devnull so the interpreter's final flush cannot fail.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(1)
        except KeyboardInterrupt:
            err_console.print("interrupted; nothing was committed by the interrupted step")
            ctx.exit(130)
        except Exception as e:
            if _debug(ctx):
                raise
            if isinstance(e, OSError) and e.filename is not None:
                # a path the user named cannot be read or written: their input, not our bug
                where = escape(str(e.filename))
                err_console.print(
                    f"[bold red]error:[/] {where}: {escape(e.strerror or str(e))}",
                    highlight=False,
                )
                ctx.exit(1)
            ref = uuid.uuid4().hex[:8]
            log.exception("internal error ref=%s", ref)
            err_console.print(
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
    try:
        settings = Settings()
    except ValidationError as e:
        err_console.print(f"[bold red]error:[/] {_settings_error(e)}")
        raise typer.Exit(1) from None
    ctx.obj = CliState(settings=settings, debug=debug)


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj
