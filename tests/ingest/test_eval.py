"""The accuracy harness on the labelled sets: thresholds a regression trips.

Thresholds sit just under what the ingester reaches (docs/ingest.md) and at least at the
issue's targets (nation recall ≥ 0.90, stance accuracy ≥ 0.80, macro-F1 ≥ 0.75, speaker
precision ≥ 0.93) where it reaches them. The dev and hold-out sets train the fallback model
(its held-out figures are `muster train-ingest`'s cross-validation); the two fresh sets were
scored first before the rounds that followed them (their honest unseen figures are in
docs/ingest.md) and are regression guards here. All eight English sets train the stance
arbiter (its held-out figures are `muster train-ingest`'s leave-one-set-out table), so the
figures here are in-sample for it.
"""

from __future__ import annotations

import pytest

from muster.errors import InvalidInput
from muster.ingest import Gazetteer, evaluate, parse_labels
from tests.ingest.conftest import (
    DEV,
    FRESH,
    FRESH2,
    GEN_DEV,
    GEN_DEV2,
    GEN_DEV3,
    GEN_DEV4,
    GEN_DEV5,
    GEN_DEV6,
    GEN_DEV7,
    HOLDOUT,
    LANG_DEV,
    LANG_DEV2,
    LANG_DEV3,
    LANG_DEV4,
    LANG_DEV5,
    load_set,
    run_lang_set,
    run_set,
)


def test_dev_set_accuracy(gazetteer: Gazetteer) -> None:
    report = evaluate(load_set(DEV), run_set(DEV, gazetteer))
    assert report.articles >= 59
    assert report.nation_recall >= 0.97
    assert report.nation_precision >= 0.93
    assert report.stance_accuracy >= 0.95
    assert report.macro_f1 >= 0.94
    assert report.speaker_precision >= 0.98
    assert report.speaker_recall >= 0.9  # precision is not bought with silence


def test_holdout_set_accuracy(gazetteer: Gazetteer) -> None:
    report = evaluate(load_set(HOLDOUT), run_set(HOLDOUT, gazetteer))
    assert report.nation_recall >= 0.95
    assert report.nation_precision >= 0.95
    assert report.stance_accuracy >= 0.85
    assert report.macro_f1 >= 0.82
    assert report.speaker_precision >= 0.95
    assert report.speaker_recall >= 0.93  # precision is not bought with silence


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
    with pytest.raises(InvalidInput) as e:
        parse_labels(bad, file="labels.json")
    assert "labels.json" in str(e.value)


def test_fresh_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """The first fresh set's figures at the end of round 3 (docs/ingest.md), as a regression
    guard only; its honest unseen figure is its first look (round 2)."""
    report = evaluate(load_set(FRESH), run_set(FRESH, gazetteer))
    assert report.nation_recall >= 0.88
    assert report.nation_precision >= 0.95
    assert report.stance_accuracy >= 0.89
    assert report.macro_f1 >= 0.88
    assert report.speaker_precision >= 0.95
    assert report.speaker_recall >= 0.86  # precision is not bought with silence


def test_second_fresh_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """The second fresh set's figures after its error list was read (docs/ingest.md), as a
    regression guard only; its honest unseen figures are its first look and the round-3
    ingester's before that list was read."""
    report = evaluate(load_set(FRESH2), run_set(FRESH2, gazetteer))
    assert report.nation_recall >= 0.92
    assert report.nation_precision >= 0.90
    assert report.stance_accuracy >= 0.80
    assert report.macro_f1 >= 0.76
    assert report.speaker_precision >= 0.97
    assert report.speaker_recall >= 0.78  # precision is not bought with silence


def test_generalisation_dev_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """Issue 12 part 2's English dev set (tuned on: docs/ingest.md) as a regression guard;
    its honest figure is its first look, and the unseen part's single final one."""
    report = evaluate(load_set(GEN_DEV), run_set(GEN_DEV, gazetteer))
    assert report.nation_recall >= 0.98
    assert report.nation_precision >= 0.95
    assert report.stance_accuracy >= 0.94
    assert report.macro_f1 >= 0.90
    assert report.speaker_precision >= 0.97
    assert report.speaker_recall >= 0.87  # precision is not bought with silence


def test_second_generalisation_dev_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_gen_dev2 (the first unseen part, tuned on in round 2: docs/ingest.md) as a
    regression guard: every labelled nation found with its stance, few extras."""
    report = evaluate(load_set(GEN_DEV2), run_set(GEN_DEV2, gazetteer))
    assert report.nation_recall >= 0.98
    assert report.nation_precision >= 0.95
    assert report.stance_accuracy >= 0.97
    assert report.macro_f1 >= 0.95
    assert report.speaker_precision >= 0.95
    assert report.speaker_recall >= 0.97  # precision is not bought with silence


def test_third_generalisation_dev_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_gen_dev3 (round 2's unseen set, tuned on in round 3: docs/ingest.md) as a
    regression guard: at the end of round 3 recall and precision 0.974, every stance right."""
    report = evaluate(load_set(GEN_DEV3), run_set(GEN_DEV3, gazetteer))
    assert report.nation_recall >= 0.97
    assert report.nation_precision >= 0.97
    assert report.stance_accuracy >= 0.97
    assert report.macro_f1 >= 0.95
    assert report.speaker_precision >= 0.9
    assert report.speaker_recall >= 0.93  # precision is not bought with silence


def test_fourth_generalisation_dev_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_gen_dev4 (news_gen_unseen3, scored once at the end of round 3: stance accuracy
    0.658, macro-F1 0.492) as a regression guard. Its figures here are in-sample for the stance
    arbiter, which was trained on it; held out (leave one set out) the arbiter leaves them as
    they were (docs/ingest.md)."""
    report = evaluate(load_set(GEN_DEV4), run_set(GEN_DEV4, gazetteer))
    assert report.nation_recall >= 0.88
    assert report.nation_precision >= 0.94
    assert report.stance_accuracy >= 0.75
    assert report.macro_f1 >= 0.62
    assert report.speaker_precision >= 0.93
    assert report.speaker_recall >= 0.97  # precision is not bought with silence


def test_the_arbiter_never_lowers_a_sets_stance_accuracy(gazetteer: Gazetteer) -> None:
    """In-sample, the shipped arbiter overrules the cues only where it mends a stance."""
    for folder in (FRESH, FRESH2, GEN_DEV3, GEN_DEV4):
        gold = load_set(folder)
        full = evaluate(gold, run_set(folder, gazetteer))
        rules = evaluate(gold, run_set(folder, gazetteer, arbiter=False))
        assert full.stance_accuracy >= rules.stance_accuracy
        assert full.nation_recall == rules.nation_recall  # it decides stances, not nations


def test_the_fallback_adds_recall_where_the_cues_miss(gazetteer: Gazetteer) -> None:
    for folder in (FRESH, FRESH2):
        gold = load_set(folder)
        full = evaluate(gold, run_set(folder, gazetteer))
        rules = evaluate(gold, run_set(folder, gazetteer, fallback=False))
        assert full.nation_recall > rules.nation_recall


def test_multilingual_dev_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_lang_dev (tuned on: docs/ingest.md): Peskov's irony and "the coalition completed
    its plans" as Britain's lead are the two misses left."""
    report = evaluate(*run_lang_set(LANG_DEV, gazetteer))
    assert report.nation_recall >= 0.94
    assert report.nation_precision >= 0.97
    assert report.stance_accuracy >= 0.97
    assert report.end_to_end >= 0.94
    assert report.speaker_precision >= 0.95


def test_second_multilingual_dev_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_lang_dev2: the unseen set scored once (recall 0.667: docs/ingest.md), tuned on
    since; a regression guard, not a measure of new articles."""
    report = evaluate(*run_lang_set(LANG_DEV2, gazetteer))
    assert report.nation_recall >= 0.97
    assert report.nation_precision >= 0.97
    assert report.stance_accuracy >= 0.97
    assert report.end_to_end >= 0.97
    assert report.speaker_precision >= 0.95


@pytest.mark.parametrize("lang", ["fr", "de", "pl", "uk"])
def test_third_multilingual_dev_set_per_language(gazetteer: Gazetteer, lang: str) -> None:
    """news_lang_dev3 (written as dev for French, German, Polish and Ukrainian), per language:
    every labelled nation found with its stance at the end of the recall round."""
    report = evaluate(*run_lang_set(LANG_DEV3, gazetteer, (lang,)))
    assert report.nation_recall >= 0.97
    assert report.nation_precision >= 0.95
    assert report.end_to_end >= 0.95
    assert report.speaker_precision >= 0.7  # pl: "Deutsche Welle" read as van Weel


@pytest.mark.parametrize(
    ("folder", "floors"),
    [
        # (recall, precision, stance accuracy, end-to-end, macro-F1, speaker precision)
        pytest.param(GEN_DEV5, (0.89, 0.96, 0.78, 0.69, 0.69, 0.91), id="news_gen_dev5"),
        # speaker 0.81 < 0.839 first scored: a lead now right is scored for its speaker, and
        # the set names no speaker for a lead its article states (docs/ingest.md, round 5)
        pytest.param(GEN_DEV6, (0.90, 0.85, 0.79, 0.72, 0.76, 0.81), id="news_gen_dev6"),
        pytest.param(GEN_DEV7, (0.90, 0.84, 0.71, 0.64, 0.65, 0.73), id="news_gen_dev7"),
    ],
)
def test_scored_english_sets_do_not_regress(gazetteer: Gazetteer, folder, floors) -> None:
    """news_gen_unseen4, 5 and 6, each scored once at the end of a tuning round (their READMEs
    hold what `muster eval-ingest` printed then), are dev sets since: regression guards here,
    at their single scores until a later round raises them."""
    report = evaluate(load_set(folder), run_set(folder, gazetteer))
    recall, precision, stance, end_to_end, macro_f1, speaker = floors
    assert report.nation_recall >= recall
    assert report.nation_precision >= precision
    assert report.stance_accuracy >= stance
    assert report.end_to_end >= end_to_end
    assert report.macro_f1 >= macro_f1
    assert report.speaker_precision >= speaker


def test_scored_multilingual_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_lang_unseen2 (92 articles in eight languages, 15 each in French, German, Polish and
    Ukrainian), scored once, is a dev set since: a regression guard just under what round 5
    reached on it (speaker precision a little under its first score: more nations found)."""
    report = evaluate(*run_lang_set(LANG_DEV4, gazetteer))
    assert report.articles >= 92
    assert report.nation_recall >= 0.86
    assert report.nation_precision >= 0.92
    assert report.stance_accuracy >= 0.90
    assert report.end_to_end >= 0.80
    assert report.speaker_precision >= 0.82


def test_second_scored_multilingual_set_does_not_regress(gazetteer: Gazetteer) -> None:
    """news_lang_unseen3 (52 articles in eight languages), scored once after round 5, is a dev
    set since: a regression guard at its single score (its README has the printout)."""
    report = evaluate(*run_lang_set(LANG_DEV5, gazetteer))
    assert report.articles >= 52
    assert report.nation_recall >= 0.61
    assert report.nation_precision >= 0.96
    assert report.stance_accuracy >= 0.71
    assert report.end_to_end >= 0.44
    assert report.speaker_precision >= 0.93
