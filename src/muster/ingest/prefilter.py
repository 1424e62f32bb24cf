"""Literal words a regular expression cannot match without: a cheap test before the regex.

`required(pattern)` reads the pattern's syntax tree and returns strings of which every match
contains at least one (e.g. {"led", "headed", ...} for the "led by" cue), or None when it cannot
tell. Checking `any(k in text for k in keys)` costs a few hundred nanoseconds; running seventy
cue patterns over every sentence costs milliseconds, and most sentences hold few cues.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

# the standard library's own regex parser (re._parser since Python 3.11, sre_parse before)
try:
    _c: Any = importlib.import_module("re._constants")
    _p: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python < 3.11
    _c = importlib.import_module("sre_constants")
    _p = importlib.import_module("sre_parse")

_MIN_KEY = 2  # shorter keys ("a", "of") would let every sentence through anyway
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))


def _required(items: Any) -> frozenset[str] | None:
    """Strings one of which every match of the parsed sequence `items` contains, or None."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= _MIN_KEY:
            found.append(frozenset({"".join(run)}))
        run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if op is _c.AT:  # \b, ^, $: zero width, the literals around it stay adjacent
            continue
        flush()
        sub: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            # (?i:...) inside: its literals match other cases too, so they say nothing
            sub = None if av[1] & re.IGNORECASE else _required(av[-1])
        elif op is _c.BRANCH:
            branches = [_required(b) for b in av[1]]
            if all(b is not None for b in branches):
                sub = frozenset().union(*(b for b in branches if b is not None))
        elif op in _REPEATS and av[0] >= 1:
            sub = _required(av[2])
        if sub:
            found.append(sub)
    flush()
    usable = [f for f in found if min(map(len, f)) >= _MIN_KEY]
    if not usable:
        return None
    # the most selective: the longest shortest key, then the fewest keys
    return max(usable, key=lambda f: (min(map(len, f)), -len(f)))


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which every match of `pattern` contains; None if unknown.

    Only for case-sensitive patterns (the cues match lower-cased text); flags other than
    none give None, as does anything the parser does not offer.
    """
    if pattern.flags & ~re.UNICODE:
        return None
    try:
        return _required(_p.parse(pattern.pattern, pattern.flags))
    except Exception:  # pragma: no cover - an unknown parser shape: just run the regex
        return None


class KeyIndex:
    """Which of many patterns may match a text, from each one's `required` keys (None: always).

    Each key is looked for once, and only if the text has a run of its first three characters:
    a sentence tests a few dozen of hundreds of keys, where a test per key of every pattern
    cost more than the patterns that then run.
    """

    def __init__(self, keys: Sequence[frozenset[str] | None]) -> None:
        self.always = frozenset(i for i, ks in enumerate(keys) if ks is None)
        by_run: dict[str, dict[str, list[int]]] = {}
        for i, ks in enumerate(keys):
            for k in sorted(ks or ()):
                by_run.setdefault(k[:3], {}).setdefault(k, []).append(i)
        self.by_run = {t: {k: tuple(v) for k, v in ks.items()} for t, ks in by_run.items()}
        # keys shorter than three characters are looked for whatever the text's runs
        self.short = {t: ks for t, ks in self.by_run.items() if len(t) < 3}

    def candidates(self, text: str) -> set[int]:
        """The patterns (by index) that always run or one of whose keys is in `text`."""
        out = set(self.always)
        runs = self.by_run.keys() & {text[i : i + 3] for i in range(len(text) - 2)}
        for t in (*runs, *self.short):
            for k, which in self.by_run[t].items():
                if k in text:
                    out.update(which)
        return out
