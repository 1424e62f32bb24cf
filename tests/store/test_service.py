"""Service functions on both backends: versions, conflicts, references, history, transitions."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from muster.domain import (
    Capability,
    CapabilityDomain,
    Condition,
    Mission,
    Nation,
    Phase,
    Pledge,
    PledgeStatus,
    Source,
    Statement,
    StatementStatus,
)
from muster.errors import Conflict, InvalidInput, NotFound
from muster.store import (
    create,
    delete,
    entity_class,
    get,
    history,
    set_pledge_status,
    set_statement_status,
    update,
)

WHO = "user:alice"


def test_create_then_get_returns_version_one(session):
    stored = create(session=session, obj=Nation(iso3="XAA", name="Aland"), who=WHO, reason="r")
    assert stored.version == 1
    got = get(session=session, entity=Nation, key="XAA")
    assert got.obj == Nation(iso3="XAA", name="Aland")
    assert got.version == 1


def test_get_unknown_key_is_not_found(session):
    with pytest.raises(NotFound, match="no nation 'XZZ'"):
        get(session=session, entity=Nation, key="XZZ")


def test_create_existing_key_is_a_conflict(session):
    create(session=session, obj=Nation(iso3="XAA", name="Aland"), who=WHO, reason="r")
    with pytest.raises(Conflict, match="it is taken") as e:
        create(session=session, obj=Nation(iso3="XAA", name="Other"), who=WHO, reason="r")
    # no version: a writer who may not read the row learns only that the key is taken
    assert e.value.current_version is None
    assert "version" not in str(e.value)


def test_create_with_unknown_references_lists_each_one(loaded_demo):
    pledge = Pledge(
        id="p-new",
        nation="XQQ",
        capability="no-such-capability",
        quantity=1,
        phases=("no-such-phase",),
        sources=("seed-nyt-2025-03-03",),
    )
    with pytest.raises(InvalidInput) as e:
        create(session=loaded_demo, obj=pledge, who=WHO, reason="r")
    fields = sorted(p.field for p in e.value.problems)
    assert fields == ["capability", "nation", "phases"]
    assert all(p.entity == "pledge" and p.key == "p-new" for p in e.value.problems)


def test_who_and_reason_are_required(session):
    with pytest.raises(InvalidInput, match="user:NAME"):
        create(session=session, obj=Nation(iso3="XAA", name="A"), who="alice", reason="r")
    with pytest.raises(InvalidInput, match="reason"):
        create(session=session, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="  ")


def test_update_bumps_version_and_records_before_and_after(session, clock):
    clock.set("2025-03-02T10:00:00+00:00")
    create(session=session, obj=Nation(iso3="XAA", name="Aland"), who=WHO, reason="add")
    session.commit()
    clock.set("2025-03-03T11:30:00.123456+00:00")
    stored = update(
        session=session,
        obj=Nation(iso3="XAA", name="Åland", eu=True),
        expected_version=1,
        who="user:bob",
        reason="spelling",
    )
    assert stored.version == 2
    changes = history(session=session, entity=Nation, key="XAA")
    assert [c.op for c in changes] == ["create", "update"]
    last = changes[-1]
    assert (last.version, last.who, last.why) == (2, "user:bob", "spelling")
    assert last.recorded_at == datetime(2025, 3, 3, 11, 30, 0, 123456, tzinfo=UTC)
    assert last.before is not None
    assert last.after is not None
    assert (last.before["name"], last.after["name"]) == ("Aland", "Åland")
    assert (last.before["eu"], last.after["eu"]) == (False, True)


def test_stale_version_is_refused_with_the_current_one(session):
    create(session=session, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    update(
        session=session, obj=Nation(iso3="XAA", name="B"), expected_version=1, who=WHO, reason="r"
    )
    with pytest.raises(Conflict, match=r"version 1.*current version is 2") as e:
        update(
            session=session,
            obj=Nation(iso3="XAA", name="C"),
            expected_version=1,
            who=WHO,
            reason="r",
        )
    assert e.value.current_version == 2
    assert get(session=session, entity=Nation, key="XAA").obj.name == "B"
    with pytest.raises(Conflict):
        delete(session=session, entity=Nation, key="XAA", expected_version=1, who=WHO, reason="r")


def test_update_that_changes_nothing_writes_nothing(session):
    create(session=session, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    again = update(
        session=session, obj=Nation(iso3="XAA", name="A"), expected_version=1, who=WHO, reason="r"
    )
    assert again.version == 1
    assert len(history(session=session, entity=Nation, key="XAA")) == 1


def test_delete_refused_while_referred_to(loaded_demo):
    gbr = get(session=loaded_demo, entity=Nation, key="GBR")
    with pytest.raises(Conflict, match=r"referred to by other rows \(among them .*pledge '") as e:
        delete(
            session=loaded_demo,
            entity=Nation,
            key="GBR",
            expected_version=gbr.version,
            who=WHO,
            reason="r",
        )
    assert e.value.current_version == gbr.version
    assert get(session=loaded_demo, entity=Nation, key="GBR").obj == gbr.obj


def test_delete_then_create_again_continues_versions(session):
    create(session=session, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    delete(session=session, entity=Nation, key="XAA", expected_version=1, who=WHO, reason="gone")
    with pytest.raises(NotFound):
        get(session=session, entity=Nation, key="XAA")
    again = create(session=session, obj=Nation(iso3="XAA", name="A2"), who=WHO, reason="back")
    assert again.version == 3
    changes = history(session=session, entity="nation", key="XAA")
    assert [(c.version, c.op) for c in changes] == [(1, "create"), (2, "delete"), (3, "create")]
    assert changes[1].after is None
    assert changes[1].before is not None
    assert changes[1].before["name"] == "A"


def test_side_tables_round_trip_in_order(session):
    for cid in ("c-a", "c-b", "c-c"):
        create(session=session, obj=Condition(id=cid, name=cid), who=WHO, reason="r")
    cond = Condition(id="c-d", name="d", prerequisites=("c-c", "c-a", "c-b"))
    create(session=session, obj=cond, who=WHO, reason="r")
    assert get(session=session, entity=Condition, key="c-d").obj.prerequisites == (
        "c-c",
        "c-a",
        "c-b",
    )
    changed = replace(cond, prerequisites=("c-b",))
    update(session=session, obj=changed, expected_version=1, who=WHO, reason="r")
    assert get(session=session, entity=Condition, key="c-d").obj == changed


def test_prerequisite_cycle_is_refused(session):
    create(session=session, obj=Condition(id="c-a", name="a"), who=WHO, reason="r")
    create(
        session=session,
        obj=Condition(id="c-b", name="b", prerequisites=("c-a",)),
        who=WHO,
        reason="r",
    )
    with pytest.raises(InvalidInput, match="cycle"):
        update(
            session=session,
            obj=Condition(id="c-a", name="a", prerequisites=("c-b",)),
            expected_version=1,
            who=WHO,
            reason="r",
        )


def _pledge(session) -> Pledge:
    create(session=session, obj=Source(id="s1", title="S"), who=WHO, reason="r")
    create(session=session, obj=Nation(iso3="XAA", name="A"), who=WHO, reason="r")
    create(session=session, obj=Mission(id="m", name="M"), who=WHO, reason="r")
    create(session=session, obj=Phase(id="ph", mission="m", name="P", seq=1), who=WHO, reason="r")
    create(
        session=session,
        obj=Capability(id="cap", name="C", unit="u", domain=CapabilityDomain.LAND),
        who=WHO,
        reason="r",
    )
    p = Pledge(
        id="p1",
        nation="XAA",
        capability="cap",
        quantity=3,
        phases=("ph",),
        sources=("s1",),
        status=PledgeStatus.DRAFT,
    )
    create(session=session, obj=p, who=WHO, reason="r")
    return p


def test_pledge_status_follows_the_transitions(session):
    _pledge(session)
    offered = set_pledge_status(
        session=session, pledge_id="p1", status="offered", who=WHO, reason="offered at the summit"
    )
    assert (offered.obj.status, offered.version) == (PledgeStatus.OFFERED, 2)
    with pytest.raises(InvalidInput, match="cannot go from offered to deployed"):
        set_pledge_status(session=session, pledge_id="p1", status="deployed", who=WHO, reason="r")
    with pytest.raises(InvalidInput, match="expected one of"):
        set_pledge_status(session=session, pledge_id="p1", status="maybe", who=WHO, reason="r")
    with pytest.raises(Conflict):
        set_pledge_status(
            session=session,
            pledge_id="p1",
            status="confirmed",
            who=WHO,
            reason="r",
            expected_version=1,
        )


def test_generic_update_also_enforces_transitions(session):
    p = _pledge(session)
    with pytest.raises(InvalidInput, match="cannot go from draft to deployed"):
        update(
            session=session,
            obj=replace(p, status=PledgeStatus.DEPLOYED),
            expected_version=1,
            who=WHO,
            reason="r",
        )


def test_statement_review(loaded_demo):
    s = Statement(
        id="st-new",
        nation="GBR",
        date=date(2025, 3, 4),
        stance="willing",
        quote="We are ready.",
        entered_by="alice",
        status=StatementStatus.PROPOSED,
    )
    create(session=loaded_demo, obj=s, who=WHO, reason="proposed")
    accepted = set_statement_status(
        session=loaded_demo,
        statement_id="st-new",
        status=StatementStatus.ACCEPTED,
        who=WHO,
        reason="checked",
    )
    assert accepted.obj.status is StatementStatus.ACCEPTED
    rejected = set_statement_status(
        session=loaded_demo, statement_id="st-new", status="rejected", who=WHO, reason="misquoted"
    )
    assert rejected.version == 3


def test_entity_names_as_users_type_them():
    assert entity_class("pledges") is Pledge
    assert entity_class("Requirement-Line").__name__ == "RequirementLine"
    assert entity_class("offers").__name__ == "Offer"
    with pytest.raises(InvalidInput, match="unknown entity 'ofer'"):
        entity_class("ofer")
