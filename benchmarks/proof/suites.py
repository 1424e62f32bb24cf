"""Suites that are pytest files (authorisation, hardening): run them in a child pytest and count
the cells that held, so the proof table shows them beside the harness-driven suites."""

from __future__ import annotations

import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from benchmarks.proof.common import SuiteResult

ROOT = Path(__file__).resolve().parents[2]

AUTHZ = (
    "tests/proof/test_authz.py",
    "tests/web/api/test_matrix.py",
    "tests/web/pages/test_matrix.py",
    "tests/web/api/test_security.py",
    "tests/web/api/test_analysis.py",
    "tests/web/api/test_users.py",
    "tests/auth/test_policy.py",
    "tests/auth/test_sql.py",
    "tests/auth/test_credentials.py",
)
HARDENING = ("tests/proof/test_hardening.py", "tests/web/pages/test_site.py")


def run_pytest(suite: str, files: tuple[str, ...], what: str, folder: Path) -> SuiteResult:
    """Run `files` under pytest; one row: how many cases, how many held, which failed."""
    started = time.monotonic()
    folder.mkdir(parents=True, exist_ok=True)
    junit = folder / f"{suite.split()[0]}.xml"
    present = [f for f in files if (ROOT / f).exists()]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *present, "-q", "-p", "no:cacheprovider",
         f"--junitxml={junit}"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )  # fmt: skip
    cases = passed = 0
    failed: list[str] = []
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            cases += 1
            bad = case.find("failure") if case.find("failure") is not None else case.find("error")
            if bad is not None:
                failed.append(f"{case.get('classname')}::{case.get('name')}")
            elif case.find("skipped") is None:
                passed += 1
    if cases == 0:
        tail = done.stdout.decode("utf-8", "replace").strip().splitlines()[-3:]
        failed.append(f"pytest ran nothing (exit {done.returncode}): {' | '.join(tail)}")
    result = SuiteResult(
        suite=suite,
        tried=f"{cases:,} {what} ({len(present)} test files, SQLite and PostgreSQL)",
        held=f"{passed:,}/{cases:,} held" + (f"; failed: {failed[0]}" if failed else ""),
        ok=not failed and passed == cases,
        figures={"cases": cases, "passed": passed, "files": present},
        failures=failed,
    )
    result.seconds = time.monotonic() - started
    return result
