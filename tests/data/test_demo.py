"""The packaged London-2025 demo coalition: loads, hangs together, traces every fact to a source."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from muster.data import (
    DEMO_FILE,
    demo_dataset,
    demo_only_dataset,
    dumps,
    parse,
    read_text,
    reference_dataset,
)
from muster.domain import Dataset, Stance, StatementStatus, stances_as_of

SEED_ID = "seed-nyt-2025-03-03"
SHARED_LABELS = Path(__file__).resolve().parents[3] / "shared" / "ingest" / "seed_labels.json"
# The project's copy of the seed's labels (tests/data/news is the ingest dev set); a test below
# checks it against the shared original wherever the shared folder sits beside the repository.
SEED_LABELS = Path(__file__).resolve().parent / "news" / "labels.json"


@pytest.fixture(scope="module")
def demo() -> Dataset:
    return demo_dataset()


def test_demo_loads_and_checks_clean(demo: Dataset) -> None:
    assert demo.check() == []
    assert len(demo.statements) >= 25
    assert len(demo.pledges) >= 15
    assert len(demo.scenarios) >= 3


def test_demo_file_is_in_canonical_form_and_holds_no_gazetteer() -> None:
    text = read_text(DEMO_FILE)
    assert dumps(parse(text, file=DEMO_FILE)) == text, (
        "demo.json is not in canonical form: run scripts/build_demo_data.py"
    )
    own = demo_only_dataset()
    assert own.nations == ()
    assert own.actors == ()
    # Every demo source id is new: the demo never silently replaces a gazetteer source.
    assert not {s.id for s in own.sources} & {s.id for s in reference_dataset().sources}


def test_every_statement_and_pledge_traces_to_a_source(demo: Dataset) -> None:
    sources = demo.index("sources")
    for s in demo.statements:
        assert s.source in sources or s.entered_by, s.id
        assert s.status is StatementStatus.ACCEPTED, s.id
    for p in demo.pledges:
        assert p.sources or p.entered_by, p.id
        assert all(x in sources for x in p.sources), p.id
    for a in demo.aid_records:
        assert a.source in sources, a.id


def test_planning_figures_are_marked_illustrative(demo: Dataset) -> None:
    for line in demo.requirement_lines:
        assert line.illustrative or line.source, line.id
    for p in demo.pledges:
        assert p.illustrative, p.id
    for c in demo.conditions:
        assert c.illustrative or c.source, c.id
    for ph in demo.phases:
        assert ph.illustrative, ph.id


def test_quotes_from_the_seed_are_verbatim(demo: Dataset) -> None:
    seed = demo.index("sources")[SEED_ID]
    assert seed.published == date(2025, 3, 3)
    assert seed.text is not None
    for s in demo.statements:
        if s.source == SEED_ID:
            assert s.quote in seed.text, s.id
            assert s.evidence is not None
            assert s.evidence in seed.text, s.id


def test_speakers_hold_the_office_they_speak_from(demo: Dataset) -> None:
    actors = demo.index("actors")
    for s in demo.statements:
        if s.actor is None:
            continue
        actor = actors[s.actor]
        assert actor.nation_on(s.date) == s.nation, s.id
        assert s.office in {o.title for o in actor.offices_on(s.date)}, s.id


def test_conditions_named_exist_and_pledges_fit_statements(demo: Dataset) -> None:
    pledged = {p.nation for p in demo.pledges if p.status.value != "withdrawn"}
    # The article's unwilling and skeptical nations pledge nothing.
    assert pledged.isdisjoint({"ITA", "HUN", "SVK", "RUS", "USA"})
    assert {"GBR", "FRA"} <= pledged
    by_id = demo.index("pledges")
    assert "peace-signed" in by_id["p-fra-inf"].conditions
    assert "us-backstop" in by_id["p-gbr-inf"].conditions
    assert "dutch-parliament-approves" in by_id["p-nld-mcm"].conditions
    assert "german-government-formed" in by_id["p-deu-ad"].conditions


def test_pledges_demonstrate_statuses_and_classifications(demo: Dataset) -> None:
    statuses = {p.status.value for p in demo.pledges}
    classes = {p.classification.value for p in demo.pledges}
    # No source reports a withdrawn offer: Germany's ground-troop pledge, once marked withdrawn
    # on the very day Merz offered forces next door (6 January 2026), is an offer again.
    assert {"draft", "offered", "confirmed", "deployed"} <= statuses
    assert demo.index("pledges")["p-deu-inf"].status.value == "offered"
    assert classes == {"public", "coalition", "national"}


def test_the_stance_map_moves_over_time(demo: Dataset) -> None:
    def on(day: str) -> dict[str, Stance]:
        return {
            n: s.stance for n, s in stances_as_of(demo.statements, date.fromisoformat(day)).items()
        }

    munich, london = on("2025-02-17"), on("2025-03-03")
    paris, declaration = on("2025-09-04"), on("2026-01-06")
    assert munich["DEU"] is Stance.SKEPTICAL  # Scholz: "völlig verfrüht"
    assert london["GBR"] is Stance.LEAD
    assert london["DEU"] is Stance.UNDECIDED
    assert paris["DEU"] is Stance.CONDITIONAL
    assert declaration["DEU"] is Stance.CONDITIONAL  # Merz: forces next door, a US guarantee
    assert london["DNK"] is Stance.UNDECIDED
    assert paris["DNK"] is Stance.CONDITIONAL
    assert london["CAN"] is Stance.UNDECIDED  # Trudeau: "all options are on the table"
    assert declaration["CAN"] is Stance.UNDECIDED  # Carney: troops "a possibility"
    assert london["USA"] is Stance.SKEPTICAL
    assert on("2025-08-19")["USA"] is Stance.UNDECIDED  # air support "probably"
    assert declaration["USA"] is Stance.WILLING  # leads ceasefire monitoring


def _seed_labels(path: Path = SEED_LABELS) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    labels: list[dict[str, Any]] = next(a for a in doc if a["id"] == "seed")["labels"]
    return labels


@pytest.mark.skipif(not SHARED_LABELS.exists(), reason="the shared folder is not beside the repo")
def test_the_projects_seed_labels_are_the_shared_ones() -> None:
    def key(labels: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
        return [(lab["nation"], lab["stance"], lab["speaker"]) for lab in labels]

    assert key(_seed_labels()) == key(_seed_labels(SHARED_LABELS))


def _ascii(name: str | None) -> str | None:
    return None if name is None else name.replace("á", "a")


def test_seed_statements_match_the_shared_labels(demo: Dataset) -> None:
    labels = _seed_labels()
    seed_statements = {s.nation: s for s in demo.statements if s.source == SEED_ID}
    assert set(seed_statements) == {lab["nation"] for lab in labels}
    for lab in labels:
        s = seed_statements[lab["nation"]]
        assert s.stance.value == lab["stance"], lab["nation"]
        assert _ascii(s.actor) == lab["speaker"], lab["nation"]
        assert s.evidence == lab["evidence"], lab["nation"]
