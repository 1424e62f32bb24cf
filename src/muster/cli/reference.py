"""Generates the README's CLI reference (from the commands' own --help) and configuration table.

`python -m muster.cli.reference --write README.md` rewrites the marked sections; the test suite
calls `check` so the README can never drift from `muster --help` or from `Settings`.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import typer
import typer.main

from muster.cli import app
from muster.settings import Settings

CLI_MARK = "cli-reference"
SETTINGS_MARK = "settings-reference"


def _help_text(cmd: Any, path: list[str]) -> str:
    ctx = typer.Context(cmd, info_name=" ".join(path), terminal_width=100, max_content_width=100)
    return str(cmd.get_help(ctx))


def _walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, cmd)]
    if hasattr(cmd, "list_commands"):  # a group (Typer vendors click, so no isinstance check)
        ctx = typer.Context(cmd)
        for name in sorted(cmd.list_commands(ctx)):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                out.extend(_walk(sub, [*path, name]))
    return out


def cli_reference() -> str:
    """Markdown: every command's --help, in a fenced block, root first then alphabetical."""
    root = typer.main.get_command(app)
    parts = []
    for path, cmd in _walk(root, ["muster"]):
        parts.append(f"#### `{' '.join(path)}`\n\n```text\n{_help_text(cmd, path).rstrip()}\n```\n")
    return "\n".join(parts)


def settings_reference() -> str:
    """Markdown table of every MUSTER_ setting with its default and meaning."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, info in Settings.model_fields.items():
        default = info.default
        shown = "(unset)" if default is None else f"`{default}`"
        rows.append(f"| `MUSTER_{name.upper()}` | {shown} | {info.description or ''} |")
    return "\n".join(rows) + "\n"


def _replace(text: str, mark: str, body: str) -> str:
    pattern = re.compile(rf"(<!-- {mark}:start -->\n)(.*?)(<!-- {mark}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README has no <!-- {mark}:start --> ... <!-- {mark}:end --> section")
    return pattern.sub(lambda m: m.group(1) + body + m.group(3), text)


def render(readme: str) -> str:
    readme = _replace(readme, CLI_MARK, cli_reference())
    return _replace(readme, SETTINGS_MARK, settings_reference())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("readme", nargs="?", default="README.md")
    parser.add_argument("--write", action="store_true", help="rewrite the file in place")
    args = parser.parse_args(argv)
    path = Path(args.readme)
    current = path.read_text(encoding="utf-8")
    wanted = render(current)
    if args.write:
        path.write_text(wanted, encoding="utf-8")
        return 0
    if wanted != current:
        print(f"{path} is out of date: run `make docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
