"""The accuracy harness on the dev set and the hold-out set: thresholds a regression trips.

Dev thresholds sit just under what the rules reach and at least at the issue's targets (nation
recall ≥ 0.90 is not yet reached on the dev set: 0.865; see docs/ingest.md). The hold-out set
was not used to write the rules; its thresholds guard against regressions there too.
"""

from __future__ import annotations

import pytest

from muster.ingest import Gazetteer, evaluate
from tests.ingest.conftest import DEV, HOLDOUT, load_set, run_set


def test_dev_set_accuracy(gazetteer: Gazetteer) -> None:
    report = evaluate(load_set(DEV), run_set(DEV, gazetteer))
    assert report.articles >= 25
    assert report.nation_recall >= 0.85
    assert report.nation_precision >= 0.95
    assert report.stance_accuracy >= 0.95
    assert report.macro_f1 >= 0.95
    assert report.speaker_precision >= 0.95


def test_holdout_set_accuracy(gazetteer: Gazetteer) -> None:
    report = evaluate(load_set(HOLDOUT), run_set(HOLDOUT, gazetteer))
    assert report.nation_recall >= 0.75
    assert report.stance_accuracy >= 0.85
    assert report.macro_f1 >= 0.80
    assert report.speaker_precision >= 0.93


def test_evaluate_counts_misses_and_mistakes(gazetteer: Gazetteer) -> None:
    gold = [a for a in load_set(DEV) if a.id == "seed"]
    results = run_set(DEV, gazetteer)
    perfect = evaluate(gold, {"seed": results["seed"]})
    assert (perfect.nation_recall, perfect.stance_accuracy) == (1.0, 1.0)
    missing = evaluate(gold, {})
    assert missing.nation_recall == 0.0
    assert [e["error"] for e in missing.errors] == ["missed"] * len(gold[0].labels)


@pytest.mark.parametrize("bad", [{}, [{"id": 3}], [{"id": "x", "labels": [{"nation": "gbr"}]}]])
def test_bad_labels_are_located(bad: object) -> None:
    from muster.errors import InvalidInput
    from muster.ingest import parse_labels

    with pytest.raises(InvalidInput) as e:
        parse_labels(bad, file="labels.json")
    assert "labels.json" in str(e.value)
