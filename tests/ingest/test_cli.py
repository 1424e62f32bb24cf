"""`muster ingest`, `review` and `eval-ingest` on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.data import reference_dataset
from muster.domain import Statement, StatementStatus
from muster.ingest.model import ArbiterModel, FallbackModel
from muster.settings import Settings
from muster.store import find, history, import_dataset, make_engine, transaction
from muster.store import user as user_store
from tests.ingest.conftest import DEV, FRESH, HOLDOUT, load_set

runner = CliRunner()
SEED = DEV / "seed.txt"


@pytest.fixture
def ref_db(db_url: str) -> str:
    engine = make_engine(Settings(database_url=db_url, env="test"))
    with transaction(engine) as session:
        import_dataset(
            session=session,
            dataset=reference_dataset(),
            who="process:test",
            reason="reference data",
        )
        for name, role in (("ana", "analyst"), ("bea", "analyst"), ("vic", "viewer")):
            user_store.add_user(
                session=session, username=name, password="a long passphrase", role=role
            )
    engine.dispose()
    return db_url


def _run(args: list[str], db: str | None = None) -> Any:
    env = {"MUSTER_DATABASE_URL": db} if db else {}
    return runner.invoke(app, args, env=env)


def _statements(db: str) -> list[Statement]:
    engine = make_engine(Settings(database_url=db, env="test"))
    with transaction(engine, write=False) as session:
        items = find(session=session, entity=Statement, limit=1000).items
    engine.dispose()
    return [s.obj for s in items]


def test_dry_run_json_is_the_documented_object() -> None:
    r = _run(["ingest", str(SEED), "--date", "2025-03-03", "--dry-run", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert set(doc) == {"date", "statements", "nations"}
    assert doc["nations"]["DEU"] == "undecided"
    keys = {
        "nation",
        "speaker",
        "office",
        "stance",
        "quote",
        "evidence",
        "conditions",
        "contributions",
        "confidence",
    }
    assert all(set(s) == keys for s in doc["statements"])
    germany = next(s for s in doc["statements"] if s["nation"] == "DEU")
    assert (germany["speaker"], germany["office"]) == ("Olaf Scholz", "Chancellor")


@pytest.mark.parametrize(
    ("content", "date", "message"),
    [
        (b"Poland will not send troops.", "3 March 2025", "expected a date as YYYY-MM-DD"),
        (b"Poland will not send troops.", "2025-02-30", "expected a date as YYYY-MM-DD"),
        (b"", "2025-03-03", "the file is empty"),
        (b"\x00\x01\x02binary", "2025-03-03", "binary"),
        ("Orbán".encode("utf-16"), "2025-03-03", "binary"),
        ("Orbán refuses".encode("latin-1"), "2025-03-03", "not valid UTF-8"),
    ],
)
def test_bad_input_exits_1_with_a_clear_error_and_stores_nothing(
    ref_db: str, tmp_path: Path, content: bytes, date: str, message: str
) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    r = _run(["ingest", str(good), str(bad), "--date", date], ref_db)
    assert r.exit_code == 1, r.output
    assert message in r.output
    assert "Traceback" not in r.output
    assert _statements(ref_db) == []


def test_ingest_stores_proposals_then_review_accepts_rejects_and_edits(ref_db: str) -> None:
    r = _run(["ingest", str(SEED), "--date", "2025-03-03", "--user", "ana"], ref_db)
    assert r.exit_code == 0, r.output
    stored = {s.nation: s for s in _statements(ref_db)}
    assert len(stored) == 10
    assert all(s.status is StatementStatus.PROPOSED and s.source for s in stored.values())
    assert stored["DEU"].actor == "Olaf Scholz"

    again = _run(["ingest", str(SEED), "--date", "2025-03-03", "--user", "ana"], ref_db)
    assert again.exit_code == 1
    assert "already stored" in again.output

    listing = _run(["review", "list", "--json"], ref_db)
    assert len(json.loads(listing.stdout)) == 10
    deu, usa, rus = stored["DEU"].id, stored["USA"].id, stored["RUS"].id
    assert _run(["review", "accept", deu, "--user", "bea"], ref_db).exit_code == 0
    assert _run(["review", "reject", usa, "--user", "bea"], ref_db).exit_code == 0
    edit = _run(["review", "edit", rus, "--stance", "skeptical", "--user", "bea"], ref_db)
    assert edit.exit_code == 0, edit.output
    after = {s.nation: s for s in _statements(ref_db)}
    assert after["DEU"].status is StatementStatus.ACCEPTED
    assert after["USA"].status is StatementStatus.REJECTED  # kept, not deleted
    assert after["RUS"].stance.value == "skeptical"
    engine = make_engine(Settings(database_url=ref_db, env="test"))
    with transaction(engine, write=False) as session:
        changes = history(session=session, entity=Statement, key=deu)
    engine.dispose()
    assert [c.who for c in changes] == ["user:ana", "user:bea"]
    assert changes[-1].recorded_at >= changes[0].recorded_at

    missing = _run(["review", "accept", "no-such-statement", "--user", "bea"], ref_db)
    assert missing.exit_code == 1
    assert "no statement 'no-such-statement'" in missing.stderr


def test_review_and_ingest_need_a_user_who_may(ref_db: str) -> None:
    r = _run(["ingest", str(SEED), "--date", "2025-03-03", "--user", "vic"], ref_db)
    assert r.exit_code == 1
    assert r.stderr.strip() == "error: a viewer may not use ingest:run"
    assert _statements(ref_db) == []
    nobody = _run(["ingest", str(SEED), "--date", "2025-03-03"], ref_db)
    assert nobody.exit_code == 1
    assert "--user NAME" in nobody.stderr
    assert _statements(ref_db) == []
    assert (
        _run(["ingest", str(SEED), "--date", "2025-03-03", "--local-admin"], ref_db).exit_code == 0
    )
    deu = next(s for s in _statements(ref_db) if s.nation == "DEU")
    refused = _run(["review", "accept", deu.id, "--user", "vic"], ref_db)
    assert refused.exit_code == 1
    # a viewer may not even read proposals: refused as if the statement did not exist
    assert refused.stderr.strip() == f"error: no statement {deu.id!r}"
    assert next(s for s in _statements(ref_db) if s.id == deu.id) == deu


def test_the_old_option_name_by_still_names_who_changed_it(ref_db: str) -> None:
    # scripts written before every command said --user keep running
    r = _run(["ingest", str(SEED), "--date", "2025-03-03", "--by", "ana"], ref_db)
    assert r.exit_code == 0, r.output
    deu = next(s.id for s in _statements(ref_db) if s.nation == "DEU")
    accept = _run(["review", "accept", deu, "--by", "bea"], ref_db)
    assert accept.exit_code == 0, accept.output
    assert f"{deu}: accepted by bea" in accept.output
    engine = make_engine(Settings(database_url=ref_db, env="test"))
    with transaction(engine, write=False) as session:
        changes = history(session=session, entity=Statement, key=deu)
    engine.dispose()
    assert [c.who for c in changes] == ["user:ana", "user:bea"]


def test_eval_ingest_prints_the_report() -> None:
    r = _run(["eval-ingest", str(DEV), "--json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    for key in (
        "nation_recall",
        "nation_precision",
        "stance_accuracy",
        "per_class_f1",
        "macro_f1",
        "speaker_precision",
        "confusion",
        "articles_per_second",
    ):
        assert key in report
    assert report["articles"] == len(load_set(DEV))
    assert report["labels"] == sum(len(a.labels) for a in load_set(DEV))


def test_eval_ingest_rules_only_proposes_no_fallback_guesses() -> None:
    full = json.loads(_run(["eval-ingest", str(DEV), "--json"]).stdout)
    rules = json.loads(_run(["eval-ingest", str(DEV), "--json", "--rules-only"]).stdout)
    assert rules["proposed"] < full["proposed"]
    assert rules["nation_recall"] <= full["nation_recall"]


def test_train_ingest_reports_held_out_scores_and_writes_a_model(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    r = _run(["train-ingest", str(HOLDOUT), "--folds", "3", "--json", "--out", str(out)])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["folds"] == 3
    assert report["rules_and_fallback"]["labels"] == sum(len(a.labels) for a in load_set(HOLDOUT))
    model = FallbackModel.from_json(json.loads(out.read_text("utf-8")))
    assert model.trained_on == (str(HOLDOUT),)
    assert model.label.weights  # it learned something


def test_train_ingest_leaves_one_set_out_and_writes_the_arbiter(tmp_path: Path) -> None:
    out = tmp_path / "arbiter.json"
    r = _run(["train-ingest", str(HOLDOUT), str(FRESH), "--folds", "3", "--arbiter-out", str(out)])
    assert r.exit_code == 0, r.output
    assert "fallback, leave one set out" in r.stdout
    assert "stance arbiter, leave one set out" in r.stdout
    # the shipped fallback was trained on news_holdout: starred, and pooled without it
    for name in ("news_holdout*", "news_fresh", "pooled", "pooled, not *"):
        assert name in r.stdout
    model = ArbiterModel.from_json(json.loads(out.read_text("utf-8")))
    assert model.trained_on == (str(HOLDOUT), str(FRESH))
    report = json.loads(_run(["train-ingest", str(HOLDOUT), str(FRESH), "--json"]).stdout)
    held = report["leave_one_set_out"]
    assert set(held["sets"]) == {"news_holdout", "news_fresh"}
    labels = sum(len(a.labels) for folder in (HOLDOUT, FRESH) for a in load_set(folder))
    assert held["pooled"]["rules"]["labels"] == labels
    assert held["pooled"]["fallback_retrained"]["0.7"]["labels"] == labels
    assert held["sets"]["news_holdout"]["shipped_fallback_trained_on_it"] is True
    assert held["pooled_unseen_by_shipped_fallback"]["sets"] == ["news_fresh"]


def test_train_ingest_writes_the_fallback_threshold(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    args = ["train-ingest", str(HOLDOUT), "--folds", "3", "--fallback-threshold", "0.6"]
    r = _run([*args, "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert FallbackModel.from_json(json.loads(out.read_text("utf-8"))).threshold == 0.6


def test_train_ingest_nested_needs_three_folders() -> None:
    r = _run(["train-ingest", str(HOLDOUT), str(FRESH), "--nested"])
    assert r.exit_code == 1
    assert "three labelled folders" in r.output


def test_train_ingest_names_a_folder_without_labels(tmp_path: Path) -> None:
    r = _run(["train-ingest", str(tmp_path)])
    assert r.exit_code == 1
    assert "labels.json" in r.output
