"""Which nation each stance cue in a sentence is about, and the evidence it adds.

A cue's holder is, in order: who follows a passive cue ("led by France and Britain"); the
subject group of the cue's clause (mentions not governed by a preposition, relative clauses
skipped; "X's rejection" counts for X); the speaker, when the cue is in their quote or their
first person; the states an enumeration names ("countries, notably Hungary"); the sentence's
speaker. A generic subject ("26 allies have vowed", "Europe was ready") has no holder.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from muster.domain import Stance
from muster.ingest.attribution import SAY, Attribution
from muster.ingest.conditions import Conditions, conditions_in
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
# "The Kremlin said it would ...": the pronoun right after the verb is the speaker
_SPEAKER_PRONOUN = re.compile(r"^\s*(?:it|they)\s+(?!is\b|was\b|remains\b|seems\b)")
# "it is too early", "it remains unclear": no subject at all, so the speaker's view
_EXPLETIVE = re.compile(r"^\s*it\s+(?:is|was|would be|will be|remains|remained|seems|appears)\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cue's vote for a nation's stance, from one sentence."""

    nation: str
    stance: Stance
    weight: float
    sentence: int
    cue: str
    holder: Mention
    at: int = 0  # where the cue starts in the sentence


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
        if (
            re.fullmatch(r"\s*(?:,|and|, and|or|as well as|plus)?\s*(?:the\s+)?", gap)
            or re.fullmatch(r"'s?\s+(?:\w+\s+){0,2}", gap)
            or re.fullmatch(
                r"\s*[-,]\s*(?:the\s+)?(?:\w+\s+){0,2}(?:states|countries)?\s*[-,]?\s*", gap
            )
        ):
            group.insert(0, m)
            start = m.start
        else:
            break
    return group


_COORDINATED = re.compile(
    r"\s*(?:,|and|, and|or|, or|as well as|plus|together with|along with|alongside)?\s*"
    r"(?:the\s+)?(?:\w+ states\s*(?:-|,|:)\s*)?"
)


def group_after(mentions: list[Mention], first: Mention, text: str) -> list[Mention]:
    """`first` and the mentions coordinated after it ("led by France and Britain", "the UK's
    Keir Starmer"), stopping at the first one that is not ("..., on how the US ...")."""
    group = [first]
    end = first.end
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m is first or m.start < first.start:
            continue
        if m.start < end:
            if m.start == first.start:
                group.append(m)
            continue
        gap = text[end : m.start]
        if _COORDINATED.fullmatch(gap) or re.fullmatch(r"'s?\s+(?:\w+\s+){0,2}", gap):
            group.append(m)
            end = m.end
        else:
            break
    return group[:8]


def _clause_start(lower: str, pos: int, mentions: list[Mention]) -> int:
    start = 0
    for m in _BOUNDARY.finditer(lower, 0, pos):
        if m.end() <= pos and not any(x.overlaps(m.start(), m.end()) for x in mentions):
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

    if cue.name == "venue":
        # "met at the Elysee", "held at Downing Street": the seat of government, not a city
        return [m for m in usable if m.how == "metonym" and ce <= m.start <= ce + 6][:1]
    invited = "invitation" in lower[cs:ce]  # "met at the invitation of": hosts by inviting
    if cue.name == "led by" and not invited and not _LED_THING.search(lower[max(0, cs - 200) : cs]):
        return []  # "Spain, led by Pedro Sanchez": a government led by its leader
    if cue.after:
        after = [m for m in usable if ce <= m.start <= ce + 60 and ";" not in lower[ce : m.start]]
        if after:
            return group_after(usable, min(after, key=lambda m: m.start), text)
    if cue.name == "X-led":
        # "UK-led", "British-led": only the state it is attached to
        return [m for m in mentions if m.nation and m.end == cs]
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
        between = _ALSO_OTHERS.sub(" ", _core(lower[end:cs]))
        if not _GENERIC.search(between) or _MEMBER_OF.match(between):
            return group
    gap = lower[start:cs]
    contrast = _CONTRAST_BEFORE.search(lower[:start])
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
    after = [m for m in usable if m.start >= ce and m.kind == "nation"]
    if after and _ENUMERATION.match(lower[ce:]):
        return group_after(after, min(after, key=lambda m: m.start), text)
    if att.speakers and not quoted:
        return att.speakers
    return []


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
# what a state leads for the coalition ("the coalition, led by", "proposal led by")
_LED_THING = re.compile(
    r"\b(?:coalition|force|forces|mission|initiative|efforts?|meetings?|summits?|talks|group|"
    r"headquarters|hq|command|cent(?:re|er)|cell|secretariat|"
    r"conference|call|planning|operation|contingent|proposal|plan|push|alliance|format|"
    r"gathering|video ?conference|peacekeep\w*|deployment|guarantees?|declaration)\b"
)
_CONTRAST_BEFORE = re.compile(r"\b(?:but|however|though|although|while|whereas|yet)\s*,?\s*$")


_QUOTE_MARK = re.compile(r"\"|(?<!\w)'|'(?!\w)")


def unquoted(lower: str) -> str:
    """`lower` with quotation marks blanked (apostrophes kept), same length: cues read through
    quotes ("he is \"ready and willing\" to deploy")."""
    return _QUOTE_MARK.sub(" ", lower) if ('"' in lower or "'" in lower) else lower


def cue_matches(lower: str) -> list[tuple[Cue, tuple[int, int], Stance]]:
    """Non-overlapping cue matches of a sentence (heavier, then longer, first), with negation.

    Readiness under "may"/"might" is only a possibility (undecided); readiness inside
    "whether ..."/"if ..." is hypothetical and says nothing.
    """
    # leftmost first; at one position the heaviest cue; matches never overlap
    candidates = []
    for rank, i in enumerate(CUE_ORDER):
        cue = CUES[i]
        if cue.keys is not None and not any(map(lower.__contains__, cue.keys)):
            continue  # none of the words it needs: the regex cannot match
        for m in cue.pattern.finditer(lower):
            candidates.append((m.start(), rank, m.end(), cue))
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


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence says: evidence per nation, every holder found (for conditions and
    notes), and the stances whose holder it did not name ("Several countries will not send
    troops."), which an enumeration in the next sentence may name ("These include Poland")."""

    evidence: list[Evidence]
    held: list[Mention]
    unheld: list[tuple[Stance, float, str]]


# "26 allies have vowed", "30 countries would join", "the coalition will": announced by a leader
_COALITION_COUNT = re.compile(
    r"\b(?:\d+|(?:twenty|thirty|forty)[- ]?\w*)\s+(?:\w+\s+)?(?:allies|countries|nations|"
    r"partners|states|members)\b|\bthe coalition\b"
)
# "no troops, but logistics": the help offered after the refusal is not readiness for the force
_INSTEAD = re.compile(r"\b(?:but|however|instead|while|though|although|yet)\b")
_TROOP_REFUSAL = frozenset(
    {
        "no plans to send",
        "will not send",
        "no participation",
        "rules out",
        "not on the table",
        "refusal",
        "rejects participation",
        "without own forces",
    }
)
# a strong connective makes readiness in its sentence conditional ("ready ..., if the US ...")
_STRONG_IF = re.compile(
    r"\b(?:only if|if|unless|provided(?: that)?|as long as|on condition|conditional on|subject to|"
    r"depend(?:s|ing|ent)? on|hinge[sd]? on|contingent on|would (?:\w+ )?(?:need|require)|"
    r"with)\b"
)


_HYPOTHETICAL = re.compile(r"\b(?:if|whether)\b[^.!?,;]*$")


def _asked(lower: str, span: tuple[int, int]) -> bool:
    q = lower.find("?", span[1])
    return q != -1 and not re.search(r"[.!]", lower[span[1] : q])


def _question(s: Sentence, att: Attribution) -> bool:
    """A speaker asking about the mission ("What is the mandate? ... asked") is undecided."""
    return bool(att.speakers) and any("?" in s.folded[a:b] for a, b in att.quotes)


def sentence_evidence(
    s: Sentence,
    mentions: list[Mention],
    att: Attribution,
    conditions: Conditions,
) -> Reading:
    """The evidence one sentence gives (see `Reading`)."""
    out: list[Evidence] = []
    held: list[Mention] = []
    unheld: list[tuple[Stance, float, str]] = []
    opinion = _OPINION.search(s.lower)
    lower = unquoted(s.lower)
    refusals: dict[str, int] = {}
    for cue, span, stance in cue_matches(lower):
        if opinion and opinion.end() <= span[0] and not att.speakers:
            continue  # an analyst's guess about a state is not the state's stance
        if _asked(lower, span) and (
            att.in_quote(span[0]) or _HYPOTHETICAL.search(lower[: span[0]])
        ):
            continue  # a question asserts nothing ("what if there were any escalation?")
        if cue.name == "venue" and "coalition" not in lower:
            continue  # only the coalition's own meeting makes its venue's state a host
        found = holders(cue, span, s, mentions, att)
        if not found:
            unheld.append((stance, cue.weight, cue.name))
            if _announced(lower, span, stance, att):
                for sp in att.speakers:
                    if sp.nation and sp.kind == "actor":
                        out.append(Evidence(sp.nation, Stance.LEAD, 1.5, s.index, "announces", sp))
            continue
        for h in found:
            held.append(h)
            if h.nation is None:
                continue
            if stance is Stance.SKEPTICAL and cue.name in _TROOP_REFUSAL:
                refusals.setdefault(h.nation, span[1])
            elif (
                stance is Stance.WILLING
                and h.nation in refusals
                and _INSTEAD.search(lower, refusals[h.nation], span[0])
            ):
                continue  # the other help offered instead of troops
            if stance is Stance.OPPOSED and _own_troops(lower, span, h.nation, mentions):
                stance = Stance.SKEPTICAL  # "against sending Croatian troops": declines
            weight = cue.weight * (1.2 if h.kind in ("actor", "pronoun") else 1.0)
            out.append(Evidence(h.nation, stance, weight, s.index, cue.name, h, span[0]))
    if _question(s, att) and not out:
        for sp in att.speakers:
            if sp.nation:
                out.append(Evidence(sp.nation, Stance.UNDECIDED, 1.2, s.index, "question", sp))
    if conditions.conditional:
        out = _conditional(s, lower, mentions, att, held, out)
    return Reading(out, held, unheld)


# clauses with different subjects: "France would provide troops, while Turkey would ... with
# U.S. support" — a condition in one is not the other's ("but only if" keeps one subject)
_CONTRAST = re.compile(r";|\b(?:while|whereas)\b")


def _conditional(
    s: Sentence,
    lower: str,
    mentions: list[Mention],
    att: Attribution,
    held: list[Mention],
    out: list[Evidence],
) -> list[Evidence]:
    """Readiness a condition governs becomes conditional; whoever the condition's clause is
    about gets a conditional vote."""
    cuts = [0, *(m.start() for m in _CONTRAST.finditer(lower)), len(lower)]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    spans = [(a, b) for a, b in spans if conditions_in(lower[a:b]).conditional] or [(0, len(lower))]

    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    targets = [h for h in held if inside(h.start)] or [e.holder for e in out if inside(e.at)]
    targets = targets or att.speakers
    if not targets and any(conditions_in(lower[a:b]).beyond_premise for a, b in spans):
        # a named condition (a US backstop, a mandate) with no cue: the subject's; a bare
        # "if ..." clause is too weak to hang on whoever is mentioned first
        subjects = [m for m in mentions if m.nation and not governed(s.folded, m.start)]
        targets = [m for m in subjects if inside(m.start)][:1] or subjects[:1]
    strong = bool(_STRONG_IF.search(lower))
    nations = {h.nation for h in targets if h.nation}
    # readiness that a condition governs is conditional, not willing
    out = [
        Evidence(e.nation, Stance.CONDITIONAL, e.weight, e.sentence, e.cue, e.holder, e.at)
        if strong and e.stance is Stance.WILLING and e.nation in nations and inside(e.at)
        else e
        for e in out
    ]
    seen: set[str] = set()
    for h in targets:
        if h.nation and h.nation not in seen:
            seen.add(h.nation)
            out.append(Evidence(h.nation, Stance.CONDITIONAL, 1.6, s.index, "condition", h))
    return out


def _own_troops(lower: str, span: tuple[int, int], nation: str, mentions: list[Mention]) -> bool:
    """Whether an objection is to sending the holder's own troops ("its own soldiers")."""
    a, b = span
    if re.search(r"\b(?:our|its|their|his|her|own)\b", lower[a:b]):
        return True
    return any(m.nation == nation and m.how == "demonym" and a <= m.start < b for m in mentions)


def _announced(lower: str, span: tuple[int, int], stance: Stance, att: Attribution) -> bool:
    """Whether a leader announces what the coalition's members pledged ("Macron said 26 allies
    have vowed to deploy"): the announcer leads."""
    if stance is not Stance.WILLING or att.speech_at is None:
        return False
    if att.speech_at >= span[0] or att.in_quote(span[0]):
        return False
    return bool(_COALITION_COUNT.search(lower, att.speech_at, span[0]))
