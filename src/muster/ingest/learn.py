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
from pathlib import PurePath
from typing import Any

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


FALLBACK_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True, slots=True)
class HeldOutSet:
    """One labelled set (or several, pooled) scored end to end by pipelines trained without it:
    the cues alone; the cues with the shipped fallback (`rules`) and with the arbiter on top,
    per threshold; the cues with the fallback retrained on the other sets, per threshold.
    `shipped_saw` says whether the shipped fallback was trained on it (its `rules` figures are
    then in-sample for the fallback)."""

    name: str
    rules: Report
    arbiter: dict[float, Report]
    cues: Report
    fallback: dict[float, Report]
    shipped_saw: bool = False
    nested: Report | None = None  # the retrained fallback at the threshold chosen without it
    nested_threshold: float | None = None


@dataclass(frozen=True, slots=True)
class LeaveOneSetOut:
    sets: tuple[HeldOutSet, ...]
    pooled: HeldOutSet
    pooled_unseen: HeldOutSet | None  # the sets the shipped fallback was not trained on

    @property
    def pooled_rules(self) -> Report:
        return self.pooled.rules

    @property
    def pooled_arbiter(self) -> dict[float, Report]:
        return self.pooled.arbiter

    def as_json(self) -> dict[str, object]:
        keys = (
            "labels",
            "proposed",
            "nation_recall",
            "nation_precision",
            "stance_accuracy",
            "end_to_end_accuracy",
            "macro_f1",
        )

        def short(r: Report) -> dict[str, object]:
            full = r.as_json()
            return {k: full[k] for k in keys}

        def row(h: HeldOutSet) -> dict[str, object]:
            return {
                "cues": short(h.cues),
                "rules": short(h.rules),
                "shipped_fallback_trained_on_it": h.shipped_saw,
                "fallback_retrained": {f"{t:g}": short(r) for t, r in h.fallback.items()},
                "arbiter": {f"{t:g}": short(r) for t, r in h.arbiter.items()},
                **(
                    {}
                    if h.nested is None
                    else {
                        "fallback_nested": short(h.nested),
                        "nested_threshold": h.nested_threshold,
                    }
                ),
            }

        out: dict[str, object] = {
            "sets": {h.name: row(h) for h in self.sets},
            "pooled": row(self.pooled),
        }
        if self.pooled_unseen is not None:
            out["pooled_unseen_by_shipped_fallback"] = {
                "sets": self.pooled_unseen.name.split(","),
                **row(self.pooled_unseen),
            }
        return out


def _merge(parts: Sequence[Examples]) -> Examples:
    return Examples([x for e in parts for x in e.label], [x for e in parts for x in e.stance])


def leave_one_set_out(
    sets: Sequence[tuple[str, Sequence[tuple[Article, GoldArticle]]]],
    gazetteer: Gazetteer,
    *,
    thresholds: Sequence[float] = ARBITER_THRESHOLDS,
    fallback_thresholds: Sequence[float] = FALLBACK_THRESHOLDS,
    shipped: FallbackModel | None = None,
    nested: bool = False,
) -> LeaveOneSetOut:
    """Train the arbiter and the fallback on all sets but one, score that one end to end; every
    set once. The arbiter sits on the shipped fallback (`shipped`, default the packaged one),
    as it ships; the retrained fallback is scored on the cues alone (no arbiter), so the two
    fallbacks compare like for like.

    `nested` also chooses the retrained fallback's threshold for each held-out set without
    it: by leaving one of the *other* sets out at a time (models trained on the rest), the
    threshold with the best pooled end-to-end accuracy, then precision, among
    `fallback_thresholds`. Raises ValueError for fewer than two sets (three when nested).
    """
    if len(sets) < (3 if nested else 2):
        raise ValueError(
            f"need at least {3 if nested else 2} labelled sets"
            f"{' to nest' if nested else ''}, got {len(sets)}"
        )
    shipped = shipped or FallbackModel.default()
    shipped_on = {PurePath(p).name for p in shipped.trained_on}
    examples = [arbiter_training_examples(labelled, gazetteer) for _, labelled in sets]
    fallback_examples = [training_examples(labelled, gazetteer) for _, labelled in sets]
    held_out = []
    gold_of: dict[str, list[GoldArticle]] = {}
    # variant ("cues", "rules", ("arbiter", t), ("fallback", t)) → set → article id → result
    found: dict[object, dict[str, dict[str, IngestResult]]] = {}

    def run(
        variant: object, name: str, labelled: Sequence[tuple[Article, GoldArticle]], **how: Any
    ) -> Report:
        results = {g.id: ingest_article(a, gazetteer, **how) for a, g in labelled}
        found.setdefault(variant, {})[name] = results
        return evaluate(gold_of[name], results)

    for k, (name, labelled) in enumerate(sets):
        gold_of[name] = [g for _, g in labelled]
        model = train_arbiter([x for j, ex in enumerate(examples) if j != k for x in ex])
        fallback = train(_merge([e for j, e in enumerate(fallback_examples) if j != k]))
        held_out.append(
            HeldOutSet(
                name,
                rules=run("rules", name, labelled, fallback=shipped, arbiter=False),
                arbiter={
                    t: run(
                        ("arbiter", t),
                        name,
                        labelled,
                        fallback=shipped,
                        arbiter=replace(model, threshold=t),
                    )
                    for t in thresholds
                },
                cues=run("cues", name, labelled, fallback=False, arbiter=False),
                fallback={
                    t: run(
                        ("fallback", t),
                        name,
                        labelled,
                        fallback=replace(fallback, threshold=t),
                        arbiter=False,
                    )
                    for t in fallback_thresholds
                },
                shipped_saw=name in shipped_on,
            )
        )

    if nested:
        chosen = _nested_thresholds(sets, gazetteer, fallback_examples, fallback_thresholds)
        found["nested"] = {n: found[("fallback", t)][n] for n, t in chosen.items()}
        held_out = [
            replace(h, nested=h.fallback[chosen[h.name]], nested_threshold=chosen[h.name])
            for h in held_out
        ]

    def pool(label: str, names: Sequence[str]) -> HeldOutSet:
        gold = [replace(g, id=f"{n}/{g.id}") for n in names for g in gold_of[n]]

        def report(variant: object) -> Report:
            return evaluate(
                gold,
                {f"{n}/{i}": r for n in names for i, r in found[variant][n].items()},
            )

        return HeldOutSet(
            label,
            rules=report("rules"),
            arbiter={t: report(("arbiter", t)) for t in thresholds},
            cues=report("cues"),
            fallback={t: report(("fallback", t)) for t in fallback_thresholds},
            shipped_saw=any(n in shipped_on for n in names),
            nested=report("nested") if "nested" in found else None,
        )

    names = [name for name, _ in sets]
    unseen = [n for n in names if n not in shipped_on]
    return LeaveOneSetOut(
        tuple(held_out),
        pool("pooled", names),
        pool(",".join(unseen), unseen) if unseen and len(unseen) < len(names) else None,
    )


def _nested_thresholds(
    sets: Sequence[tuple[str, Sequence[tuple[Article, GoldArticle]]]],
    gazetteer: Gazetteer,
    examples: Sequence[Examples],
    thresholds: Sequence[float],
) -> dict[str, float]:
    """Per set, the fallback threshold chosen without it (see `leave_one_set_out`)."""
    models: dict[frozenset[int], FallbackModel] = {}  # trained without both sets named
    chosen = {}
    for k, (name, _) in enumerate(sets):
        best: tuple[tuple[float, float], float] | None = None
        for t in thresholds:
            gold: list[GoldArticle] = []
            results: dict[str, IngestResult] = {}
            for i, (inner, labelled) in enumerate(sets):
                if i == k:
                    continue
                pair = frozenset({k, i})
                if pair not in models:
                    models[pair] = train(
                        _merge([e for j, e in enumerate(examples) if j not in pair])
                    )
                model = replace(models[pair], threshold=t)
                for a, g in labelled:
                    gold.append(replace(g, id=f"{inner}/{g.id}"))
                    results[f"{inner}/{g.id}"] = ingest_article(
                        a, gazetteer, fallback=model, arbiter=False
                    )
            r = evaluate(gold, results)
            key = (r.end_to_end, r.nation_precision)
            if best is None or key > best[0]:
                best = (key, t)
        assert best is not None
        chosen[name] = best[1]
    return chosen
