"""The proof runner's options and report: how many workers served is in the table."""

from __future__ import annotations

import pytest

from benchmarks.proof.__main__ import main, markdown


def _report(workers: int) -> dict[str, object]:
    row = {"tried": "t", "held": "h", "ok": True, "seconds": 1.0, "figures": {}, "failures": []}
    return {
        "measured": "2026-12-07 17:00 UTC",
        "quick": True,
        "workers": workers,
        "machine": {"cpus": 2, "python": "3.11.7"},
        "suites": [
            {**row, "suite": "1 crash safety", "workers": workers},
            {**row, "suite": "4 API fuzzing", "workers": None},
        ],
    }


def test_the_table_says_how_many_workers_served_each_suite() -> None:
    text = markdown(_report(4))
    assert "servers on 4 worker processes" in text
    assert "| suite | tried | held (figures) | result | workers | time |" in text
    assert "| 1 crash safety | t | h | held | 4 | 1 s |" in text
    assert "| 4 API fuzzing | t | h | held | in-process | 1 s |" in text
    assert "servers on 1 worker process." in markdown(_report(1))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--workers", "0"], "--workers: expected a whole number ≥ 1, got 0"),
        (["--backends", "mysql"], "--backends: choose from sqlite,postgresql, got 'mysql'"),
    ],
)
def test_bad_options_are_refused_before_anything_runs(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert says in capsys.readouterr().err
