"""Phenomena added in issue 6's third round, one test each, from LABELLING.md's meaning.

Made-up sentences (none from a labelled set). Some of these rules were written after reading
the second fresh set's error list (docs/ingest.md says which); the sentences here are not its.
"""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    return ingest_article(article, gazetteer, fallback=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # refusing *unless* a condition beyond the premise holds: ready only if it holds
        (
            "Spain will not deploy soldiers unless the United States provides air cover.",
            {"ESP": "conditional"},
        ),
        (
            "Italy will not send troops unless there is a UN mandate.",
            {"ITA": "conditional"},
        ),
        # leading the idea or the proposal is leading
        (
            "Britain and France have led the idea of a reassurance force since its inception.",
            {"GBR": "lead", "FRA": "lead"},
        ),
        (
            "Portugal spearheaded the proposal for a maritime mission.",
            {"PRT": "lead"},
        ),
        # "a lack of interest in sending" negates as "not" does
        (
            "Washington's lack of interest in sending troops worries Europe.",
            {"USA": "skeptical"},
        ),
        # risking escalation condemns the plan
        (
            "Slovakia's prime minister said such plans risked escalating the war.",
            {"SVK": "opposed"},
        ),
        # a region names each of its states
        (
            "The Baltic states have offered troops for the reassurance force.",
            {"EST": "willing", "LVA": "willing", "LTU": "willing"},
        ),
        (
            "The Nordic countries and Canada are ready to take part in the mission.",
            {n: "willing" for n in ("DNK", "FIN", "ISL", "NOR", "SWE", "CAN")},
        ),
    ],
)
def test_phenomenon(gazetteer: Gazetteer, text: str, expected: dict[str, str]) -> None:
    assert ingest(gazetteer, text).nations == expected


@pytest.mark.parametrize(
    "text",
    [
        # an ongoing action of the war is a fact, not a stance on the force
        "Moscow continues to send troops into Ukraine.",
        # chairing the Ukraine Defense Contact Group is another forum than the coalition
        "Britain and Germany will chair the Ukraine Defense Contact Group on Friday.",
        # a region named with no stance
        "Nordic countries give the most aid per head.",
    ],
)
def test_no_stance(gazetteer: Gazetteer, text: str) -> None:
    assert ingest(gazetteer, text).nations == {}


def test_sir_keir_is_starmer(gazetteer: Gazetteer) -> None:
    (p,) = ingest(gazetteer, "Sir Keir said Britain was ready to send troops.").proposals
    assert (p.nation, p.speaker, p.stance.value) == ("GBR", "Keir Starmer", "willing")
