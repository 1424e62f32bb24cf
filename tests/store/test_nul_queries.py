"""A NUL character in what a reader asks for (a filter, a key, a cursor) is a clear answer on
both backends; PostgreSQL refuses to compare text holding one, which was a 500 in the API."""

import base64
import json

import pytest

from muster.domain import Pledge
from muster.errors import InvalidInput, NotFound
from muster.store import find, get, history
from muster.store.history import log


def test_a_filter_holding_a_nul_names_its_field(loaded_demo):
    with pytest.raises(InvalidInput) as e:
        find(session=loaded_demo, entity=Pledge, filters={"nation": ["GBR", "G\x00BR"]})
    assert [p.field for p in e.value.problems] == ["nation"]
    assert "NUL" in e.value.problems[0].message


def test_a_key_holding_a_nul_is_not_found(loaded_demo):
    with pytest.raises(NotFound):
        get(session=loaded_demo, entity=Pledge, key="p-gbr\x00")
    with pytest.raises(NotFound):
        history(session=loaded_demo, entity=Pledge, key="p-gbr\x00")


def test_a_cursor_holding_a_nul_is_refused(loaded_demo):
    forged = base64.urlsafe_b64encode(json.dumps(["x\x00", "p\x00"]).encode()).decode()
    with pytest.raises(InvalidInput, match="not one Muster gave out"):
        find(session=loaded_demo, entity=Pledge, cursor=forged)


def test_the_audit_log_refuses_a_nul_in_who_or_key(loaded_demo):
    with pytest.raises(InvalidInput) as e:
        list(log(session=loaded_demo, who="a\x00", key="b\x00"))
    assert [p.field for p in e.value.problems] == ["who", "key"]


def test_a_user_name_holding_a_nul_is_no_user(session):
    from muster.store import user as user_store

    assert user_store.find_user(session=session, username="ad\x00min") is None
    assert user_store.authenticate(session=session, username="ad\x00min", password="x") is None
