"""The prefilter's literals are necessary: a pattern never matches text lacking all of them."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from muster.ingest import read_article
from muster.ingest.conditions import CATALOGUE, CONTRIBUTIONS
from muster.ingest.cues import CUES
from muster.ingest.prefilter import required
from muster.ingest.stance import unquoted
from muster.ingest.text import sentences_of
from tests.ingest.conftest import DEV, HOLDOUT


@pytest.mark.parametrize(
    ("rx", "keys"),
    [
        (r"\bmuster\b", {"muster"}),
        (r"\b(?:led|headed)\s+by\b", {"led", "headed"}),
        (r"(?<=\w)-led\b", {"-led"}),
        (r"\b(?:a|b)\s+x", None),  # one-letter alternatives select nothing
        (r"(?:foo)?bar", {"bar"}),  # an optional group is not required
        (r"(?i:ready)", None),  # flags inside: not for us to guess
    ],
)
def test_required_literals(rx: str, keys: set[str] | None) -> None:
    got = required(re.compile(rx))
    assert (set(got) if got is not None else None) == keys


def _sentences() -> list[str]:
    out: list[str] = []
    for folder in (DEV, HOLDOUT):
        dates = json.loads((folder / "dates.json").read_text("utf-8"))
        for aid, day in dates.items():
            data = (folder / f"{aid}.txt").read_bytes()
            article = read_article(data, name=f"{aid}.txt", day=date.fromisoformat(day))
            out.extend(unquoted(s.lower) for s in sentences_of(article.paragraphs))
    return out


PATTERNS = [c.pattern for c in CUES] + [e.pattern for e in CATALOGUE]
PATTERNS += [rx for _, rx in CONTRIBUTIONS]


def test_no_match_is_ever_filtered_out_on_the_labelled_sets() -> None:
    sentences = _sentences()
    for pattern in PATTERNS:
        keys = required(pattern)
        if keys is None:
            continue
        for s in sentences:
            if pattern.search(s):
                assert any(k in s for k in keys), (pattern.pattern, s)


@settings(deadline=None)  # seventy patterns per example: a loaded machine is slow, not wrong
@given(st.text(alphabet="abcdelnorstuy -'", max_size=40))
def test_no_match_is_ever_filtered_out_on_any_text(text: str) -> None:
    for pattern in PATTERNS:
        keys = required(pattern)
        if keys is not None and pattern.search(text):
            assert any(k in text for k in keys), (pattern.pattern, text)
