"""Dependency audit: `pip-audit` over the installed environment (Muster itself skipped).

pip-audit asks PyPI's vulnerability API about every installed distribution. Where that service
cannot be reached (a mirror without it, no network), each package comes back "skipped": the suite
then says how many were audited at all instead of claiming "no known vulnerabilities".
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

from benchmarks.proof.common import SuiteResult


def audit(timeout_s: float = 600) -> dict[str, Any]:
    """pip-audit's findings: packages audited, skipped (and why), vulnerabilities."""
    cmd = [
        sys.executable,
        "-m",
        "pip_audit",
        "--format",
        "json",
        "--progress-spinner",
        "off",
        "--skip-editable",
        "--local",
    ]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"pip-audit took longer than {timeout_s:.0f} s"}
    try:
        report = json.loads(done.stdout or b"{}")
    except ValueError:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return {"error": err[-1] if err else f"pip-audit exited {done.returncode}"}
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    vulns = [
        {
            "package": d["name"],
            "version": d.get("version"),
            "id": v.get("id"),
            "fix": v.get("fix_versions", []),
        }
        for d in deps
        for v in d.get("vulns", [])
    ]
    return {
        "packages": len(deps),
        "audited": len(deps) - len(skipped),
        "skipped": len(skipped),
        "skip_reason": skipped[0]["skip_reason"] if skipped else None,
        "vulnerabilities": vulns,
    }


def run() -> SuiteResult:
    started = time.monotonic()
    found = audit()
    ok: bool | None
    if "error" in found:
        tried, held, ok = "pip-audit", f"not run: {found['error']}", None
    else:
        tried = f"pip-audit over {found['packages']} installed packages"
        vulns = found["vulnerabilities"]
        if found["audited"] == 0:
            reason = str(found["skip_reason"] or "")
            held = (
                f"not audited: the vulnerability service was unreachable for all "
                f"{found['skipped']} ({reason.split(':')[0]})"
            )
            ok = None
        else:
            listed = ", ".join(f"{v['package']} {v['version']} {v['id']}" for v in vulns[:5])
            held = f"{found['audited']} audited, {len(vulns)} known vulnerabilities" + (
                f": {listed}" if vulns else ""
            )
            if found["skipped"]:
                held += f" ({found['skipped']} skipped)"
            ok = not vulns
    result = SuiteResult(
        suite="6b dependency audit",
        tried=tried,
        held=held,
        ok=ok,
        figures=found,
        failures=[
            f"{v['package']} {v['version']}: {v['id']}" for v in found.get("vulnerabilities", [])
        ],
    )
    result.seconds = time.monotonic() - started
    return result
