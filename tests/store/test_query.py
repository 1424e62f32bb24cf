"""Listing with filters, sorting and cursor pagination (both backends)."""

import pytest

from muster.domain import Nation, Pledge, PledgeStatus
from muster.errors import InvalidInput
from muster.store import find


def _walk(session, **kwargs):
    """Every page of a listing, as keys."""
    keys, cursor, pages = [], None, 0
    while True:
        page = find(session=session, cursor=cursor, **kwargs)
        keys.extend(s.key for s in page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return keys, pages, page.total


def test_pages_cover_every_row_once_in_key_order(loaded_demo):
    keys, pages, total = _walk(loaded_demo, entity=Nation, limit=7)
    assert len(keys) == total == len(set(keys))
    assert pages == -(-total // 7)
    assert keys == sorted(keys)


def test_filters_and_sort_with_nulls_last(loaded_demo):
    keys, _, total = _walk(
        loaded_demo,
        entity=Nation,
        filters={"eu": True},
        sort="gdp_eur_bn",
        descending=True,
        limit=5,
    )
    nations = {
        n.iso3: n
        for n in (s.obj for s in find(session=loaded_demo, entity=Nation, limit=1000).items)
    }
    eu = [n for n in nations.values() if n.eu]
    assert total == len(eu)
    gdps = [nations[k].gdp_eur_bn for k in keys]
    known = [g for g in gdps if g is not None]
    assert known == sorted(known, reverse=True)
    assert gdps[len(known) :] == [None] * (len(gdps) - len(known))
    assert set(keys) == {n.iso3 for n in eu}


def test_filter_on_a_list_of_references(loaded_demo):
    all_pledges = [s.obj for s in find(session=loaded_demo, entity=Pledge, limit=1000).items]
    phase = all_pledges[0].phases[0]
    page = find(session=loaded_demo, entity=Pledge, filters={"phases": phase}, limit=1000)
    assert {s.key for s in page.items} == {p.id for p in all_pledges if phase in p.phases}
    page = find(
        session=loaded_demo,
        entity=Pledge,
        filters={"nation": ["GBR", "FRA"], "status": PledgeStatus.OFFERED},
        limit=1000,
    )
    expected = {
        p.id for p in all_pledges if p.nation in ("GBR", "FRA") and p.status is PledgeStatus.OFFERED
    }
    assert {s.key for s in page.items} == expected


def test_bad_filter_sort_limit_and_cursor_say_what_is_wrong(loaded_demo):
    with pytest.raises(InvalidInput, match="cannot filter pledge by 'offer'") as e:
        find(session=loaded_demo, entity=Pledge, filters={"offer": 1})
    assert e.value.problems[0].field == "offer"
    with pytest.raises(InvalidInput, match="cannot sort pledge by 'phases'"):
        find(session=loaded_demo, entity=Pledge, sort="phases")
    with pytest.raises(InvalidInput, match="expected 1 to 1000"):
        find(session=loaded_demo, entity=Pledge, limit=0)
    with pytest.raises(InvalidInput, match="cursor"):
        find(session=loaded_demo, entity=Pledge, cursor="not-a-cursor")
    with pytest.raises(InvalidInput, match="not a valid value"):
        find(session=loaded_demo, entity=Pledge, filters={"valid_from": "March"})
