"""The accuracy harness on the labelled sets: floors a regression trips, one table per kind.

Floors sit just under what the ingester reaches on each set (docs/ingest.md). `news` and
`news_holdout` train the fallback model (its held-out figures are `muster train-ingest`'s
cross-validation); every other set was scored first before the rounds that followed it (its
honest figure is in its README and docs/ingest.md) and is a regression guard here. The twelve
English sets train the stance arbiter (its held-out figures are `muster train-ingest`'s
leave-one-set-out table), so the English figures here are in sample for it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pytest

from muster.errors import InvalidInput
from muster.ingest import Gazetteer, evaluate, parse_labels
from muster.ingest.evaluate import Report
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
    GEN_DEV8,
    GEN_DEV9,
    GEN_DEV10,
    GEN_DEV11,
    HOLDOUT,
    LANG_DEV,
    LANG_DEV2,
    LANG_DEV3,
    LANG_DEV4,
    LANG_DEV5,
    LANG_DEV6,
    LANG_DEV7,
    LANG_DEV8,
    LANG_DEV9,
    load_set,
    run_lang_set,
    run_set,
)


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


class Floors(NamedTuple):
    """What a set must keep: just under what the ingester reaches on it (docs/ingest.md)."""

    recall: float
    precision: float
    stance: float
    end_to_end: float
    macro_f1: float
    speaker: float
    speaker_recall: float = 0.0  # precision is not bought with silence


# Every labelled English set, tuned on (dev) or scored once and tuned on since, as a
# regression guard just under what round 6 reached (all are in sample for the stance arbiter).
# news_gen_dev5/6/7/9 were news_gen_unseen4/5/6/7; each README holds what `muster eval-ingest`
# printed at its single scoring, the honest figure.
ENGLISH_FLOORS = [
    # round 7: the US found in `mee-2026-01-07` ("the United States lead a truce-monitoring
    # mechanism") gets Witkoff as speaker where the label has none: speaker 1.00 → 0.99
    pytest.param(DEV, Floors(0.98, 0.95, 0.97, 0.96, 0.95, 0.99, 0.97), id="news"),
    pytest.param(HOLDOUT, Floors(1.00, 1.00, 0.86, 0.86, 0.84, 1.00, 1.00), id="news_holdout"),
    # the first fresh set's figures at the end of round 3; its honest figure is round 2's look
    # round 7: the arbiter retrained on the round-7 rules no longer turns Lithuania's "ready to
    # provide the necessary support" (rbc-2025-03-21) conditional in-sample: stance 0.952 →
    # 0.930, macro-F1 0.947 → 0.911 (the rules never read it as conditional)
    pytest.param(FRESH, Floors(0.93, 0.97, 0.93, 0.86, 0.91, 0.96, 0.96), id="news_fresh"),
    pytest.param(FRESH2, Floors(0.93, 0.91, 0.88, 0.82, 0.87, 1.00, 0.92), id="news_fresh2"),
    pytest.param(GEN_DEV, Floors(1.00, 0.96, 0.98, 0.98, 0.98, 1.00, 0.93), id="news_gen_dev"),
    pytest.param(GEN_DEV2, Floors(1.00, 0.97, 1.00, 1.00, 1.00, 1.00, 1.00), id="news_gen_dev2"),
    pytest.param(GEN_DEV3, Floors(1.00, 0.97, 1.00, 1.00, 1.00, 0.95, 0.95), id="news_gen_dev3"),
    # news_gen_unseen3, scored once at the end of round 3 (stance 0.658, macro-F1 0.492);
    # relabelled 2026-12-07 (tests/data/RELABEL-2026-12-07.md: "premature" is skeptical,
    # questions before a commitment undecided, article-voice leads name the office-holder)
    # convention h (RELABEL-2026-12-08): nine signatories added to pnd-2025-12-16 (dev6) and ten
    # to blw-2025-12-16 (dev7), found by the signatory reader
    pytest.param(GEN_DEV4, Floors(0.90, 0.97, 0.84, 0.76, 0.73, 0.90, 1.00), id="news_gen_dev4"),
    pytest.param(GEN_DEV5, Floors(0.92, 0.98, 0.88, 0.82, 0.86, 0.97, 1.00), id="news_gen_dev5"),
    pytest.param(GEN_DEV6, Floors(0.93, 0.88, 0.92, 0.86, 0.90, 1.00, 0.94), id="news_gen_dev6"),
    pytest.param(GEN_DEV7, Floors(0.92, 0.86, 0.95, 0.88, 0.95, 0.92, 0.97), id="news_gen_dev7"),
    # written after the round-6 branches left main: scored first at bcbb7ba (recall 0.828,
    # end to end 0.602, speaker 0.939), a development set since
    # round 7: nations newly found (Japan's "expected to take part", the US monitoring role)
    # bring speakers the labels name otherwise: speaker 0.940 → 0.923, its recall 0.87 → 0.857
    pytest.param(GEN_DEV8, Floors(0.88, 0.76, 0.81, 0.72, 0.77, 0.92, 0.85), id="news_gen_dev8"),
    # news_gen_unseen7, scored once at 90eb49e after round 6 (recall 0.755, end to end 0.543,
    # macro-F1 0.649, speaker 0.950), a development set since; its joint statement's ten
    # signatories read by convention h (recall 0.862, end to end 0.649). Round 7's English
    # stance branch held it out (scored at its start and end only, its errors unread): its
    # rules, tuned on the other English sets, moved it by three labels (stance 0.718 → 0.690,
    # end to end 0.543 → 0.521, macro-F1 0.649 → 0.625; speaker 0.950 → 0.975); with both
    # merged it prints recall 0.862, end to end 0.628: floored at that, not tuned back
    pytest.param(GEN_DEV9, Floors(0.86, 0.84, 0.72, 0.62, 0.64, 0.97, 0.88), id="news_gen_dev9"),
    # news_gen_unseen8, scored once at 069410f after round 7 (recall 0.772, end to end 0.620,
    # macro-F1 0.699, speaker 0.900; before round 7, at da3afcd: 0.772, 0.609), dev since;
    # a leading role stated once beating readiness (lead7, in sample: its errors were read):
    # recall 0.804, end to end 0.696; with the article-level signatory reader (sigart7, in
    # sample too) recall 0.946, end to end 0.837
    pytest.param(GEN_DEV10, Floors(0.94, 0.85, 0.88, 0.83, 0.76, 0.90, 0.78), id="news_gen_dev10"),
    # news_gen_unseen9, scored before and after sigart7 and lead7 (identical: recall 0.698, end to
    # end 0.472, macro-F1 0.682, speaker 0.963), a development set since
    pytest.param(GEN_DEV11, Floors(0.69, 0.88, 0.67, 0.47, 0.68, 0.96, 0.92), id="news_gen_dev11"),
]

# The multilingual sets (one folder per language), whole or for some languages.
# news_lang_dev2/4/5/7 were news_lang_unseen/unseen2/unseen3/unseen4, each scored once.
MULTILINGUAL_FLOORS = [
    # Peskov's irony and "the coalition completed its plans" as Britain's lead are its misses
    # With the multilingual fallback (threshold 0.4, docs/ingest.md) every set finds more
    # nations and proposes some unlabelled ones: precision, and where a guess's stance is wrong
    # stance accuracy and speaker precision, are floored just under the new figures.
    pytest.param(
        LANG_DEV, (), Floors(1.00, 0.92, 0.97, 0.97, 0.97, 1.00, 0.95), id="news_lang_dev"
    ),
    # round 7's recall: "il tavolo resta a trazione franco-britannica" is France's lead by the
    # conventions, unlabelled in it/us-2025-09-05 (precision 0.9767 -> 0.9545)
    pytest.param(
        LANG_DEV2, (), Floors(1.00, 0.95, 1.00, 1.00, 1.00, 1.00, 1.00), id="news_lang_dev2"
    ),
    *(
        # written as dev for these four; every nation found at the end of the recall round
        # (speaker: pl "Deutsche Welle" read as van Weel)
        pytest.param(
            LANG_DEV3,
            (lang,),
            Floors(0.99, 0.93, 0.99, 0.99, 0.99, 0.71, 0.75),
            id=f"news_lang_dev3-{lang}",
        )
        for lang in ("fr", "de", "pl", "uk")
    ),
    # speaker a little under its first score: more nations found
    pytest.param(
        LANG_DEV4, (), Floors(0.95, 0.91, 0.93, 0.89, 0.91, 0.87, 0.86), id="news_lang_dev4"
    ),
    pytest.param(
        LANG_DEV5, (), Floors(1.00, 0.95, 0.94, 0.94, 0.91, 0.93, 0.90), id="news_lang_dev5"
    ),
    # round 7 (the guesses' stance model, lang_stance_model.json, trained on every multilingual
    # dev set, and cue fixes) raised stance on news_lang_dev, dev5, dev6 and dev7: in sample
    # written for the weakest languages after the round-6 branches left main: scored first at
    # 288c173 (recall 0.551, end to end 0.461), a development set since; round 6 and the
    # fallback, neither tuned on it, took it to recall 0.832, end to end 0.607
    pytest.param(
        LANG_DEV6, (), Floors(0.93, 0.93, 0.84, 0.78, 0.83, 0.84, 0.90), id="news_lang_dev6"
    ),
    # round 7's recall (compounds, lists among a count, cues the lists lacked): recall 0.8315
    # -> 0.9326 on dev6, 0.7849 -> 0.8779 on dev7, precision up on both
    # news_lang_unseen4, scored once at 90eb49e after round 6 (recall 0.755, end to end 0.509);
    # nine signatories of de/dpr-2025-12-15 added by convention h and read by the signatory reader
    # round 7 took it to stance 0.837, end to end 0.657 (in sample: the model saw it), the
    # multilingual recall round to recall 0.878, end to end 0.762; convention i removed its nine
    # Ukraine labels (recall 0.926, end to end 0.804)
    pytest.param(
        LANG_DEV7, (), Floors(0.92, 0.90, 0.86, 0.80, 0.85, 0.92, 0.97), id="news_lang_dev7"
    ),
    # news_lang_unseen5, scored once at 069410f after round 7 (recall 0.780, end to end 0.572;
    # before round 7, at da3afcd: 0.780, 0.554), a development set since; a leading role
    # stated once, and the US monitoring task (lead7, in sample): recall 0.786, end to end 0.604;
    # with the article-level signatory reader (sigart7, in sample) recall 0.887, end to end 0.704
    pytest.param(
        LANG_DEV8, (), Floors(0.88, 0.77, 0.79, 0.70, 0.77, 0.88, 0.95), id="news_lang_dev8"
    ),
    # news_lang_unseen6 (es, it), scored before and after sigart7 and lead7 (identical: recall
    # 0.889, end to end 0.667), a development set since
    pytest.param(
        LANG_DEV9, (), Floors(0.88, 0.80, 0.75, 0.66, 0.49, 0.90, 0.90), id="news_lang_dev9"
    ),
]


def assert_floors(report: Report, floors: Floors) -> None:
    figures = Floors(
        report.nation_recall,
        report.nation_precision,
        report.stance_accuracy,
        report.end_to_end,
        report.macro_f1,
        report.speaker_precision,
        report.speaker_recall,
    )
    fallen = {
        name: (round(got, 4), floor)
        for name, got, floor in zip(Floors._fields, figures, floors, strict=True)
        if got < floor
    }
    assert not fallen, f"below floor (got, floor): {fallen}"


@pytest.mark.parametrize(("folder", "floors"), ENGLISH_FLOORS)
def test_english_set_does_not_regress(gazetteer: Gazetteer, folder: Path, floors: Floors) -> None:
    assert_floors(evaluate(load_set(folder), run_set(folder, gazetteer)), floors)


@pytest.mark.parametrize(("folder", "languages", "floors"), MULTILINGUAL_FLOORS)
def test_multilingual_set_does_not_regress(
    gazetteer: Gazetteer, folder: Path, languages: tuple[str, ...], floors: Floors
) -> None:
    assert_floors(evaluate(*run_lang_set(folder, gazetteer, languages)), floors)


def test_every_labelled_set_has_floors() -> None:
    """A new set in tests/data is guarded here once it exists (unseen sets excepted)."""
    guarded = {p.values[0].name for p in ENGLISH_FLOORS + MULTILINGUAL_FLOORS}
    sets = {d.name for d in DEV.parent.glob("news*") if d.is_dir() and "unseen" not in d.name}
    assert sets == guarded


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


def test_errors_list_wrong_and_missed_speakers(gazetteer: Gazetteer) -> None:
    """--errors shows a wrong speaker as "speaker" and a labelled one proposed as none as
    "speaker-missed", each with the evidence it was read from."""
    (seed,) = [a for a in load_set(DEV) if a.id == "seed"]
    result = run_set(DEV, gazetteer)["seed"]
    spoken = {p.nation for p in result.proposals if p.speaker}
    named = [lab for lab in seed.labels if lab.speaker and lab.nation in spoken]
    assert len(named) >= 2
    wrong, silent = named[0], named[1]
    labels = tuple(
        replace(lab, speaker="Nobody Atall") if lab is wrong else lab for lab in seed.labels
    )
    proposals = tuple(
        replace(p, speaker=None) if p.nation == silent.nation else p for p in result.proposals
    )
    report = evaluate(
        [replace(seed, labels=labels)], {"seed": replace(result, proposals=proposals)}
    )
    kinds = {(e["nation"], e["error"]) for e in report.errors}
    assert (wrong.nation, "speaker") in kinds
    assert (silent.nation, "speaker-missed") in kinds
    missed = next(e for e in report.errors if e["error"] == "speaker-missed")
    assert missed["gold"] == silent.speaker
    assert missed["evidence"]
