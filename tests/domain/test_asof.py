"""`as_of`: what the data said about a date (statements, pledge validity, aid stages, offices)."""

from datetime import date

import numpy as np

from muster.data import demo_dataset
from muster.domain import (
    Actor,
    AidRecord,
    AidType,
    Dataset,
    Nation,
    Office,
    Pledge,
    Scenario,
    Source,
    Stance,
    Statement,
)
from muster.domain.asof import as_of
from muster.synth import synth

D = date(2025, 3, 3)


def _base() -> Dataset:
    return Dataset(
        sources=(
            Source(id="old", title="Old", published=date(2025, 3, 1)),
            Source(id="later", title="Later", published=date(2025, 9, 1)),
            Source(id="cited-later", title="Cited later", published=date(2025, 9, 2)),
            Source(id="undated", title="Undated"),
        ),
        nations=(Nation(iso3="GBR", name="United Kingdom"),),
        actors=(
            Actor(
                name="Olaf Scholz",
                offices=(
                    Office(
                        title="Chancellor",
                        nation="GBR",
                        start=date(2021, 12, 8),
                        end=date(2025, 5, 6),
                    ),
                ),
            ),
            Actor(
                name="Friedrich Merz",
                offices=(Office(title="Chancellor", nation="GBR", start=date(2025, 5, 6)),),
            ),
        ),
        statements=(
            Statement(id="s1", nation="GBR", date=D, stance=Stance.LEAD, quote="q", source="old"),
            Statement(
                id="s2",
                nation="GBR",
                date=date(2025, 3, 4),
                stance=Stance.OPPOSED,
                quote="q",
                source="later",
            ),
        ),
        aid_records=(
            AidRecord(
                id="a-delivered-later",
                donor="GBR",
                type=AidType.MILITARY,
                item="x",
                committed=date(2025, 1, 1),
                allocated=date(2025, 3, 3),
                delivered=date(2025, 4, 1),
                source="old",
            ),
            AidRecord(
                id="a-future",
                donor="GBR",
                type=AidType.MILITARY,
                item="x",
                committed=date(2025, 6, 1),
                source="old",
            ),
            AidRecord(id="a-undated", donor="GBR", type=AidType.MILITARY, item="x", source="old"),
        ),
    )


def test_statements_until_the_day_and_stages_reached_by_then():
    out = as_of(_base(), D)
    assert [s.id for s in out.statements] == ["s1"]
    aid = out.index("aid_records")
    assert set(aid) == {"a-delivered-later", "a-undated"}
    kept = aid["a-delivered-later"]
    assert (kept.committed, kept.allocated, kept.delivered) == (
        date(2025, 1, 1),
        date(2025, 3, 3),
        None,
    )
    assert aid["a-delivered-later"].stage_on(D) == "allocated"


def test_offices_as_known_on_the_day():
    actors = as_of(_base(), D).index("actors")
    assert actors["Friedrich Merz"].offices == ()
    (office,) = actors["Olaf Scholz"].offices
    assert office.end is None
    later = as_of(_base(), date(2025, 6, 1)).index("actors")
    assert later["Olaf Scholz"].offices[0].end == date(2025, 5, 6)


def test_sources_kept_when_cited_or_published_by_then():
    base = _base()
    pledge = Pledge(
        id="p",
        nation="GBR",
        capability="c",
        quantity=1,
        phases=("ph",),
        sources=("cited-later",),
        valid_from=date(2025, 1, 1),
    )
    out = as_of(Dataset(**{**dict(base.collections()), "pledges": (pledge,)}), D)
    assert {s.id for s in out.sources} == {"old", "cited-later", "undated"}


def test_pledges_valid_on_the_day_and_scenarios_follow():
    pledges = (
        Pledge(
            id="p-open", nation="GBR", capability="c", quantity=1, phases=("ph",), entered_by="x"
        ),
        Pledge(
            id="p-from-later",
            nation="GBR",
            capability="c",
            quantity=1,
            phases=("ph",),
            entered_by="x",
            valid_from=date(2025, 3, 4),
        ),
        Pledge(
            id="p-ended",
            nation="GBR",
            capability="c",
            quantity=1,
            phases=("ph",),
            entered_by="x",
            valid_to=date(2025, 3, 2),
        ),
        Pledge(
            id="p-last-day",
            nation="GBR",
            capability="c",
            quantity=1,
            phases=("ph",),
            entered_by="x",
            valid_from=D,
            valid_to=D,
        ),
    )
    scenario = Scenario(id="sc", name="S", pledges_in=("p-from-later", "p-open"))
    out = as_of(Dataset(pledges=pledges, scenarios=(scenario,)), D)
    assert sorted(p.id for p in out.pledges) == ["p-last-day", "p-open"]
    assert out.scenarios[0].pledges_in == ("p-open",)


def test_real_data_stay_consistent():
    for ds in (
        demo_dataset(),
        synth(nations=10, pledges=200, lines=30, conditions=12, rng=np.random.default_rng(5)),
    ):
        for day in (date(2024, 1, 1), D, date(2025, 9, 4), date(2027, 1, 1)):
            assert as_of(ds, day).check() == []
    assert as_of(demo_dataset(), date(2100, 1, 1)).statements == demo_dataset().statements
