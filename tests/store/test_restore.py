"""Restoring an earlier version (the undo of any change), on both backends."""

from dataclasses import replace

import pytest

from muster.domain import Condition, Pledge, PledgeStatus
from muster.errors import Conflict, InvalidInput, NotFound
from muster.store import create, delete, get, history, restore, set_pledge_status, update

WHO = "user:alice"


def undo(session, entity, key, version, expected, *, who=WHO, reason="r"):
    return restore(
        session=session,
        entity=entity,
        key=key,
        version=version,
        expected_version=expected,
        who=who,
        reason=reason,
    )


def test_restore_puts_back_an_earlier_record_as_a_new_version(loaded_demo):
    s = loaded_demo
    first = get(session=s, entity=Pledge, key="p-can-inf")
    update(
        session=s,
        obj=replace(first.obj, quantity=first.obj.quantity + 5, note="typo"),
        expected_version=first.version,
        who=WHO,
        reason="mistake",
    )
    done = undo(
        s,
        Pledge,
        "p-can-inf",
        first.version,
        first.version + 1,
        who="user:bob",
        reason="undo the mistake",
    )
    assert done.obj == first.obj
    assert done.version == first.version + 2
    last = history(session=s, entity=Pledge, key="p-can-inf")[-1]
    assert (last.op, last.who, last.why) == ("update", "user:bob", "undo the mistake")
    assert last.before is not None
    assert last.after is not None
    assert last.before["note"] == "typo"
    assert last.after["quantity"] == first.obj.quantity


def test_restore_may_undo_a_status_change_the_transitions_forbid(loaded_demo):
    s = loaded_demo
    offered = get(session=s, entity=Pledge, key="p-can-inf")
    assert offered.obj.status is PledgeStatus.OFFERED
    set_pledge_status(
        session=s, pledge_id="p-can-inf", status=PledgeStatus.WITHDRAWN, who=WHO, reason="r"
    )
    done = undo(s, Pledge, "p-can-inf", offered.version, None, reason="withdrawn by mistake")
    assert done.obj.status is PledgeStatus.OFFERED


def test_a_deleted_row_comes_back(session):
    made = create(session=session, obj=Condition(id="c-x", name="Something"), who=WHO, reason="r")
    delete(session=session, entity=Condition, key="c-x", expected_version=1, who=WHO, reason="r")
    with pytest.raises(InvalidInput, match="is its deletion"):
        undo(session, Condition, "c-x", 2, 2)
    back = undo(session, Condition, "c-x", 1, 2, reason="deleted by mistake")
    assert back.obj == made.obj
    assert back.version == 3
    assert [c.op for c in history(session=session, entity=Condition, key="c-x")] == [
        "create",
        "delete",
        "create",
    ]


def test_a_stale_version_an_unknown_version_and_a_gone_reference_are_refused(loaded_demo):
    s = loaded_demo
    first = get(session=s, entity=Pledge, key="p-can-inf")
    update(
        session=s,
        obj=replace(first.obj, conditions=()),
        expected_version=first.version,
        who=WHO,
        reason="r",
    )
    with pytest.raises(Conflict, match="current version is 2") as stale:
        undo(s, Pledge, "p-can-inf", 1, 1)
    assert stale.value.current_version == 2
    with pytest.raises(NotFound, match=r"has no version 7 \(its versions are 1 to 2\)"):
        undo(s, Pledge, "p-can-inf", 7, None)
    assert get(session=s, entity=Pledge, key="p-can-inf").version == 2


def test_a_record_naming_what_is_gone_is_refused(loaded_demo):
    s = loaded_demo
    create(session=s, obj=Condition(id="c-vote", name="A vote"), who=WHO, reason="r")
    v1 = get(session=s, entity=Pledge, key="p-can-inf")
    with_vote = replace(v1.obj, conditions=(*v1.obj.conditions, "c-vote"))
    update(session=s, obj=with_vote, expected_version=v1.version, who=WHO, reason="r")
    update(session=s, obj=v1.obj, expected_version=v1.version + 1, who=WHO, reason="r")
    delete(session=s, entity=Condition, key="c-vote", expected_version=1, who=WHO, reason="r")
    with pytest.raises(InvalidInput, match="unknown condition 'c-vote'"):
        undo(s, Pledge, "p-can-inf", v1.version + 1, None)
    assert get(session=s, entity=Pledge, key="p-can-inf").version == v1.version + 2


def test_restoring_the_current_state_changes_nothing(loaded_demo):
    s = loaded_demo
    now = get(session=s, entity=Pledge, key="p-can-inf")
    same = undo(s, Pledge, "p-can-inf", now.version, now.version)
    assert same.version == now.version
    assert len(history(session=s, entity=Pledge, key="p-can-inf")) == now.version
