"""JSON columns (history records, word lists): what is written reads back as it was."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from muster.store.db import from_json, to_json


@pytest.mark.parametrize(
    "value",
    [
        {"quote": "« Nous sommes prêts » — Macron", "n": 3, "x": 0.1, "ok": True, "none": None},
        {"nested": {"list": [1, 2.5, "Україна"], "empty": {}}},
        [],
    ],
)
def test_values_round_trip_as_compact_json(value: Any) -> None:
    text = to_json(value)
    assert from_json(text) == value
    assert json.loads(text) == value
    assert ", " not in text  # compact
    assert ": " not in text
    assert "\\u" not in text  # characters as themselves


def test_what_orjson_cannot_or_will_not_write_goes_as_before() -> None:
    assert to_json({"huge": 2**70 + 1}) == '{"huge":1180591620717411303425}'  # beyond 64 bits
    with pytest.raises(TypeError):  # records never hold dates: refused, as json.dumps does
        to_json({"day": date(2025, 3, 2)})


def test_text_the_standard_library_wrote_still_reads() -> None:
    assert from_json('{"a": NaN}')["a"] != from_json('{"a": NaN}')["a"]  # NaN, as json reads it
