"""CLI start-up: CPU seconds of `muster version` and `muster --help`, each in a fresh process.

Each command runs `--rounds` times as `python -m muster ...` with the interpreter of this
process; the figure is the median CPU time (user + system, from `os.wait4`) of its runs.
Baseline, in the same run and the same way: `python -c pass`, the interpreter's own start; the
commands are printed as a multiple of it, which stays meaningful on a busy machine. CPU time
rather than wall time, so other work on the machine barely moves the figures.
Target (issue 13): each command under 0.3 s of CPU. The run fails when one is over it.
Run: `python -m benchmarks.cli_startup [--rounds R]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

TARGET = 0.3  # CPU seconds per command
COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "muster version": ["-m", "muster", "version"],
    "muster --help": ["-m", "muster", "--help"],
}


def cpu_seconds(args: list[str]) -> float:
    """User + system CPU time of one run of `python ARGS` (its output discarded)."""
    proc = subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"python {' '.join(args)} exited {proc.returncode}: {errors.decode()}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="runs per command (default 7)")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    cpu_seconds(["-m", "muster", "version"])  # fill the bytecode caches first
    runs: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.rounds):  # interleaved, so a busy spell touches every command alike
        for name, command in COMMANDS.items():
            runs[name].append(cpu_seconds(command))
    base = statistics.median(runs["python -c pass"])
    print(f"CPU seconds per run, median of {args.rounds} (min–max); target < {TARGET} s")
    over = []
    for name, times in runs.items():
        median = statistics.median(times)
        line = f"  {name:<16} {median:6.3f} s ({min(times):.3f}–{max(times):.3f})"
        if name != "python -c pass":
            line += f"  {median / base:5.1f}× python -c pass"
            if median >= TARGET:
                over.append(name)
                line += "  OVER TARGET"
        print(line)
    if over:
        print(f"over the {TARGET} s target: {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
