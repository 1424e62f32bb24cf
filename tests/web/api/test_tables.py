"""Worked tables (`muster.app.tables`) on both databases: sort, filter, search, page, download.

Expectations come from the demo data and the read rule written out here independently of
`muster.auth` (a delegate reads public and coalition pledges, and national ones of its nation;
a viewer reads no proposed statement), never from the code under test.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from muster.auth import Role, User
from muster.auth.policy import can_read
from muster.domain import Pledge, StatementStatus
from muster.store.schema import TABLES
from tests.web.api.conftest import World, demo_with_a_proposal, problem, write

DEMO = demo_with_a_proposal()
PLEDGE_COLUMNS = TABLES[Pledge].columns


def _all(c: Any, path: str, params: list[tuple[str, str]], limit: int) -> list[dict[str, Any]]:
    """Every item of a list query, walking its pages of `limit` rows."""
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = [*params, ("limit", str(limit)), *([("cursor", cursor)] if cursor else [])]
        r = c.get(path, params=page)
        assert r.status_code == 200, r.text
        body = r.json()
        out.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return out


def _delegate_may_read(p: Pledge, nation: str) -> bool:
    return p.classification.value in ("public", "coalition") or p.nation == nation


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    column=st.sampled_from(PLEDGE_COLUMNS),
    descending=st.booleans(),
    limit=st.integers(min_value=1, max_value=9),
    who=st.sampled_from(["planner", "gbr-delegate", "viewer"]),
)
def test_paging_a_sorted_table_gives_the_sorted_whole(
    world: World, column: str, descending: bool, limit: int, who: str
) -> None:
    c = world.client(who)
    sort = [("sort", ("-" if descending else "") + column)]
    whole = c.get("/api/v1/pledges", params=[*sort, ("limit", "1000")]).json()
    paged = _all(c, "/api/v1/pledges", sort, limit)
    assert [p["id"] for p in paged] == [p["id"] for p in whole["items"]]
    assert len(paged) == whole["total"]
    # the order is the column's (rows without a value last), ties by the key
    present = [p for p in whole["items"] if p[column] is not None]
    values = [p[column] for p in present]
    assert values == sorted(values, reverse=descending)
    assert all(p[column] is None for p in whole["items"][len(present) :])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_delegates_download_holds_exactly_the_pledges_it_may_read(
    world: World, kind: str
) -> None:
    hidden = {p.id for p in DEMO.pledges if not _delegate_may_read(p, "GBR")}
    assert hidden, "the demo must hold pledges a GBR delegate may not read"
    expected = sorted(p.id for p in DEMO.pledges if _delegate_may_read(p, "GBR"))
    c = world.client("gbr-delegate")
    for path in ("/api/v1/pledges", "/pledges"):
        r = c.get(f"{path}.{kind}", params={"sort": "id"})
        assert r.status_code == 200, r.text
        assert r.headers["content-disposition"].startswith("attachment")
        ids = _file_column(r.content, kind, "id")
        assert ids == expected
        assert not hidden & set(ids)
    # the count shown with the list agrees with the file
    assert c.get("/api/v1/pledges").json()["total"] == len(expected)


def test_a_viewers_statement_download_leaves_out_proposals(world: World) -> None:
    c = world.client("viewer")
    accepted = sorted(s.id for s in DEMO.statements if s.status is StatementStatus.ACCEPTED)
    assert len(accepted) < len(DEMO.statements)
    ids = _file_column(c.get("/api/v1/statements.csv").content, "csv", "id")
    assert ids == accepted
    page = c.get("/tables/statements.xlsx", params={"sort": "id"})
    assert _file_column(page.content, "xlsx", "id") == accepted


def _file_column(content: bytes, kind: str, column: str) -> list[str]:
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    else:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        rows = [
            [str(v) if v is not None else "" for v in r]
            for r in book.active.iter_rows(values_only=True)
        ]
    at = rows[0].index(column)
    return [r[at] for r in rows[1:]]


def test_the_page_and_the_api_agree_on_one_query(world: World) -> None:
    params = [
        ("sort", "-quantity"),
        ("quantity_min", "1"),
        ("classification", "public"),
        ("classification", "national"),
        ("limit", "5"),
    ]
    api = world.client("gbr-delegate")
    page = world.browser("gbr-delegate")
    a = api.get("/api/v1/pledges", params=params).json()
    p = page.get("/pledges", params=[*params, ("format", "json")]).json()
    assert [r["id"] for r in p["pledges"]] == [r["id"] for r in a["items"]]
    assert p["total"] == a["total"]
    assert p["next_cursor"] == a["next_cursor"]
    # the next page too, following the page's own link
    nxt = page.get(p["table"]["next_href"] + "&format=json").json()
    a2 = api.get("/api/v1/pledges", params=[*params, ("cursor", a["next_cursor"])]).json()
    assert [r["id"] for r in nxt["pledges"]] == [r["id"] for r in a2["items"]]
    expected = [
        p.id
        for p in DEMO.pledges
        if _delegate_may_read(p, "GBR")
        and p.quantity >= 1
        and p.classification.value in ("public", "national")
    ]
    assert a["total"] == len(expected)


def test_ranges_bound_numbers_and_dates(world: World) -> None:
    c = world.client("planner")
    quantities = sorted({p.quantity for p in DEMO.pledges})
    low, high = quantities[1], quantities[-2]
    got = _all(c, "/api/v1/pledges", [("quantity_min", str(low)), ("quantity_max", str(high))], 50)
    assert sorted(p["id"] for p in got) == sorted(
        p.id for p in DEMO.pledges if low <= p.quantity <= high
    )
    days = sorted({s.date for s in DEMO.statements})
    since = days[len(days) // 2]
    got = _all(c, "/api/v1/statements", [("date_min", since.isoformat())], 50)
    assert sorted(s["id"] for s in got) == sorted(s.id for s in DEMO.statements if s.date >= since)


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"[^\W_]+", (text or "").casefold()))


@pytest.mark.parametrize(
    ("path", "entity", "fields"),
    [
        ("pledges", "pledges", ("id", "note")),
        ("statements", "statements", ("id", "quote", "gloss", "evidence", "actor", "note")),
    ],
)
def test_search_finds_every_row_holding_the_word(
    world: World, path: str, entity: str, fields: tuple[str, ...]
) -> None:
    c = world.client("planner")
    rows = getattr(DEMO, entity)
    texts = {r.id: " ".join(str(getattr(r, f) or "") for f in fields) for r in rows}
    counts: dict[str, int] = {}
    for text in texts.values():
        for w in _words(text):
            counts[w] = counts.get(w, 0) + 1
    # a few words of 5+ letters held by more than one row and not by every row
    chosen = sorted(w for w, n in counts.items() if len(w) >= 5 and 1 < n < len(rows))[:4]
    assert chosen
    for word in chosen:
        got = {r["id"] for r in _all(c, f"/api/v1/{path}", [("q", word.upper())], 100)}
        as_word = {k for k, t in texts.items() if word in _words(t)}
        inside = {k for k, t in texts.items() if word in t.casefold()}
        assert as_word <= got <= inside, word


def test_bad_table_parameters_name_the_parameter(world: World) -> None:
    api = world.client("planner")
    page = world.browser("planner")
    cases = [
        ({"sort": "colour"}, "sort"),
        ({"colour": "red"}, "colour"),
        ({"quantity_min": "lots"}, "quantity"),
        ({"valid_from_max": "2025-13-01"}, "valid_from"),
        ({"limit": "0"}, "limit"),
    ]
    for params, field in cases:
        a = problem(api.get("/api/v1/pledges", params=params), 422)
        assert field in {e["field"] for e in a["errors"]}, (params, a)
        r = page.get("/pledges", params={**params, "format": "json"})
        assert r.status_code == 422, (params, r.text)
        assert field in r.text
    low_high = problem(
        api.get("/api/v1/pledges", params={"quantity_min": 5, "quantity_max": 1}), 422
    )
    assert low_high["errors"][0]["field"] == "quantity"


def test_downloads_are_formula_safe(fresh_world: World) -> None:
    c = fresh_world.client("gbr-delegate")
    record = c.get("/api/v1/pledges/p-gbr-inf")
    body = {**record.json(), "note": '=HYPERLINK("http://x")'}
    body.pop("version")
    r = c.put(
        "/api/v1/pledges/p-gbr-inf",
        json=body,
        headers={**write(), "If-Match": record.headers["ETag"]},
    )
    assert r.status_code == 200, r.text
    out = c.get("/api/v1/pledges.csv", params={"id": "p-gbr-inf"})
    assert _file_column(out.content, "csv", "note") == ['\'=HYPERLINK("http://x")']
    xlsx = c.get("/api/v1/pledges.xlsx", params={"id": "p-gbr-inf"})
    assert _file_column(xlsx.content, "xlsx", "note") == ['\'=HYPERLINK("http://x")']


def test_every_collection_has_a_worked_table_page(world: World) -> None:
    page = world.browser("viewer")
    for t in TABLES.values():
        r = page.get(f"/tables/{t.collection}", params={"format": "json"})
        assert r.status_code == 200, (t.collection, r.text)
        body = r.json()
        # the object rule (auth.policy), not the SQL one the listing uses
        viewer = User(name="viewer", role=Role.VIEWER)
        expected = sum(can_read(viewer, o) for o in getattr(DEMO, t.collection))
        assert body["controls"]["total"] == expected, t.collection
        html = page.get(f"/tables/{t.collection}")
        assert 'data-sort="' in html.text


def test_search_follows_every_write(fresh_world: World) -> None:
    c = fresh_world.client("gbr-delegate")

    def found(word: str) -> set[str]:
        return {p["id"] for p in c.get("/api/v1/pledges", params={"q": word}).json()["items"]}

    record = c.get("/api/v1/pledges/p-gbr-inf")
    body = {**record.json(), "note": "Quokkaborough brigade"}
    body.pop("version")
    assert found("quokkaborough") == set()
    put = c.put(
        "/api/v1/pledges/p-gbr-inf",
        json=body,
        headers={**write(), "If-Match": record.headers["ETag"]},
    )
    assert put.status_code == 200, put.text
    assert found("quokkaborough") == {"p-gbr-inf"}
    new = {**body, "id": "p-gbr-new", "note": "Wallabyford battalion"}
    assert c.post("/api/v1/pledges", json=new, headers=write()).status_code == 201
    assert found("wallabyford") == {"p-gbr-new"}
    assert found("quokkaborough") == {"p-gbr-inf"}
    gone = c.delete("/api/v1/pledges/p-gbr-new", headers={**write(), "If-Match": '"1"'})
    assert gone.status_code == 204, gone.text
    assert found("wallabyford") == set()


def test_a_cursor_of_another_sort_is_refused_not_a_crash(world: World) -> None:
    c = world.client("planner")
    by_note = c.get("/api/v1/pledges", params={"sort": "id", "limit": 2}).json()["next_cursor"]
    for sort in ("quantity", "valid_from", "sustained"):
        r = c.get("/api/v1/pledges", params={"sort": sort, "cursor": by_note})
        assert problem(r, 422)["errors"][0]["field"] == "cursor", sort
