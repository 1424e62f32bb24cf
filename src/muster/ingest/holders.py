"""Which states a stance cue in a sentence is about: its holders.

A cue's holder is, in order: who follows a passive cue ("led by France and Britain"); the
subject group of the cue's clause (mentions not governed by a preposition, relative clauses
skipped, the clause's opening subject rather than its object; "X's rejection" counts for X);
a subject carried over "but" ("Poland supports Ukraine but will not send troops"); the speaker,
when the cue is in their quote or their first person; the states an enumeration names
("countries, notably Hungary"); the sentence's speaker. A generic subject ("26 allies have
vowed", "Europe was ready") has no holder.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from muster.domain import Stance
from muster.ingest.attribution import SAY, Attribution
from muster.ingest.cues import Cue
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
    r"participation|involvement|guarantees?|help|aid|envoys?|officials?|representatives?|"
    r"leaders?|delegat(?:es|ions?)|ministers?)\s+"
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
_GAP_SAY = re.compile(r"^\s*(?:(?:has|have|had|also|again|all|both|each|\w+ly)\s+)*$")
# "Norway is among the countries that ...", "Sweden is one of the nations ready to ...": the
# generic noun is the group the subject belongs to, so the cue is the subject's
_MEMBER_OF = re.compile(
    r"^\s*(?:,\s*)?(?:(?:also|now|still|already|reportedly)\s+)?(?:is|are|was|were|remains?|"
    r"has been|have been)\s+(?:(?:also|now|still|already|reportedly)\s+)?(?:among|one of|part "
    r"of|in the group of)\b"
)
# prepositional phrases hold no subject ("deployed in a neighbouring NATO country")
_PHRASE = re.compile(
    r"\b(?:in|at|on|to|from|with|for|by|near|into|across|within|outside|inside|over|under|"
    r"beyond|alongside|towards?|against)\s+[^,;]*?(?=[,;]|$|\b(?:and|but|while|that|which|who)\b)"
)


def _core(text: str) -> str:
    """`text` without relative clauses and prepositional phrases: where a subject could be."""
    return _PHRASE.sub(" ", _RELATIVE.sub(",", text)).replace("'s", "")


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
# "The Kremlin said it would ...": the pronoun right after the verb is the speaker
_SPEAKER_PRONOUN = re.compile(r"^\s*(?:it|they)\s+(?!is\b|was\b|remains\b|seems\b)")
# "it is too early", "it remains unclear": no subject at all, so the speaker's view
_EXPLETIVE = re.compile(r"^\s*it\s+(?:is|was|would be|will be|remains|remained|seems|appears)\b")


_TIME_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


_GOVERNING_REACH = 400  # characters


def governed(text: str, start: int) -> bool:
    """Whether a preposition governs the noun phrase the mention at `start` belongs to."""
    # the words just before it decide; reading the whole prefix for every mention made one
    # long sentence quadratic
    tokens = re.findall(r"[\w'.-]+|,", text[max(0, start - _GOVERNING_REACH) : start])
    for i, tok in enumerate(reversed(tokens)):
        low = tok.lower()
        if low == "," or low in _TIME_WORDS:
            return False  # "On Saturday Denmark rallied ...": a fronted time, then the subject
        if low in _PREPOSITIONS:
            owner = " ".join(tokens[: len(tokens) - i - 1]) + " "
            return not (low == "from" and _OWNED_FROM.search(owner))
        if low in _SKIP_BACK or tok[:1].isupper() or low.endswith("'s"):
            continue
        return False
    return False


# No list of nations a writer coordinates is longer than the coalition itself; a walk that long
# is a hostile sentence, and stopping there keeps reading linear in its length.
MAX_GROUP = 60


def group_of(mentions: list[Mention], last: Mention, text: str) -> list[Mention]:
    group = [last]  # built backwards, reversed at the end
    grouped = {id(last)}
    start = last.start
    same_span: dict[tuple[int, int], list[Mention]] = {}
    for x in mentions:
        same_span.setdefault((x.start, x.end), []).append(x)
    for m in sorted(mentions, key=lambda m: -m.end):
        if len(group) >= MAX_GROUP:
            break
        if m.end > start:
            if m.start < start and m is not last and m.end > last.start:
                continue
            if m.start == last.start and m is not last:
                group.append(m)  # "both" resolves to several mentions at one span
                grouped.add(id(m))
            continue
        gap = text[m.end : start]
        if (
            re.fullmatch(r"\s*(?:,|and|, and|or|as well as|plus)?\s*(?:the\s+)?", gap)
            or re.fullmatch(r"'s?\s+(?:\w+\s+){0,2}", gap)
            or re.fullmatch(
                r"\s*[-,]\s*(?:the\s+)?(?:\w+\s+){0,2}(?:states|countries)?\s*[-,]?\s*", gap
            )
        ):
            group.append(m)
            grouped.add(id(m))
            start = m.start
            # a region names several states at one span ("the Nordic countries and Canada")
            shared = [x for x in same_span[(m.start, m.end)] if id(x) not in grouped]
            group.extend(reversed(shared))
            grouped.update(id(x) for x in shared)
        else:
            break
    group.reverse()
    return group


_COORDINATED = re.compile(
    r"\s*(?:,|and|, and|or|, or|as well as|plus|together with|along with|alongside|-|:)?\s*"
    r"(?:the\s+)?(?:(?:two|three|four|five)\s+)?(?:\w+ states\s*(?:-|,|:)\s*)?"
)


# in a list of signatories, the leaders stand between the states ("Merz and the leaders of
# France, the UK ...", "Chancellor Merz and leaders from France")
LEADERS_OF = re.compile(
    r"\s*(?:,|and|, and|as well as|plus|together with|along with)?\s*(?:the\s+)?(?:\w+\s+)?"
    r"(?:leaders?|heads? of (?:state|government)|governments?|prime ministers?|presidents?|"
    r"premiers?|chancellors?)\s+(?:of|from)\s+(?:the\s+)?"
)


# a title's first words left outside the next office-holder in a list: "co-chaired by President
# of France Emmanuel Macron, ... and Federal Chancellor of Germany Friedrich Merz" (capitalised:
# a title, not "the troops of")
_TITLE_OF = re.compile(r"\s*(?:,|and|, and)\s*(?:[A-Z][\w-]*\s+){1,3}(?:of\s+(?:the\s+)?)?")


def group_after(
    mentions: list[Mention],
    first: Mention,
    text: str,
    *,
    leaders: bool = False,
    limit: int = 8,
) -> list[Mention]:
    """`first` and the mentions coordinated after it ("led by France and Britain", "the UK's
    Keir Starmer"), stopping at the first one that is not ("..., on how the US ..."); with
    `leaders`, a list of states' leaders too ("Merz and the leaders of France, the UK")."""
    group = [first]
    end = first.end
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m is first or m.start < first.start:
            continue
        if m.start < end:
            if m.start == group[-1].start:
                group.append(m)  # a group's members share its span ("the Baltic states")
            continue
        gap = text[end : m.start]
        if (
            _COORDINATED.fullmatch(gap)
            or re.fullmatch(r"'s?\s+(?:\w+\s+){0,2}", gap)
            or (leaders and LEADERS_OF.fullmatch(gap))
            or _TITLE_OF.fullmatch(gap)
        ):
            group.append(m)
            end = m.end
        else:
            break
    return group[:limit]


# A `_BOUNDARY` match reads at most this far past where it starts (the longest alternative,
# "made the statement", and the letter after it): a scan of the text up to `pos` finds the
# same boundaries as a scan of the whole text until it comes this close to `pos`.
_BOUNDARY_READS = 40


@lru_cache(maxsize=8)
def _boundaries(lower: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The (starts, ends) of every `_BOUNDARY` in a whole sentence: each cue's clause start
    reuses them (a sentence of n characters and n cues took n² before, and a mention test per
    boundary on top)."""
    found = [(m.start(), m.end()) for m in _BOUNDARY.finditer(lower)]
    return tuple(a for a, _ in found), tuple(b for _, b in found)


def _search_end(
    rx: re.Pattern[str], lower: str, end: int, reach: int, trail: str
) -> re.Match[str] | None:
    """`rx.search(lower[:end])` for a pattern anchored at the end (`$`) whose match is at most
    `reach` characters before the whitespace (and `trail` characters) it may end in: searched
    from there only, as a sentence of n characters searched n times from its start was n²."""
    k = end
    while k > 0 and (lower[k - 1].isspace() or lower[k - 1] in trail):
        k -= 1
    return rx.search(lower, max(0, k - reach), end)


def _clause_start(lower: str, pos: int, mentions: list[Mention]) -> int:
    """Where the clause holding `pos` starts: after the last boundary before it that is not
    inside a mention (0: none)."""
    starts, ends = _boundaries(lower)
    # the whole sentence's boundaries ending well before `pos`, then the rest scanned up to `pos`
    # exactly as a scan of lower[:pos] would (the last of them may differ at the cut)
    k = bisect_right(ends, pos - _BOUNDARY_READS)
    # the rest starts at the first whole-sentence boundary not counted (a scan aligned as the
    # whole one), or, with none near, a boundary's reach before `pos`: a sentence with no
    # boundary was scanned from its start for every cue (n²)
    nxt = starts[k] if k < len(starts) else pos
    tail_from = max(ends[k - 1] if k else 0, min(nxt, pos - 2 * _BOUNDARY_READS))
    tail = [(m.start(), m.end()) for m in _BOUNDARY.finditer(lower, tail_from, pos)]
    for a, b in reversed(tail):
        if not any(x.overlaps(a, b) for x in mentions):
            return b
    for i in range(k - 1, -1, -1):
        if not any(x.overlaps(starts[i], ends[i]) for x in mentions):
            return ends[i]
    return 0


# a capital naming an event or a document is a place, not the state: "the Paris declaration
# commits to ...", "the London summit agreed ..."
_EVENT_NAMED = re.compile(
    r"\s+(?:summit|meeting|talks|conference|format|process|communiqu[eé]|declarations?|"
    r"accords?|gathering)\b"
)


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
        and (m.how != "metonym" or not _EVENT_NAMED.match(lower, m.end))
    ]

    if cue.name == "venue":
        # "met at the Elysee", "held at Downing Street": the seat of government, not a city
        return [m for m in usable if m.how == "metonym" and ce <= m.start <= ce + 6][:1]
    invited = "invitation" in lower[cs:ce]  # "met at the invitation of": hosts by inviting
    if (
        cue.name == "led by"
        and not invited
        and not _LED_THING.search(lower[max(0, cs - 200) : cs])
        and not _fronted_led(lower, cs, ce)
        and not _LED_GROUP.search(lower, max(0, cs - 60), cs)
    ):
        return []  # "Spain, led by Pedro Sanchez": a government led by its leader
    if cue.after:
        after = [m for m in usable if ce <= m.start <= ce + 60 and ";" not in lower[ce : m.start]]
        if cue.name == "led by":
            # "led by Europe and including ... the U.S.": the agent is what follows "by", not a
            # state named further on after another coordinated phrase
            after = [
                m
                for m in after
                if m.start - ce <= 45 and not _PAST_AGENT.search(lower, ce, m.start)
            ]
            if not after:
                return []  # "led by Europe": an agent that is no state
        if after:
            return group_after(usable, min(after, key=lambda m: m.start), text)
    owner = _owner(usable, cs, lower, text)
    if owner:
        return owner
    if cue.name in ("X-led", "X's coalition", "X's commitment to") or (
        cue.name == "leads the monitoring" and lower.startswith("-", cs)
    ):
        # "UK-led", "British-led", "Starmer's coalition", "U.S.-led monitoring": only the one
        # it is attached to
        return [m for m in mentions if m.nation and m.start < cs and cs - 1 <= m.end <= cs + 2]
    start = _clause_start(lower, cs, mentions)
    proper = [m for m in usable if start <= m.start < cs and m.how in ("name", "alias", "metonym")]
    speech = att.speech_at is not None and att.speech_at < cs and not att.in_quote(cs)
    if att.speakers and cue.stance is Stance.OPPOSED and speech and not proper:
        return att.speakers  # "Peskov said European forces could not play a role": Peskov's
    if start:
        # "Norway is among the countries that have offered troops": the member is the holder
        before = [m for m in usable if m.end <= start]
        if before:
            last = max(before, key=lambda m: m.end)
            if _MEMBER_OF.match(lower[last.end : start]):
                return group_of(before, last, text)
    said = _search_end(_SAY_AT, lower, start, 30, "")
    if said:
        # "..., while Czech Prime Minister Petr Fiala labeled it premature": its own speaker
        before = [m for m in usable if m.end <= said.start()]
        if before:
            last = max(before, key=lambda m: m.end)
            if (
                _GAP_SAY.match(lower[last.end : said.start()])
                and not any(start <= m.start < cs for m in usable)
                and not _GENERIC.search(_core(lower[start:cs]))
            ):
                # (not when the reported clause has a subject of its own, even a generic one:
                # "Macron said 26 countries had committed ...")
                return group_of(before, last, text)
    for rel in _RELATIVE.finditer(text, start):
        if rel.start() < cs < rel.end():
            # the cue inside a relative clause with its own subject: "..., which Washington
            # has so far refused"
            inner = [
                m
                for m in usable
                if rel.start() < m.start and m.end <= cs and not governed(text, m.start)
            ]
            if inner:
                return group_of(inner, max(inner, key=lambda m: m.end), text)
            # no subject of its own: the antecedent holds it ("Unlike France, which is ready
            # to deploy troops, Italy ..." is France's readiness, not Italy's)
            ante = [
                m for m in usable if m.end <= rel.start() and not text[m.end : rel.start()].strip()
            ]
            if ante and _WHO_WHICH.match(text, rel.start()):
                return group_of(usable, ante[0], text)
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
        group = _subject_of(window, start, cs, lower, text)
        end = max(m.end for m in group)
        if group[-1].how == "demonym" and (noun := _STATE_NOUN.match(lower[end:])):
            end += noun.end()  # "Dutch officials were ...": the noun is the state's
        between = _ALSO_OTHERS.sub(" ", _core(_COMPARED.sub(",", lower[end:cs])))
        if _OWN_GENERIC_CLAUSE.search(lower, end, cs):
            return []  # "..., Canada and Japan among them, and 26 countries had pledged"
        if not _GENERIC.search(between) or _MEMBER_OF.match(between):
            return group
    gap = lower[start:cs]
    contrast = _search_end(_CONTRAST_BEFORE, lower, start, 20, ",")
    if not window and contrast and _ELLIPSIS.match(lower[start:ce]):
        # "Poland supports Ukraine but will not send troops": the subject goes on
        opened = _clause_start(lower, contrast.start(), mentions)
        earlier = [
            m
            for m in usable
            if opened <= m.start < start
            and ((m.possessive and m.kind == "nation") or not governed(text, m.start))
        ]
        if earlier:
            return _subject_of(earlier, opened, start, lower, text)
    quoted = att.in_quote(cs)
    if att.speakers and (quoted or _FIRST_PERSON.search(gap) or _SPEAKER_PRONOUN.match(gap)):
        return att.speakers
    if _GENERIC.search(_core(_EXPLETIVE.sub("", gap))) and not _ENUMERATION.match(lower[ce:]):
        return []
    if _GENERIC_ANTECEDENT.search(lower, max(0, start - 60), start):  # the words just before
        return []  # "he respected countries that did not want to contribute": theirs, not his
    after = [m for m in usable if m.start >= ce and m.kind == "nation"]
    if after and _ENUMERATION.match(lower[ce:]):
        return group_after(after, min(after, key=lambda m: m.start), text)
    if att.speakers and not quoted:
        return att.speakers
    return []


# "Canada's decision to contribute", "Spain's refusal to send", "Japan's readiness to ...":
# the possessor of the noun that governs the cue holds it, not the clause's subject
_OWNED_CUE = re.compile(
    r"^(?:'s?|’s?)?\s+(?:[\w-]+\s+){0,2}?(?:(?:decision|offer|pledge|plans?|commitment|"
    r"intention|promise|proposal|refusal|bid|move|readiness|willingness|determination|"
    r"announcement)\s+(?:to\s+|of\s+)?)?$"
)
# a coordinated clause with a generic subject of its own: the states before it are not it
_OWN_GENERIC_CLAUSE = re.compile(
    r",\s+(?:and|but|while)\s+(?:[\w,]+\s+){0,5}?(?:\d+|many|several|some|other|most|"
    r"(?:twenty|thirty|forty)[- ]?\w*)\s+(?:\w+\s+)?(?:countries|nations|allies|partners|states|"
    r"members)\b"
)
_WHO_WHICH = re.compile(r",\s+(?:who|which)\b")


def _owner(usable: list[Mention], cs: int, lower: str, text: str) -> list[Mention]:
    """The state whose possessive noun phrase ends right before the cue, if any."""
    for m in usable:
        if (
            m.possessive
            and m.kind == "nation"
            and m.end <= cs
            and cs - m.end <= 40
            and _OWNED_CUE.match(lower[m.end : cs])
        ):
            return [m]
    return []


def _fronted_led(lower: str, cs: int, ce: int) -> bool:
    """Whether "led by" opens the sentence as a participle whose thing led is the main
    clause's subject ("Led by the UK and France, the initiative could ...")."""
    if lower[:cs].strip(" \"'"):
        return False
    comma = lower.find(",", ce)
    subject = _FRONTED_SUBJECT.match(lower, comma + 1) if comma != -1 else None
    return subject is not None and bool(_LED_THING.search(subject.group(1)))


# the main clause's subject after a fronted participle: "the initiative", "a new coalition"
_FRONTED_SUBJECT = re.compile(r"\s*(?:(?:the|a|an|this|its|their)\s+)?((?:[\w-]+\s+){0,2}[\w-]+)")


def _subject_of(window: list[Mention], start: int, cs: int, lower: str, text: str) -> list[Mention]:
    """The group that is the clause's subject: the one opening the clause when a verb parts it
    from the last mention ("Poland supports Ukraine and will ..." is Poland's), else the group
    nearest the cue ("..., Spain and Italy would ...")."""
    last = max(window, key=lambda m: m.end)
    opening = [m for m in window if _OPENING.fullmatch(lower[start : m.start])]
    if opening:
        first = min(opening, key=lambda m: m.start)
        group = group_after(window, first, text)
        end = max(m.end for m in group)
        middle = lower[end : last.start]
        if (
            last not in group
            and last.start >= end
            and re.search(r"[a-z]", _core(middle))
            and not _SUBORDINATE.search(middle)
        ):
            return group
    return group_of(window, last, text)


# "X's stance came after France signed ...": the later state leads its own clause
_SUBORDINATE = re.compile(
    r"\b(?:after|before|when|since|as|because|until|once|if|unless|whereas|where)\b"
)


# what may come before a clause's subject: articles, connectives, time phrases
_OPENING = re.compile(
    r"[\s,\"']*(?:(?:the|also|meanwhile|however|and|but|so|now|earlier|later|still|yet|"
    r"on \w+|in \w+|last \w+|this \w+|at the same time)[\s,]+)*"
)
# a clause that starts with no subject of its own, after a contrast ("..., but will not send")
_ELLIPSIS = re.compile(
    r"^\s*,?\s*(?:it|they|(?:has|have|had|is|are|was|were|will|would|could|can|may|might|should|"
    r"must|shall|does|do|did|also|still|not|never|\w+ly)\b)"
)
# "the UK, France and other allies would ...": the named states hold it with the rest
_ALSO_OTHERS = re.compile(
    r"^\s*,?\s*(?:and|as well as|plus|along with|together with)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(?:allies|partners|countries|nations|states)\b"
)
# "Germany, like 25 other countries, is ready": a comparison set off by commas names others
# beside the subject, not the subject itself (nor a group a leader announces for)
_COMPARED = re.compile(
    r"^\s*,\s*(?:just\s+)?(?:like|unlike|as did|as have|along with|alongside|together with)\s+"
    r"[^,;]*,"
)
# "Japan is not among the 26 countries that pledged": a negated membership names a state
# outside the group, so the group's cue is not its
NOT_MEMBER_OF = re.compile(
    r"\s*(?:,\s*)?(?:(?:is|are|was|were|remains?)\s+not|isn't|aren't|wasn't|weren't|"
    r"(?:has|have)\s+not\s+been|(?:has|have)n't\s+been)\s+(?:(?:yet|currently|officially)\s+)?"
    r"(?:among|one of|part of|in the group of|on the list of)\b",
    re.IGNORECASE,
)
# a relative clause on a generic noun: its subject is that noun, not the speaker
_GENERIC_ANTECEDENT = re.compile(
    r"\b(?:countries|nations|allies|partners|states|members|governments|others|those)\s+"
    r"(?:that|who|which)\s*$"
)
_PAST_AGENT = re.compile(r";|\b(?:including|with|while|but|plus|whereas)\b")
# what a state leads for the coalition ("the coalition, led by", "proposal led by")
_LED_THING = re.compile(
    r"\b(?:coalition|force|forces|mission|initiative|efforts?|meetings?|summits?|talks|group|"
    r"headquarters|hq|command|cent(?:re|er)|cell|secretariat|"
    r"conference|call|planning|operation|contingent|proposal|plan|push|alliance|format|"
    r"gathering|video ?conference|peacekeep\w*|deployment|guarantees?|declaration)\b"
)
# "European nations, led by Britain and France, work on a plan": states led by states
_LED_GROUP = re.compile(
    r"\b(?:nations|countries|allies|partners|states|europeans|governments)\s*,?\s*$"
)
_CONTRAST_BEFORE = re.compile(r"\b(?:but|however|though|although|while|whereas|yet)\s*,?\s*$")


def texts_backing(
    opens: list[bool], speaks_of: list[bool], against: list[bool], backs: list[bool]
) -> dict[int, bool]:
    """Convention h across an article (English and the other languages alike): the sentences
    that name a joint text backing the force or speak of it later however far ("The statement
    was also signed by ...", "El texto inicial lo firmaron ..."). Per sentence: whether it names
    a text (`opens`), speaks of one named before (`speaks_of`: "the statement", "il testo"),
    warns of or condemns (`against`), names the force or its guarantees (`backs`).

    The article's texts are found once: a sentence naming one opens it unless it speaks of one
    already named; the later sentences that speak of a text are the last one's. A text backs the
    force when its own sentence or one of its own does and its own sentence warns of nothing; a
    text said to back nothing nor to warn of anything ("to join a statement in support of
    Zelensky in October") does not part the sentences after it from the one before. Returned:
    each sentence of a text, and whether its text backs the force (a sentence that speaks of a
    text backing nothing does not take the force from the sentence before it either)."""
    texts: list[list[int]] = []
    for k, (opened, spoken) in enumerate(zip(opens, speaks_of, strict=True)):
        if opened and not (texts and spoken):
            texts.append([k])
        elif texts and spoken:
            texts[-1].append(k)
    out: dict[int, bool] = {}
    carried = False  # a text before backs the force and none since has said otherwise
    for members in texts:
        if against[members[0]]:
            carried = False
            out.update(dict.fromkeys(members, False))
        elif any(backs[k] for k in members):
            out.update(dict.fromkeys(members, True))
            carried = True
        else:
            out.update(dict.fromkeys(members, False))
            if carried:
                out.update(dict.fromkeys(members[1:], True))
    return out
