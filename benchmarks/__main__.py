"""Run every benchmark module (or those named on the command line) and report failures.

A benchmark is a module (or package) of `benchmarks` with a `main()`; it runs as if started by
`python -m benchmarks.NAME` with no arguments, and fails when it raises or returns non-zero.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType


def benchmarks() -> dict[str, ModuleType]:
    here = Path(__file__).parent
    found = {}
    for info in pkgutil.iter_modules([str(here)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        if callable(getattr(module, "main", None)):
            found[info.name] = module
    return dict(sorted(found.items()))


def main(argv: list[str]) -> int:
    known = benchmarks()
    names = argv or list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(known)}")
        return 2
    failed = []
    for name in names:
        print(f"\n=== benchmarks.{name} ===", flush=True)
        started = time.perf_counter()
        saved, sys.argv = sys.argv, [f"benchmarks.{name}"]
        try:
            if known[name].main() not in (None, 0):
                failed.append(name)
        except Exception:
            traceback.print_exc()
            failed.append(name)
        finally:
            sys.argv = saved
        print(f"--- {name}: {time.perf_counter() - started:.1f} s", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
