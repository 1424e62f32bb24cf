"""The compiled fast paths of `records.from_record` agree with the general conversion."""

from __future__ import annotations

import typing
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from muster.domain import ENTITIES, Office, Substitution
from muster.domain.records import _Bad, _convert, _fast, _Slow
from muster.errors import InvalidInput

HINTS = sorted(
    {
        (cls.__name__, name, hint)
        for cls in [*ENTITIES.values(), Office, Substitution]
        for name, hint in typing.get_type_hints(cls).items()
    },
    key=lambda t: (t[0], t[1]),
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["1", " 2 ", "2.5", "true", " No ", "", "offered", "2025-03-02", "x;y"])
    | st.dates()
    | st.dates().map(date.isoformat)
)
VALUES = SCALARS | st.lists(SCALARS, max_size=3) | st.lists(SCALARS, max_size=3).map(tuple)


def outcome(fn: Any) -> tuple[str, Any]:
    try:
        return ("ok", fn())
    except _Bad as e:
        return ("bad", e.message)
    except InvalidInput as e:
        return ("invalid", str(e))
    except _Slow:
        return ("slow", None)


@pytest.mark.parametrize("text", [False, True])
@pytest.mark.parametrize(("entity", "field", "hint"), HINTS, ids=lambda v: str(v)[:30])
@settings(max_examples=15, deadline=None)
@given(value=VALUES)
def test_fast_path_is_the_general_conversion_or_declines(
    entity: str, field: str, hint: Any, text: bool, value: Any
) -> None:
    fast = outcome(lambda: _fast(hint, text)(value))
    general = outcome(lambda: _convert(hint, value, text=text))
    if fast[0] != "slow":
        # repr: the same value and type (and NaN equals NaN)
        assert (fast[0], repr(fast[1])) == (general[0], repr(general[1]))
