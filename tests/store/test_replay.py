"""Record-time replay: the data exactly as the database held them at several moments."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from muster.data import demo_dataset
from muster.domain import Dataset, Nation
from muster.errors import InvalidInput
from muster.store import create, delete, get, import_dataset, load_dataset, update

WHO = "user:alice"


def at(text):
    return datetime.fromisoformat(text)


def test_replay_at_several_record_times(session, clock):
    demo = demo_dataset()
    clock.set("2025-03-02T09:00:00+00:00")
    import_dataset(session=session, dataset=demo, who="process:test", reason="load")
    session.commit()
    loaded = load_dataset(session=session)

    clock.set("2025-03-04T12:00:00+00:00")
    gbr = get(session=session, entity=Nation, key="GBR")
    renamed = replace(gbr.obj, name="Britain")
    update(session=session, obj=renamed, expected_version=gbr.version, who=WHO, reason="r")
    session.commit()

    clock.set("2025-03-05T08:00:00+00:00")
    create(session=session, obj=Nation(iso3="XAA", name="Aland"), who=WHO, reason="r")
    session.commit()

    clock.set("2025-03-06T08:00:00+00:00")
    delete(session=session, entity=Nation, key="XAA", expected_version=1, who=WHO, reason="r")
    session.commit()
    now = load_dataset(session=session)

    assert load_dataset(session=session, recorded_at=at("2025-03-01T00:00:00+00:00")) == Dataset()
    assert load_dataset(session=session, recorded_at=at("2025-03-02T09:00:00+00:00")) == loaded
    assert loaded == demo.sorted()
    before_rename = load_dataset(session=session, recorded_at=at("2025-03-04T11:59:59+00:00"))
    assert before_rename == loaded
    after_rename = load_dataset(session=session, recorded_at=at("2025-03-04T12:00:00+00:00"))
    assert after_rename.index("nations")["GBR"].name == "Britain"
    with_xaa = load_dataset(session=session, recorded_at=at("2025-03-05T10:00:00+01:00"))
    assert "XAA" in with_xaa.index("nations")
    assert load_dataset(session=session, recorded_at=at("2025-03-07T00:00:00+00:00")) == now
    assert "XAA" not in now.index("nations")


def test_replay_needs_a_time_zone(session):
    with pytest.raises(InvalidInput, match="time zone"):
        load_dataset(session=session, recorded_at=datetime(2025, 3, 4, 12))


def test_replay_to_the_microsecond(session, clock):
    t0 = datetime(2025, 3, 4, 12, 0, 0, 1, tzinfo=UTC)
    clock.set(t0)
    create(session=session, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    session.commit()
    assert load_dataset(session=session, recorded_at=t0 - timedelta(microseconds=1)) == Dataset()
    assert load_dataset(session=session, recorded_at=t0).nations == (Nation(iso3="XAA", name="A"),)
