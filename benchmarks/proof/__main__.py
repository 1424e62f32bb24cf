"""`make proof`: every proof suite at full size, one table, and proof-report.json.

    python -m benchmarks.proof                 # everything (about 45 minutes on 2 cores)
    python -m benchmarks.proof --only 1,3      # some suites
    python -m benchmarks.proof --quick         # every suite, small (minutes): to try it out
    python -m benchmarks.proof --workers 4     # every server the suites start has 4 workers
    python -m benchmarks.proof --docs          # copy proof-report.json's table into
                                               # docs/reliability.md (with its date)

Exit code 0 when every suite that could run held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from benchmarks.proof import audit, concurrency, crash, fuzz, inputs, load, suites
from benchmarks.proof.common import BACKENDS, SuiteResult, prepare, scratch_database

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "proof-report.json"
DOC = ROOT / "docs" / "reliability.md"
SERVER_SUITES = ("1", "2", "7")  # the suites that start `muster serve` (uvicorn for 7)
START, END = "<!-- proof-table:start -->", "<!-- proof-table:end -->"


def _inputs(folder: Path, quick: bool, backends: tuple[str, ...] = BACKENDS) -> SuiteResult:
    results = []
    for backend in backends:
        with scratch_database(backend, folder / backend) as url:
            prepare(url)
            results.append(
                inputs.run(
                    url,
                    folder / backend,
                    subprocess_every=0 if quick else 10,
                    bomb_mb=256 if quick else 1104,
                    every=9 if quick else 1,
                )
            )
    first = results[0]
    first.tried = f"{first.tried}; on {' and '.join(backends)}"
    first.held = " | ".join(r.held for r in results)
    first.ok = all(r.ok for r in results)
    first.failures = [f for r in results for f in r.failures]
    first.figures = {b: r.figures for b, r in zip(backends, results, strict=True)}
    first.seconds = sum(r.seconds for r in results)
    return first


def plan(
    quick: bool, folder: Path, workers: int = 1, backends: tuple[str, ...] = BACKENDS
) -> dict[str, Callable[[], SuiteResult]]:
    """Suite number → how to run it at this size, every server it starts on `workers` worker
    processes (suites 3 to 6b start none: they run commands or the app in-process)."""
    crash_plan = crash.CrashPlan(writes=60, min_server_kills=3) if quick else crash.CrashPlan()
    race_plan = (
        concurrency.ConcurrencyPlan(
            race_rounds=10, writes_each=4, processes=False, http_writes_each=2
        )
        if quick
        else concurrency.ConcurrencyPlan()
    )
    if workers != 1:  # one worker keeps the suites' own choice (the HTTP writers' 2)
        race_plan = replace(race_plan, workers=workers, http_workers=workers)
    load_plan = (
        load.LoadPlan(pledges=1000, clients=20, seconds=30, warmup_s=10, sample_every_s=1)
        if quick
        else load.LoadPlan()
    )
    return {
        "1": lambda: crash.run(replace(crash_plan, workers=workers), folder / "crash", backends),
        "2": lambda: concurrency.run(race_plan, folder / "concurrency", backends),
        "3": lambda: _inputs(folder / "inputs", quick, backends),
        "4": lambda: fuzz.run(1 if quick else 8, folder / "fuzz", backends),
        "5": lambda: suites.run_pytest(
            "5 authorisation", suites.AUTHZ, "authorisation cells and probes", folder / "pytest"
        ),
        "6": lambda: suites.run_pytest(
            "6 headers and hardening",
            suites.HARDENING,
            "route and start-up checks",
            folder / "pytest",
        ),
        "6b": audit.run,
        "7": lambda: load.run(replace(load_plan, workers=workers), folder / "load", backends),
    }


def _mark(ok: bool | None) -> str:
    return {True: "held", False: "FAILED", None: "n/a"}[ok]


def _workers(r: dict[str, Any]) -> str:
    """The table's workers cell: how many processes served, or "in-process" (no server)."""
    n = r.get("workers")
    return "in-process" if n is None else str(n)


def render(results: list[dict[str, Any]], *, console: Console, workers: int = 1) -> None:
    title = f"Muster proof under faults, load and bad input (servers: {workers} worker(s))"
    table = Table(title=title, show_lines=True)
    for name in ("suite", "tried", "held (figures)", "result", "workers", "time"):
        table.add_column(name, overflow="fold")
    for r in results:
        table.add_row(
            r["suite"], r["tried"], r["held"], _mark(r["ok"]), _workers(r), f"{r['seconds']:.0f} s"
        )
    console.print(table)


def markdown(report: dict[str, Any]) -> str:
    workers = report.get("workers", 1)
    lines = [
        f"Measured {report['measured']} on {report['machine']['cpus']} CPUs, "
        f"Python {report['machine']['python']}{' (quick run)' if report['quick'] else ''}, "
        f"servers on {workers} worker process{'es' if workers > 1 else ''}.",
        "",
        "| suite | tried | held (figures) | result | workers | time |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["suites"]:
        cells = [
            r["suite"],
            r["tried"],
            r["held"],
            _mark(r["ok"]),
            _workers(r),
            f"{r['seconds']:.0f} s",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def write_docs(report: dict[str, Any]) -> None:
    text = DOC.read_text("utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{DOC}: the table's markers {START} … {END} are missing")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{START}\n{markdown(report)}\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.proof", description=__doc__)
    parser.add_argument("--only", help="comma-separated suite numbers (1,2,3,4,5,6,6b,7)")
    parser.add_argument("--quick", action="store_true", help="every suite, small")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes of every server the suites start (`muster serve --workers`)",
    )
    parser.add_argument(
        "--docs", action="store_true", help="copy proof-report.json's table into the docs"
    )
    parser.add_argument(
        "--backends",
        default=",".join(BACKENDS),
        help="comma-separated backends for suites 1-4 (sqlite,postgresql)",
    )
    args = parser.parse_args(argv)
    backends = tuple(args.backends.split(","))
    if not backends or set(backends) - set(BACKENDS):
        parser.error(f"--backends: choose from {','.join(BACKENDS)}, got {args.backends!r}")
    if args.workers < 1:
        parser.error(f"--workers: expected a whole number ≥ 1, got {args.workers}")
    console = Console(width=160)
    if args.docs:
        report = json.loads(REPORT.read_text("utf-8"))
        write_docs(report)
        console.print(f"wrote the table of {report['measured']} into {DOC.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="muster-proof-") as tmp:
        runs = plan(args.quick, Path(tmp), args.workers, backends)
        chosen = args.only.split(",") if args.only else list(runs)
        unknown = [c for c in chosen if c not in runs]
        if unknown:
            parser.error(f"unknown suite(s) {unknown}; choose from {', '.join(runs)}")
        results: list[dict[str, Any]] = []
        for key in chosen:
            console.print(f"[bold]suite {key}[/]: running…")
            t0 = time.monotonic()
            try:
                result = runs[key]()
            except Exception as e:  # a harness failure is a failed row, not a lost report
                stopped = f"{type(e).__name__}: {e}"
                result = SuiteResult(key, "(the harness stopped)", stopped, False)
                result.workers = args.workers if key in SERVER_SUITES else None
            result.seconds = result.seconds or time.monotonic() - t0
            results.append(result.as_dict())
            console.print(f"  {_mark(result.ok)}: {result.held}")
    report = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": args.quick,
        "workers": args.workers,
        "backends": list(backends),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "suites": results,
    }
    REPORT.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    render(results, console=console, workers=args.workers)
    console.print(f"wrote {REPORT.name}; `python -m benchmarks.proof --docs` copies the table")
    return 0 if all(r["ok"] is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
