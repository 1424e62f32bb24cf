"""Conditions named in news map to the database's own Conditions; what it lacks is proposed new.

Checked against the demo data's conditions (truce-agreed, peace-signed, us-backstop,
clear-mandate, dutch-parliament-approves, ...), in the pure pipeline and through `muster ingest`
on a real demo database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.data import demo_dataset
from muster.domain import Statement
from muster.ingest import Gazetteer, ingest_article, read_article
from muster.ingest.catalogue import ConditionCatalogue
from muster.settings import Settings
from muster.store import find, import_dataset, make_engine, transaction

runner = CliRunner()
DAY = date(2025, 4, 30)
ARTICLE = (
    "Prime Minister Dick Schoof said the Netherlands would send troops only if the Dutch "
    "parliament approves the mission and the United States provides a backstop.\n\n"
    "Estonia is ready to send a company, but before deploying the unit the government will "
    "seek a mandate from the Riigikogu, Prime Minister Kristen Michal said.\n\n"
    "Finland would take part only if every country in the coalition contributes troops, "
    "said its prime minister Petteri Orpo."
)


@pytest.fixture(scope="module")
def demo_catalogue(gazetteer: Gazetteer) -> ConditionCatalogue:
    return ConditionCatalogue.build(demo_dataset().conditions, gazetteer)


@pytest.mark.parametrize(
    ("kind", "nation", "expected"),
    [
        ("truce-agreed", None, "truce-agreed"),
        ("peace-signed", None, "peace-signed"),
        ("us-backstop", None, "us-backstop"),
        ("us-ceasefire-monitoring", None, "us-ceasefire-monitoring"),
        ("clear-mandate", None, "clear-mandate"),
        ("un-mandate", None, "un-mandate"),
        ("{nation}-parliament-approves", "NLD", "dutch-parliament-approves"),
        ("{nation}-government-formed", "DEU", "german-government-formed"),
    ],
)
def test_each_kind_finds_the_demo_condition(
    demo_catalogue: ConditionCatalogue, kind: str, nation: str | None, expected: str
) -> None:
    named = demo_catalogue.resolve(kind, nation)
    assert (named.id, named.new) == (expected, False)


def test_what_the_database_lacks_is_proposed_new(demo_catalogue: ConditionCatalogue) -> None:
    estonia = demo_catalogue.resolve("{nation}-parliament-approves", "EST")
    assert (estonia.id, estonia.name, estonia.new) == (
        "estonian-parliament-approves",
        "Estonian parliament approves",
        True,
    )
    assert demo_catalogue.resolve("all-allies-commit").new


def test_without_a_database_the_reference_ids_are_not_new(gazetteer: Gazetteer) -> None:
    named = ConditionCatalogue.reference(gazetteer).resolve("{nation}-parliament-approves", "EST")
    assert (named.id, named.new) == ("estonian-parliament-approves", False)


def _conditions(result: Any, nation: str) -> list[tuple[str, bool]]:
    proposal = next(p for p in result.proposals if p.nation == nation)
    return [(c.id, c.new) for c in proposal.conditions]


def test_the_pipeline_names_the_databases_conditions(
    gazetteer: Gazetteer, demo_catalogue: ConditionCatalogue
) -> None:
    article = read_article(ARTICLE.encode(), name="a.txt", day=DAY)
    result = ingest_article(article, gazetteer, conditions=demo_catalogue)
    assert sorted(_conditions(result, "NLD")) == [
        ("dutch-parliament-approves", False),
        ("us-backstop", False),
    ]
    # a mandate from the Riigikogu is Estonia's parliament approving, not a "clear mandate"
    assert _conditions(result, "EST") == [("estonian-parliament-approves", True)]
    assert _conditions(result, "FIN") == [("all-allies-commit", True)]


@pytest.fixture
def demo_db(db_url: str) -> str:
    engine = make_engine(Settings(database_url=db_url, env="test"))
    with transaction(engine) as session:
        import_dataset(session=session, dataset=demo_dataset(), who="process:test", reason="demo")
    engine.dispose()
    return db_url


def test_ingest_on_the_demo_database_stores_real_conditions(demo_db: str, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    env = {"MUSTER_DATABASE_URL": demo_db}
    dry = runner.invoke(
        app, ["ingest", str(path), "--date", DAY.isoformat(), "--dry-run", "--json"], env=env
    )
    assert dry.exit_code == 0, dry.output
    shown = {s["nation"]: s["conditions"] for s in json.loads(dry.stdout)["statements"]}
    assert {
        "id": "dutch-parliament-approves",
        "name": "Dutch parliament approves",
        "new": False,
    } in (shown["NLD"])
    assert shown["EST"] == [
        {"id": "estonian-parliament-approves", "name": "Estonian parliament approves", "new": True}
    ]

    stored = runner.invoke(
        app, ["ingest", str(path), "--date", DAY.isoformat(), "--local-admin"], env=env
    )
    assert stored.exit_code == 0, stored.output
    engine = make_engine(Settings(database_url=demo_db, env="test"))
    with transaction(engine, write=False) as session:
        items = find(session=session, entity=Statement, filters={"status": "proposed"}, limit=100)
    engine.dispose()
    by_nation = {s.obj.nation: s.obj for s in items.items}
    assert set(by_nation["NLD"].conditions) == {"dutch-parliament-approves", "us-backstop"}
    assert by_nation["EST"].conditions == ()
    note = by_nation["EST"].note or ""
    assert (
        "new conditions proposed: Estonian parliament approves (estonian-parliament-approves)"
        in (note)
    )
