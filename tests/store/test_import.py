"""Importing a Dataset into the store: merge by key, counts, idempotence (both backends)."""

from muster.data import reference_dataset
from muster.store import import_dataset, load_dataset


def test_import_then_reimport_changes_nothing(session):
    first = import_dataset(
        session=session, dataset=reference_dataset(), who="process:test", reason="load"
    )
    assert first.created == reference_dataset().size
    assert load_dataset(session=session) == reference_dataset().sorted()
    again = import_dataset(
        session=session, dataset=reference_dataset(), who="process:test", reason="load"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, reference_dataset().size)
