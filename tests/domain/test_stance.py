"""Stance as of a date: latest accepted statement wins, same-day ties by the documented rule."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from muster.domain import (
    Stance,
    Statement,
    StatementStatus,
    stance_as_of,
    stance_counts,
    stance_timeline,
    stances_as_of,
)

D0 = date(2025, 3, 2)


def stmt(sid, nation, day, stance, *, actor="Someone", status=StatementStatus.ACCEPTED):
    return Statement(
        id=sid,
        nation=nation,
        date=day,
        stance=stance,
        quote="q",
        actor=actor,
        source="seed",
        status=status,
    )


def test_latest_accepted_statement_decides():
    ss = [
        stmt("a", "DEU", D0, Stance.UNDECIDED),
        stmt("b", "DEU", D0 + timedelta(days=10), Stance.WILLING),
        stmt("c", "DEU", D0 + timedelta(days=20), Stance.OPPOSED, status=StatementStatus.PROPOSED),
    ]
    assert stance_as_of(ss, "DEU", D0 - timedelta(days=1)) is None
    assert stance_as_of(ss, "DEU", D0).stance is Stance.UNDECIDED
    decided = stance_as_of(ss, "DEU", D0 + timedelta(days=30))
    assert decided.stance is Stance.WILLING
    assert decided.statement.id == "b"  # the proposed one never counts


def test_same_day_named_speaker_beats_unnamed_then_caution_then_id():
    named_willing = stmt("z1", "NLD", D0, Stance.WILLING)
    unnamed_opposed = stmt("z2", "NLD", D0, Stance.OPPOSED, actor=None)
    assert stance_as_of([unnamed_opposed, named_willing], "NLD", D0).statement.id == "z1"
    cautious = stmt("a1", "NLD", D0, Stance.SKEPTICAL)
    assert stance_as_of([named_willing, cautious], "NLD", D0).stance is Stance.SKEPTICAL
    twin = stmt("a0", "NLD", D0, Stance.WILLING)
    assert stance_as_of([named_willing, twin], "NLD", D0).statement.id == "z1"


statements_strategy = st.lists(
    st.builds(
        stmt,
        sid=st.text("abcdefgh", min_size=1, max_size=4),
        nation=st.sampled_from(["GBR", "FRA", "DEU", "ITA"]),
        day=st.dates(date(2025, 1, 1), date(2025, 12, 31)),
        stance=st.sampled_from(list(Stance)),
        actor=st.sampled_from([None, "X"]),
        status=st.sampled_from(list(StatementStatus)),
    ),
    max_size=30,
    unique_by=lambda s: s.id,
)


@given(statements_strategy, st.dates(date(2024, 12, 1), date(2026, 1, 31)))
def test_as_of_is_independent_of_order_and_matches_brute_force(ss, day):
    forward = stances_as_of(ss, day)
    backward = stances_as_of(list(reversed(ss)), day)
    assert {k: v.statement.id for k, v in forward.items()} == {
        k: v.statement.id for k, v in backward.items()
    }
    for nation in {s.nation for s in ss}:
        candidates = [
            s
            for s in ss
            if s.nation == nation and s.status is StatementStatus.ACCEPTED and s.date <= day
        ]
        if not candidates:
            assert nation not in forward
            continue
        best = max(candidates, key=lambda s: (s.date, s.actor is not None, s.stance.rank, s.id))
        assert forward[nation].statement == best


@given(statements_strategy)
def test_counts_over_time_agree_with_as_of(ss):
    days = sorted({date(2025, 1, 1) + timedelta(days=30 * k) for k in range(14)})
    counts = stance_counts(ss, days)
    for day, tally in zip(days, counts, strict=True):
        expected = {s: 0 for s in Stance}
        for ns in stances_as_of(ss, day).values():
            expected[ns.stance] += 1
        assert tally == expected


def test_timeline_has_one_entry_per_day_in_order():
    ss = [
        stmt("a", "ITA", D0, Stance.UNDECIDED),
        stmt("b", "ITA", D0, Stance.SKEPTICAL),
        stmt("c", "ITA", D0 + timedelta(days=5), Stance.CONDITIONAL),
        stmt("d", "FRA", D0, Stance.LEAD),
    ]
    line = stance_timeline(ss, "ITA")
    assert [(x.statement.date, x.stance) for x in line] == [
        (D0, Stance.SKEPTICAL),
        (D0 + timedelta(days=5), Stance.CONDITIONAL),
    ]
