"""Importing a Dataset: merge by key, counts, dry run, every problem at once, atomicity,
and the byte-identical JSON round trip through the database (both backends)."""

import hashlib
from dataclasses import replace

import numpy as np
import pytest
import sqlalchemy as sa

from muster.data import demo_dataset, reference_dataset
from muster.domain import Dataset, Nation, Pledge
from muster.errors import InvalidInput
from muster.interchange import read_dataset, write_dataset
from muster.store import history, import_dataset, load_dataset, transaction
from muster.store import importer as importer_module
from muster.store.db import sqlite_path
from muster.store.schema import metadata
from muster.synth import synth

WHO = "process:test"


def _import(session, dataset, **kwargs):
    return import_dataset(session=session, dataset=dataset, who=WHO, reason="test", **kwargs)


def test_import_then_reimport_changes_nothing(session):
    ref = reference_dataset()
    first = _import(session, ref)
    assert first.created == ref.size
    assert first.counts["nations"].created == len(ref.nations)
    assert load_dataset(session=session) == ref.sorted()
    again = _import(session, ref)
    assert (again.created, again.updated, again.unchanged) == (0, 0, ref.size)


def test_reimport_updates_only_changed_rows_and_keeps_the_rest(loaded_demo):
    before = load_dataset(session=loaded_demo)
    pledge = before.pledges[0]
    changed = replace(pledge, quantity=pledge.quantity + 1)
    result = _import(loaded_demo, Dataset(pledges=(changed,)))
    assert result.counts["pledges"].updated == 1
    assert result.created == 0
    after = load_dataset(session=loaded_demo)
    assert after.index("pledges")[pledge.id] == changed
    assert len(after.pledges) == len(before.pledges)  # merging never deletes
    assert [c.op for c in history(session=loaded_demo, entity=Pledge, key=pledge.id)] == [
        "create",
        "update",
    ]


def test_dry_run_counts_and_writes_nothing(session):
    result = _import(session, reference_dataset(), dry_run=True)
    assert result.dry_run
    assert result.created == reference_dataset().size
    assert load_dataset(session=session) == Dataset()


def test_every_problem_is_reported_and_nothing_written(loaded_demo):
    before = load_dataset(session=loaded_demo)
    good = before.pledges[0]
    bad = Dataset(
        nations=(Nation(iso3="XAA", name="A"), Nation(iso3="XAA", name="B")),
        pledges=(
            replace(good, id="p-bad-1", nation="XQQ"),
            replace(good, id="p-bad-2", phases=("no-such-phase",)),
        ),
    )
    with pytest.raises(InvalidInput) as e:
        _import(loaded_demo, bad)
    assert [(p.entity, p.key) for p in e.value.problems] == [("nation", "XAA")]
    with pytest.raises(InvalidInput) as e:
        _import(loaded_demo, replace(bad, nations=bad.nations[:1]))
    found = {(p.key, p.field) for p in e.value.problems}
    assert found == {("p-bad-1", "nation"), ("p-bad-2", "phases")}
    assert load_dataset(session=loaded_demo) == before


def _contents(engine):
    with engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(sa.select(t)).all()), key=repr)
            for t in metadata.sorted_tables
        }


def _file_digest(db_url, engine):
    path = sqlite_path(db_url)
    if path is None:
        return None
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failure_while_writing_leaves_the_database_unchanged(db_engine, db_url, monkeypatch):
    with transaction(db_engine) as s:
        _import(s, reference_dataset())
    contents, digest = _contents(db_engine), _file_digest(db_url, db_engine)

    def broken(**_kwargs):
        raise OSError("disk full")

    # Inserts of the earlier collections have run when the first update fails.
    monkeypatch.setattr(importer_module, "update_objects", broken)
    changed = replace(demo_dataset(), nations=(replace(demo_dataset().nations[0], name="X"),))
    with pytest.raises(OSError, match="disk full"), transaction(db_engine) as s:
        _import(s, changed)
    assert _contents(db_engine) == contents
    assert _file_digest(db_url, db_engine) == digest


@pytest.mark.parametrize("source", ["demo", "synth"])
def test_json_round_trip_through_the_database_is_byte_identical(
    session, db_engine, tmp_path, source
):
    if source == "demo":
        dataset = demo_dataset()
    else:
        dataset = synth(
            nations=12, pledges=300, lines=40, conditions=15, rng=np.random.default_rng(7)
        )
    _import(session, dataset)
    first = tmp_path / "first.json"
    write_dataset(load_dataset(session=session), first)
    with transaction(db_engine) as s:
        _import(s, read_dataset(first))
    second = tmp_path / "second.json"
    with transaction(db_engine, write=False) as s:
        write_dataset(load_dataset(session=s), second)
    assert first.read_bytes() == second.read_bytes()
    assert read_dataset(second) == dataset.sorted()


def test_keep_existing_only_adds_new_keys(loaded_demo):
    pledge = load_dataset(session=loaded_demo).pledges[0]
    edited = replace(pledge, quantity=pledge.quantity + 5)
    _import(loaded_demo, Dataset(pledges=(edited,)))
    again = _import(loaded_demo, demo_dataset(), keep_existing=True)
    assert again.kept == 1
    assert (again.created, again.updated) == (0, 0)
    assert load_dataset(session=loaded_demo).index("pledges")[pledge.id] == edited
