"""The seed article: every label of seed_labels.json, and offices decided by the date."""

from __future__ import annotations

from datetime import date

import pytest

from muster.ingest import Gazetteer, ingest_article, read_article
from muster.ingest.text import fold
from tests.ingest.conftest import DEV, load_set

SEED = (DEV / "seed.txt").read_bytes()


def _ingest(gazetteer: Gazetteer, day: date) -> dict[str, tuple[str, str | None]]:
    result = ingest_article(read_article(SEED, name="seed.txt", day=day), gazetteer)
    return {p.nation: (p.stance.value, p.speaker) for p in result.proposals}


def test_seed_gets_every_label_right(gazetteer: Gazetteer) -> None:
    gold = next(a for a in load_set(DEV) if a.id == "seed")
    got = _ingest(gazetteer, date(2025, 3, 3))
    assert set(got) == {lab.nation for lab in gold.labels}
    for lab in gold.labels:
        stance, speaker = got[lab.nation]
        assert stance == lab.stance, lab.nation
        same = (
            speaker is not None and lab.speaker is not None and fold(speaker) == fold(lab.speaker)
        )
        assert same or speaker == lab.speaker, (lab.nation, speaker, lab.speaker)


def test_scholz_speaks_for_germany_only_while_chancellor(gazetteer: Gazetteer) -> None:
    assert _ingest(gazetteer, date(2025, 3, 3))["DEU"][1] == "Olaf Scholz"
    later = ingest_article(read_article(SEED, name="seed.txt", day=date(2025, 6, 1)), gazetteer)
    assert all(p.speaker != "Olaf Scholz" for p in later.proposals)
    assert any("Olaf Scholz holds no office on 2025-06-01" in f for f in later.flags)


def test_a_future_office_holder_is_flagged_not_mapped(gazetteer: Gazetteer) -> None:
    result = ingest_article(read_article(SEED, name="seed.txt", day=date(2025, 3, 3)), gazetteer)
    assert any(f.startswith("Friedrich Merz holds no office on 2025-03-03") for f in result.flags)
    assert all(p.speaker != "Friedrich Merz" for p in result.proposals)


@pytest.mark.parametrize(
    ("nation", "condition"), [("NLD", "dutch-parliament-approves"), ("USA", None)]
)
def test_conditions_are_mapped_to_the_catalogue(
    gazetteer: Gazetteer, nation: str, condition: str | None
) -> None:
    result = ingest_article(read_article(SEED, name="seed.txt", day=date(2025, 3, 3)), gazetteer)
    proposal = next(p for p in result.proposals if p.nation == nation)
    if condition:
        assert condition in [c.id for c in proposal.conditions]
    assert 0 < proposal.confidence <= 0.95
    assert proposal.evidence
    assert proposal.quote
