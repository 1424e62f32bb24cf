"""Every labelled set's `muster eval-ingest` report (with its errors) and every proposal, as one
JSON document, to diff a speed change against the code before it: a change that only makes the
ingester faster prints the same file. Folders whose name contains `unseen` are never read.

Run: `PYTHONHASHSEED=0 python scripts/eval_all.py > after.json` (and with
`PYTHONPATH=<other tree>/src` for the code to compare with), then `diff before.json after.json`;
the seed fixes the order of the errors list, which follows set order.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from muster.cli.ingest import labelled_folder
from muster.ingest import ingest_article
from muster.ingest.detect import detect
from muster.ingest.evaluate import by_language, evaluate
from muster.store import news

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def _plain(x: object) -> object:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, (list, tuple, frozenset, set)):
        items = [_plain(v) for v in x]
        return sorted(items, key=repr) if isinstance(x, (set, frozenset)) else items
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    if isinstance(x, (str, int, float, bool)) or x is None:
        return x
    return repr(x)


def main() -> None:
    gaz = news.gazetteer()
    out: dict[str, object] = {}
    for folder in sorted(DATA.glob("news*")):
        if not folder.is_dir() or "unseen" in folder.name:
            continue
        labelled = labelled_folder(folder)
        gold = [g for _, g in labelled]
        results = {g.id: ingest_article(art, gaz) for art, g in labelled}
        report = evaluate(gold, results, seconds=1.0).as_json()
        report.pop("articles_per_second", None)
        languages = {g.id: g.language or detect(art.text) or "?" for art, g in labelled}
        report["per_language"] = by_language(gold, results, languages)
        report["results"] = {k: _plain(r) for k, r in results.items()}
        out[folder.name] = report
        print(folder.name, report["nation_recall"], report["stance_accuracy"], file=sys.stderr)
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
