"""docs/web.md's policy table is the one `muster.auth` enforces."""

from __future__ import annotations

import re
from pathlib import Path

from muster.auth.roles import policy_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_the_documented_policy_is_the_enforced_one() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- policy-table:start -->\n(.*?)<!-- policy-table:end -->", text, re.S)
    assert found is not None, "docs/web.md lost its policy-table markers"
    assert found.group(1) == policy_table(), "docs/web.md: paste policy_table() between markers"
