"""Article → proposed statements: one stance per nation the article labels, with its evidence.

`ingest_article` runs the stages (sentences, mentions, attribution, cues, conditions) and
aggregates each nation's evidence into one proposal: the stance with the most weight (a leading
role outranks readiness; ties go to the more specific or more cautious stance), the sentence
that weighed most for it, the speaker, the conditions and contributions named, a confidence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from muster.domain import Stance, Statement, StatementStatus
from muster.ingest.arbiter import features as arbiter_features_of
from muster.ingest.article import Article
from muster.ingest.attribution import Attribution, Attributor
from muster.ingest.catalogue import ConditionCatalogue, NamedCondition
from muster.ingest.conditions import (
    KINDS,
    PARLIAMENTS,
    Conditions,
    conditions_in,
    contributions_in,
)
from muster.ingest.cues import (
    BEHALF_OF_TEXT,
    ISSUED_TEXT,
    JOINT_AGAINST,
    JOINT_TEXT,
    LEADERS_TEXT,
    NAMES_TEXT,
    REFERS_BACK,
    SIGNED_BY,
    SIGNED_IT,
    SIGNED_TEXT,
)
from muster.ingest.detect import language_of
from muster.ingest.fallback import (
    FAMILIES,
    Occurrence,
    deciding,
    nation_features,
    occurrences,
)
from muster.ingest.gazetteer import Gazetteer
from muster.ingest.holders import (
    LEADERS_OF,
    MAX_GROUP,
    NOT_MEMBER_OF,
    governed,
    group_after,
    group_of,
    texts_backing,
)
from muster.ingest.mentions import Mention, MentionFinder
from muster.ingest.model import ArbiterModel, FallbackModel
from muster.ingest.multilingual import Found, Named
from muster.ingest.multilingual import read as read_foreign
from muster.ingest.multilingual_fallback import guesses
from muster.ingest.stance import CueMatch, Evidence, Reading, sentence_evidence
from muster.ingest.text import Sentence, sentences_of

# The mission's host is what the coalition is about, not a contributor to it.
DEFAULT_EXCLUDE = frozenset({"UKR"})
# Tie-break: the more specific, then the more cautious stance wins.
_TIE_ORDER = (
    Stance.LEAD,
    Stance.OPPOSED,
    Stance.CONDITIONAL,
    Stance.SKEPTICAL,
    Stance.UNDECIDED,
    Stance.WILLING,
)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed statement: what the article supports for one nation."""

    nation: str
    stance: Stance
    speaker: str | None
    office: str | None
    quote: str
    evidence: str
    sentence: int
    conditions: tuple[NamedCondition, ...]
    contributions: tuple[str, ...]
    confidence: float
    cues: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "nation": self.nation,
            "speaker": self.speaker,
            "office": self.office,
            "stance": self.stance.value,
            "quote": self.quote,
            "evidence": self.evidence,
            "conditions": [c.as_json() for c in self.conditions],
            "contributions": list(self.contributions),
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Everything one article yields: proposals (one per nation) and flags for the analyst."""

    date: date
    proposals: tuple[Proposal, ...]
    flags: tuple[str, ...] = ()
    language: str = "en"  # ISO 639-1: the language the article was read in

    @property
    def nations(self) -> dict[str, str]:
        return {p.nation: p.stance.value for p in self.proposals}

    def as_json(self) -> dict[str, Any]:
        """The `muster ingest --json` object: date, statements, nations (and the language,
        when not English)."""
        out: dict[str, Any] = {
            "date": self.date.isoformat(),
            "statements": [p.as_json() for p in self.proposals],
            "nations": self.nations,
        }
        if self.language != "en":
            out["language"] = self.language
        return out


@dataclass
class _Read:
    sentences: list[Sentence]
    mentions: list[list[Mention]]
    attributions: list[Attribution]
    evidence: list[Evidence] = field(default_factory=list)
    held: dict[int, list[Mention]] = field(default_factory=dict)
    conditions: list[Conditions] = field(default_factory=list)
    cues: list[tuple[CueMatch, ...]] = field(default_factory=list)
    subjects: Counter[tuple[str, str]] = field(default_factory=Counter)
    flags: dict[str, str] = field(default_factory=dict)


def _subject_group(s: Sentence, mentions: list[Mention], att: Attribution) -> list[Mention]:
    if att.speakers:
        return att.speakers
    first = [m for m in mentions if m.nation or m.flag]
    first = [m for m in first if not governed(s.folded, m.start) and not m.possessive]
    if not first:
        return []
    # the group the first subject belongs to: "Orban and Robert Fico, ..., have demanded"
    lead = first[0]
    following = [m for m in first if m.start >= lead.start][:MAX_GROUP]
    group = [lead]
    for m in following[1:]:
        if group_of(following, m, s.folded)[0] is lead or m.start == lead.start:
            group.append(m)
    return group


_PAIRED = re.compile(r"\s*(?:,|and|, and|as well as)\s*(?:the\s+)?")


def _second_of_governed_pair(s: Sentence, mentions: list[Mention], m: Mention) -> bool:
    """ "a meeting between Lammy and Vance": the second of a pair a preposition governs is no
    subject either (it counts for no article-level speaker)."""
    return any(
        g.end <= m.start
        and (g.nation or g.flag)
        and _PAIRED.fullmatch(s.folded[g.end : m.start])
        and governed(s.folded, g.start)
        for g in mentions
    )


# "According to Clarke, ...": a person the gazetteer lacks (or an outlet) speaks
_ACCORDING_NAME = re.compile(r"\b[Aa]ccording to ((?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)\s*,")


def _unknown_voice(s: Sentence, mentions: list[Mention]) -> bool:
    """Whether the sentence is credited to a name no mention stands for."""
    m = _ACCORDING_NAME.search(s.folded)
    return m is not None and not any(x.overlaps(m.start(1), m.end(1)) for x in mentions)


# "the coming Putin-Trump meeting", "the Trump administration's plan": a name as a modifier
_MODIFIER_AFTER = re.compile(
    r"(?:\s*[-/]\s*[A-Z][\w'.-]*)+|'s?\s|\s+(?:meeting|summit|talks|call|plan|proposal|deal|"
    r"era|doctrine)\b"
)


def _acts(s: Sentence, mentions: list[Mention], m: Mention, att: Attribution) -> bool:
    """Whether a person in the sentence's subject group acts or speaks in it, for the
    article-level speaker: not the owner of the voice that speaks ("the prime minister's
    spokesman said"), not a name used as a modifier or a possessor ("join Keir Starmer's
    coalition", "the Putin-Trump meeting"), not the second of a pair a preposition governs,
    and nobody when an unnamed spokesperson or officials speak."""
    if m.kind == "actor" and m not in att.voices and _MODIFIER_AFTER.match(s.folded, m.end):
        return False
    return not (att.unnamed or _proxied(s, m) or _second_of_governed_pair(s, mentions, m))


def _read(article: Article, gazetteer: Gazetteer) -> _Read:
    finder = MentionFinder(gazetteer, article.date)
    attributor = Attributor()
    sentences = sentences_of(article.paragraphs)
    read = _Read(sentences, [], [])
    for s in sentences:
        mentions = finder.find(s)
        att = attributor.attribute(s, mentions)
        read.mentions.append(mentions)
        read.attributions.append(att)
        if _unknown_voice(s, mentions):
            # "According to Clarke, ...": he/she next is that voice, not the last person named
            finder.ctx.last_by_gender.clear()
        subjects = _subject_group(s, mentions, att)
        finder.note_subjects(s, [m for m in subjects if m.kind in ("actor", "pronoun")] or subjects)
        for m in att.finer if att.finer is not None else subjects:
            if m.actor and m.nation and _acts(s, mentions, m, att):
                read.subjects[(m.nation, m.actor)] += 1
    _continue_across_breaks(read)
    previous: Reading | None = None
    for s, mentions, att in zip(sentences, read.mentions, read.attributions, strict=True):
        named = conditions_in(s.lower)
        read.conditions.append(named)
        reading = sentence_evidence(s, mentions, att, named)
        if previous is not None and not reading.evidence:
            reading.evidence.extend(_enumerated(s, mentions, previous))
        read.evidence.extend(reading.evidence)
        read.held[s.index] = reading.held
        read.cues.append(reading.cues)
        previous = reading
    read.evidence.extend(_signatories(read))
    read.flags = finder.ctx.flags
    return read


# "did not sign the joint declaration", "refused to sign": no signatory
_UNSIGNED = re.compile(r"\b(?:not|n't|never|refus\w+|declin\w+|without)\s+(?:\w+\s+)?$")
_AT = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$")
# what in a joint text backs the force: its forces or the guarantees (not the coalition alone)
_BACKS = re.compile(rf"{FAMILIES['force'].pattern}|{FAMILIES['guarantee'].pattern}")


# clauses of a sentence: a warning in one ("..., and the leaders of Russia denounced it") does
# not undo the force another backs
_CLAUSE_BREAK = re.compile(r";|,?\s+(?:and|but|while|whereas)\s+(?=(?:the\s+)?\w+)")


def _backs_the_force(lower: str) -> bool:
    """Whether a clause of a sentence names the force or its guarantees (not the coalition
    alone) and no warning, condemnation or refusal of it."""
    return any(
        not JOINT_AGAINST.search(clause)
        and any(not m.group().startswith("coalition") for m in _BACKS.finditer(clause))
        for clause in _CLAUSE_BREAK.split(lower)
    )


def _text_backs(ss: list[Sentence], j: int) -> bool:
    """Whether the joint text named in sentence `j` backs the force: said in its own sentence,
    or in the next one when that one speaks of the text ("The declaration ...", "It ...")."""
    if _backs_the_force(ss[j].lower):
        return True
    nxt = ss[j + 1].lower if j + 1 < len(ss) else ""
    return (
        bool(REFERS_BACK.search(nxt))
        and _backs_the_force(nxt)
        and not JOINT_AGAINST.search(ss[j].lower)
    )


# ", and the leaders of Russia and Belarus denounced it": a new list with its own verb
_OWN_VERB = re.compile(r"\s+(?:(?:have|has|had|also|then|all)\s+)*\w+(?:ed|ced)\b")
_AND_LEADERS = re.compile(r",?\s*and\s+")


def _own_clause(group: list[Mention], lower: str) -> list[Mention]:
    """`group` up to a ", and the leaders of ..." that opens a clause with its own verb."""
    if not _OWN_VERB.match(lower, group[-1].end):
        return group
    for k in range(1, len(group)):
        gap = lower[group[k - 1].end : group[k].start]
        if LEADERS_OF.fullmatch(gap) and _AND_LEADERS.match(gap):
            return group[:k]
    return group


def _signatories(read: _Read) -> list[Evidence]:
    """Convention h: each state in the list of signatories of a joint statement or declaration
    that backs the force or its guarantees (said in the text's own sentence, or in the next one
    when that one speaks of the text) is willing ("In a joint statement issued on behalf of the
    leaders of Germany, Denmark, ... the leaders set out a framework. The proposed multinational
    force would ..."). The list is read as a host's list of committed states is (`group_after`);
    its speaker is left to `_speaker`, so a named leader who signs speaks for his state and the
    others have none. A state the sentence's cues find opposed or skeptical is not listed.
    Across the article, a sentence that names or speaks of a text backing the force however far
    away ("The statement was also signed by ...") is read too (`texts_backing`)."""
    out: list[Evidence] = []
    ss = read.sentences
    lows = [s.lower for s in ss]
    backing = texts_backing(
        [bool(JOINT_TEXT.search(x) or LEADERS_TEXT.search(x)) for x in lows],
        [bool(NAMES_TEXT.search(x)) for x in lows],
        [bool(JOINT_AGAINST.search(x)) for x in lows],
        [_backs_the_force(x) for x in lows],
    )
    for i, s in enumerate(ss):
        lower = s.lower
        # the joint text in this sentence or just before ("The final declaration ... . It was
        # signed by ..."), backing the force there or in the sentence after it
        texts = [j for j in (i, i - 1) if j >= 0 and JOINT_TEXT.search(ss[j].lower)]
        if (
            not any(_text_backs(ss, j) for j in texts)
            and not (
                # "The declaration was signed by ...": the text named before, backing the force
                # in the sentence just before this one
                i
                and REFERS_BACK.search(lower)
                and _backs_the_force(ss[i - 1].lower)
                and backing.get(i) is not False  # not a sentence of a text backing nothing
            )
            and not backing.get(i)  # the text or a sentence on it, anywhere in the article
        ):
            continue
        # a venue ("adopted by leaders in Paris") signs nothing
        mentions = [m for m in read.mentions[i] if m.nation and not _AT.search(lower, 0, m.start)]
        listed: list[Mention] = []
        for marker in SIGNED_BY.finditer(lower):
            after = [m for m in mentions if m.start >= marker.end()]
            if not after or _UNSIGNED.search(lower, 0, marker.start()):
                continue
            if marker.group("behalf") and not BEHALF_OF_TEXT.search(lower, 0, marker.start()):
                continue  # "Macron spoke on behalf of France at the summit"
            first = min(after, key=lambda m: m.start)
            leaders = LEADERS_OF.fullmatch(lower, marker.end(), first.start)
            # "a statement (issued) by leaders from X, Y": an unqualified text of leaders
            verb = marker.group("verb") or ""
            plain_text = (
                marker.group("bare") or ("signed" in verb) or (verb == "issued" and leaders)
            )
            if (marker.group("bare") or verb) and not (
                SIGNED_TEXT if plain_text else ISSUED_TEXT
            ).search(lower, 0, marker.start()):
                continue  # "a multinational force, endorsed by the United States"
            if leaders or re.fullmatch(
                r"\s*(?:the\s+)?(?:\w+\s+){0,2}", lower[marker.end() : first.start]
            ):
                listed += _own_clause(
                    group_after(after, first, lower, leaders=True, limit=10**6), lower
                )[:MAX_GROUP]
        for verb in SIGNED_IT.finditer(lower):
            if _UNSIGNED.search(lower, 0, verb.start()):
                continue
            cut = max(lower.rfind(c, 0, verb.start()) for c in (";", ":"))
            subject = [m for m in mentions if cut < m.start and m.end <= verb.start()]
            if subject:
                first = min(subject, key=lambda m: m.start)
                group = group_after(subject, first, lower, leaders=True, limit=10**6)
                if max(m.end for m in group) >= max(m.end for m in subject):
                    listed += group[:MAX_GROUP]  # the list runs up to the verb: its subject
        against = {
            e.nation
            for e in read.evidence
            if e.sentence == s.index and e.stance in (Stance.OPPOSED, Stance.SKEPTICAL)
        }
        seen: set[str] = set()
        for m in listed:
            if m.how == "region":
                continue  # "the Nordic states and others" names no signatory of its own
            if m.nation and m.nation not in seen and m.nation not in against:
                seen.add(m.nation)
                out.append(Evidence(m.nation, Stance.WILLING, 1.0, i, "signatory", m, m.start))
    return out


# "These include Poland and Italy.", "Among the countries named are ...": the states the
# previous sentence's generic subject stood for ("Several countries will not send troops.")
_ENUMERATION_OPENER = re.compile(
    r"^(?:(?:and|but|so)\s+)?(?:these|those|they|among (?:them|those|these|the \w+(?: \w+)?)|"
    r"the (?:\w+ )?(?:countries|nations|states|allies) (?:named|mentioned|listed|in question)?)\s*"
    r"(?:include|included|are|were|being|:|-)"
)


def _evidence_by_nation(read: _Read, skip: frozenset[str]) -> dict[str, list[Evidence]]:
    """The cues' evidence per nation, in reading order, leaving out the nations in `skip`."""
    by_nation: dict[str, list[Evidence]] = defaultdict(list)
    for e in read.evidence:
        if e.nation not in skip:
            by_nation[e.nation].append(e)
    return by_nation


def _enumerated(s: Sentence, mentions: list[Mention], previous: Reading) -> list[Evidence]:
    opener = _ENUMERATION_OPENER.match(s.lower)
    if opener is None or not previous.unheld:
        return []
    named = [m for m in mentions if m.nation and m.start >= opener.end() and m.kind == "nation"]
    if not named:
        return []
    stance, weight, cue = max(previous.unheld, key=lambda u: u[1])
    group = group_after(named, min(named, key=lambda m: m.start), s.folded)
    return [
        Evidence(m.nation, stance, weight, s.index, f"{cue} (enumerated)", m)
        for m in group
        if m.nation
    ]


def _continue_across_breaks(read: _Read) -> None:
    """A first-person sentence with no speaker takes the speaker of the next sentence in the
    same paragraph when that one names one ("We will not send troops. Our goal ... - said X")."""
    ss, atts = read.sentences, read.attributions
    for i in range(len(ss) - 1, -1, -1):
        if atts[i].speakers or not Attributor.first_person(ss[i]):
            continue
        j = i + 1
        same = j < len(ss) and ss[j].paragraph == ss[i].paragraph and atts[j].speakers
        if same and (Attributor.first_person(ss[j]) or atts[j].how == "inverted"):
            atts[i].speakers = atts[j].speakers
            atts[i].how = "next-sentence"
    for i in range(1, len(ss)):
        # "X: We believe ... . We have never considered ..." — the same voice goes on
        prev = atts[i - 1]
        if atts[i].speakers or not Attributor.first_person(ss[i]) or not prev.speakers:
            continue
        if ss[i - 1].paragraph == ss[i].paragraph and Attributor.first_person(ss[i - 1]):
            atts[i].speakers, atts[i].how = prev.speakers, "same-voice"


# lead read from what a leader announces, not from a role the article names
_INFERRED = frozenset({"announces", "fallback"})
# what a nation may say that is not readiness: a leading role gives way to these only
# (being undecided about one's own troops is not: the role stated once is the article's)
_CONTRARY = (Stance.CONDITIONAL, Stance.SKEPTICAL, Stance.OPPOSED)
# what an arbiter may not put in place of a stated leading role: readiness, or no stance yet
_UNDER_A_ROLE = frozenset({Stance.WILLING.value, Stance.UNDECIDED.value})


def _holds_a_stance(o: Occurrence) -> bool:
    """Whether a mention could carry the nation's own stance: it speaks, or it is the subject
    of a sentence about the force that does not merely say it attended."""
    f = o.features
    if o.cue is None and (
        _SUPPORT_ONLY.search(o.text) or _ATTENDS_ONLY.match(o.text, o.mention.end)
    ):
        return False  # affirming support for Ukraine, or attending, is not willingness
    if o.mention.how == "metonym" and (
        _VENUE_BEFORE.search(o.text, max(0, o.mention.start - 12), o.mention.start)
        or _EVENT_AFTER.match(o.text, o.mention.end)
    ):
        return False  # "the Paris declaration", "a summit in London": a place, not the state
    if "speaker" in f:
        return True
    if _MET.search(o.text, max(0, o.mention.start - 60), o.mention.start):
        return False  # "after meeting French President Emmanuel Macron": whom one met
    if _LISTED_AFTER.match(o.text, o.mention.end):
        return False  # "35 countries, Canada and Japan among them": members, not subjects
    return "subject" in f and o.topical and not f & {"attends:after", "attends:before"}


def _outside_group(mentions: list[Mention], o: Occurrence, nation: str) -> bool:
    """Whether the sentence of `o` says the nation is not among a group ("Japan is not among
    the 26 countries that pledged")."""
    return any(m.nation == nation and NOT_MEMBER_OF.match(o.text, m.end) for m in mentions)


# general support for Ukraine (LABELLING: not willingness to contribute to the force)
_SUPPORT_ONLY = re.compile(
    r"\b(?:stands?|standing|stood) (?:(?:firmly|shoulder to shoulder|side by side|together) )?"
    r"(?:with|by|behind) (?:ukraine|kyiv|the ukrainian people)\b|"
    r"\b(?:support|solidarity) (?:for|with) (?:ukraine|kyiv|the ukrainian people)\b",
    re.IGNORECASE,
)
# "... is also expected to take part.": attending, told after the nation or its leader
_ATTENDS_ONLY = re.compile(
    r"[\w\s,'.-]{0,60}?\b(?:is|are|was|were|will)\s+(?:also\s+)?(?:expected|due|set|scheduled)\s+"
    r"to\s+(?:take part|attend|participate|join)\b|"
    r"[\w\s,'.-]{0,60}?\b(?:has |have |had )?(?:joined|joins) (?:[\w-]+ ){0,4}in (?:a |an |the )?"
    r"(?:[\w-]+ ){0,2}(?:summit|meeting|call|talks|video ?conference)\b",
    re.IGNORECASE,
)
# a capital or a seat of government as a venue or a modifier of an event or a document
_VENUE_BEFORE = re.compile(r"\b(?:in|at)\s+(?:the\s+)?$", re.IGNORECASE)
_EVENT_AFTER = re.compile(
    r"\s+(?:summit|meeting|talks|conference|format|process|communiqu[eé]|"
    r"statement|agreement|accords?|gathering|plan|declarations?)\b",
    re.IGNORECASE,
)
_LISTED_AFTER = re.compile(r"[\w\s,'.-]{0,60}?\bamong (?:them|others|these|those)\b", re.I)
_MET = re.compile(
    r"\b(?:meet|meets|meeting|met|visit(?:s|ed|ing)?|hosted|hosting|received|receiving|"
    r"(?:call|calls|called|spoke|speaking|talks|talked) (?:with|to))\s+(?:with\s+)?"
    r"(?:[\w.'-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _choose(scores: dict[Stance, float], *, role: bool = False) -> Stance:
    """The article's stance for one nation from its stances' weights. A role is the
    article's, not a sentence's: a nation the article names in a leading role (`role`: a
    cue naming the role, not a leader's announcement inferred as one) keeps `lead` unless
    the article also gives it a contrary stance (readiness is what leading implies, and
    indecision about its own troops does not undo the role); a
    contrary stance, or an inferred role, competes by weight. A condition qualifies
    readiness rather than competing with it: a nation ready in one sentence and stating a
    condition in another is conditional."""
    best = max(scores.values())
    lead = scores.get(Stance.LEAD, 0.0)
    contrary = max(scores.get(st, 0.0) for st in _CONTRARY)
    if lead > 0 and ((role and contrary == 0) or (lead >= 1.5 and lead >= 0.5 * best)):
        return Stance.LEAD
    top = [st for st in _TIE_ORDER if scores.get(st, 0.0) >= best - 1e-9]
    if top[0] in (Stance.WILLING, Stance.UNDECIDED) and scores.get(Stance.CONDITIONAL, 0.0) > 0:
        return Stance.CONDITIONAL
    return top[0]


def _decide(evidence: list[Evidence]) -> tuple[dict[Stance, float], Stance, Evidence]:
    """A nation's stance by the rules: its stances' weights, the winner, the deciding vote."""
    scores: dict[Stance, float] = defaultdict(float)
    for e in evidence:
        scores[e.stance] += e.weight
    role = any(e.stance is Stance.LEAD and e.cue not in _INFERRED for e in evidence)
    stance = _choose(scores, role=role)
    deciding_e = max(
        (e for e in evidence if e.stance == stance), key=lambda e: (e.weight, -e.sentence)
    )
    return scores, stance, deciding_e


def _arbiter_features(
    read: _Read,
    nation: str,
    evidence: list[Evidence],
    scores: dict[Stance, float],
    stance: Stance,
    deciding_e: Evidence,
) -> frozenset[str]:
    att = read.attributions[deciding_e.sentence]
    return arbiter_features_of(
        nation,
        evidence,
        scores,
        stance,
        deciding_e,
        read.sentences[deciding_e.sentence],
        role=any(e.stance is Stance.LEAD and e.cue not in _INFERRED for e in evidence),
        speaking=any(sp.nation == nation for sp in att.speakers),
        quoted=att.in_quote(deciding_e.at),
    )


def arbiter_examples(
    article: Article, gazetteer: Gazetteer, *, exclude: Iterable[str] = DEFAULT_EXCLUDE
) -> dict[str, tuple[frozenset[str], Stance]]:
    """Per nation the cues give a stance (English only): the arbiter's features and the
    rules' stance; for training and evaluating the arbiter."""
    read = _read(article, gazetteer)
    skip = frozenset(exclude)
    by_nation = _evidence_by_nation(read, skip)
    out = {}
    for nation, evidence in by_nation.items():
        scores, stance, deciding_e = _decide(evidence)
        feats = _arbiter_features(read, nation, evidence, scores, stance, deciding_e)
        out[nation] = (feats, stance)
    return out


def _quote_of(s: Sentence, att: Attribution) -> str:
    spans = [(a, b) for a, b in att.quotes if b - a > 3]
    if att.speakers and spans:
        parts = [s.text[a:b].strip("\"“”'‘’ ") for a, b in spans]
        return " … ".join(p for p in parts if p) or s.text
    return s.text


def candidates(
    article: Article, gazetteer: Gazetteer, *, exclude: Iterable[str] = DEFAULT_EXCLUDE
) -> tuple[dict[str, list[Occurrence]], set[str]]:
    """Every nation the article mentions (except `exclude`), described for the fallback
    labeller, and the nations the cues give a stance; for training and evaluating it."""
    read = _read(article, gazetteer)
    skip = frozenset(exclude)
    found = occurrences(read.sentences, read.mentions, read.attributions, read.cues, skip)
    return found, {e.nation for e in read.evidence if e.nation not in skip}


def ingest_article(
    article: Article,
    gazetteer: Gazetteer,
    *,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    conditions: ConditionCatalogue | None = None,
    fallback: FallbackModel | bool = True,
    arbiter: ArbiterModel | bool = True,
    language: str | None = None,
) -> IngestResult:
    """Proposals for every nation the article gives a stance for (except `exclude`).

    `language` (ISO 639-1) overrides detection; an article in a language the ingester does
    not read raises `UnsupportedLanguage` naming the supported ones. Articles not in English
    go to the lexical reader of `multilingual.py`.

    Conditions named resolve to `conditions` (a database's catalogue: what it lacks is
    proposed as new) or, without one, to the reference ids of their kinds. Nations the cues
    leave without a stance go to the fallback labeller (`fallback.py`): `True` uses the model
    shipped with Muster, a `FallbackModel` that one, `False` none (the cues alone). The
    stance arbiter (`arbiter.py`) may overrule the cues' stance of a nation they gave one:
    `True` the shipped model, an `ArbiterModel` that one, `False` the rules decide alone.
    """
    lang = language_of(article.text, language, where=article.name)
    catalogue = conditions or ConditionCatalogue.reference(gazetteer)
    model = FallbackModel.default() if fallback is True else fallback or None
    if lang != "en":
        return _ingest_foreign(article, gazetteer, lang, frozenset(exclude), catalogue, model)
    read = _read(article, gazetteer)
    skip = frozenset(exclude)
    by_nation = _evidence_by_nation(read, skip)
    guessed: dict[str, tuple[Evidence, float]] = {}
    if model is not None:
        found = occurrences(
            read.sentences, read.mentions, read.attributions, read.cues, skip | by_nation.keys()
        )
        for nation, occ in found.items():
            # "Hayashi said Japan is not among the 26 countries that pledged": a sentence that
            # puts the nation outside the group gives it none of the group's stance
            occ = [o for o in occ if not _outside_group(read.mentions[o.sentence], o, nation)]
            if not any(o.topical for o in occ):
                continue  # never named where the force or the coalition is talked about
            if not any(_holds_a_stance(o) for o in occ):
                continue  # only mentioned: a venue, an attendee, an object, a possessor
            p = model.labelled(nation_features(nation, occ))
            if p < model.threshold:
                continue
            o = deciding(occ)
            probs = model.stance.probabilities(o.stance_features)
            # a cue after the nation that no holder claimed says more than the word families
            stance = o.cue or Stance(max(probs, key=lambda k: probs[k]))
            e = Evidence(nation, stance, 0.5, o.sentence, "fallback", o.mention, o.mention.start)
            by_nation[nation].append(e)
            guessed[nation] = (e, p * (0.8 if o.cue else probs[stance.value]))
    judge = ArbiterModel.default() if arbiter is True else arbiter or None
    proposals = []
    for nation, evidence in by_nation.items():
        scores, stance, deciding_e = _decide(evidence)
        overruled = None
        if judge is not None and nation not in guessed:
            feats = _arbiter_features(read, nation, evidence, scores, stance, deciding_e)
            overruled = judge.overrule(feats, stance.value)
            if overruled is not None and stance is Stance.LEAD and overruled[0] in _UNDER_A_ROLE:
                overruled = None  # a leading role stated once beats readiness elsewhere
        if overruled is not None:
            stance = Stance(overruled[0])
        s = read.sentences[deciding_e.sentence]
        att = read.attributions[deciding_e.sentence]
        # the speaker is the one of a statement carrying the stance proposed: when the arbiter
        # overrules, the strongest evidence for its stance if the cues gave any
        carrying = [e for e in evidence if e.stance == stance]
        voiced = max(carrying, key=lambda e: (e.weight, -e.sentence), default=deciding_e)
        if stance is not Stance.LEAD and _voice_in(read, nation, voiced) is None:
            # a headline or the article's own voice gives the stance (not a role: see
            # _lead_speaker), and a person of the nation states the same stance elsewhere:
            # that person's is the statement
            spoken = [e for e in carrying if _voice_in(read, nation, e) is not None]
            voiced = max(spoken, key=lambda e: (e.weight, -e.sentence), default=voiced)
        speaker, office = _speaker(read, nation, voiced, read.attributions[voiced.sentence], stance)
        speaker = _full_name(read, nation, speaker)
        sentences = sorted({e.sentence for e in evidence})
        named: list[NamedCondition] = []
        contributions: list[str] = []
        for i in sentences:
            for c in _named(read, i, nation, catalogue):
                if c.id not in {n.id for n in named}:
                    named.append(c)
            for note in contributions_in(read.sentences[i].text, read.sentences[i].lower):
                if note not in contributions:
                    contributions.append(note)
        if overruled is not None:
            # the model's reading against the cues': reviewed before the cues' sure ones
            confidence = 0.5 * overruled[1]
        elif nation in guessed:
            # a guess from weaker evidence: never as confident as a cue, so it is reviewed first
            confidence = 0.4 * guessed[nation][1]
        else:
            total = sum(scores.values())
            confidence = (scores[stance] / total) * (0.55 + 0.4 * min(1.0, scores[stance] / 3.0))
        proposals.append(
            Proposal(
                nation=nation,
                stance=stance,
                speaker=speaker,
                office=office,
                quote=_quote_of(s, att),
                evidence=s.text,
                sentence=s.index,
                conditions=tuple(named),
                contributions=tuple(contributions),
                confidence=round(min(0.95, max(0.05, confidence)), 2),
                cues=tuple(sorted({e.cue for e in evidence if e.stance == stance}))
                + (("arbiter",) if overruled is not None else ()),
            )
        )
    proposals.sort(key=lambda p: (p.sentence, p.nation))
    flags = tuple(sorted(set(read.flags.values())))
    return IngestResult(article.date, tuple(proposals), flags)


def _ingest_foreign(
    article: Article,
    gazetteer: Gazetteer,
    lang: str,
    skip: frozenset[str],
    catalogue: ConditionCatalogue,
    model: FallbackModel | None = None,
) -> IngestResult:
    sentences, found, actors, named_in = read_foreign(article, gazetteer, lang, skip)
    # the fallback: nations named but given no stance, read by the English model through the
    # language's word families (multilingual_fallback.py); guesses carry the cue "fallback"
    guessed = (
        guesses(
            article,
            gazetteer,
            lang,
            skip,
            sentences,
            found,
            model,
            hits_of=[list(n.hits) for n in named_in],
        )
        if model
        else {}
    )
    found = [*found, *(g.found for g in guessed.values())]
    by_nation: dict[str, list[Any]] = defaultdict(list)
    for f in found:
        by_nation[f.nation].append(f)
    proposals = []
    for nation, evidence in by_nation.items():
        scores: dict[Stance, float] = defaultdict(float)
        for f in evidence:
            scores[f.stance] += f.weight
        # a leading role named by a cue is the article's, as in English; an inferred one is not
        stance = _choose(scores, role=any(f.stance is Stance.LEAD and f.role for f in evidence))
        best = max(
            (f for f in evidence if f.stance == stance), key=lambda f: (f.weight, -f.sentence)
        )
        if stance is Stance.WILLING and any(
            named_in[f.sentence].conditions.conditional for f in evidence if f.stance is stance
        ):
            # readiness a condition governs ("nur mit einem Bundestagsmandat ... beteiligen"),
            # as in English: a condition beyond the mission's premise qualifies it
            stance = Stance.CONDITIONAL
        speaker = best.actor
        if speaker is None:
            ranked = [a for (n, a), _ in actors.most_common() if n == nation]
            speaker = ranked[0] if ranked else None
        office = gazetteer.office_on(speaker, article.date) if speaker else None
        total = sum(scores.values())
        confidence = (scores[stance] / total) * (0.5 + 0.4 * min(1.0, scores[stance] / 3.0))
        if nation in guessed:
            confidence = guessed[nation].confidence
        s = sentences[best.sentence]
        named, contributions = _named_foreign(named_in, evidence, nation, stance, catalogue)
        proposals.append(
            Proposal(
                nation=nation,
                stance=stance,
                speaker=speaker,
                office=office.title if office else None,
                quote=s.text,
                evidence=s.text,
                sentence=s.index,
                conditions=tuple(named),
                contributions=tuple(contributions),
                confidence=round(min(0.9, max(0.05, confidence)), 2),
                cues=tuple(
                    sorted(
                        {
                            f.cue if f.cue == "fallback" else f"{lang}: {f.cue}"
                            for f in evidence
                            if f.stance == stance
                        }
                    )
                ),
            )
        )
    proposals.sort(key=lambda p: (p.sentence, p.nation))
    return IngestResult(article.date, tuple(proposals), (f"read as {lang}",), lang)


def _named_foreign(
    named_in: list[Named],
    evidence: list[Found],
    nation: str,
    stance: Stance,
    catalogue: ConditionCatalogue,
) -> tuple[list[NamedCondition], list[str]]:
    """The conditions and contributions a nation's statement names: those of the sentences
    holding its evidence, as in English; a conditional statement also takes the conditions of
    a sentence right after one that names no nation ("Voraussetzung sei eine US-Absicherung").
    Another stance takes only conditions a connective governs beyond the mission's premise
    ("refuse ... sans mandat de l'ONU"), not a parliament named as a venue or a truce as
    timing. A parliament's approval is its nation's ("Bundestagsmandat" is Germany's), else
    `nation`'s."""
    held = sorted({f.sentence for f in evidence})
    with_conditions = list(held)
    if stance is Stance.CONDITIONAL:
        for i in held:
            nxt = i + 1
            if nxt < len(named_in) and nxt not in held and not named_in[nxt].nations:
                with_conditions.append(nxt)
    named: list[NamedCondition] = []
    for i in sorted(with_conditions):
        n = named_in[i]
        if stance is not Stance.CONDITIONAL and not n.conditions.conditional:
            continue  # "in der Fragestunde des Bundestags", "après la guerre": no condition
        for kind in n.conditions.ids:
            whose = (n.parliament or nation) if KINDS[kind].per_nation else nation
            c = catalogue.resolve(kind, whose)
            if c.id not in {x.id for x in named}:
                named.append(c)
    contributions: list[str] = []
    for i in held:
        for note in named_in[i].contributions:
            if note not in contributions:
                contributions.append(note)
    return named, contributions


# "the Dutch parliament", "Germany's Bundestag", "Polish lawmakers": whose approval it is
_NATIONAL_BODY = re.compile(
    r"^(?:'s?)?\s+(?:\w+\s+)?(?:parliament|lawmakers|legislature|government)"
)


def _named(read: _Read, i: int, nation: str, catalogue: ConditionCatalogue) -> list[NamedCondition]:
    """The conditions sentence `i` names, resolved for `nation`'s statement: a parliament's
    approval is that parliament's nation's ("a mandate from the Riigikogu" is Estonia's), else
    the nation whose statement it is."""
    s, found = read.sentences[i], read.conditions[i]
    out = []
    for kind in found.ids:
        whose = nation
        if KINDS[kind].per_nation:
            named = [iso3 for body, iso3 in PARLIAMENTS.items() if body in s.lower]
            before = [
                m.nation
                for m in read.mentions[i]
                if m.kind == "nation" and m.nation and _NATIONAL_BODY.match(s.lower[m.end :])
            ]
            whose = (named or before or [nation])[0]
        out.append(catalogue.resolve(kind, whose))
    out.extend(catalogue.free_text(clause) for clause in found.new)
    return out


# "the Trump administration", "Merz's spokesman", "Macron's office": a person's name that
# only says whose institution or voice speaks; the statement is the state's, with no speaker
_PROXY_AFTER = re.compile(
    r"^(?:'s?)?\s+(?:(?:deputy|chief|press|foreign|government)\s+)?(?:administration|government|"
    r"spokes(?:person|man|woman|people)|press secretary|office|aides?|advisers?|team|camp|"
    r"cabinet|officials?|entourage|envoys?)\b"
)
_PROXY_BEFORE = re.compile(
    r"\b(?:spokes(?:person|man|woman|people)|press secretary|aides?|advisers?|officials?|"
    r"envoys?|sources?)\s+(?:for|to|of|close to)\s+(?:the\s+)?(?:[\w.'-]+\s+){0,3}$"
)
# a spokesperson (named or not) voicing the state in the deciding sentence
_STATE_VOICE = re.compile(r"\b(?:spokes(?:person|man|woman|people)|press secretary)\b")


def _proxied(s: Sentence, m: Mention) -> bool:
    """Whether `m` names a person only as the owner of an institution or voice speaking."""
    return bool(
        _PROXY_AFTER.match(s.lower[m.end : m.end + 60])
        or _PROXY_BEFORE.search(s.lower[max(0, m.start - 80) : m.start])
    )


# the cues of a leading role a person can hold as the speaker of it ("Starmer presented his
# own coalition"); hosting an (earlier) summit is a venue, not a voice
_HOSTING = frozenset({"hosts", "venue"})
# a person the article gives this many statements is its voice for the nation
_MAIN_VOICE = 3


def _lead_speaker(read: _Read, nation: str) -> tuple[str | None, str | None]:
    """A leading role the article gives in its own voice ("led by Britain and France") has a
    speaker only if a person of the nation holds a leading cue in the article, or is the
    article's main voice for the nation (speaks in three sentences or more)."""
    for e in read.evidence:
        m = e.holder
        held = e.nation == nation and e.stance is Stance.LEAD and e.cue not in _HOSTING
        person = m.kind in ("actor", "pronoun") and m.actor and m.nation == nation
        if held and person and not _proxied(read.sentences[e.sentence], m):
            return m.actor, m.office
    spoke: Counter[str] = Counter()
    offices: dict[str, str | None] = {}
    for i, att in enumerate(read.attributions):
        for m in {m.actor: m for m in att.voices if m.actor and m.nation == nation}.values():
            if m.actor and m.kind in ("actor", "pronoun") and not _proxied(read.sentences[i], m):
                spoke[m.actor] += 1
                offices.setdefault(m.actor, m.office)
    if spoke:
        (actor, n), *rest = spoke.most_common()
        if n >= _MAIN_VOICE and not (rest and rest[0][1] == n):
            return actor, offices[actor]
    return None, None


def _full_name(read: _Read, nation: str, speaker: str | None) -> str | None:
    """A person the gazetteer lacks, named by surname alone where they speak ("Croatian
    President Milanović: ..."), by the full name the article gives them elsewhere ("Zoran
    Milanović")."""
    if speaker is None or " " in speaker.strip():
        return speaker
    for mentions in read.mentions:
        for m in mentions:
            name = m.actor or ""
            if m.nation == nation and " " in name and name.split()[-1] == speaker:
                return name
    return speaker


# the agent of an action ("talks hosted by X", "discussions by X and Y"), the second of a pair
_AGENT_OF = re.compile(r"\bby\s+(?:[^,;]{0,80}?\s+and\s+)?$")
_REPRESENTED = re.compile(r"\brepresented by\s+(?:the\s+)?$")


# what a leader does for the coalition (labelling convention b): hosts, chairs, convenes, ...
_COALITION_ACT = re.compile(
    r"\b(?:host(?:s|ed|ing)?|chair(?:s|ed|ing)?|co-chair\w*|conven\w*|propos\w*|sign(?:s|ed)?|"
    r"announc\w*|launch\w*|presented|set up|founded)\b"
)


def _acting_on_coalition(read: _Read, nation: str) -> set[str]:
    """The nation's people who are the subject of a sentence in which someone hosts, chairs,
    convenes, proposes, signs or announces something ("Starmer hosted a virtual meeting")."""
    out: set[str] = set()
    for s, mentions, att in zip(read.sentences, read.mentions, read.attributions, strict=True):
        if not _COALITION_ACT.search(s.lower):
            continue
        for m in _subject_group(s, mentions, att):
            if m.actor and m.nation == nation and _acts(s, mentions, m, att):
                out.add(m.actor)
    return out


def _voice_in(read: _Read, nation: str, e: Evidence) -> Mention | None:
    """The person of `nation` voicing evidence `e` in its own sentence: its holder or the
    sentence's speaker (not a person named only as the owner of the voice)."""
    s, att = read.sentences[e.sentence], read.attributions[e.sentence]
    for m in (e.holder, *att.voices):
        if m.kind in ("actor", "pronoun") and m.actor and m.nation == nation and not _proxied(s, m):
            return m
    return None


def _in_subject(read: _Read, i: int, h: Mention) -> bool:
    """Whether `h` speaks in sentence `i` or is its subject (not an object or a possessor)."""
    s, att = read.sentences[i], read.attributions[i]
    if h in att.voices or _AGENT_OF.search(s.lower, max(0, h.start - 120), h.start):
        return True  # "discussions by Starmer and Macron about assembling ...": the agents
    # the sentence's first subject, even when a later clause has its own speaker ("But Meloni
    # offered ..., and Fiala called it premature")
    subjects = _subject_group(s, read.mentions[i], att) + _subject_group(
        s, read.mentions[i], Attribution()
    )
    return h in subjects and not _MODIFIER_AFTER.match(s.folded, h.end)


def _speaker(
    read: _Read, nation: str, deciding: Evidence, att: Attribution, stance: Stance
) -> tuple[str | None, str | None]:
    """The named actor speaking for `nation`: in the deciding sentence, else the one the article
    most often makes a subject or speaker; None for unnamed spokespeople and sources.

    Precision first: a person named only as owner of the voice ("the Trump administration",
    "a spokesman for Chancellor Merz") is not the speaker, and a sentence in which a
    spokesperson, officials or an institution's proxy speak for the state, or a leading role
    the article gives in its own voice, takes no speaker from elsewhere in the article."""
    s = read.sentences[deciding.sentence]
    h = deciding.holder
    proxy = False
    if h.kind in ("actor", "pronoun") and h.actor and h.nation == nation:
        if deciding.cue == "fallback" and not _in_subject(read, deciding.sentence, h):
            pass  # "Downing Street warned Vladimir Putin", "Macron's idea was ...": no voice
        elif not _proxied(s, h):
            return h.actor, h.office
        else:
            proxy = True
    for m in att.voices:
        if m.kind in ("actor", "pronoun") and m.nation == nation and m.actor:
            if not _proxied(s, m):
                return m.actor, m.office
            proxy = True
    for m in read.mentions[deciding.sentence]:
        # "Represented by Steve Witkoff, the United States endorsed ...": its representative
        person = m.kind in ("actor", "pronoun") and m.nation == nation and m.actor
        if person and _REPRESENTED.search(s.lower, max(0, m.start - 40), m.start):
            return m.actor, m.office
    if proxy:
        # "Carney's office says he told ...": the person the proxy reports speaking
        for m in read.mentions[deciding.sentence]:
            if m.kind == "pronoun" and m.nation == nation and m.actor and not _proxied(s, m):
                return m.actor, m.office
        return None, None
    if _STATE_VOICE.search(s.lower):
        return None, None
    ranked = [(n, a) for (n, a), _ in read.subjects.most_common() if n == nation]
    if stance is Stance.LEAD:
        actor, office = _lead_speaker(read, nation)
        if actor is not None:
            return actor, office
        # a role the article gives in its own voice: the nation's person who speaks in it
        # (labels name the office-holder acting for the nation on the coalition), not one who
        # only arrives somewhere or is attacked
        speaking = {m.actor for att in read.attributions for m in att.voices if m.nation == nation}
        speaking |= _acting_on_coalition(read, nation)
        ranked = [(n, a) for n, a in ranked if a in speaking]
    if ranked:
        actor = ranked[0][1]
        for mentions in read.mentions:
            for m in mentions:
                if m.actor == actor and m.office:
                    return actor, m.office
        return actor, None
    return None, None


def to_statements(result: IngestResult, *, source: str, id_prefix: str) -> list[Statement]:
    """The proposals as `proposed` Statements citing `source`, ids `<id_prefix>-<NATION>`."""
    return [
        Statement(
            id=f"{id_prefix}-{p.nation.lower()}",
            nation=p.nation,
            date=result.date,
            stance=p.stance,
            quote=p.quote,
            actor=p.speaker,
            office=p.office,
            source=source,
            conditions=tuple(c.id for c in p.conditions if not c.new),
            status=StatementStatus.PROPOSED,
            evidence=p.evidence,
            language=None if result.language == "en" else result.language,
            confidence=p.confidence,
            contributions=p.contributions,
            note=_note(p),
        )
        for p in result.proposals
    ]


def _note(p: Proposal) -> str:
    notes = ["cues: " + ", ".join(p.cues)]
    if "fallback" in p.cues:
        notes.append(
            "no stance phrase matched: the fallback labeller guessed from the sentence's "
            "structure and words; check the stance"
        )
    new = [f"{c.name} ({c.id})" for c in p.conditions if c.new]
    if new:
        notes.append("new conditions proposed: " + "; ".join(new))
    return " | ".join(notes)
