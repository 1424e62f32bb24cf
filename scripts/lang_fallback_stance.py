"""Trains the multilingual fallback's stance model (`lang_stance_model.json`, docs/ingest.md).

Examples: every labelled nation of the multilingual dev sets, described as the fallback
describes it (`multilingual_fallback.stance_features`), with its labelled stance. Leaving one
set out at a time, a model trained on the other sets is scored on the held-out set's guesses
(the nations the fallback labels) against the stance the guesses had before (the English stance
model's, a cue after the nation first); then the model is trained on all the sets and written.
Never reads an *unseen* set. Run: `python scripts/lang_fallback_stance.py [L2 ...] [--write]`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from muster.cli.ingest import labelled_folder
from muster.data import reference_dataset
from muster.domain import Stance
from muster.ingest import Gazetteer
from muster.ingest.detect import language_of
from muster.ingest.fallback import deciding, nation_features
from muster.ingest.model import FallbackModel, LinearModel, train_linear
from muster.ingest.multilingual import names_for
from muster.ingest.multilingual import read as read_foreign
from muster.ingest.multilingual_fallback import THRESHOLD, _holds, occurrences, stance_features
from muster.ingest.pipeline import DEFAULT_EXCLUDE

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
OUT = ROOT / "src" / "muster" / "ingest" / "lang_stance_model.json"
SETS = ["news_lang_dev", *(f"news_lang_dev{i}" for i in range(2, 8))]
CLASSES = [s.value for s in Stance]
L2 = 10.0


@dataclass(frozen=True)
class Example:
    set: str
    features: frozenset[str]
    gold: str
    guess: bool  # a nation the fallback labels (not one the cues gave a stance)
    before: str  # the stance a guess took before this model


def examples() -> list[Example]:
    ref = reference_dataset()
    gaz = Gazetteer.build(ref.nations, ref.actors)
    model = FallbackModel.default()
    skip = frozenset(DEFAULT_EXCLUDE)
    out: list[Example] = []
    for name in SETS:
        for article, a in labelled_folder(DATA / name):
            lang = language_of(article.text, None, where=article.name)
            ss, found, _, named = read_foreign(article, gaz, lang, skip)
            lang_data = names_for(gaz, lang).data
            given = skip | {f.nation for f in found}
            labels = {lab.nation: lab.stance for lab in a.labels}
            hits_of = [list(n.hits) for n in named]
            for nation, occ in occurrences(ss, hits_of, found, lang_data, skip).items():
                if nation not in labels:
                    continue
                guess = (
                    nation not in given
                    and any(o.topical for o in occ)
                    and any(_holds(o) for o in occ)
                    and model.labelled(nation_features(nation, occ)) >= THRESHOLD
                )
                o = deciding(occ)
                probs = model.stance.probabilities(o.stance_features)
                before = o.cue.value if o.cue else max(probs, key=lambda c: probs[c])
                feats = stance_features(nation, occ)
                out.append(Example(name, feats, labels[nation], guess, before))
    return out


def fit(train: list[Example], l2: float) -> LinearModel:
    return train_linear([(e.features, e.gold) for e in train], CLASSES, l2=l2)


def predict(m: LinearModel, e: Example) -> str:
    p = m.probabilities(e.features)
    return max(p, key=lambda c: p[c])


def main(l2s: list[float], write: bool) -> None:
    ex = examples()
    for l2 in l2s:
        total_new = total_before = total = 0
        for held in SETS:
            test = [e for e in ex if e.set == held and e.guess]
            if not test:
                print(f"l2={l2} held out {held:15} no guesses")
                continue
            m = fit([e for e in ex if e.set != held], l2)
            new = sum(predict(m, e) == e.gold for e in test)
            before = sum(e.before == e.gold for e in test)
            total_new += new
            total_before += before
            total += len(test)
            print(f"l2={l2} held out {held:15} guesses {len(test):3}: right {before} -> {new}")
        print(f"l2={l2} pooled held out: right {total_before}/{total} -> {total_new}/{total}")
    if write:
        m = fit(ex, L2)
        doc = {
            "format": "muster-lang-stance-model/1",
            "trained_on": SETS,
            "l2": L2,
            "notes": "scripts/lang_fallback_stance.py: every labelled nation of the sets",
            "stance": m.as_json(),
        }
        OUT.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)} ({len(ex)} examples)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--write"]
    main([float(a) for a in args] or [L2], "--write" in sys.argv)
