"""docs/data-format.md stays true: its column tables match the code's."""

from __future__ import annotations

import re
from pathlib import Path

from muster.interchange import LIMITS, read_dataset_bytes
from muster.interchange.tables import TABLE_SPECS

DOC = Path(__file__).parents[2] / "docs" / "data-format.md"


def documented_columns(table: str) -> str:
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| `{table}` | ") and "**" in line:
            return line
    return ""


def test_every_table_and_column_is_documented() -> None:
    for spec in TABLE_SPECS.values():
        cells = [
            (f"**{c.name}**" if c.required else c.name)
            + ("" if c.kind == "text" else f" ({c.kind})")
            for c in spec.columns
        ]
        assert documented_columns(spec.name) == f"| `{spec.name}` | {', '.join(cells)} |"


def test_documented_limits_match_the_defaults() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"| file size | {LIMITS.max_file_bytes // 2**20} MiB |" in text
    assert f"| {LIMITS.max_text_chars:,} characters |" in text
    assert f"| JSON nesting | {LIMITS.max_json_depth} levels |" in text
    assert f"| problems reported | {LIMITS.max_problems:,} |" in text
    assert f"{LIMITS.max_zip_members:,} members" in text
    assert f"at most {LIMITS.max_zip_ratio} times" in text


def test_the_documented_csv_examples_read() -> None:
    blocks = re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 2
    pledges = read_dataset_bytes(blocks[0].encode(), filename="pledges.csv", check=False)
    assert pledges.pledges[0].note == "=only after a peace deal, per Macron"
    scenarios = read_dataset_bytes(blocks[1].encode(), filename="scenarios.csv", check=False)
    assert dict(scenarios.scenarios[0].forced) == {"us-backstop": False}
