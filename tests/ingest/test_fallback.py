"""The fallback labeller and the weakest cue, one test per behaviour, from LABELLING.md's meaning.

The sentences are made up (none comes from a labelled set): phrasings the cue table has no
phrase for, so what proposes a stance here is the structure — a nation as the subject of a
sentence about contributing to the force — and the word families around it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from muster.ingest import (
    Article,
    Gazetteer,
    GoldArticle,
    IngestResult,
    ingest_article,
    read_article,
)
from muster.ingest.learn import cross_validate, train, training_examples
from muster.ingest.model import FallbackModel
from tests.ingest.conftest import DEV, HOLDOUT, load_set

DAY = date(2025, 9, 4)


def ingest(gazetteer: Gazetteer, text: str, fallback: FallbackModel | bool = True) -> IngestResult:
    article = read_article(text.encode("utf-8"), name="t.txt", day=DAY)
    return ingest_article(article, gazetteer, fallback=fallback)


def test_a_participant_no_cue_reaches_is_proposed_with_low_confidence(
    gazetteer: Gazetteer,
) -> None:
    result = ingest(gazetteer, "Lithuania has earmarked a company of soldiers for the force.")
    (p,) = result.proposals
    assert (p.nation, p.stance.value, p.cues) == ("LTU", "willing", ("fallback",))
    assert p.confidence <= 0.4  # reviewed first: it comes from weaker evidence than a cue


def test_the_cues_alone_miss_it(gazetteer: Gazetteer) -> None:
    text = "Lithuania has earmarked a company of soldiers for the force."
    assert ingest(gazetteer, text, fallback=False).proposals == ()


def test_declining_words_make_the_guess_skeptical(gazetteer: Gazetteer) -> None:
    result = ingest(gazetteer, "Austria will stay out of the mission because of its neutrality.")
    assert result.nations == {"AUT": "skeptical"}


def test_a_demonym_before_its_units_is_the_state(gazetteer: Gazetteer) -> None:
    assert ingest(gazetteer, "Swedish units will be part of the reassurance force.").nations == {
        "SWE": "willing"
    }


def test_attending_a_meeting_is_no_stance(gazetteer: Gazetteer) -> None:
    text = "The leaders of Spain and Italy attended the summit on the reassurance force in Paris."
    assert "ESP" not in ingest(gazetteer, text).nations
    assert "ITA" not in ingest(gazetteer, text).nations


def test_a_nation_never_named_where_the_force_is_talked_about_gets_nothing(
    gazetteer: Gazetteer,
) -> None:
    text = (
        "Several governments said they would not deploy soldiers to Ukraine. "
        "Spain and Portugal held elections last year."
    )
    assert ingest(gazetteer, text).nations == {}


def test_cue_proposals_keep_their_confidence(gazetteer: Gazetteer) -> None:
    (p,) = ingest(gazetteer, "Estonia is ready to send troops to Ukraine.").proposals
    assert p.cues != ("fallback",)
    assert p.confidence > 0.4


def test_a_model_can_be_passed_in(gazetteer: Gazetteer) -> None:
    shipped = FallbackModel.default()
    strict = FallbackModel(shipped.label, shipped.stance, threshold=1.0)
    text = "Lithuania has earmarked a company of soldiers for the force."
    assert ingest(gazetteer, text, fallback=strict).proposals == ()
    assert ingest(gazetteer, text, fallback=shipped).nations == {"LTU": "willing"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # talking about deploying troops floats the idea: readiness, the weakest reading
        ("Norway talked about deploying troops once the fighting stops.", {"NOR": "willing"}),
        # negation and modality apply to it as to any cue
        ("Finland says it is not sending peacekeepers anywhere.", {"FIN": "skeptical"}),
        ("Latvia might be joining the coalition later.", {"LVA": "undecided"}),
        # a condition beyond the mission's premise governs it
        (
            "Belgium is committing a battalion, provided the United States offers a backstop.",
            {"BEL": "conditional"},
        ),
    ],
)
def test_the_weakest_cue_composes_with_negation_modality_and_conditions(
    gazetteer: Gazetteer, text: str, expected: dict[str, str]
) -> None:
    assert ingest(gazetteer, text, fallback=False).nations == expected


@pytest.mark.parametrize(
    "text",
    [
        # the object of another cue: "ruled out" decides, the troops are what it rules out
        "Japan ruled out sending troops to Ukraine.",
        # a topic after a preposition asserts nothing
        "Croatia has distanced itself from talk of sending troops.",
    ],
)
def test_the_weakest_cue_is_not_read_where_it_says_nothing(gazetteer: Gazetteer, text: str) -> None:
    assert "willing" not in ingest(gazetteer, text, fallback=False).nations.values()


def test_facts_about_the_past_are_no_stance(gazetteer: Gazetteer) -> None:
    text = "North Korea deployed soldiers to help Russia."
    assert ingest(gazetteer, text, fallback=False).nations == {}


def _labelled(folder: Path, ids: set[str] | None = None) -> list[tuple[Article, GoldArticle]]:
    dates = json.loads((folder / "dates.json").read_text("utf-8"))
    return [
        (
            read_article(
                (folder / f"{g.id}.txt").read_bytes(),
                name=g.id,
                day=date.fromisoformat(dates[g.id]),
            ),
            g,
        )
        for g in load_set(folder)
        if ids is None or g.id in ids
    ]


def test_training_examples_cover_every_mentioned_nation(gazetteer: Gazetteer) -> None:
    labelled = _labelled(HOLDOUT, {"babel-2025-02-17"})
    examples = training_examples(labelled, gazetteer)
    answers = sorted(answer for _, answer in examples.label)
    # Poland (declines) and France (convenes) are labelled; the states whose leaders attend
    # the summit are mentioned where the force is talked about, but given no stance
    assert answers.count("yes") == len(labelled[0][1].labels) == 2
    assert answers.count("no") >= 5
    assert len(examples.stance) == 2


def test_cross_validation_scores_held_out_articles(gazetteer: Gazetteer) -> None:
    labelled = _labelled(HOLDOUT)
    cv = cross_validate(labelled, gazetteer, folds=3, seed=1)
    assert cv.rules.labels == cv.combined.labels == sum(len(g.labels) for _, g in labelled)
    assert cv.combined.nation_recall >= cv.rules.nation_recall  # the fallback only adds
    for value in (cv.label_precision, cv.label_recall, cv.stance_accuracy):
        assert 0.0 <= value <= 1.0
    with pytest.raises(ValueError, match="at least 10 articles"):
        cross_validate(labelled[:3], gazetteer, folds=10)


def test_the_shipped_weights_are_what_training_on_dev_and_holdout_gives(
    gazetteer: Gazetteer,
) -> None:
    """The committed model is reproducible from the labelled folders it names (no hand edits)."""
    shipped = FallbackModel.default()
    labelled = _labelled(DEV) + _labelled(HOLDOUT)
    model = train(training_examples(labelled, gazetteer), threshold=shipped.threshold)
    for mine, theirs in ((model.label, shipped.label), (model.stance, shipped.stance)):
        assert mine.classes == theirs.classes
        assert set(mine.weights) >= set(theirs.weights)
        for f, w in theirs.weights.items():
            assert mine.weights[f] == pytest.approx(w, abs=2e-3), f
