"""Ingestion throughput: articles per second on one core, against a baseline in the same process.

Runs the whole pipeline (decode, clean, sentences, mentions, attribution, cues, fallback
labeller, stance arbiter, aggregation) over the dev set repeatedly and prints articles/s, the
ratio to a baseline that only decodes and splits sentences (the floor any pipeline pays), what
the fallback labeller costs over the cues alone and what the stance arbiter costs over the
pipeline without it. Target: ≥ 200 articles/s. Times are this process's CPU time
(`time.process_time`), best of the rounds, so other work on a shared machine slows the wall
clock but not the figure.
Run: `python -m benchmarks.ingest` (or `make bench`).
"""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from muster.data import reference_dataset
from muster.ingest import Gazetteer, ingest_article, read_article
from muster.ingest.text import sentences_of

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "news"
LANG_DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "news_lang_dev"
ROUNDS = 20


def main() -> None:
    ref = reference_dataset()
    gaz = Gazetteer.build(ref.nations, ref.actors)
    dates = json.loads((DEV / "dates.json").read_text("utf-8"))
    articles = [
        ((DEV / f"{k}.txt").read_bytes(), f"{k}.txt", date.fromisoformat(v))
        for k, v in dates.items()
    ]
    words = sum(len(a[0].split()) for a in articles)

    def baseline() -> None:
        for data, name, day in articles:
            sentences_of(read_article(data, name=name, day=day).paragraphs)

    def full() -> None:
        for data, name, day in articles:
            ingest_article(read_article(data, name=name, day=day), gaz)

    def told_english() -> None:  # the language given: no detection
        for data, name, day in articles:
            ingest_article(read_article(data, name=name, day=day), gaz, language="en")

    foreign = [
        ((d / f"{k}.txt").read_bytes(), f"{k}.txt", date.fromisoformat(v))
        for d in sorted(p for p in LANG_DEV.iterdir() if p.is_dir())
        for k, v in json.loads((d / "dates.json").read_text("utf-8")).items()
    ]

    def other_languages() -> None:
        for data, name, day in foreign:
            ingest_article(read_article(data, name=name, day=day), gaz)

    def no_arbiter() -> None:  # as before the stance arbiter: its cost, in the same run
        for data, name, day in articles:
            ingest_article(read_article(data, name=name, day=day), gaz, arbiter=False)

    def rules_only() -> None:
        for data, name, day in articles:
            ingest_article(read_article(data, name=name, day=day), gaz, fallback=False)

    full()  # warm caches
    other_languages()
    timings = {}
    runs = (
        ("baseline (decode + sentences)", baseline),
        ("cues only (no fallback)", rules_only),
        ("full pipeline", full),
        ("full pipeline without arbiter", no_arbiter),
        ("full pipeline, language given", told_english),
        ("8 other languages (lang dev set)", other_languages),
    )
    for label, fn in runs:
        best = float("inf")
        for _ in range(ROUNDS):
            t = time.process_time()
            fn()
            best = min(best, time.process_time() - t)
        timings[label] = best
    n = len(articles)
    print(f"ingest benchmark: {n} articles, {words} words each round, best of {ROUNDS} rounds")
    counts = {"8 other languages (lang dev set)": len(foreign)}
    for label, seconds in timings.items():
        k = counts.get(label, n)
        print(f"  {label:32} {k / seconds:8.1f} articles/s")
    detection = timings["full pipeline"] / timings["full pipeline, language given"]
    print(f"  detecting the language costs {detection:.2f}x the pipeline told the language")
    ratio = timings["full pipeline"] / timings["baseline (decode + sentences)"]
    extra = timings["full pipeline"] / timings["cues only (no fallback)"]
    rate = n / timings["full pipeline"]
    arbiter = timings["full pipeline"] / timings["full pipeline without arbiter"]
    print(f"  the stance arbiter costs {arbiter:.2f}x the pipeline without it")
    print(
        f"  full pipeline costs {ratio:.1f}x the baseline; the fallback labeller {extra:.2f}x "
        f"the cues alone; target >= 200 articles/s: {'met' if rate >= 200 else 'NOT met'} "
        f"({rate:.0f})"
    )


if __name__ == "__main__":
    main()
