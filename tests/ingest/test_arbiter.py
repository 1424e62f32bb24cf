"""The stance arbiter: its features, the model as data, how the pipeline applies it, training.

The sentences are made up (none comes from a labelled set); the toy models are written by hand
so that each test says what the pipeline does with a model's answer, whatever the shipped
weights are.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from muster.ingest import Gazetteer, IngestResult, ingest_article, read_article
from muster.ingest.learn import (
    arbiter_training_examples,
    leave_one_set_out,
    train_arbiter,
)
from muster.ingest.model import ArbiterModel, LinearModel
from muster.ingest.pipeline import arbiter_examples
from tests.ingest.conftest import DATA, FRESH, GEN_DEV2, GEN_DEV4, HOLDOUT, load_set

DAY = date(2025, 3, 10)
STANCES = ("lead", "willing", "conditional", "undecided", "skeptical", "opposed")
HEDGED = "Portugal said it supports the plan but it is premature to send troops at this stage."
PLAIN = "Poland is not ready to send troops to Ukraine."


def _article(text: str):  # type: ignore[no-untyped-def]
    return read_article(text.encode("utf-8"), name="t.txt", day=DAY)


def ingest(gazetteer: Gazetteer, text: str, arbiter: ArbiterModel | bool) -> IngestResult:
    return ingest_article(_article(text), gazetteer, arbiter=arbiter)


def _always(stance: str, strength: float = 5.0, threshold: float = 0.7) -> ArbiterModel:
    """A toy arbiter that always prefers `stance`, whatever the evidence."""
    bias = tuple(strength if c == stance else 0.0 for c in STANCES)
    return ArbiterModel(LinearModel(STANCES, bias, {}), threshold)


def test_features_name_the_rules_choice_and_the_words_around_the_cue(
    gazetteer: Gazetteer,
) -> None:
    feats, rules = arbiter_examples(_article(HEDGED), gazetteer)["PRT"]
    assert f"rule:{rules.value}" in feats
    assert any(f.startswith("cue:") for f in feats)
    # a disposition (backing the plan), a contrast, and a decision still to come
    assert {"S:early", "S:pending", "S:contrast", "S:positive", "hedged-timing"} <= feats
    plain, rules = arbiter_examples(_article(PLAIN), gazetteer)["POL"]
    assert rules.value == "skeptical"
    assert "B:neg" in plain  # the negation just before the cue
    assert "hedged-timing" not in plain
    assert "S:early" not in plain


def test_a_confident_arbiter_overrules_the_cues_and_says_so(gazetteer: Gazetteer) -> None:
    (rules,) = ingest(gazetteer, PLAIN, arbiter=False).proposals
    assert rules.stance.value == "skeptical"
    (p,) = ingest(gazetteer, PLAIN, arbiter=_always("undecided")).proposals
    assert p.stance.value == "undecided"
    assert "arbiter" in p.cues
    assert p.confidence <= 0.5  # the model against the cues: reviewed before sure proposals
    assert (p.evidence, p.speaker) == (rules.evidence, rules.speaker)


def test_an_unsure_arbiter_leaves_the_cues_stance(gazetteer: Gazetteer) -> None:
    unsure = _always("undecided", strength=0.5, threshold=0.9)
    assert ingest(gazetteer, PLAIN, arbiter=unsure) == ingest(gazetteer, PLAIN, arbiter=False)
    agreeing = _always("skeptical")
    assert ingest(gazetteer, PLAIN, arbiter=agreeing) == ingest(gazetteer, PLAIN, arbiter=False)


def test_the_arbiter_leaves_the_fallbacks_guesses_alone(gazetteer: Gazetteer) -> None:
    text = "Lithuania has earmarked a company of soldiers for the force."
    (p,) = ingest(gazetteer, text, arbiter=_always("opposed")).proposals
    assert p.cues == ("fallback",)


def test_overrule_needs_a_different_stance_and_the_threshold() -> None:
    model = _always("undecided", strength=2.0, threshold=0.5)
    said = model.overrule(["anything"], "skeptical")
    assert said is not None
    assert said[0] == "undecided"
    assert said[1] >= 0.5
    assert model.overrule([], "undecided") is None
    assert _always("undecided", strength=2.0, threshold=0.99).overrule([], "skeptical") is None


def test_an_arbiter_survives_its_json() -> None:
    model = _always("lead")
    again = ArbiterModel.from_json(json.loads(model.dumps()))
    assert again == model
    assert again.dumps() == model.dumps()
    for doc in ({}, {"format": "muster-fallback-model/1"}):
        with pytest.raises(ValueError, match="not a stance arbiter"):
            ArbiterModel.from_json(doc)
    with pytest.raises(ValueError, match="malformed"):
        ArbiterModel.from_json({"format": "muster-stance-arbiter/1", "threshold": 0.5})
    stray = json.loads(model.dumps())
    stray["stance"]["classes"] = ["keen" if c == "willing" else c for c in STANCES]
    with pytest.raises(ValueError, match=r"classes \['keen'\] are not stances"):
        ArbiterModel.from_json(stray)


def _labelled(folder: Path) -> list[tuple[object, object]]:
    dates = json.loads((folder / "dates.json").read_text("utf-8"))
    return [
        (
            read_article(
                (folder / f"{g.id}.txt").read_bytes(),
                name=f"{g.id}.txt",
                day=date.fromisoformat(dates[g.id]),
            ),
            g,
        )
        for g in load_set(folder)
    ]


def test_leave_one_set_out_scores_every_set_once(gazetteer: Gazetteer) -> None:
    sets = [("news_holdout", _labelled(HOLDOUT)), ("news_fresh", _labelled(FRESH))]
    cv = leave_one_set_out(sets, gazetteer, thresholds=(0.6, 1.0))  # type: ignore[arg-type]
    assert [h.name for h in cv.sets] == ["news_holdout", "news_fresh"]
    total = sum(len(g.labels) for _, xs in sets for _, g in xs)  # type: ignore[attr-defined]
    assert cv.pooled_rules.labels == cv.pooled_arbiter[0.6].labels == total
    # a threshold of 1 never overrules: the arbiter's figures are the rules'
    assert cv.pooled_arbiter[1.0].stance_accuracy == cv.pooled_rules.stance_accuracy
    assert set(cv.as_json()["sets"]) == {"news_holdout", "news_fresh"}  # type: ignore[arg-type]
    # the fallback retrained without the held-out set, scored on the cues without the arbiter
    assert cv.pooled.fallback[0.7].labels == cv.pooled.cues.labels == total
    assert cv.pooled.cues.nation_recall <= cv.pooled.fallback[0.7].nation_recall  # it only adds
    assert cv.pooled.fallback[0.5].proposed >= cv.pooled.fallback[0.9].proposed
    # the shipped fallback was trained on news_holdout, not on news_fresh: pooled apart
    assert [h.shipped_saw for h in cv.sets] == [True, False]
    assert cv.pooled_unseen is not None
    assert cv.pooled_unseen.name == "news_fresh"
    assert cv.pooled_unseen.rules.end_to_end == cv.sets[1].rules.end_to_end
    with pytest.raises(ValueError, match="at least 2"):
        leave_one_set_out(sets[:1], gazetteer)  # type: ignore[arg-type]


def test_nested_chooses_each_sets_fallback_threshold_without_it(gazetteer: Gazetteer) -> None:
    sets = [(f.name, _labelled(f)) for f in (HOLDOUT, FRESH, GEN_DEV2)]
    two = sets[:2]
    cv = leave_one_set_out(sets, gazetteer, fallback_thresholds=(0.5, 0.9), nested=True)  # type: ignore[arg-type]
    for h in cv.sets:
        assert h.nested_threshold in (0.5, 0.9)
        assert h.nested is h.fallback[h.nested_threshold]  # type: ignore[index]
    assert cv.pooled.nested is not None
    assert cv.pooled.nested.labels == cv.pooled.cues.labels
    assert "fallback_nested" in cv.as_json()["sets"]["news_fresh"]  # type: ignore[index]
    with pytest.raises(ValueError, match="at least 3"):
        leave_one_set_out(two, gazetteer, nested=True)  # type: ignore[arg-type]


ENGLISH_SETS = (
    "news",
    "news_holdout",
    "news_fresh",
    "news_fresh2",
    "news_gen_dev",
    "news_gen_dev2",
    "news_gen_dev3",
    "news_gen_dev4",
    "news_gen_dev5",
    "news_gen_dev6",
    "news_gen_dev7",
    "news_gen_dev8",
)


def test_the_shipped_arbiter_is_what_training_on_the_english_sets_gives(
    gazetteer: Gazetteer,
) -> None:
    """The committed arbiter is reproducible from the sets it names (no hand edits)."""
    shipped = ArbiterModel.default()
    assert shipped.trained_on == tuple(f"tests/data/{s}" for s in ENGLISH_SETS)
    assert GEN_DEV4.name in ENGLISH_SETS
    labelled = [x for s in ENGLISH_SETS for x in _labelled(DATA / s)]
    model = train_arbiter(
        arbiter_training_examples(labelled, gazetteer),  # type: ignore[arg-type]
        threshold=shipped.threshold,
    )
    assert model.stance.classes == shipped.stance.classes
    for f, w in shipped.stance.weights.items():
        assert model.stance.weights[f] == pytest.approx(w, abs=2e-3), f
