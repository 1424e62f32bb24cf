"""`/records`: the generic record editor and file import/export in the browser, with the API's
rules (capability, a delegate's own nation, located errors that change nothing)."""

from __future__ import annotations

import io
import json

from muster.data import demo_dataset
from tests.web.api.conftest import World


def test_a_delegate_may_not_add_a_condition_but_a_planner_may(fresh_world: World) -> None:
    form = {"id": "c-web", "name": "Made on the web", "probability": "0.3", "reason": "r"}
    r = fresh_world.browser("gbr-delegate").post(
        "/records/conditions/new", data=form, follow_redirects=False
    )
    assert r.status_code == 403
    r = fresh_world.browser("planner").post(
        "/records/conditions/new", data=form, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    made = fresh_world.client("planner").get("/api/v1/conditions/c-web").json()
    assert (made["name"], made["probability"]) == ("Made on the web", 0.3)
    history = fresh_world.client("planner").get("/api/v1/conditions/c-web/history").json()
    assert history[-1]["who"] == "user:planner"


def test_a_bad_cell_is_named_and_nothing_changes(fresh_world: World) -> None:
    c = fresh_world.browser("planner")
    before = fresh_world.client("planner").get("/api/v1/conditions/truce-agreed").json()
    form = {
        "id": "truce-agreed",
        "name": before["name"],
        "probability": "1.7",
        "version": str(before["version"]),
        "n.0.status": "holds",
        "n.0.start": "2026-02-30",
        "reason": "r",
    }
    r = c.post("/records/conditions/truce-agreed", data=form, follow_redirects=False)
    assert r.status_code == 422
    assert "probability" in r.text
    assert fresh_world.client("planner").get("/api/v1/conditions/truce-agreed").json() == before


def test_an_edit_keeps_who_entered_it_and_a_stale_version_is_refused(fresh_world: World) -> None:
    c = fresh_world.browser("analyst")
    page = c.get(
        "/records/aid_records/" + demo_dataset().aid_records[0].id, params={"format": "json"}
    )
    view = page.json()
    values = {f["name"]: f["value"] for f in view["fields"]}
    values.update(note="checked against the tracker", reason="review", version=str(view["version"]))
    r = c.post(f"/records/aid_records/{view['key']}", data=values, follow_redirects=False)
    assert r.status_code == 303, r.text
    again = c.post(f"/records/aid_records/{view['key']}", data=values, follow_redirects=False)
    assert again.status_code == 409  # the version the form was read at is gone


def test_import_and_export_from_the_browser(fresh_world: World) -> None:
    gbr = fresh_world.browser("gbr-delegate")
    exported = json.loads(gbr.get("/records/export", params={"format": "json"}).content)
    national = {
        p.id
        for p in demo_dataset().pledges
        if p.classification.value == "national" and p.nation != "GBR"
    }
    assert national
    assert not national & {p["id"] for p in exported["pledges"]}
    admin = fresh_world.browser("admin")
    head = {"format": "muster", "version": 1}
    bad = {**head, "sources": [{"id": "s-web", "title": "T", "published": "2025-13-01"}]}
    r = admin.post(
        "/records/import",
        files={"file": ("bad.json", io.BytesIO(json.dumps(bad).encode()), "application/json")},
        data={"reason": "r"},
        follow_redirects=False,
    )
    assert r.status_code == 422
    assert "published" in r.text
    assert fresh_world.client("admin").get("/api/v1/sources/s-web").status_code == 404
    good = {**head, "sources": [{"id": "s-web", "title": "T", "published": "2025-12-01"}]}
    r = admin.post(
        "/records/import",
        files={"file": ("good.json", io.BytesIO(json.dumps(good).encode()), "application/json")},
        data={"reason": "a new source"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert fresh_world.client("admin").get("/api/v1/sources/s-web").status_code == 200
    refused = gbr.post(
        "/records/import",
        files={"file": ("good.json", io.BytesIO(json.dumps(good).encode()), "application/json")},
        data={"reason": "r"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
