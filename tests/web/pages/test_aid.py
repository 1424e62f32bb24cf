"""`/aid` and `/api/v1/aid`: the coalition's aid per donor and stage, ranked; page and API agree."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from muster.data import demo_dataset
from tests.web.pages.conftest import build_app

DAY = "2025-12-31"


@pytest.fixture(scope="module")
def demo_client(tmp_path_factory):
    app = build_app(tmp_path_factory.mktemp("aid") / "demo.db", demo_dataset())
    with TestClient(app) as c:
        yield c


def test_api_totals_follow_the_records(demo_client) -> None:
    body = demo_client.get("/api/v1/aid", params={"as_of": DAY}).json()
    day = date.fromisoformat(DAY)
    records = demo_dataset().aid_records
    order = ("committed", "allocated", "delivered")
    for d in body["donors"]:
        mine = [(a, a.stage_on(day)) for a in records if a.donor == d["iso3"]]
        for stage in order:
            expected = sum(
                a.value_eur or 0.0
                for a, s in mine
                if s is not None and order.index(s) >= order.index(stage)
            )
            assert d[f"{stage}_eur"] == pytest.approx(expected), (d["iso3"], stage)
    committed = [d["committed_eur"] for d in body["donors"]]
    assert committed == sorted(committed, reverse=True)
    assert [d["rank"] for d in body["donors"]] == list(range(1, len(committed) + 1))
    assert body["committed_eur"] == pytest.approx(sum(committed))
    gbr = next(d for d in body["donors"] if d["iso3"] == "GBR")
    assert gbr["committed_eur"] > 0
    assert body["delivered_eur"] > 0
    assert body["delivered_eur"] <= body["allocated_eur"] <= body["committed_eur"]


def test_page_and_api_agree(demo_client) -> None:
    api = demo_client.get("/api/v1/aid", params={"as_of": DAY}).json()
    twin = demo_client.get("/aid", params={"as_of": DAY, "format": "json"}).json()
    assert twin == api
    html = demo_client.get("/aid", params={"as_of": DAY}).text
    for d in api["donors"]:
        assert f'data-donor="{d["iso3"]}"' in html
        assert f"{d['committed_eur'] / 1e6:,.0f}" in html
    # The estimated French figure is shown as illustrative.
    assert "badge illustrative" in html


def test_before_any_aid_nothing_is_counted(demo_client) -> None:
    body = demo_client.get("/api/v1/aid", params={"as_of": "2021-01-01"}).json()
    assert body["donors"] == []
    assert body["committed_eur"] == 0
