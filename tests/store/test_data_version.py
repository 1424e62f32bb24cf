"""The data version: bumped by every committed change, untouched by reads and rollbacks."""

import pytest

from muster.domain import Nation
from muster.store import create, transaction, update
from muster.store.history import current_data_version

WHO = "process:test"


def _version(engine):
    with transaction(engine, write=False) as s:
        return current_data_version(session=s)


def test_every_committed_change_bumps_the_version_once_per_transaction(db_engine, clock):
    start = _version(db_engine)
    with transaction(db_engine, clock=clock) as s:
        create(session=s, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
        create(session=s, obj=Nation(iso3="XAB", name="B"), who=WHO, reason="r")
    after_one = _version(db_engine)
    assert after_one.number == start.number + 1
    assert after_one.changed_at is not None
    with transaction(db_engine, clock=clock) as s:
        update(
            session=s, obj=Nation(iso3="XAA", name="A2"), expected_version=1, who=WHO, reason="r"
        )
    after_two = _version(db_engine)
    assert after_two.number == start.number + 2
    assert after_two.changed_at > after_one.changed_at
    assert after_two.tag != after_one.tag


def _change_then_fail(engine):
    with transaction(engine) as s:
        create(session=s, obj=Nation(iso3="XAC", name="C"), who=WHO, reason="r")
        raise RuntimeError("fail after the change")


def test_a_rolled_back_change_leaves_the_version_alone(db_engine):
    start = _version(db_engine)
    with pytest.raises(RuntimeError, match="fail after"):
        _change_then_fail(db_engine)
    assert _version(db_engine) == start
