"""The store's fast conversions agree with the domain's; its reference map with Dataset.check."""

import dataclasses
import typing

import numpy as np
import pytest

from muster.data import demo_dataset
from muster.domain import ENTITIES, Dataset, check_dataset, to_record
from muster.store.codec import codec
from muster.store.schema import REFERENCES, TABLES
from muster.synth import synth


@pytest.fixture(scope="module")
def everything():
    extra = synth(nations=8, pledges=120, lines=20, conditions=10, rng=np.random.default_rng(3))
    return demo_dataset().merged(extra)


def test_fast_record_equals_to_record_and_reads_back(everything):
    seen = 0
    for name, items in everything.collections():
        c = codec(ENTITIES[name])
        for obj in items:
            record = c.record(obj)
            assert record == to_record(obj)
            assert list(record) == list(to_record(obj))
            assert c.from_record(record) == obj
            seen += 1
    assert seen == everything.size


def _dangling(cls, path):
    """A minimal valid object of `cls` pointing `path` at a key that does not exist."""
    head, _, tail = path.partition(".")
    # For a nested path, the first object that has nested items to point elsewhere.
    objects = getattr(demo_dataset(), TABLES[cls].collection)
    sample = next((o for o in objects if getattr(o, head)), None)
    if sample is None and not tail:
        sample = next(iter(objects), None)
    assert sample is not None, f"the demo has no {cls.__name__} to start from"
    value = getattr(sample, head)
    if tail:
        item = value[0] if value else None
        assert item is not None, f"the demo's {cls.__name__} has no {head}"
        bad = (dataclasses.replace(item, **{tail: "ZZZ"}), *value[1:])
    elif isinstance(value, typing.Mapping) or head in ("forced", "probabilities"):
        bad = {"ZZZ": True} if head == "forced" else {"ZZZ": 0.5}
    elif isinstance(value, tuple):
        bad = ("ZZZ",)
    else:
        bad = "ZZZ"
    return dataclasses.replace(sample, **{head: bad})


@pytest.mark.parametrize(
    ("cls", "path"),
    [(cls, path) for cls, refs in REFERENCES.items() for path in refs],
    ids=lambda x: x if isinstance(x, str) else x.__name__,
)
def test_every_stored_reference_is_one_the_domain_checks(cls, path):
    demo = demo_dataset()
    broken = _dangling(cls, path)
    name = TABLES[cls].collection
    others = tuple(o for o in getattr(demo, name) if o.key != broken.key)
    problems = check_dataset(dataclasses.replace(demo, **{name: (*others, broken)}))
    fields = {p.field for p in problems if (p.entity, p.key) == (TABLES[cls].name, broken.key)}
    assert fields & {path, path.partition(".")[0]}
    assert check_dataset(demo) == []
    assert isinstance(demo, Dataset)
