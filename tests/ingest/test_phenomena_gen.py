"""Phenomena of issue 12 part 2 (English that generalises), one test each, from LABELLING.md.

Made-up sentences (none from a labelled set), one per root cause: article-level lead roles,
lists of participants, modal and conditional constructions, attribution in sentences that
name several nations.
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    return ingest_article(article, gazetteer, fallback=False)


LEAD = [
    # a fronted participle: the thing led is the main clause's subject
    (
        "Led by Britain and France, the mission would patrol Ukraine's airspace.",
        {"GBR": "lead", "FRA": "lead"},
    ),
    (
        "Co-chaired by Denmark and the Netherlands, the meeting agreed a training plan.",
        {"DNK": "lead", "NLD": "lead"},
    ),
    # a leader announcing, after the fact, what "these countries" pledged leads
    (
        "Several allies met in Paris. These nations have pledged to deploy soldiers after a "
        "truce, Prime Minister Keir Starmer said.",
        {"GBR": "lead"},
    ),
]

NO_LEAD = [
    # a government led by its leader is no lead role; nor is a fronted one
    "Led by Pedro Sanchez, Spain's government met on Tuesday.",
]


@pytest.mark.parametrize(("text", "expected"), LEAD)
def test_lead(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


@pytest.mark.parametrize("text", NO_LEAD)
def test_no_lead(gazetteer: Gazetteer, text: str) -> None:
    assert "lead" not in ingest(gazetteer, text).nations.values()
