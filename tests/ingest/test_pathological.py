"""Inputs built to make a reader's regular expressions or scans blow up (a long run of empty
list cells, a paragraph of abbreviations, one huge sentence) must read in linear time.

Not a speed test: each case took from seconds to hours before its fix and takes milliseconds
now, so an alarm far above that only catches a return of the exponential or quadratic path.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from datetime import date

import pytest

from muster.ingest import Gazetteer
from muster.ingest.article import read_article
from muster.ingest.holders import _clause_start
from muster.ingest.multilingual import sentences
from muster.ingest.pipeline import ingest_article
from muster.ingest.text import split_sentences

HANG = 30  # seconds: the exponential cases ran for hours at these sizes


@pytest.fixture
def alarm() -> Iterator[None]:
    def hung(*_: object) -> None:
        raise TimeoutError(f"still reading after {HANG} s: a scan went super-linear")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _read(text: str, language: str, gazetteer: Gazetteer):
    article = read_article(text.encode(), name="adversarial.txt", day=date(2025, 9, 4))
    return ingest_article(article, gazetteer, language=language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # empty list cells: `joiners` backtracked exponentially (24 cells: 4.5 s; 40: hours)
        ("fr", "La France" + ", " * 40 + "x et l'Allemagne enverront des troupes."),
        # one long clause: the clause before every cue was split out of the whole prefix
        ("fr", "La France est prête, " + "trêve, " * 50000 + "dit Macron."),
        # one sentence listing nations: every mention re-read the whole prefix and walked the
        # whole list (2,400 names: minutes)
        (
            "en",
            "Leaders of "
            + ", ".join(["France", "Germany", "Poland", "Italy", "Sweden", "Norway"] * 400)
            + " and Canada are ready to send troops.",
        ),
        # adverbs between a speaker and the verb: "publicly" is also \w+ly, and each more
        # doubled the time (30: half an hour)
        ("en", "France " + "publicly " * 40 + "x said it is ready to send troops."),
        # one 40 KB English sentence of clauses: each cue's clause start re-read every boundary
        # before it and tested each against every mention (21 s at 40 KB before)
        ("en", "France said that it is ready to send troops, " * 900 + "Italy agreed."),
    ],
    ids=[
        "empty-list-cells",
        "one-long-sentence",
        "one-sentence-of-nations",
        "a-run-of-adverbs",
        "one-long-english-sentence",
    ],
)
def test_adversarial_text_reads_in_linear_time(
    alarm: None, gazetteer: Gazetteer, language: str, text: str
) -> None:
    result = _read(text, language, gazetteer)
    assert all(p.nation for p in result.proposals)


def test_a_paragraph_of_abbreviations_splits_in_linear_time(alarm: None) -> None:
    """Each sentence end re-scanned the paragraph from its start while an abbreviation kept
    the sentence open (40 KB: 11 s; this 220 KB: minutes)."""
    text = "np. Polska " * 20000 + "wyśle żołnierzy. Niemcy też."
    article = read_article(text.encode(), name="adversarial.txt", day=date(2025, 9, 4))
    assert len(sentences(article)) == 2  # "np." ends no sentence


def test_a_list_of_nations_still_joins(gazetteer: Gazetteer) -> None:
    """The possessive `joiners` still reads a plain list: all three nations hold the cue."""
    text = "La France, l'Allemagne et la Pologne sont prêtes à envoyer des troupes."
    nations = {p.nation for p in _read(text, "fr", gazetteer).proposals}
    assert {"FRA", "DEU", "POL"} <= nations


def test_each_clause_start_of_a_long_sentence_reads_one_boundary() -> None:
    """A cue's clause starts after the last boundary before it that no mention covers: each
    cue re-read every boundary before it, and tested each against every mention."""

    class Far:  # a mention nowhere near: counts the boundaries tested against it
        tested = 0

        def overlaps(self, a: int, b: int) -> bool:
            Far.tested += 1
            return False

    lower = "france said that it is ready to send troops; " * 900
    cues = [i for i in range(len(lower)) if lower.startswith("ready", i)]
    starts = [_clause_start(lower, cs, [Far()]) for cs in cues]  # type: ignore[list-item]
    assert starts[1] == lower.index("that", cues[0]) + len("that")
    assert Far.tested == len(cues)  # 900 (before: every boundary before each cue, 1.2 million)


def _tail_read(n: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Characters the clause starts of a sentence with no boundary scan past the whole
    sentence's boundaries, over every cue of `n` repeats."""
    from muster.ingest import holders

    read = 0
    boundary = holders._BOUNDARY

    class Counting:
        def finditer(self, text: str, *span: int):  # type: ignore[no-untyped-def]
            nonlocal read
            if span:
                read += span[1] - span[0]
            return boundary.finditer(text, *span)

    monkeypatch.setattr(holders, "_BOUNDARY", Counting())
    lower = "leadership from " * n + "france."
    for cs in range(0, len(lower) - 7, len("leadership from ")):
        _clause_start(lower, cs, [])
    return read


def test_clause_starts_of_a_sentence_with_no_boundary_read_a_bounded_tail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With no boundary before a cue, the tail was scanned from the sentence's start for every
    cue ("leadership from " * 3000 + "France.": 14 s): four times the cues read about four times
    the characters (sixteen before)."""
    small, large = _tail_read(750, monkeypatch), _tail_read(3000, monkeypatch)
    assert large / small < 5


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        split_sentences(text)
        best = min(best, time.perf_counter() - t)
    return best


def test_a_sentence_of_abbreviations_splits_in_linear_time() -> None:
    """Each period in an English paragraph searched the paragraph from its start for the word
    before it ("Gen." does not end a sentence: 40 KB took 2 s). Four times the text takes about
    four times as long, not sixteen."""
    short, long = "Gen. Smith " * 1000, "Gen. Smith " * 4000
    assert len(split_sentences(long + "left.")) == 1
    assert _best_time(long) < 8 * _best_time(short)
