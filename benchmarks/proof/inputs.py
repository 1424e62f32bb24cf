"""The malformed-input suite: every case of `corpus.py` through `muster import` / `muster ingest`
against a database holding the demo; each must exit 1 with a readable error that names where,
and leave the database as it was (the export's bytes, history's size and last id).

Commands run in this process through Typer's runner (the same code as the `muster` script, fast
enough for hundreds of files); `subprocess_every=N` also runs every Nth case as a real process.
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from benchmarks.proof.common import SuiteResult, muster_command, muster_env, settings_for
from benchmarks.proof.corpus import Case, controls, import_cases, ingest_cases
from muster.cli import app
from muster.interchange import dumps_json
from muster.store import load_dataset, make_engine, transaction
from muster.store.schema import history

MAX_MESSAGE = 4000
INGEST_DATE = "2025-03-03"


@dataclass
class Outcome:
    case: Case
    exit_code: int
    message: str
    seconds: float
    unchanged: bool = True

    @property
    def missing(self) -> list[str]:
        text = self.message.lower()
        return [e for e in self.case.expect if e.lower() not in text]

    @property
    def readable(self) -> bool:
        return (
            "error:" in self.message
            and "Traceback" not in self.message
            and "internal error" not in self.message
            and len(self.message) <= MAX_MESSAGE
        )

    @property
    def held(self) -> bool:
        return self.exit_code == 1 and self.readable and not self.missing and self.unchanged

    def problem(self) -> str:
        why = []
        if self.exit_code != 1:
            why.append(f"exit {self.exit_code}")
        if not self.readable:
            why.append("not readable")
        if self.missing:
            why.append(f"does not name {self.missing}")
        if not self.unchanged:
            why.append("DATABASE CHANGED")
        first = self.message.strip().splitlines()[:3]
        return f"{self.case.name} ({self.case.kind}): {', '.join(why)}: {' | '.join(first)}"


def fingerprint(url: str) -> str:
    """The database's data and history, as a digest: equal digests, unchanged database."""
    engine = make_engine(settings_for(url))
    try:
        with transaction(engine, write=False) as session:
            data = dumps_json(load_dataset(session=session)).encode()
            count, last = session.execute(
                sa.select(sa.func.count(), sa.func.max(history.c.id))
            ).one()
    finally:
        engine.dispose()
    return hashlib.sha256(data + f"|{count}|{last}".encode()).hexdigest()


def _args(case: Case, path: Path) -> list[str]:
    if case.command == "ingest":
        return ["ingest", str(path), *(case.args or ("--date", INGEST_DATE)), "--local-admin"]
    return ["import", str(path), "--local-admin", *case.args]


def invoke(case: Case, path: Path, url: str, *, real_process: bool) -> tuple[int, str]:
    """Run the case's command; (exit code, everything it printed)."""
    args = _args(case, path)
    if real_process:
        done = subprocess.run(
            muster_command(*args),
            env=muster_env(url),
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=600,
            check=False,
        )
        out = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
        return done.returncode, out
    # The command configures logging on the runner's stream, closed after the call: keep the
    # root logger as it was, or later log lines would go to a closed file.
    root = logging.getLogger()
    handlers = root.handlers[:]
    try:
        result = CliRunner().invoke(app, args, env=muster_env(url))
    finally:
        root.handlers[:] = handlers
    return result.exit_code, result.stdout + result.stderr


def _write(folder: Path, case: Case) -> Path:
    path = folder / case.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(case.content())
    return path


def _remove(folder: Path, path: Path) -> None:
    path.unlink()
    if path.parent != folder:
        path.parent.rmdir()


def run_cases(
    url: str,
    cases: list[Case],
    folder: Path,
    *,
    subprocess_every: int = 0,
    check_each: bool = True,
) -> list[Outcome]:
    """Each case written to `folder`, run, and checked; the file is deleted after its run."""
    folder.mkdir(parents=True, exist_ok=True)
    before = fingerprint(url)
    outcomes = []
    for n, case in enumerate(cases):
        path = _write(folder, case)
        real = bool(subprocess_every) and n % subprocess_every == 0
        t0 = time.perf_counter()
        code, message = invoke(case, path, url, real_process=real)
        outcome = Outcome(case, code, message, time.perf_counter() - t0)
        _remove(folder, path)
        if check_each:
            now = fingerprint(url)
            outcome.unchanged = now == before
            before = now
        outcomes.append(outcome)
    if not check_each and outcomes:
        outcomes[-1].unchanged = fingerprint(url) == before
    return outcomes


def run_controls(url: str, folder: Path) -> list[str]:
    """Problems with the unharmed files: each must import with exit 0, and importing them all
    a second time must change nothing (a slice may add to the prepared data once, e.g. dated
    condition statuses the demo does not have)."""
    problems = []
    folder.mkdir(parents=True, exist_ok=True)
    before = fingerprint(url)
    for attempt in (1, 2):
        if attempt == 2:
            before = fingerprint(url)
        for case in controls():
            path = _write(folder, case)
            code, message = invoke(case, path, url, real_process=False)
            _remove(folder, path)
            if code != 0 and attempt == 1:
                problems.append(f"control {case.name}: exit {code}: {message.strip()[:300]}")
    if fingerprint(url) != before:
        problems.append("importing the unharmed slices a second time changed the database")
    return problems


def summarise(outcomes: list[Outcome]) -> dict[str, object]:
    by_fmt = Counter(o.case.fmt for o in outcomes)
    held = [o for o in outcomes if o.held]
    return {
        "files": len(outcomes),
        "by_format": dict(by_fmt),
        "held": len(held),
        "exit_1": sum(1 for o in outcomes if o.exit_code == 1),
        "located": sum(1 for o in outcomes if not o.missing),
        "unchanged": sum(1 for o in outcomes if o.unchanged),
        "slowest_s": round(max((o.seconds for o in outcomes), default=0), 2),
        "bytes": sum(len(o.case.content()) for o in outcomes if not callable(o.case.data)),
    }


def run(
    url: str, folder: Path, *, subprocess_every: int = 0, bomb_mb: int = 1104, every: int = 1
) -> SuiteResult:
    """The corpus (import and ingest) against the prepared database at `url`: all of it, or
    every `every`th import case plus every case with a NUL (what reaches PostgreSQL's text)."""
    started = time.monotonic()
    problems = run_controls(url, folder / "controls")
    chosen = [
        c
        for i, c in enumerate(import_cases(bomb_mb=bomb_mb))
        if i % every == 0 or "nul" in c.kind.lower()
    ]
    imports = run_cases(url, chosen, folder / "import", subprocess_every=subprocess_every)
    ingests = run_cases(url, ingest_cases(), folder / "ingest", subprocess_every=subprocess_every)
    problems += [o.problem() for o in imports + ingests if not o.held]
    si, sg = summarise(imports), summarise(ingests)
    fmts = ", ".join(f"{v} {k}" for k, v in sorted(si["by_format"].items()))  # type: ignore[attr-defined]
    result = SuiteResult(
        suite="3 malformed input",
        tried=f"{si['files']} bad files to `muster import` ({fmts}); {sg['files']} bad "
        f"articles/options to `muster ingest`; {len(controls())} unharmed controls",
        held=f"{si['held'] + sg['held']}/{si['files'] + sg['files']}: exit 1, located readable "
        "error, database byte-identical"
        + ("" if not problems else f"; {len(problems)} problems: {problems[0]}"),
        ok=not problems,
        figures={"import": si, "ingest": sg},
        failures=problems,
    )
    result.seconds = time.monotonic() - started
    return result
