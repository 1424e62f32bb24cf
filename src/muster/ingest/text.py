"""Sentences of an article, and the length-preserving folding every matcher works on.

`fold` maps each character to one character (accents dropped, curly quotes and dashes made
plain), so offsets in the folded text are offsets in the original: evidence is always quoted
from the article as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

_PLAIN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2010": "-",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
}


@cache
def _fold_char(c: str) -> str:
    if c in _PLAIN:
        return _PLAIN[c]
    if ord(c) < 128:
        return c
    base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
    return base if len(base) == 1 else c


def fold(text: str) -> str:
    """`text` with accents removed and quotes/dashes made ASCII; same length as `text`."""
    if text.isascii():
        return text
    return "".join(map(_fold_char, text))


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its position, its text as written, and its folded form."""

    index: int
    paragraph: int
    text: str
    folded: str

    @property
    def lower(self) -> str:
        return self.folded.lower()


# A period after these does not end a sentence.
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\w+",
        "mr mrs ms dr prof gen lt col maj sgt capt sen rep gov st jr sr no nos vs etc inc ltd co "
        "corp dept jan feb mar apr jun jul aug sep sept oct nov dec fig approx est",
    )
)
_END = re.compile(r"""[.!?]+['"]*(?=\s+['"(]*[A-Z0-9\u00c0-\u024f])|[.!?]+['"]*$""")


# '"...?" Dutch Defense Minister Ruben Brekelmans asked.': the attribution after a quote that
# ends in ? or ! belongs to the quote's sentence
_ATTRIBUTION_TAIL = re.compile(
    r"\s+(?:[A-Z][\w'.-]*\s+){1,6}(?:asked|said|says|asks|added|told \w+|wrote|insisted|"
    r"replied|exclaimed|warned|stressed|declared|noted)\s*[.!?]"
)


_TOKEN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _ends_sentence(folded: str, end: int) -> bool:
    """Whether the terminator ending at `end` (exclusive, at the punctuation) ends a sentence."""
    i = end
    while i > 0 and folded[i - 1] in "\"'":
        i -= 1
    if folded[i - 1] in "?!" and i < end and _ATTRIBUTION_TAIL.match(folded, end):
        return False
    if folded[i - 1] != ".":
        return True
    # the letters and dots before the period (what `([A-Za-z.]+)\.$` finds in folded[:i]), read
    # backwards: a search of the paragraph from its start at every period was n²
    j = i - 1
    while j > 0 and folded[j - 1] in _TOKEN:
        j -= 1
    if j == i - 1:
        return True
    token = folded[j : i - 1]
    if token.lower() in _ABBREVIATIONS:
        return False
    # initials and dotted abbreviations: "U.S.", "E.U.", "J. D."
    return not (len(token) == 1 or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", token))


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph."""
    folded = fold(paragraph)
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(folded):
        end = m.end()
        if not _ends_sentence(folded, end):
            continue
        if folded[start:end].strip():
            spans.append((start, end))
        start = end
    if folded[start:].strip():
        spans.append((start, len(paragraph)))
    out = []
    for a, b in spans:
        while a < b and paragraph[a].isspace():
            a += 1
        while b > a and paragraph[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return out


def sentences_of(paragraphs: tuple[str, ...]) -> list[Sentence]:
    """Every sentence of the article, numbered from 0, with its paragraph number."""
    out: list[Sentence] = []
    for p, paragraph in enumerate(paragraphs):
        for a, b in split_sentences(paragraph):
            text = paragraph[a:b]
            out.append(Sentence(len(out), p, text, fold(text)))
    return out
