"""Load and soak, the quick run: the soak harness of `make proof` for seconds, not minutes,
on a smaller synthetic coalition: no errors, the server alive, memory sampled throughout."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.proof.load import BASELINE, LoadPlan, run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_short_soak_has_no_errors(tmp_path: Path, backend: str) -> None:
    plan = LoadPlan(
        pledges=500, clients=10, seconds=15, warmup_s=5, sample_every_s=1, write_every_s=1
    )
    result = run(plan, tmp_path, (backend,))
    assert result.figures["errors"] == 0, result.failures
    assert result.figures["saves"] == {"200": result.figures["saves"]["200"]}
    assert result.figures["saves"]["200"] >= 5
    endpoints = result.figures["per_endpoint"]
    assert BASELINE in endpoints
    assert all(e["requests"] > 0 for e in endpoints.values())
    assert len(result.figures["rss_mib"]) >= 10  # memory sampled throughout
