"""Training the fallback labeller on labelled passages, and cross-validating it by article.

`training_examples` turns labelled articles into the label model's examples (every nation an
article mentions: labelled or not) and the stance model's (every labelled nation it mentions,
described where its evidence sentence is). `train` fits both; `cross_validate` holds out whole
articles (the labelled data is small and passages of one article share wording), trains on
the rest, and scores the held-out articles end to end with `evaluate`, with the cues alone and
with the fallback, so what the fallback adds is measured on text it was not trained on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from muster.domain import Stance
from muster.ingest.article import Article
from muster.ingest.evaluate import GoldArticle, Report, evaluate
from muster.ingest.fallback import Occurrence, deciding, nation_features
from muster.ingest.gazetteer import Gazetteer
from muster.ingest.model import ArbiterModel, FallbackModel, train_linear
from muster.ingest.pipeline import (
    DEFAULT_EXCLUDE,
    IngestResult,
    arbiter_examples,
    candidates,
    ingest_article,
)
from muster.ingest.text import fold

STANCES = tuple(s.value for s in Stance)
LABEL_L2 = 2.0
STANCE_L2 = 2.0
THRESHOLD = 0.7


@dataclass(frozen=True, slots=True)
class Examples:
    """The label model's examples (features, "yes"/"no") and the stance model's."""

    label: list[tuple[frozenset[str], str]]
    stance: list[tuple[frozenset[str], str]]


def _evidence_occurrence(found: Sequence[Occurrence], evidence: str | None) -> Occurrence:
    """The nation's occurrence in its labelled evidence sentence, else the deciding one."""
    head = fold(evidence or "").strip()[:50]
    for o in found:
        if head and head in o.text:
            return o
    return deciding(found)


def training_examples(
    labelled: Sequence[tuple[Article, GoldArticle]], gazetteer: Gazetteer
) -> Examples:
    """Examples from labelled articles: a nation is a positive when the article labels it."""
    out = Examples([], [])
    for article, gold in labelled:
        found, _ = candidates(article, gazetteer, exclude=DEFAULT_EXCLUDE)
        labels = {lab.nation: lab for lab in gold.labels}
        for nation, occ in found.items():
            if any(o.topical for o in occ):  # the labeller's gate, as in `ingest_article`
                answer = "yes" if nation in labels else "no"
                out.label.append((nation_features(nation, occ), answer))
            lab = labels.get(nation)
            if lab is not None:
                o = _evidence_occurrence(occ, lab.evidence)
                out.stance.append((o.stance_features, lab.stance))
    return out


def train(
    examples: Examples,
    *,
    threshold: float = THRESHOLD,
    trained_on: Sequence[str] = (),
    notes: str = "",
) -> FallbackModel:
    """Fit the label and stance models (ValueError when either has no examples)."""
    return FallbackModel(
        label=train_linear(examples.label, ("no", "yes"), l2=LABEL_L2),
        stance=train_linear(examples.stance, STANCES, l2=STANCE_L2),
        threshold=threshold,
        trained_on=tuple(trained_on),
        notes=notes,
    )


@dataclass(frozen=True, slots=True)
class CrossValidation:
    """Held-out figures: the cues alone, cues with the fallback, and the label model alone."""

    folds: int
    rules: Report
    combined: Report
    label_precision: float
    label_recall: float
    stance_accuracy: float

    def as_json(self) -> dict[str, object]:
        keys = ("nation_recall", "nation_precision", "stance_accuracy", "macro_f1")

        def short(r: Report) -> dict[str, object]:
            full = r.as_json()
            return {k: full[k] for k in (*keys, "speaker_precision", "labels", "proposed")}

        return {
            "folds": self.folds,
            "rules": short(self.rules),
            "rules_and_fallback": short(self.combined),
            "label_model_alone": {
                "precision": round(self.label_precision, 4),
                "recall": round(self.label_recall, 4),
            },
            "stance_model_alone": {"accuracy": round(self.stance_accuracy, 4)},
        }


def cross_validate(
    labelled: Sequence[tuple[Article, GoldArticle]],
    gazetteer: Gazetteer,
    *,
    folds: int = 10,
    seed: int = 0,
    threshold: float = THRESHOLD,
) -> CrossValidation:
    """Train on all but one fold of articles, score the held-out fold; every article once.

    `seed` fixes the assignment of articles to folds. Raises ValueError for fewer articles
    than folds.
    """
    if len(labelled) < folds or folds < 2:
        raise ValueError(f"need at least {folds} articles (and 2 folds), got {len(labelled)}")
    order = np.random.default_rng(seed).permutation(len(labelled))
    fold_of = {int(i): k % folds for k, i in enumerate(order)}
    gold = [g for _, g in labelled]
    rules: dict[str, IngestResult] = {}
    combined: dict[str, IngestResult] = {}
    tp = fp = fn = 0
    right = total = 0
    for k in range(folds):
        train_set = [x for i, x in enumerate(labelled) if fold_of[i] != k]
        held = [x for i, x in enumerate(labelled) if fold_of[i] == k]
        model = train(training_examples(train_set, gazetteer), threshold=threshold)
        held_examples = training_examples(held, gazetteer)
        for feats, answer in held_examples.label:
            said = model.labelled(feats) >= threshold
            tp += said and answer == "yes"
            fp += said and answer == "no"
            fn += not said and answer == "yes"
        for feats, stance in held_examples.stance:
            probs = model.stance.probabilities(feats)
            right += max(probs, key=lambda c: probs[c]) == stance
            total += 1
        for article, g in held:
            rules[g.id] = ingest_article(article, gazetteer, fallback=False, arbiter=False)
            combined[g.id] = ingest_article(article, gazetteer, fallback=model, arbiter=False)
    return CrossValidation(
        folds=folds,
        rules=evaluate(gold, rules),
        combined=evaluate(gold, combined),
        label_precision=tp / (tp + fp) if tp + fp else 0.0,
        label_recall=tp / (tp + fn) if tp + fn else 0.0,
        stance_accuracy=right / total if total else 0.0,
    )


# The stance arbiter (`arbiter.py`): trained on every labelled nation the cues gave a stance,
# measured by leaving one labelled set out at a time (sets come from different rounds, outlets
# and months: a set is the honest unit of "unseen").
ARBITER_L2 = 1.0
ARBITER_THRESHOLD = 0.9
ARBITER_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def arbiter_training_examples(
    labelled: Sequence[tuple[Article, GoldArticle]], gazetteer: Gazetteer
) -> list[tuple[frozenset[str], str]]:
    """(features, labelled stance) for every labelled nation the cues gave a stance."""
    out = []
    for article, gold in labelled:
        found = arbiter_examples(article, gazetteer)
        for lab in gold.labels:
            if lab.nation in found:
                out.append((found[lab.nation][0], lab.stance))
    return out


def train_arbiter(
    examples: Sequence[tuple[frozenset[str], str]],
    *,
    threshold: float = ARBITER_THRESHOLD,
    trained_on: Sequence[str] = (),
    notes: str = "",
) -> ArbiterModel:
    """Fit the arbiter's six-class model (ValueError when there are no examples)."""
    return ArbiterModel(
        stance=train_linear(examples, STANCES, l2=ARBITER_L2),
        threshold=threshold,
        trained_on=tuple(trained_on),
        notes=notes,
    )


@dataclass(frozen=True, slots=True)
class HeldOutSet:
    """One labelled set scored end to end by a pipeline trained without it: the rules alone
    (cues and the shipped fallback) and the rules with the arbiter, per threshold."""

    name: str
    rules: Report
    arbiter: dict[float, Report]


@dataclass(frozen=True, slots=True)
class LeaveOneSetOut:
    sets: tuple[HeldOutSet, ...]
    pooled_rules: Report
    pooled_arbiter: dict[float, Report]

    def as_json(self) -> dict[str, object]:
        keys = ("labels", "nation_recall", "stance_accuracy", "end_to_end_accuracy", "macro_f1")

        def short(r: Report) -> dict[str, object]:
            full = r.as_json()
            return {k: full[k] for k in keys}

        return {
            "sets": {
                h.name: {
                    "rules": short(h.rules),
                    "arbiter": {f"{t:g}": short(r) for t, r in h.arbiter.items()},
                }
                for h in self.sets
            },
            "pooled": {
                "rules": short(self.pooled_rules),
                "arbiter": {f"{t:g}": short(r) for t, r in self.pooled_arbiter.items()},
            },
        }


def leave_one_set_out(
    sets: Sequence[tuple[str, Sequence[tuple[Article, GoldArticle]]]],
    gazetteer: Gazetteer,
    *,
    thresholds: Sequence[float] = ARBITER_THRESHOLDS,
) -> LeaveOneSetOut:
    """Train the arbiter on all sets but one, score that one end to end; every set once.

    Raises ValueError for fewer than two sets.
    """
    if len(sets) < 2:
        raise ValueError(f"need at least 2 labelled sets, got {len(sets)}")
    examples = [arbiter_training_examples(labelled, gazetteer) for _, labelled in sets]
    held_out = []
    all_gold: list[GoldArticle] = []
    all_rules: dict[str, IngestResult] = {}
    all_arbiter: dict[float, dict[str, IngestResult]] = {t: {} for t in thresholds}
    for k, (name, labelled) in enumerate(sets):
        train_set = [x for j, ex in enumerate(examples) if j != k for x in ex]
        model = train_arbiter(train_set)
        gold = [g for _, g in labelled]
        rules = {g.id: ingest_article(a, gazetteer, arbiter=False) for a, g in labelled}
        per_threshold = {}
        for t in thresholds:
            judge = replace(model, threshold=t)
            results = {g.id: ingest_article(a, gazetteer, arbiter=judge) for a, g in labelled}
            per_threshold[t] = evaluate(gold, results)
            all_arbiter[t].update({f"{name}/{i}": r for i, r in results.items()})
        held_out.append(HeldOutSet(name, evaluate(gold, rules), per_threshold))
        all_gold.extend(replace(g, id=f"{name}/{g.id}") for g in gold)
        all_rules.update({f"{name}/{i}": r for i, r in rules.items()})
    return LeaveOneSetOut(
        tuple(held_out),
        evaluate(all_gold, all_rules),
        {t: evaluate(all_gold, r) for t, r in all_arbiter.items()},
    )
