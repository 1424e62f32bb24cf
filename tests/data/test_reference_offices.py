"""Office changes the record relies on: who speaks for whom on which day, each dated and cited."""

from __future__ import annotations

from datetime import date

import pytest

from muster.data import reference_dataset
from muster.domain import Dataset


@pytest.fixture(scope="module")
def ref() -> Dataset:
    return reference_dataset()


@pytest.mark.parametrize(
    ("name", "day", "title", "held"),
    [
        ("Denys Shmyhal", date(2026, 1, 13), "Defence Minister", True),
        ("Denys Shmyhal", date(2026, 1, 14), "Defence Minister", False),
        ("Mykhailo Fedorov", date(2026, 1, 13), "Defence Minister", False),
        ("Mykhailo Fedorov", date(2026, 1, 14), "Defence Minister", True),
        ("Kyrylo Budanov", date(2026, 1, 1), "Head of the Presidential Office", False),
        ("Kyrylo Budanov", date(2026, 1, 2), "Head of the Presidential Office", True),
        ("Caspar Veldkamp", date(2025, 8, 30), "Foreign Minister", False),
        ("Ruben Brekelmans", date(2025, 8, 30), "Acting Foreign Minister", True),
        ("Ruben Brekelmans", date(2025, 9, 6), "Acting Foreign Minister", False),
        ("David van Weel", date(2025, 9, 4), "Foreign Minister", False),
        ("David van Weel", date(2026, 1, 6), "Foreign Minister", True),
        ("Jan Lipavský", date(2025, 12, 14), "Foreign Minister", True),
        ("Jan Lipavský", date(2025, 12, 16), "Foreign Minister", False),
        ("Petr Macinka", date(2025, 12, 16), "Foreign Minister", True),
        ("Jana Černochová", date(2025, 3, 27), "Defence Minister", True),
        ("Jana Černochová", date(2025, 12, 16), "Defence Minister", False),
        ("Jaromír Zůna", date(2026, 1, 6), "Defence Minister", True),
        ("Marcel Ciolacu", date(2025, 3, 14), "Prime Minister", True),
        ("Marcel Ciolacu", date(2025, 5, 7), "Prime Minister", False),
        ("Cătălin Predoiu", date(2025, 6, 1), "Interim Prime Minister", True),
        ("Cătălin Predoiu", date(2025, 6, 24), "Interim Prime Minister", False),
        ("Ilie Bolojan", date(2025, 6, 23), "Prime Minister", True),
        ("Marco Rubio", date(2025, 4, 30), "Interim National Security Adviser", False),
        ("Marco Rubio", date(2025, 5, 1), "Interim National Security Adviser", True),
    ],
)
def test_office_held_on(ref: Dataset, name: str, day: date, title: str, held: bool) -> None:
    actor = ref.index("actors")[name]
    assert (title in {o.title for o in actor.offices_on(day)}) is held


def test_every_office_change_cited_to_news_is_dated_by_that_report(ref: Dataset) -> None:
    """A news source dates the change it cites: published, with an address, within a month."""
    sources = ref.index("sources")
    cited = 0
    for actor in ref.actors:
        for office in actor.offices:
            if not office.source.startswith("news-"):
                continue
            cited += 1
            src = sources[office.source]
            assert src.published is not None, office.source
            assert src.url, office.source
            changes = [d for d in (office.start, office.end) if d is not None]
            assert min(abs((src.published - d).days) for d in changes) <= 31, (
                actor.name,
                office.title,
                office.source,
            )
    assert cited >= 30
