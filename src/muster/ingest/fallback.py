"""The fallback labeller: nations the article makes participants but no stance cue reached.

The cue table (`cues.py`) covers the phrasings it knows; new articles keep bringing others ("the
call is being arranged by", "talked about deploying troops"). So every nation the cues leave
without a stance becomes a **candidate**. Its mentions are described by features — speaker,
subject, possessive, enumerated or governed by which preposition; whether the words after it
are about the force (sending, deploying, joining, guaranteeing, troops, the coalition); how many
of its sentences are; whether a stance cue follows it; whether it is named with the war itself
("Russia's invasion") — and a logistic model trained offline on the labelled passages
(`model.py`, `fallback_model.json`) says whether the article gives it a stance. A second,
six-class model picks the stance from weaker evidence: the word families of its clause (the
force, readiness, leading, negation, modality, conditions, rejection) and any cue after it that
no holder claimed. Such proposals carry a low confidence and the cue `fallback`, so the analyst
who reviews them sees where they came from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from muster.domain import Stance
from muster.ingest.attribution import Attribution
from muster.ingest.holders import governed, group_of
from muster.ingest.mentions import Mention
from muster.ingest.prefilter import KeyIndex, required
from muster.ingest.stance import CueMatch, unquoted
from muster.ingest.text import Sentence

# Families of words, as meanings rather than phrases: what the words near a nation are about.
# The other languages give the same families in their own words (`[families]` of
# languages/<code>.toml), so the model trained on English reads them too (`describe`).
FAMILIES: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{rx})\b")
    for name, rx in {
        "force": r"coalition|force|forces|troops?|soldiers|servicem[ae]n|personnel|peacekeep\w*|"
        r"contingents?|missions?|boots|reassurance|multinational|military presence|brigades?|"
        r"battalions?|units|jets|warships|navy|naval|air policing|on the ground",
        "send": r"send\w*|sent|deploy\w*|dispatch\w*|station\w*|contribut\w+|provid\w+|put\w*|"
        r"base|basing|patrol\w*|monitor\w*|police|policing|secur\w+|protect\w*|assum\w+|"
        r"responsibility",
        "join": r"participat\w+|take part|taking part|took part|join\w*|part of|members?|"
        r"involved|involvement",
        "guarantee": r"guarantee\w*|guarantor\w*|backstop\w*|security assurances?|deterr\w+|"
        r"security arrangements?|safety net",
        "ready": r"ready|readiness|prepared|willing\w*|pledg\w+|commit\w*|promis\w+|vow\w*|"
        r"agree\w*|offer\w*|volunteer\w*|intend\w*|plans?|planning|decided|determined",
        "lead": r"lead\w*|led|host\w*|chair\w*|co-chair\w*|conven\w+|spearhead\w*|organi[sz]\w+|"
        r"arrang\w+|initiat\w+|pioneer\w*|champion\w*|architects?|launch\w*|steer\w*|"
        r"coordinat\w+|headquarter\w*",
        "meeting": r"meeting|meetings|summit|talks|call|videoconference|video ?call|conference|"
        r"attend\w*|gather\w*|represented|visit\w*|met",
        "neg": r"not|no|never|n't|nor|neither|without|refus\w+|declin\w+|rul\w+ out|unwilling|"
        r"reluctan\w+|instead|rather than|stay\w* out|keep\w* out|abstain\w*|distanc\w+|"
        r"neutral\w*",
        "modal": r"may|might|could|would|possib\w+|potential\w*|perhaps|likely|consider\w*|"
        r"open\w*|weigh\w*|explor\w*|whether|hint\w*|talked about|discuss\w*|unclear|yet",
        "condition": r"if|unless|provided|only|requir\w+|depend\w*|condition\w*|must|mandate|"
        r"approv\w+|backing|crucial|essential|necessary|in principle",
        "oppose": r"reject\w*|oppos\w+|condemn\w*|denounc\w+|against|unacceptable|hostile|"
        r"escalat\w+|threat\w*|provocat\w+|targets?|interven\w+|dismiss\w*|warn\w*",
        "war": r"war|invasion|invad\w+|aggression|attacks?|attacked|strikes?|drones?|missiles?|"
        r"offensive|occupied|frontline|front line|sanctions?|pressure|oil|gas|energy|refugees?|"
        r"border|borders|territory|airspace|negotiat\w+",
        "support": r"support\w*|back\w*|aid|assist\w*|help\w*|solidarity|stands? with",
        "speech": r"said|says|told|stated|announced|declared|stressed|warned|noted|added|"
        r"insisted|according to|emphasi[sz]ed|confirmed|reiterated|explained|argued|wrote|asked",
        "opinion": r"believes?|thinks?|expects?|predict\w*|analysts?|experts?|observers?|"
        r"speculat\w+|reportedly",
    }.items()
}
_FAMILY_KEYS = KeyIndex([required(rx) for rx in FAMILIES.values()])
# the families that make a sentence about the force ("topical")
TOPICAL = frozenset({"force", "send", "join", "guarantee"})
# a clause ends at a semicolon or colon, a contrast, or a relative pronoun after a comma
_CLAUSE_END = re.compile(
    r"[;:]|,\s+(?:but|while|whereas|which|who|although|though)\b|\s(?:but|while|whereas)\s"
)
_CLAUSE_START = re.compile(r"[;:]|\b(?:but|while|whereas|although|though|and)\b")
_ENUMERATED = re.compile(
    r"\b(?:including|such as|notably|namely|like|especially|particularly|among them|"
    r"in particular)\s+(?:the\s+)?(?:[\w'.-]+\s*,?\s*(?:and|or)?\s+){0,8}$"
)
_PREPOSITION = re.compile(r"\b([a-z]+)\s+(?:the\s+)?(?:[A-Z][\w'.-]*\s+){0,3}$")
_KNOWN_PREPOSITIONS = frozenset(
    {"in", "at", "by", "with", "from", "to", "for", "of", "on", "among", "against", "between"}
)
# taking part in a meeting is no stance on the force ("Sanchez participated in the meeting",
# "a summit of the leaders of France, Germany ...", "26 leaders including Canada took part")
_ATTENDS = re.compile(
    r"\b(?:participat\w+ in|t[oa]ke?n? part in|took part in|taking part in|attend\w*|"
    r"represented at|(?:summit|meeting|talks|call|gathering|videoconference) (?:of|with|between)|"
    r"(?:joined|join) (?:a |the )?(?:\w+ )?(?:call|meeting|summit|talks))\b|"
    r"\btook part\b|\bmet\b|\bgathered\b"
)
# a demonym that is only an adjective ("the French and British proposal") names no state
_STATE_NOUN = re.compile(
    r"^(?:[\s,-]+(?:and|or|\w+)){0,2}?\s*(?:government|troops|soldiers|forces|military|army|"
    r"officials?|authorities|leaders?|cabinet|side|administration|ministry|diplomats?|sources|"
    r"spokes\w+|parliament|president|prime minister|chancellor|defen[cs]e|foreign|personnel|"
    r"contingent|peacekeepers|boots|participation|position|stance|people|units|jets|ships|"
    r"navy|air force|companies|brigade|battalion|minesweepers|instructors|engineers)\b"
)
# "Russia's war", "Russia's invasion": the nation named as the war's party
_WAR_OWN = re.compile(r"(?:'s?\s+)?(?:\w+\s+)?(?:war|invasion|aggression|attacks?)\b")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One sentence in which a candidate nation is mentioned: the label model's features there
    (`features`), the stance model's (`stance_features`), and the mention itself."""

    nation: str
    sentence: int
    features: frozenset[str]
    stance_features: frozenset[str]
    mention: Mention
    text: str  # the sentence, folded
    cue: Stance | None = None  # the stance of the first cue after the mention, no holder's

    @property
    def topical(self) -> bool:
        """Whether its sentence talks about the force, the coalition or contributing to it, or
        a stance cue follows the nation there."""
        return "topic:sentence" in self.features or self.cue is not None


def family_hits(
    lower: str, families: Mapping[str, re.Pattern[str]] = FAMILIES
) -> list[tuple[int, str]]:
    """(position, family) of every family word in the sentence, in order."""
    if families is FAMILIES:
        return list(_english_hits(lower))
    hits = [(m.start(), name) for name, rx in families.items() for m in rx.finditer(lower)]
    hits.sort()
    return hits


@lru_cache(maxsize=64)
def _english_hits(lower: str) -> tuple[tuple[int, str], ...]:
    # the fallback and the stance arbiter read the same sentences' family words; a family none
    # of whose words is in the sentence is not run
    run = _FAMILY_KEYS.candidates(lower)
    return tuple(
        sorted(
            (m.start(), n)
            for i, (n, rx) in enumerate(FAMILIES.items())
            if i in run
            for m in rx.finditer(lower)
        )
    )


def _between(hits: list[tuple[int, str]], a: int, b: int) -> set[str]:
    return {name for at, name in hits if a <= at < b}


def _right_clause(
    lower: str, end: int, clause_end: re.Pattern[str] = _CLAUSE_END
) -> tuple[int, int]:
    stop = clause_end.search(lower, end)
    return end, min(stop.start() if stop else len(lower), end + 200)


def _left_clause(
    lower: str, start: int, clause_start: re.Pattern[str] = _CLAUSE_START
) -> tuple[int, int]:
    begin = 0
    for m in clause_start.finditer(lower, 0, start):
        begin = m.end()
    return max(begin, start - 120), start


def _role(s: Sentence, m: Mention, att: Attribution, ms: Sequence[Mention]) -> tuple[str, ...]:
    """Speaker, possessive, enumerated, governed (by which preposition) or subject; a member
    of a coordinated list ("the leaders of France, Germany and Italy") takes its first's."""
    text = s.folded
    if any(sp.nation == m.nation for sp in att.speakers):
        return ("speaker",)
    m = group_of([x for x in ms if x.nation], m, text)[0]
    if m.possessive:
        return ("possessive",)
    if _ENUMERATED.search(text[: m.start].lower()):
        return ("enumerated",)
    if governed(text, m.start):
        prep = _PREPOSITION.search(text[: m.start])
        word = prep.group(1).lower() if prep else ""
        return ("governed", f"prep:{word if word in _KNOWN_PREPOSITIONS else 'other'}")
    return ("subject",)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """What `describe` reads a sentence with: the word families, where a clause ends and
    starts, and English-only patterns (None in other languages: their features stay unset)."""

    families: Mapping[str, re.Pattern[str]]
    clause_end: re.Pattern[str]
    clause_start: re.Pattern[str]
    attends: re.Pattern[str] | None = None
    war_own: re.Pattern[str] | None = None
    state_noun: re.Pattern[str] | None = None


ENGLISH = Lexicon(FAMILIES, _CLAUSE_END, _CLAUSE_START, _ATTENDS, _WAR_OWN, _STATE_NOUN)


def describe(
    lower: str,
    hits: list[tuple[int, str]],
    m: Mention,
    roles: tuple[str, ...],
    *,
    quoted: bool,
    first: bool,
    lexicon: Lexicon = ENGLISH,
) -> tuple[frozenset[str], frozenset[str]]:
    """The label model's and the stance model's features of mention `m` in a sentence (`lower`,
    its family words `hits` from `family_hits`), given its `roles` (`_role`'s; empty where
    they are not known: every role feature is then absent, the neutral value)."""
    sentence = {name for _, name in hits}
    r_start, r_end = _right_clause(lower, m.end, lexicon.clause_end)
    right = _between(hits, r_start, r_end)
    left = _between(hits, *_left_clause(lower, m.start, lexicon.clause_start))
    f = set(roles)
    f.add(f"how:{m.how or m.kind}")
    if right & TOPICAL:
        f.add("topic:after")
    if sentence & TOPICAL:
        f.add("topic:sentence")
        if roles:
            f.add(f"{roles[0]}&topic")
    if "war" in sentence:
        f.add("war:sentence")
    if lexicon.war_own and lexicon.war_own.match(lower, m.end):
        f.add("war:own")
    if lexicon.attends and lexicon.attends.search(lower, r_start, r_end):
        f.add("attends:after")  # "Sanchez participated in the meeting"
    if lexicon.attends and lexicon.attends.search(lower, max(0, m.start - 160), m.start):
        f.add("attends:before")  # "a summit of the leaders of France, Spain ..."
    if any(at < m.start and name == "opinion" for at, name in hits):
        f.add("opinion:before")
    if (
        m.how == "demonym"
        and lexicon.state_noun
        and not lexicon.state_noun.match(lower[m.end : m.end + 40])
    ):
        f.add("demonym:adjective")
    if "speech" in sentence:
        f.add("speech")
    if quoted:
        f.add("quoted")
    if first:
        f.add("first-paragraph")  # the article's first paragraph
    st = {f"R:{x}" for x in right} | {f"L:{x}" for x in left}
    st.update(r for r in roles if not r.startswith("prep:"))
    if m.nation == "RUS":
        st.add("nation:RUS")
    return frozenset(f), frozenset(st)


def occurrences(
    sentences: Sequence[Sentence],
    mentions: Sequence[Sequence[Mention]],
    attributions: Sequence[Attribution],
    cue_matches: Sequence[tuple[CueMatch, ...]],
    skip: frozenset[str],
) -> dict[str, list[Occurrence]]:
    """Every sentence mentioning each nation not in `skip`, described, by nation.

    `cue_matches` are each sentence's cue matches (`stance.cue_matches` of its unquoted text).
    """
    out: dict[str, list[Occurrence]] = {}
    for s, ms, att, found in zip(sentences, mentions, attributions, cue_matches, strict=True):
        wanted = [m for m in ms if m.nation is not None and m.nation not in skip]
        if not wanted:
            continue
        lower = unquoted(s.lower)
        hits = family_hits(lower)
        sentence = {name for _, name in hits}
        topical = bool(sentence & TOPICAL)
        cues = found if topical or att.speakers else ()
        seen: set[str] = set()
        for m in wanted:
            nation = m.nation
            if nation is None or nation in seen:
                continue
            seen.add(nation)
            roles = _role(s, m, att, ms)
            f, st = describe(
                lower, hits, m, roles, quoted=att.in_quote(m.start), first=s.paragraph == 0
            )
            after = [stance for _cue, (a, _b), stance in cues if a >= m.end]
            out.setdefault(nation, []).append(
                Occurrence(
                    nation,
                    s.index,
                    f,
                    st,
                    m,
                    s.folded,
                    next(iter(after), None),
                )
            )
    return out


def nation_features(nation: str, found: Sequence[Occurrence]) -> frozenset[str]:
    """The label model's features of one nation over the article: what any of its sentences
    shows, how many sentences name it (and how many of those are about the force, with it as
    subject or speaker, or with a cue after it), and whether it is Russia or the United States,
    whose passing mentions as a party to the war or the talks are common."""
    feats: set[str] = set(deciding(found).features)
    counts = {
        "sentences": len(found),
        "topical": sum(1 for o in found if "topic:sentence" in o.features),
        "topical-subject": sum(1 for o in found if o.features & {"subject&topic", "speaker&topic"}),
    }
    feats.update(f"{k}:{min(v, 3)}{'+' if v >= 3 else ''}" for k, v in counts.items())
    if nation in ("RUS", "USA"):
        feats.add(f"nation:{nation}")
    return frozenset(feats)


def deciding(found: Sequence[Occurrence]) -> Occurrence:
    """The occurrence whose sentence says most about the nation: a cue after it, then the
    force in its clause with it as subject or speaker, then the first."""

    def rank(o: Occurrence) -> tuple[int, int, int, int]:
        f = o.features
        return (
            o.cue is not None,
            bool(f & {"subject&topic", "speaker&topic"}),
            "topic:after" in f,
            -o.sentence,
        )

    return max(found, key=rank)
