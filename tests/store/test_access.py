"""The policy's SQL form selects exactly the rows its Python form lets each user read."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from muster.auth import ANONYMOUS, Role, User, can_read
from muster.domain import Pledge, Statement, StatementStatus
from muster.store import find, get, update
from muster.store.access import read_clause

USERS = [
    User(name="admin", role=Role.ADMIN),
    User(name="planner", role=Role.PLANNER),
    User(name="gbr", role=Role.DELEGATE, nation="GBR"),
    User(name="fra", role=Role.DELEGATE, nation="FRA"),
    User(name="analyst", role=Role.ANALYST),
    User(name="viewer", role=Role.VIEWER),
    ANONYMOUS,
]


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.name)
@pytest.mark.parametrize("cls", [Pledge, Statement], ids=lambda c: c.__name__)
def test_sql_and_python_agree(loaded_demo: Session, user: User, cls: type) -> None:
    first = get(session=loaded_demo, entity=Statement, key=_any_statement(loaded_demo))
    update(
        session=loaded_demo,
        obj=replace(first.obj, status=StatementStatus.REJECTED),
        expected_version=first.version,
        who="process:test",
        reason="a rejected statement to hide",
    )
    everything = find(session=loaded_demo, entity=cls, limit=1000).items
    expected = sorted(s.key for s in everything if can_read(user, s.obj))
    page = find(session=loaded_demo, entity=cls, limit=1000, where=read_clause(user, cls))
    assert sorted(s.key for s in page.items) == expected
    assert page.total == len(expected)
    assert 0 < len(expected) <= len(everything)


def _any_statement(session: Session) -> str:
    return find(session=session, entity=Statement, limit=1).items[0].key
