"""Which nation each stance cue in a sentence is about, and the evidence it adds.

A cue's holder is, in order: who follows a passive cue ("led by France and Britain"); the
subject group of the cue's clause (mentions not governed by a preposition, relative clauses
skipped; "X's rejection" counts for X); the speaker, when the cue is in their quote or their
first person; the states an enumeration names ("countries, notably Hungary"); the sentence's
speaker. A generic subject ("26 allies have vowed", "Europe was ready") has no holder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from muster.domain import Stance
from muster.ingest.attribution import SAY, Attribution
from muster.ingest.conditions import Conditions
from muster.ingest.cues import CUE_ORDER, CUES, NEGATION, Cue
from muster.ingest.mentions import Mention
from muster.ingest.text import Sentence

_BOUNDARY = re.compile(
    rf"[;:(]|\b(?:that|but|while|whereas|however|although|though|whether)\b|(?<!-)\b(?:{SAY})\b"
)
_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom|where)\b[^,]*(?:,|$)")
_PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "to",
        "with",
        "for",
        "from",
        "by",
        "at",
        "on",
        "against",
        "over",
        "toward",
        "towards",
        "about",
        "into",
        "between",
        "among",
        "than",
        "under",
        "across",
        "through",
        "within",
        "without",
        "upon",
        "via",
        "beyond",
        "amid",
        "despite",
        "behind",
        "near",
        "around",
        "regarding",
        "during",
        "unlike",
        "following",
    ]
)
_SKIP_BACK = frozenset({"the", "and", "or", "both", "as", "well", "&"})
# "commitments from Washington", "troops from Britain": the state is the noun's owner
_OWNED_FROM = re.compile(
    r"\b(?:commitments?|support|troops|soldiers|forces|contributions?|backing|pledges?|"
    r"participation|involvement|guarantees?|help|aid|envoys?|officials?|representatives?)\s+"
    r"(?:\w+\s+)?$"
)
# a demonym stands for its state only before such nouns ("Italian troops", "the Dutch
# government"), not in "the French and British proposal" or "the Russian-Ukrainian war"
_STATE_NOUN = re.compile(
    r"^(?:[\s,-]+(?:and|or|\w+)){0,2}?\s*(?:government|troops|soldiers|forces|military|army|navy|"
    r"officials?|authorities|leaders?|leadership|cabinet|side|administration|ministry|"
    r"diplomats?|sources|spokes\w+|parliament|state|president|prime minister|chancellor|"
    r"defen[cs]e|foreign|personnel|contingent|brigade|battalion|peacekeepers|boots|jets|"
    r"participation|position|stance|people)\b"
)
# a cue right after its subject: "Canada ready to", "Italy ruling out", "Germany participating"
_ADJACENT = re.compile(
    r"^\s*(?:,\s*)?(?:(?:is|are|was|were|has|have|had|would|will|could|also|now|still|being|"
    r"again|already|too|\w+ly)\s+){0,2}$"
)
_SAY_AT = re.compile(rf"(?<!-)\b(?:{SAY})\s*$")
_GAP_SAY = re.compile(r"^\s*(?:(?:has|have|had|also|again|\w+ly)\s+)*$")
_OPINION = re.compile(r"\b(?:believes?|thinks?|predicts?|speculat\w+|estimates?|guess\w*)\b")
_GENERIC = re.compile(
    r"\b(?:countries|nations|allies|leaders|members|partners|states|europe|europeans|coalition|"
    r"officials|others|many|several|some|everyone|nobody|no one|eu|nato|alliance|analysts|"
    r"observers|critics|group|diplomats|governments|each country|every nation|it|this|that|"
    r"which)\b"
)
_ENUMERATION = re.compile(
    r"^[^;]{0,40}?\b(?:notably|including|such as|like|namely|especially|particularly|"
    r"in particular|among them)\b"
)
_FIRST_PERSON = re.compile(r"\b(?:we|i|our|us|my)\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cue's vote for a nation's stance, from one sentence."""

    nation: str
    stance: Stance
    weight: float
    sentence: int
    cue: str
    holder: Mention


def governed(text: str, start: int) -> bool:
    """Whether a preposition governs the noun phrase the mention at `start` belongs to."""
    tokens = re.findall(r"[\w'.-]+|,", text[:start])
    for i, tok in enumerate(reversed(tokens)):
        low = tok.lower()
        if low == ",":
            return False
        if low in _PREPOSITIONS:
            owner = " ".join(tokens[: len(tokens) - i - 1]) + " "
            return not (low == "from" and _OWNED_FROM.search(owner))
        if low in _SKIP_BACK or tok[:1].isupper() or low.endswith("'s"):
            continue
        return False
    return False


def group_of(mentions: list[Mention], last: Mention, text: str) -> list[Mention]:
    group = [last]
    start = last.start
    for m in sorted(mentions, key=lambda m: -m.end):
        if m.end > start:
            if m.start < start and m is not last and m.end > last.start:
                continue
            if m.start == last.start and m is not last:
                group.insert(0, m)  # "both" resolves to several mentions at one span
            continue
        gap = text[m.end : start]
        if re.fullmatch(
            r"\s*(?:,|and|, and|or|as well as|plus)?\s*(?:the\s+)?", gap
        ) or re.fullmatch(
            r"\s*[-,]\s*(?:the\s+)?(?:\w+\s+){0,2}(?:states|countries)?\s*[-,]?\s*", gap
        ):
            group.insert(0, m)
            start = m.start
        else:
            break
    return group


def _clause_start(lower: str, pos: int) -> int:
    start = 0
    for m in _BOUNDARY.finditer(lower, 0, pos):
        if m.end() <= pos:
            start = m.end()
    return start


def holders(
    cue: Cue,
    span: tuple[int, int],
    s: Sentence,
    mentions: list[Mention],
    att: Attribution,
) -> list[Mention]:
    """The mentions a cue at `span` of sentence `s` is about (empty: no state holds it)."""
    text, lower = s.folded, s.lower
    cs, ce = span
    usable = [
        m
        for m in mentions
        if (m.nation is not None or m.flag)
        and (m.how != "demonym" or _STATE_NOUN.match(lower[m.end : m.end + 40]))
    ]

    if cue.after:
        after = [m for m in usable if ce <= m.start <= ce + 60 and ";" not in lower[ce : m.start]]
        if after:
            first = min(after, key=lambda m: m.start)
            tail = [m for m in after if m.start >= first.start]
            return group_of(tail, max(tail, key=lambda m: m.end), text)[:6] if tail else []
    if cue.name == "X-led":
        return [m for m in usable if m.end == cs]  # "UK-led": only the state it is attached to
    start = _clause_start(lower, cs)
    proper = [m for m in usable if start <= m.start < cs and m.how in ("name", "alias", "metonym")]
    speech = att.speech_at is not None and att.speech_at < cs and not att.in_quote(cs)
    if att.speakers and cue.stance is Stance.OPPOSED and speech and not proper:
        return att.speakers  # "Peskov said European forces could not play a role": Peskov's
    said = _SAY_AT.search(lower[:start])
    if said:
        # "..., while Czech Prime Minister Petr Fiala labeled it premature": its own speaker
        before = [m for m in usable if m.end <= said.start()]
        if before:
            last = max(before, key=lambda m: m.end)
            if _GAP_SAY.match(lower[last.end : said.start()]) and not any(
                start <= m.start < cs for m in usable
            ):
                return group_of(before, last, text)
    skipped = [(m.start(), m.end()) for m in _RELATIVE.finditer(text, start, cs)]
    window = [
        m
        for m in usable
        if start <= m.start
        and m.end <= cs
        and not any(a <= m.start < b for a, b in skipped)
        and ((m.possessive and m.kind == "nation") or not governed(text, m.start))
    ]
    if window:
        last = max(window, key=lambda m: m.end)
        if not _GENERIC.search(lower[last.end : cs].replace("'s", "")):
            return group_of(window, last, text)
    gap = lower[start:cs]
    quoted = att.in_quote(cs)
    if att.speakers and (quoted or _FIRST_PERSON.search(gap)):
        return att.speakers
    if _GENERIC.search(gap) and not _ENUMERATION.match(lower[ce:]):
        return []
    after = [m for m in usable if m.start >= ce and m.kind == "nation"]
    if after and _ENUMERATION.match(lower[ce:]):
        first = min(after, key=lambda m: m.start)
        return group_of([m for m in after if m.start >= first.start], first, text)
    if att.speakers and not quoted:
        return att.speakers
    return []


def cue_matches(lower: str) -> list[tuple[Cue, tuple[int, int], Stance]]:
    """Non-overlapping cue matches of a sentence (heavier, then longer, first), with negation.

    Readiness under "may"/"might" is only a possibility (undecided); readiness inside
    "whether ..."/"if ..." is hypothetical and says nothing.
    """
    # leftmost first; at one position the heaviest cue; matches never overlap
    candidates = []
    for rank, i in enumerate(CUE_ORDER):
        for m in CUES[i].pattern.finditer(lower):
            candidates.append((m.start(), rank, m.end(), CUES[i]))
    candidates.sort()
    found = []
    end = -1
    for start, _rank, stop, cue in candidates:
        if start >= end:
            found.append((cue, (start, stop)))
            end = stop
    out = []
    for cue, (a, b) in found:
        stance: Stance | None = cue.stance
        before = lower[max(0, a - 30) : a]
        if NEGATION.search(before):
            stance = cue.negated
        elif cue.stance is Stance.WILLING:
            if re.search(r"\b(?:may|might)\s+(?:well\s+)?(?:be\s+)?$", before):
                stance = Stance.UNDECIDED
            elif re.search(r"\b(?:whether|if)\b[^,;]*$", lower[max(0, a - 80) : a]):
                stance = None
        if stance is not None:
            out.append((cue, (a, b), stance))
    return sorted(out, key=lambda f: f[1][0])


def sentence_evidence(
    s: Sentence,
    mentions: list[Mention],
    att: Attribution,
    conditions: Conditions,
) -> tuple[list[Evidence], list[Mention]]:
    """The evidence one sentence gives, and every holder it found (for conditions and notes)."""
    out: list[Evidence] = []
    held: list[Mention] = []
    opinion = _OPINION.search(s.lower)
    for cue, span, stance in cue_matches(s.lower):
        if opinion and opinion.end() <= span[0] and not att.speakers:
            continue  # an analyst's guess about a state is not the state's stance
        for h in holders(cue, span, s, mentions, att):
            held.append(h)
            if h.nation is None:
                continue
            weight = cue.weight * (1.2 if h.kind in ("actor", "pronoun") else 1.0)
            out.append(Evidence(h.nation, stance, weight, s.index, cue.name, h))
    if conditions.conditional:
        targets = held or att.speakers
        if not targets:
            subjects = [m for m in mentions if m.nation and not governed(s.folded, m.start)]
            targets = subjects[:1]
        seen: set[str] = set()
        for h in targets:
            if h.nation and h.nation not in seen:
                seen.add(h.nation)
                out.append(Evidence(h.nation, Stance.CONDITIONAL, 1.6, s.index, "condition", h))
    return out, held
