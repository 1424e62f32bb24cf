"""Cyrillic ↔ Latin for actor names (Зеленський ↔ Zelensky, Мерц ↔ Merz), table-based.

`to_latin` and `to_cyrillic` give the common press spelling; `skeleton` reduces a name in
either script to a key that the usual spellings of one surname share (Zelensky, Zelenskyy,
Zelenskyi, Selenskyj, Зеленський, Зеленский → one key), so names are matched across scripts
without a list of every spelling.
"""

from __future__ import annotations

import re

from muster.ingest.text import fold

_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "'": "", "’": "",
}  # fmt: skip
_RU = {
    **{k: v for k, v in _UK.items() if k not in "гиії"},
    "г": "g", "и": "i", "ы": "y", "э": "e", "ё": "yo", "ъ": "", "й": "y",
}  # fmt: skip


def to_latin(text: str, lang: str = "uk") -> str:
    """`text` with Cyrillic letters written in Latin (Ukrainian or Russian press usage)."""
    table = _UK if lang == "uk" else _RU
    out = []
    for c in text:
        low = c.lower()
        t = table.get(low)
        if t is None:
            out.append(c)
        else:
            out.append(t.capitalize() if c != low else t)
    return "".join(out)


_LAT = [
    ("shch", "щ"), ("sch", "ш"), ("tsch", "ч"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"), ("tz", "ц"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("yi", "ий"),
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "и"), ("z", "ц"),
]  # fmt: skip


def to_cyrillic(text: str) -> str:
    """`text` in Cyrillic as the Russian press writes Western names (Merz → Мерц)."""
    low = fold(text).lower()
    out, i = [], 0
    while i < len(low):
        for lat, cyr in _LAT:
            if low.startswith(lat, i):
                src = text[i : i + len(lat)]
                out.append(cyr.capitalize() if src[:1].isupper() else cyr)
                i += len(lat)
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


_MULTI = re.compile(r"shch|tsch|sch|sz|cz|zh|sh|ch|ts|tz|kh|ck|ph")
_MULTI_TO = {"ck": "sk", "ph": "f", "kh": "h"}  # Polish -cki is -цки


def skeleton(name: str) -> str:
    """A spelling-independent key for a surname in Latin or Cyrillic script."""
    low = fold(name).lower()
    if any("\u0400" <= c <= "\u04ff" for c in low):
        low = to_latin(low, "ru")
    low = _MULTI.sub(lambda m: _MULTI_TO.get(m.group(), "s"), low)
    low = re.sub(r"c(?=[eiy])", "s", low).replace("c", "k")
    low = low.translate(str.maketrans("zjywłøđ", "siivlod", "'’-"))  # ł ø đ: no accent to fold
    low = re.sub(r"(.)\1+", r"\1", low)
    return low
