"""Chooses the multilingual fallback's threshold by leaving one dev set out (docs/ingest.md).

For each multilingual dev set held out, the threshold (of those given) with the best pooled end
to end, then pooled precision, over the other sets, every one of them at precision >= 0.85;
prints every set's figures by threshold (the shipped fallback, its guesses' stance model
included; `None` is the cues alone), the held-out figures at the chosen threshold, and the
choice on all sets. Never reads an *unseen* set.
Run: `python scripts/lang_fallback_threshold.py 0.3 0.4 0.5 0.6 0.7 0.8 0.9 0.95`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from muster.cli.ingest import labelled_folder
from muster.data import reference_dataset
from muster.ingest import Gazetteer, ingest_article, multilingual_fallback
from muster.ingest.evaluate import Report, evaluate

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SETS = ["news_lang_dev", *(f"news_lang_dev{i}" for i in range(2, 8))]


def main(thresholds: list[float]) -> None:
    ref = reference_dataset()
    gaz = Gazetteer.build(ref.nations, ref.actors)
    arts = {name: labelled_folder(DATA / name) for name in SETS}
    rows: dict[tuple[float | None, str], Report] = {}
    for t in [None, *thresholds]:
        # the shipped fallback at threshold t (its guesses' stance model included), or none
        if t is not None:
            multilingual_fallback.THRESHOLD = t
        for name in SETS:
            gold = [a for _, a in arts[name]]
            res = {a.id: ingest_article(art, gaz, fallback=t is not None) for art, a in arts[name]}
            r = rows[(t, name)] = evaluate(gold, res)
            print(
                f"{t!s:5} {name:15} R={r.nation_recall:.4f} P={r.nation_precision:.4f} "
                f"acc={r.stance_accuracy:.4f} e2e={r.end_to_end:.4f}",
                flush=True,
            )

    def score(t: float, names: list[str]) -> tuple[float, float] | None:
        if any(rows[(t, s)].nation_precision < 0.85 for s in names):
            return None
        labels = sum(rows[(t, s)].labels for s in names)
        right = sum(rows[(t, s)].end_to_end * rows[(t, s)].labels for s in names)
        proposed = sum(rows[(t, s)].proposed for s in names)
        true = sum(rows[(t, s)].proposed * rows[(t, s)].nation_precision for s in names)
        return (round(right / labels, 6), round(true / proposed, 6))

    def choose(names: list[str]) -> float:
        return max((s, t) for t in thresholds if (s := score(t, names)) is not None)[1]

    for held in SETS:
        t = choose([s for s in SETS if s != held])
        r, b = rows[(t, held)], rows[(None, held)]
        print(
            f"held out {held:15} chosen {t}: recall {b.nation_recall:.4f}->{r.nation_recall:.4f} "
            f"precision {b.nation_precision:.4f}->{r.nation_precision:.4f} "
            f"end to end {b.end_to_end:.4f}->{r.end_to_end:.4f}"
        )
    print("chosen on all sets:", choose(SETS))


if __name__ == "__main__":
    main([float(t) for t in sys.argv[1:]] or [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
