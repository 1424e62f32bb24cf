"""Which language an article is written in, and whether the ingester reads it.

Detection uses lingua (its models ship inside the package: nothing is fetched) restricted to
the languages the ingester reads and a few neighbours it must not mistake for them, in low
accuracy mode (trigram models: loads in a fraction of the time, and an article is long enough
for it). A language the ingester does not read is refused with a message naming the supported
ones, never answered with a silent "0 proposed statements".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from muster.errors import InvalidInput, Problem

# ISO 639-1 codes the ingester reads, in the order the docs list them.
SUPPORTED: tuple[str, ...] = ("en", "fr", "de", "pl", "uk", "ru", "it", "es", "nl")
NAMES: dict[str, str] = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "pl": "Polish",
    "uk": "Ukrainian",
    "ru": "Russian",
    "it": "Italian",
    "es": "Spanish",
    "nl": "Dutch",
}
# Detected so that an article in them is refused rather than misread as a near neighbour.
_OTHERS: tuple[str, ...] = ("pt", "cs", "sk", "sv", "da", "nb", "ro", "hu", "fi", "bg", "be")


class UnsupportedLanguage(InvalidInput):
    """The article's language is not one the ingester reads."""


def supported_list() -> str:
    return ", ".join(f"{code} ({NAMES[code]})" for code in SUPPORTED)


def refuse(code: str, *, where: str | None = None) -> UnsupportedLanguage:
    return UnsupportedLanguage(
        Problem(
            f"language {code} is not supported; supported: {supported_list()}",
            file=where,
            field="language",
        )
    )


def check_language(code: str, *, where: str | None = None) -> str:
    """`code` lower-cased if the ingester reads it, else UnsupportedLanguage."""
    low = code.strip().lower()
    if low not in SUPPORTED:
        raise refuse(low or repr(code), where=where)
    return low


@cache
def _detector() -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in (*SUPPORTED, *_OTHERS)]
    languages = [Language.from_iso_code_639_1(c) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


# English function words: a text where they are common is English whatever the trigram
# models say of a short wire sentence ("Belgium is weighing whether to send troops").
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "are",
        "was",
        "were",
        "would",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "not",
        "been",
        "by",
        "for",
        "with",
        "from",
        "said",
        "says",
        "but",
        "or",
        "which",
        "who",
        "they",
        "their",
    ]
)
# English function words that are also words of a language read here (Polish "to", "by";
# German and Dutch "was"; Dutch "had"): they count only in a text with none of the function
# words below, which no English wire sentence has ("Było to już …", "Was Merz sagte, ist …")
_SHARED = frozenset(["to", "by", "was", "had"])
_FOREIGN = frozenset(
    [
        *("ist", "hat", "wird", "sei", "der", "das", "und", "nicht", "sich", "auch"),  # German
        *("het", "een", "niet"),  # Dutch
        *("jest", "się", "nie", "że", "przez", "oraz", "także"),  # Polish
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
# Below this confidence the detector's answer is not taken (the English reader runs).
MIN_CONFIDENCE = 0.9


def detect(text: str) -> str | None:
    """The ISO 639-1 code of `text`'s language among those detected, or None (no letters,
    or too little or too mixed text to tell)."""
    sample = text[:4000]
    words = _WORD.findall(sample.lower())
    if not words:
        return None
    shared = not any(w in _FOREIGN for w in words)
    english = sum(w in _ENGLISH and (shared or w not in _SHARED) for w in words)
    if english >= max(1, 0.08 * len(words)):
        return "en"
    values = _detector().compute_language_confidence_values(sample)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    return str(values[0].language.iso_code_639_1.name).lower()


def language_of(text: str, override: str | None = None, *, where: str | None = None) -> str:
    """The language to read `text` in: `override` when given (checked), else the detected one.
    UnsupportedLanguage when it is not one the ingester reads."""
    if override:
        return check_language(override, where=where)
    code = detect(text)
    if code is None:
        return "en"  # nothing to tell by: the English reader finds nothing either
    if code not in SUPPORTED:
        raise refuse(code, where=where)
    return code
