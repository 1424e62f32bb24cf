"""`POST /api/v1/articles`: a news article in, proposed statements stored for review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.api.conftest import World, problem, write

NEWS = Path(__file__).parents[2] / "data" / "news"
SEED = (NEWS / "seed.txt").read_text("utf-8")
GOLD = next(a for a in json.loads((NEWS / "labels.json").read_text("utf-8")) if a["id"] == "seed")


def body(**more: Any) -> dict[str, Any]:
    return {"text": SEED, "date": "2025-03-03", "title": "Coalition of the willing", **more}


def statement_count(world: World) -> int:
    total: int = world.client("planner").get("/api/v1/statements?limit=1").json()["total"]
    return total


def test_a_dry_run_proposes_the_seed_statements_and_stores_nothing(world: World) -> None:
    before = statement_count(world)
    r = world.client("analyst").post("/api/v1/articles", json=body(dry_run=True))  # no reason
    assert r.status_code == 200, r.text
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["nations"] == {label["nation"]: label["stance"] for label in GOLD["labels"]}
    speakers = {s["nation"]: s["speaker"] for s in out["statements"]}
    assert speakers["DEU"] == "Olaf Scholz"  # Chancellor on 3 March 2025
    assert out["source"] is None
    assert out["stored"] == []
    assert statement_count(world) == before


def test_an_article_is_stored_as_a_source_with_proposed_statements(fresh_world: World) -> None:
    before = statement_count(fresh_world)
    analyst = fresh_world.client("analyst")
    r = analyst.post("/api/v1/articles", json=body(), headers=write("London summit coverage"))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["source"].startswith("news-2025-03-03-")
    assert len(out["stored"]) == len(out["statements"]) - len(out["skipped"]) > 0
    assert statement_count(fresh_world) == before + len(out["stored"])
    first = analyst.get(f"/api/v1/statements/{out['stored'][0]}").json()
    assert first["status"] == "proposed"
    assert first["source"] == out["source"]
    (change,) = analyst.get(f"/api/v1/statements/{out['stored'][0]}/history").json()
    assert change["who"] == "user:analyst"
    assert change["why"] == "London summit coverage"
    source = analyst.get(f"/api/v1/sources/{out['source']}").json()
    assert source["title"] == "Coalition of the willing"

    again = analyst.post("/api/v1/articles", json=body(), headers=write("twice"))
    assert "already stored" in problem(again, 422)["detail"]
    assert again.json()["errors"][0]["field"] == "text"
    unsaid = analyst.post("/api/v1/articles", json=body(date="2025-03-04"))
    assert problem(unsaid, 422)["errors"][0]["field"] == "Muster-Reason"
    assert statement_count(fresh_world) == before + len(out["stored"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n\n  "}, "text"),
        ({"text": "x" * 200_001}, "text"),
        ({"date": "3 March 2025"}, "date"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_bad_input_is_a_located_problem_and_stores_nothing(
    world: World, change: dict[str, Any], field: str | None
) -> None:
    before = statement_count(world)
    r = world.client("analyst").post("/api/v1/articles", json=body(**change), headers=write())
    found = problem(r, 422)
    assert field in {e.get("field") or e.get("loc", [""])[-1] for e in found["errors"]} or (
        field in r.text
    )
    assert found["detail"]
    assert statement_count(world) == before


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("gbr-delegate", 403), (None, 401)])
def test_only_those_who_may_propose_statements_may_submit(
    world: World, who: str | None, status: int
) -> None:
    r = world.client(who).post("/api/v1/articles", json=body(dry_run=True), headers=write())
    problem(r, status)


def test_the_review_queue_form_proposes_statements_from_a_pasted_article(
    fresh_world: World,
) -> None:
    analyst = fresh_world.browser("analyst")
    page = analyst.get("/review")
    assert 'action="/review/articles"' in page.text
    before = statement_count(fresh_world)
    form = {
        "csrf_token": analyst.headers["X-CSRF-Token"],
        "text": SEED,
        "date": "2025-03-03",
        "format": "txt",
        "title": "Coalition of the willing",
    }
    r = analyst.post("/review/articles", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    added = statement_count(fresh_world) - before
    assert added == len(GOLD["labels"])
    queue = analyst.get(r.headers["location"])
    assert f"Proposed {added} statement(s) from news-2025-03-03-" in queue.text
    assert "Dick Schoof" in queue.text

    again = analyst.post("/review/articles", data=form, follow_redirects=False)
    assert again.status_code == 422
    assert "already stored" in again.text
    assert statement_count(fresh_world) == before + added


def test_the_form_is_only_for_those_who_may_ingest(world: World) -> None:
    assert 'action="/review/articles"' not in world.browser("viewer").get("/review").text
    viewer = world.browser("viewer")
    r = viewer.post(
        "/review/articles",
        data={"csrf_token": viewer.headers["X-CSRF-Token"], "text": SEED, "date": "2025-03-03"},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_an_untitled_pasted_article_is_titled_by_its_first_words(fresh_world: World) -> None:
    r = fresh_world.client("analyst").post(
        "/api/v1/articles", json=body(title="   "), headers=write("no title")
    )
    assert r.status_code == 200, r.text
    source = fresh_world.client("analyst").get(f"/api/v1/sources/{r.json()['source']}").json()
    # the cleaned text's first words: the byline and "Share this story" are not the article
    assert (
        source["title"] == "Britain and France have promised to muster a “coalition of the willing”"
    )
