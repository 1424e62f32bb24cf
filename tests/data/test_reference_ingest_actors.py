"""Actors added to the gazetteer for news ingestion (issue 6, round 2): offices by date, cited."""

from __future__ import annotations

from datetime import date

import pytest

from muster.data import reference_dataset


@pytest.mark.parametrize(
    ("name", "day", "nation"),
    [
        ("Yoshimasa Hayashi", date(2025, 9, 5), "JPN"),
        ("Yoshimasa Hayashi", date(2025, 11, 1), None),  # the Takaichi cabinet replaced him
        ("Troels Lund Poulsen", date(2025, 3, 10), "DNK"),
        ("Troels Lund Poulsen", date(2023, 1, 1), None),
    ],
)
def test_added_actor_speaks_for_nation_by_date(name: str, day: date, nation: str | None) -> None:
    actor = reference_dataset().index("actors")[name]
    held = actor.offices_on(day)
    assert (held[0].nation if held else None) == nation


def test_added_actors_cite_a_source_and_misspelling_is_an_alias() -> None:
    ref = reference_dataset()
    actors, sources = ref.index("actors"), ref.index("sources")
    for name in ("Yoshimasa Hayashi", "Troels Lund Poulsen"):
        assert all(o.source in sources for o in actors[name].offices)
    assert "Franken" in actors["Theo Francken"].aliases  # as Censor.NET spelt it
