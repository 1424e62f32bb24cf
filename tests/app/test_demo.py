"""`muster.app.demo`: an older stored demo is refreshed (users' edits kept); reset replaces all."""

from dataclasses import replace

from muster.app.demo import DEMO_WHO, load_demo
from muster.data import demo_dataset
from muster.domain import AidRecord, Dataset
from muster.store import load_dataset, service
from muster.store import user as user_store
from muster.store.history import last_writers


def older_demo() -> tuple[Dataset, dict[str, str]]:
    """The shipped demo as an older release might have had it: one line's figure differs, one
    aid record is missing, one aid record has since been retired. Returns it and the ids."""
    shipped = demo_dataset()
    line = shipped.requirement_lines[0]
    missing = shipped.aid_records[-1]
    retired = AidRecord(
        id="aid-retired-in-a-later-demo",
        donor=missing.donor,
        type=missing.type,
        item="A record a later demo dropped",
        source=missing.source,
    )
    old = replace(
        shipped,
        requirement_lines=(
            replace(line, quantity=line.quantity + 1),
            *shipped.requirement_lines[1:],
        ),
        aid_records=(*shipped.aid_records[:-1], retired),
    )
    return old, {"line": line.id, "missing": missing.id, "retired": retired.id}


def test_a_fresh_database_gets_the_demo_and_is_not_called_stale(session):
    first = load_demo(session=session, dataset=demo_dataset())
    assert not first.stale
    assert first.result.created > 0
    assert first.result.updated == 0
    again = load_demo(session=session, dataset=demo_dataset())
    assert not again.stale
    assert again.result.created == again.result.updated == 0
    assert not again.removed


def test_an_older_demo_is_refreshed_and_a_users_edit_is_kept(session):
    old, ids = older_demo()
    load_demo(session=session, dataset=old)
    user_store.add_user(
        session=session, username="alice", password="a long passphrase 1", role="admin"
    )
    # A user edits one demo pledge: the refresh must leave it as they left it.
    stored = service.get(session=session, entity=type(old.pledges[0]), key=old.pledges[0].id)
    edited = replace(stored.obj, note="edited by alice")
    service.update(
        session=session, obj=edited, expected_version=stored.version, who="user:alice", reason="x"
    )

    shipped = demo_dataset()
    loaded = load_demo(session=session, dataset=shipped)

    assert loaded.stale
    assert not loaded.reset
    now = load_dataset(session=session)
    assert (
        now.index("requirement_lines")[ids["line"]]
        == shipped.index("requirement_lines")[ids["line"]]
    )
    assert ids["missing"] in now.index("aid_records")
    assert ids["retired"] not in now.index("aid_records")
    assert loaded.removed == (f"aid_record {ids['retired']}",)
    assert now.index("pledges")[edited.id].note == "edited by alice"
    assert loaded.result.kept == 1
    # Up to date now: a second run changes nothing and says so.
    again = load_demo(session=session, dataset=shipped)
    assert not again.stale
    assert again.result.created == again.result.updated == 0

    reset = load_demo(session=session, dataset=shipped, reset=True)
    assert reset.reset
    after = load_dataset(session=session)
    assert after.index("pledges")[edited.id] == shipped.index("pledges")[edited.id]
    assert last_writers(session=session, entity="pledge", keys=[edited.id]) == {edited.id: DEMO_WHO}
    assert user_store.find_user(session=session, username="alice") is not None  # accounts stay
