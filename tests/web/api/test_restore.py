"""`POST /api/v1/{concept}/{key}/restore`: undo any change by restoring an earlier version."""

from __future__ import annotations

from typing import Any

from tests.web.api.conftest import World, problem, write


def _version(world: World, who: str, path: str) -> dict[str, Any]:
    r = world.client(who).get(path)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_a_delegate_undoes_an_edit_of_its_own_pledge(fresh_world: World) -> None:
    path = "/api/v1/pledges/p-gbr-inf"
    v1 = _version(fresh_world, "gbr-delegate", path)
    gbr = fresh_world.client("gbr-delegate")
    r = gbr.patch(
        path,
        json={"quantity": v1["quantity"] * 10},
        headers=write("typed a zero too many", **{"If-Match": f'"{v1["version"]}"'}),
    )
    assert r.status_code == 200, r.text
    r = gbr.post(
        f"{path}/restore",
        json={"version": v1["version"]},
        headers=write("undo", **{"If-Match": f'"{v1["version"] + 1}"'}),
    )
    assert r.status_code == 200, r.text
    assert r.json()["quantity"] == v1["quantity"]
    assert r.json()["version"] == v1["version"] + 2
    assert r.headers["ETag"] == f'"{v1["version"] + 2}"'
    last = gbr.get(f"{path}/history").json()[-1]
    assert (last["who"], last["why"]) == ("user:gbr-delegate", "undo")


def test_a_deleted_condition_is_restored(fresh_world: World) -> None:
    admin = fresh_world.client("admin")
    made = admin.post(
        "/api/v1/conditions", json={"id": "c-new", "name": "A new condition"}, headers=write()
    )
    assert made.status_code == 201, made.text
    gone = admin.delete("/api/v1/conditions/c-new", headers=write(**{"If-Match": '"1"'}))
    assert gone.status_code == 204, gone.text
    assert admin.get("/api/v1/conditions/c-new").status_code == 404
    back = admin.post(
        "/api/v1/conditions/c-new/restore",
        json={"version": 1, "current_version": 2},
        headers=write("deleted by mistake"),
    )
    assert back.status_code == 200, back.text
    assert back.json()["name"] == "A new condition"
    assert admin.get("/api/v1/conditions/c-new").json()["version"] == 3


def test_refusals(fresh_world: World) -> None:
    path = "/api/v1/pledges/p-gbr-inf"
    v1 = _version(fresh_world, "gbr-delegate", path)
    # another delegation may not restore GBR's pledge; a viewer may not write at all
    for who, status in (("fra-delegate", 403), ("viewer", 403), (None, 401)):
        r = fresh_world.client(who).post(
            f"{path}/restore", json={"version": 1}, headers=write(**{"If-Match": '"1"'})
        )
        problem(r, status)
    # another delegation's national pledge does not exist for this delegate
    r = fresh_world.client("fra-delegate").post(
        "/api/v1/pledges/p-gbr-training/restore",
        json={"version": 1},
        headers=write(**{"If-Match": '"1"'}),
    )
    problem(r, 404)
    gbr = fresh_world.client("gbr-delegate")
    unknown = gbr.post(
        f"{path}/restore", json={"version": 9}, headers=write(**{"If-Match": f'"{v1["version"]}"'})
    )
    assert "has no version 9" in problem(unknown, 404)["detail"]
    stale = gbr.post(f"{path}/restore", json={"version": 1}, headers=write(**{"If-Match": '"7"'}))
    problem(stale, 412)
    missing = gbr.post(f"{path}/restore", json={"version": 1}, headers=write())
    problem(missing, 428)
    bad = gbr.post(f"{path}/restore", json={"version": 0}, headers=write(**{"If-Match": '"1"'}))
    problem(bad, 422)
    assert _version(fresh_world, "gbr-delegate", path)["version"] == v1["version"]
