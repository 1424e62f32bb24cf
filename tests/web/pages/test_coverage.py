"""Coverage on the pages: exact, computed on what the reader may read, and it moves with edits."""

from tests.web.pages.conftest import csrf, sign_in


def _gaps(client, **params):
    view = client.get("/requirements", params={"format": "json", **params}).json()
    return {r["id"]: r["coverage"]["gap"] for ph in view["phases"] for r in ph["lines"]}


def test_gap_changes_when_a_delegate_edits_a_pledge(client):
    sign_in(client, "gbr-delegate")
    assert _gaps(client)["rl-inf"] == 7  # 10 required, GBR's 3 battalions fill 3
    data = {
        "csrf_token": csrf(client),
        "version": "1",
        "nation": "GBR",
        "capability": "inf-bn",
        "quantity": "5",
        "phases": ["deployment"],
        "status": "offered",
        "classification": "public",
        "sources": ["nyt-2025-03-02"],
        "illustrative": "on",
    }
    assert client.post("/pledges/gbr-inf", data=data, follow_redirects=False).status_code == 303
    assert _gaps(client)["rl-inf"] == 5
    top = client.get("/", params={"format": "json"}).json()["coverage"]["top_gaps"]
    assert {g["line"]: g["gap"] for g in top}["rl-inf"] == 5


def test_scenario_forcing_a_condition_counts_the_conditional_pledge(client):
    sign_in(client, "planner")  # reads the French national pledge, which needs a truce
    base = client.get("/", params={"format": "json"}).json()["coverage"]
    truce = client.get("/", params={"format": "json", "scenario": "truce"}).json()["coverage"]
    gap = {c["line"]: c["gap"] for c in base["lines"]}
    gap_truce = {c["line"]: c["gap"] for c in truce["lines"]}
    assert (gap["rl-inf"], gap_truce["rl-inf"]) == (7, 5)
    assert truce["scenario_name"] == "Truce agreed"


def test_a_delegate_sees_coverage_without_anothers_national_pledge(client):
    sign_in(client, "gbr-delegate")
    truce = client.get("/", params={"format": "json", "scenario": "truce"}).json()["coverage"]
    line = next(c for c in truce["lines"] if c["line"] == "rl-inf")
    assert line["gap"] == 7  # France's national battalions stay invisible
    assert [f["nation"] for f in line["fillers"]] == ["GBR"]
    sign_in(client, "fra-delegate")
    truce = client.get("/", params={"format": "json", "scenario": "truce"}).json()["coverage"]
    line = next(c for c in truce["lines"] if c["line"] == "rl-inf")
    assert line["gap"] == 5
