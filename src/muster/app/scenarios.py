"""Saving a named scenario as a user (`muster scenario create|set`): checked against the data
(every condition, nation and pledge it names exists), then `app.records`, so `scenario:edit`,
the version check and history's who/why apply."""

from __future__ import annotations

from sqlalchemy.orm import Session

from muster.app import records
from muster.auth import User
from muster.domain import Scenario
from muster.engine.model import check_scenario
from muster.store.load import Stored, load_dataset


def save(
    *, session: Session, user: User, scenario: Scenario, new: bool, reason: str, public_read: bool
) -> Stored[Scenario]:
    """Create (`new`) or replace the stored scenario as `user`; InvalidInput when it names
    what the data lack, Forbidden without `scenario:edit`, Conflict when the id is taken."""
    check_scenario(load_dataset(session=session), scenario)
    if new:
        return records.create(
            db=session, user=user, obj=scenario, reason=reason, public_read=public_read
        )
    return records.update(
        db=session,
        user=user,
        entity=Scenario,
        key=scenario.id,
        change=lambda _old: scenario,
        expected_version=lambda current: current,
        reason=reason,
        public_read=public_read,
    )
