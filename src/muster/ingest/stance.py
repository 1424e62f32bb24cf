"""The evidence a sentence gives about nations' stances: cues, their holders, conditions.

`cue_matches` finds the cues of `cues.py` (negation and modality applied), `holders.py` says
whose each is, and `sentence_evidence` turns them into weighted votes: readiness a condition
governs becomes conditional, the help offered after refusing troops is not readiness, a
question asserts nothing, a leader announcing what the coalition's members pledged leads.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from muster.domain import Stance
from muster.ingest.attribution import Attribution
from muster.ingest.conditions import EXPECTS, GENERIC_CONDITION, ONCE, Conditions, conditions_in
from muster.ingest.cues import CUE_ORDER, CUES, NEGATION, Cue
from muster.ingest.holders import NOT_MEMBER_OF, governed, group_after, holders
from muster.ingest.mentions import Mention
from muster.ingest.prefilter import KeyIndex
from muster.ingest.text import Sentence

_OPINION = re.compile(r"\b(?:believes?|thinks?|predicts?|speculat\w+|estimates?|guess\w*)\b")


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


_QUOTE_MARK = re.compile(r"\"|(?<!\w)'|'(?!\w)")


def unquoted(lower: str) -> str:
    """`lower` with quotation marks blanked (apostrophes kept), same length: cues read through
    quotes ("he is \"ready and willing\" to deploy")."""
    return _QUOTE_MARK.sub(" ", lower) if ('"' in lower or "'" in lower) else lower


CueMatch = tuple[Cue, tuple[int, int], Stance]
# a refusal dated to now ("not prepared to commit at this stage")
_FOR_NOW = re.compile(
    r"[^.;,]*?\b(?:at this (?:stage|point|time)|for now|for the time being|at the moment|"
    r"at present|(?<!, )yet)\b"
)
# ... unless refused for good later in the sentence ("not ready at this stage, and would never")
_FOR_GOOD = re.compile(r"\b(?:never|under no circumstances|rul(?:e|es|ed|ing) out)\b")
# readiness whose object is the planning, not the force: "committed to taking part in military
# planning"
_PLANNING = re.compile(r"(?:\s+(?:in|to|on))?\s+(?:the\s+)?(?:\w+\s+)?planning\b")


# the cues (by rank in CUE_ORDER) a sentence's words let run: the others cannot match
_CUE_KEYS = KeyIndex([CUES[i].keys for i in CUE_ORDER])


def cue_matches(lower: str) -> tuple[CueMatch, ...]:
    """Non-overlapping cue matches of a sentence (heavier, then longer, first), with negation.

    Readiness under "may"/"might" is only a possibility (undecided); readiness inside
    "whether ..."/"if ..." is hypothetical and says nothing.
    """
    # leftmost first; at one position the heaviest cue; matches never overlap
    candidates = []
    for rank in _CUE_KEYS.candidates(lower):
        cue = CUES[CUE_ORDER[rank]]
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
        if cue.name == WEAKEST and _complement(lower, a, found):
            continue
        stance: Stance | None = cue.stance
        before = lower[max(0, a - 30) : a]
        if NEGATION.search(before):
            stance = cue.negated
            if (
                stance is Stance.SKEPTICAL
                and cue.stance is Stance.WILLING
                and _FOR_NOW.match(lower, b, min(len(lower), b + 60))
                and not _FOR_GOOD.search(lower, b)
            ):
                # "not prepared to commit at this stage": the refusal is dated, the question
                # still open (undecided), unlike a refusal of the force
                stance = Stance.UNDECIDED
        elif cue.stance is Stance.WILLING:
            if re.search(
                r"\b(?:(?:may|might)\s+(?:well\s+|also\s+)?(?:be\s+)?|(?:is|are|was|were)"
                r"\s+(?:widely\s+|also\s+)?expected\s+to\s+)$",
                before,
            ):
                stance = Stance.UNDECIDED
            elif _PLANNING.match(lower, b):
                stance = Stance.UNDECIDED  # joining the planning is not joining the force
            elif re.search(
                r"\b(?:whether|if|unless|provided(?: that)?|as long as|so long as|(?:guarantee|"
                r"assurance|condition|promise)s? that)\b[^,;]*$",
                lower[max(0, a - 80) : a],
            ):
                stance = None
        if stance is not None:
            out.append((cue, (a, b), stance))
    return tuple(sorted(out, key=lambda f: f[1][0]))


_OTHER_FORUM = re.compile(r"\bcontact group\b|\bramstein\b")
# the weakest cue ("deploying troops") says nothing as the object of another cue ("ruled out
# sending troops") or as a topic after a preposition ("talk of sending troops")
WEAKEST = "contributes to the force"
_TOPIC_OF = re.compile(
    r"\b(?:of|on|for|from|against|without|whether|than|(?<!talked )(?<!talking )(?<!spoken )"
    r"(?<!spoke )(?<!talk )(?<!speak )about)\s+$"
)


def _complement(lower: str, at: int, found: list[tuple[Cue, tuple[int, int]]]) -> bool:
    if _TOPIC_OF.search(lower, max(0, at - 12), at):
        return True
    if re.search(r"\b(?:continu\w*|keeps?|keeping|kept) (?:to )?$", lower[max(0, at - 16) : at]):
        return True  # an ongoing action ("Moscow continues to send troops") is a fact of the war
    if re.search(r"\bto\s+$", lower[max(0, at - 4) : at]) and re.match(r"\w+ing\b", lower[at:]):
        return True  # "objected to sending troops"
    return any(
        c.name != WEAKEST and b <= at and at - b <= 40 and not re.search(r"[.;]", lower[b:at])
        for c, (_a, b) in found
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence says: evidence per nation, every holder found (for conditions and
    notes), and the stances whose holder it did not name ("Several countries will not send
    troops."), which an enumeration in the next sentence may name ("These include Poland")."""

    evidence: list[Evidence]
    held: list[Mention]
    unheld: list[tuple[Stance, float, str]]
    cues: tuple[CueMatch, ...] = ()


# "26 allies have vowed", "30 countries would join", "the coalition will": announced by a leader
_COALITION_COUNT = re.compile(
    r"\b(?:\d+|(?:twenty|thirty|forty)[- ]?\w*|these|those)\s+(?:of\s+)?(?:[\w']+\s+)?"
    r"(?:allies|countries|nations|partners|states|members)\b|\bthe coalition\b"
)
# "Ukraine's allies", "26 of Kyiv's partners": the possessor of a group noun is not its members
_GROUP_OWNED = re.compile(
    r"(?:'s?|’s?)?\s+(?:[\w-]+\s+)?(?:allies|partners|backers|friends|supporters)\b"
)
# joining a call, taking part in a summit: attendance, not readiness to contribute
_ATTENDING = re.compile(r"\b(?:join\w*|participat\w*|t[oa]ke?s?n? part|taking part|attend\w*)\b")
_MEETING = re.compile(
    r"\s*(?:in\s+)?(?:(?:a|an|the|this|that|its|their|his|her|tomorrow's|today's)\s+)?"
    r"(?:[\w'-]+\s+){0,3}?(?:call|calls|meeting|meetings|summit|talks|video ?conference|"
    r"conference|discussions?|gathering|hook-?up|session)\b"
)
# a meeting of several states' leaders: at the seat of a government, that state hosts it
_LEADERS_MEETING = re.compile(
    r"\b(?:summit|(?:meeting|gathering|talks) of (?:\w+ ){0,2}(?:leaders|heads of (?:state|"
    r"government)|ministers|allies))\b"
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
    rf"with|{GENERIC_CONDITION}|{EXPECTS}|as soon as|must (?:\w+ )?involve)\b"
)


_HYPOTHETICAL = re.compile(r"\b(?:if|whether)\b[^.!?,;]*$")


def _asked(lower: str, span: tuple[int, int]) -> bool:
    q = lower.find("?", span[1])
    return q != -1 and not re.search(r"[.!]", lower[span[1] : q])


def _question(s: Sentence, att: Attribution) -> bool:
    """A speaker asking about the mission ("What is the mandate? ... asked") is undecided."""
    return bool(att.speakers) and any("?" in s.folded[a:b] for a, b in att.quotes)


def _beside_willing(lower: str, cues: tuple[CueMatch, ...], out: list[Evidence]) -> list[Evidence]:
    """Outside the coalition, or joining only its planning, says nothing against a nation's own
    readiness in the same sentence ("Italy is not part of the coalition but will send troops";
    "Britain is ready to send troops and is committed to taking part in the planning")."""
    willing = {e.nation for e in out if e.stance is Stance.WILLING}
    if not willing:
        return out
    planning = {
        span[0]
        for cue, span, stance in cues
        if stance is Stance.UNDECIDED
        and cue.stance is Stance.WILLING
        and _PLANNING.match(lower, span[1])
    }
    return [
        e
        for e in out
        if e.nation not in willing
        or not (
            (e.stance is Stance.SKEPTICAL and e.cue == "not in the coalition")
            or (e.stance is Stance.UNDECIDED and e.at in planning)
        )
    ]


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
    declined: set[str] = set()
    cues = cue_matches(lower)
    for cue, span, stance in cues:
        if opinion and opinion.end() <= span[0] and not att.speakers:
            continue  # an analyst's guess about a state is not the state's stance
        if _asked(lower, span) and (
            att.in_quote(span[0]) or _HYPOTHETICAL.search(lower[: span[0]])
        ):
            continue  # a question asserts nothing ("what if there were any escalation?")
        if cue.name == "venue" and "coalition" not in lower and not _LEADERS_MEETING.search(lower):
            continue  # only the coalition's own meeting, or a summit of leaders, has a host
        if stance is Stance.LEAD and _OTHER_FORUM.search(lower, span[0], span[1] + 80):
            continue  # chairing the Ukraine Defense Contact Group ("Ramstein") is another forum
        if (
            stance is Stance.WILLING
            and _ATTENDING.search(lower, span[0], span[1])
            and _MEETING.match(lower, span[1])
        ):
            continue  # "will join a call with other leaders": attending is no stance
        found = [
            h
            for h in holders(cue, span, s, mentions, att)
            if not (h.possessive and h.end <= span[0] and _GROUP_OWNED.match(lower, h.end))
        ]
        voice = _non_state_voice(lower, span[0])
        if voice is not None:
            # "the opposition demands that no Australian troops be sent": the clause's subject
            # holds no office for the state; only an office holder named after it speaks
            found = [h for h in found if h.kind in ("actor", "pronoun") and h.start >= voice]
        if (
            att.speech_at is not None
            and att.speech_at < span[0]
            and all(h.start < att.speech_at for h in found)
            and not any(m.nation and att.speech_at < m.start < span[0] for m in mentions)
            and _announced(lower, span, stance, att)
        ):
            # "Macron announced that 26 countries have said they are willing": the cue's subject
            # is the coalition's members, not the announcer before the speech verb
            found = []
        outside = any(
            m.nation and m.end <= span[0] and NOT_MEMBER_OF.match(lower, m.end) for m in mentions
        )
        if (
            all(h.start >= span[1] for h in found)
            and not outside
            and _announced(lower, span, stance, att)
        ):
            # the cue's subject is the coalition's members, named after it or not at all
            for sp in att.speakers:
                if sp.nation and sp.kind == "actor":
                    out.append(Evidence(sp.nation, Stance.LEAD, 1.5, s.index, "announces", sp))
        if not found:
            unheld.append((stance, cue.weight, cue.name))
            members = _members(lower, span, mentions)
            for m in members:
                held.append(m)
                out.append(
                    Evidence(m.nation or "", stance, cue.weight, s.index, cue.name, m, span[0])
                )
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
            elif (
                stance is Stance.OPPOSED
                and cue.name == "rejects the force"
                and _declines_sending(lower, span, h, mentions)
            ):
                stance = Stance.SKEPTICAL  # "Italy opposes sending troops": declines
                declined.add(h.nation)
            weight = cue.weight * (1.2 if h.kind in ("actor", "pronoun") else 1.0)
            out.append(Evidence(h.nation, stance, weight, s.index, cue.name, h, span[0]))
    if declined:
        # "warned against sending troops, calling it a dangerous escalation": a condemnation in
        # the same sentence makes the objection one to the force itself
        # (the decliner's own condemnation, or one no nation holds: "Italy opposes sending
        # troops, while Russia condemned the plan" leaves Italy declining)
        condemners = {
            e.nation for e in out if e.stance is Stance.OPPOSED and e.cue != "rejects the force"
        }
        unheld_condemnation = any(
            st is Stance.OPPOSED and name != "rejects the force" for st, _, name in unheld
        )
        out = [
            Evidence(e.nation, Stance.OPPOSED, e.weight, e.sentence, e.cue, e.holder, e.at)
            if (e.nation in condemners or unheld_condemnation)
            and e.nation in declined
            and e.cue == "rejects the force"
            else e
            for e in out
        ]
    out = _beside_willing(lower, cues, out)
    out = _hedged(lower, out)
    out = _early_but_open(out)
    if _question(s, att) and not out:
        for sp in att.speakers:
            if sp.nation:
                out.append(Evidence(sp.nation, Stance.UNDECIDED, 1.2, s.index, "question", sp))
    if conditions.conditional:
        out = _conditional(s, lower, mentions, att, held, out)
    return Reading(out, held, unheld, cues)


# "happy to contribute ..., but we have not made choices": the contrast that hedges an offer
_HEDGE = re.compile(r"\b(?:but|however|yet|though|although)\b")


def _hedged(lower: str, out: list[Evidence]) -> list[Evidence]:
    """Willingness hedged by an open decision after a contrast ("ready to help, but no decision
    has been made") is undecided: the offer is a disposition, the decision is still open."""
    hedges = {
        e.nation: e.at for e in out if e.stance is Stance.UNDECIDED and e.cue in _OPEN_DECISION
    }
    if not hedges:
        return out
    return [
        e
        for e in out
        if not (
            e.stance is Stance.WILLING
            and e.nation in hedges
            and e.at < hedges[e.nation]
            and _HEDGE.search(lower, e.at, hedges[e.nation])
        )
    ]


# an open mind that calls a deployment premature ("would consider joining, but it is too early
# for any deployment", "willing to discuss it but too early to deploy"): timing, still open
_OPEN_MIND = frozenset({"consider", "open mind", "not rule out", "door open", "willing to discuss"})


def _early_but_open(out: list[Evidence]) -> list[Evidence]:
    """A nation that keeps an open mind in the sentence that calls the deployment premature is
    undecided: "too early" dates the decision rather than refusing (LABELLING: an open mind
    is undecided)."""
    open_minded = {e.nation for e in out if e.stance is Stance.UNDECIDED and e.cue in _OPEN_MIND}
    return [e for e in out if not (e.cue == "premature" and e.nation in open_minded)]


_OPEN_DECISION = frozenset({"not yet committed", "undecided", "needs a decision"})


# Speakers who hold no office for the state: the opposition, parties, commentators. As the
# subject of the clause a cue is in, they set no state's stance (LABELLING: the speaker maps to
# a nation through an office held on the article's date).
_NON_STATE_VOICE = re.compile(
    r"\b(?:opposition(?!\s+to\b)(?:\s+(?:leaders?|part(?:y|ies)|lawmakers|mps|politicians))?|"
    r"(?<!ruling )(?<!governing )part(?:y|ies)(?!\s+to\b)(?:\s+(?:leaders?|chair\w*))?|"
    r"commentators?|analysts?|critics|columnists?|pundits?|campaigners|activists|protesters)"
    r"(?=(?:\s+[\w'-]+){0,4}?\s+(?:demand\w*|says?|said|insist\w*|call\w*|urg\w+|argu\w+|"
    r"wants?|wanted|warn\w*|claim\w*|reject\w*|oppos\w*|dismiss\w*|told|tells?|wrote|"
    r"believ\w*|has|have|had|is|are|was|were|would|will)\b)"
)


def _non_state_voice(lower: str, at: int) -> int | None:
    """Where a non-state voice that is the subject of the clause holding `at` ends, if any."""
    start = max(lower.rfind(".", 0, at), lower.rfind(";", 0, at), at - 160, 0)
    last = None
    for m in _NON_STATE_VOICE.finditer(lower, start):
        if m.start() > at:
            break
        last = m  # the voice may be the cue's own first word ("the opposition demands ...")
    return None if last is None else last.end()


# clauses with different subjects: "France would provide troops, while Turkey would ... with
# U.S. support" — a condition in one is not the other's ("but only if" keeps one subject)
_CONTRAST = re.compile(r";|\b(?:while|whereas)\b")


# a connective that states a condition outright ("with" only accompanies: "with U.S. support")
_GOVERNS = re.compile(
    r"\b(?:only if|if|unless|provided(?: that)?|as long as|on condition|conditional on|"
    r"subject to|depend(?:s|ing|ent)? on|hinge[sd]? on|contingent on|would (?:\w+ )?(?:need|"
    rf"require)|{ONCE}|as soon as|{GENERIC_CONDITION}|{EXPECTS}|must (?:\w+ )?involve)\b"
)


def _contrast_cut(lower: str, m: re.Match[str]) -> int:
    """Where a contrast parts two clauses: at "while"/";" — or, when "While ..." opens the
    sentence, at the comma that closes that fronted clause."""
    if m.group(0) != ";" and not lower[: m.start()].strip(" \"'"):
        comma = lower.find(",", m.end())
        return comma if comma != -1 else m.start()
    return m.start()


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
    cuts = [0, *(_contrast_cut(lower, m) for m in _CONTRAST.finditer(lower)), len(lower)]
    spans = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    spans = [(a, b) for a, b in spans if conditions_in(lower[a:b]).conditional] or [(0, len(lower))]

    def inside(pos: int) -> bool:
        return any(a <= pos < b for a, b in spans)

    targets = [h for h in held if inside(h.start)] or [e.holder for e in out if inside(e.at)]
    # when a contrast parts the sentence, the speaker of the other clause is not this one's
    # ("While France signalled openness, Germany said decisions would depend on ...")
    whole = spans == [(0, len(lower))]
    targets = targets or (att.speakers if whole else [p for p in att.speakers if inside(p.start)])
    if not targets and any(conditions_in(lower[a:b]).beyond_premise for a, b in spans):
        # a named condition (a US backstop, a mandate) with no cue: the subject's; a bare
        # "if ..." clause is too weak to hang on whoever is mentioned first
        subjects = [m for m in mentions if m.nation and not governed(s.folded, m.start)]
        targets = [m for m in subjects if inside(m.start)][:1] or subjects[:1]
    strong = bool(_STRONG_IF.search(lower))
    # the US is not conditional on its own backstop ("a guarantee that the US would provide
    # support", "with proposed support from the United States"): a condition on the others
    named = [conditions_in(lower[a:b]) for a, b in spans]
    if any(c.beyond_premise for c in named) and all(
        not c.new and all(i.startswith("us-") for i in c.beyond_premise) for c in named
    ):
        targets = [h for h in targets if h.nation != "USA"]
    nations = {h.nation for h in targets if h.nation}
    # "would not deploy troops unless/without the US guarantees ...": refusing *unless* a
    # condition beyond the premise holds is readiness only if it holds — the negation scopes
    # over the deployment, the "without"/"unless" clause is its condition
    unless = re.search(
        r"\b(?:unless|without)\b(?!\s+(?:providing|sending|committing|basing|"
        r"deploying|entering|putting|any (?:security )?guarantees)\b)",
        lower,
    )
    if unless and conditions_in(lower[unless.start() :]).beyond_premise:
        out = [
            Evidence(e.nation, Stance.CONDITIONAL, e.weight, e.sentence, e.cue, e.holder, e.at)
            if e.stance is Stance.SKEPTICAL and e.at < unless.start() and inside(e.at)
            else e
            for e in out
        ]
    # readiness that a condition governs is conditional, not willing; so is an open mind
    # ("open to it, but the decision will depend on a clear mandate", "does not rule it out if
    # ..."): LABELLING's "does not rule out" is undecided, or conditional when one is stated
    governing = any(_GOVERNS.search(lower, a, b) for a, b in spans)
    out = [
        Evidence(e.nation, Stance.CONDITIONAL, e.weight, e.sentence, e.cue, e.holder, e.at)
        if e.nation in nations
        and inside(e.at)
        and (
            (strong and e.stance is Stance.WILLING) or (governing and e.stance is Stance.UNDECIDED)
        )
        else e
        for e in out
    ]
    seen: set[str] = set()
    for h in targets:
        if h.nation and h.nation not in seen:
            seen.add(h.nation)
            out.append(Evidence(h.nation, Stance.CONDITIONAL, 1.6, s.index, "condition", h))
    return out


# a list that names the members of a generic subject: "26 countries committed ..., among them
# Belgium and Sweden", "Among the countries that pledged troops were ...", "Countries ready to
# send troops include ...", "Those ready ... are Britain and France"
_MEMBER_LIST = re.compile(
    r"\b(?:among them|among whom|including|includ(?:e|es|ed)|such as|notably|namely|"
    r"in particular|are|were)\s*:?\s+(?:the\s+)?(?=[a-z])"
)
# "six countries said they were ready to send troops: the UK, France and the Baltic states"
_COLON_LIST = re.compile(r"(?<=[a-z0-9])\s*:\s+(?=[a-z])")


def _members(lower: str, span: tuple[int, int], mentions: list[Mention]) -> list[Mention]:
    """The states a list in the sentence names as the members of a cue's generic subject."""
    lists = [*_MEMBER_LIST.finditer(lower), *_COLON_LIST.finditer(lower, span[1])]
    for m in lists:
        if lower.rfind(";", 0, m.start()) > span[1] or lower.find(";", span[1], m.start()) != -1:
            continue
        named = [x for x in mentions if x.nation and x.kind == "nation" and x.start >= m.end()]
        if named:
            first = min(named, key=lambda x: x.start)
            if first.start == m.end() or lower[m.end() : first.start] == "the ":
                return group_after(named, first, lower)
    return []


def _own_troops(lower: str, span: tuple[int, int], nation: str, mentions: list[Mention]) -> bool:
    """Whether an objection is to sending the holder's own troops ("its own soldiers")."""
    a, b = span
    if re.search(r"\b(?:our|its|their|his|her|own)\b", lower[a:b]):
        return True
    return any(m.nation == nation and m.how == "demonym" and a <= m.start < b for m in mentions)


# objecting to the act of sending troops ("opposes sending troops", "rejected the idea of
# deploying troops", "rejected calls to send soldiers"), whose troops left unsaid: the holder's
_SENDING = re.compile(
    r"\b(?:sending|deploying|dispatching|committing|contributing|to send|to deploy|to dispatch|"
    r"to commit|to contribute)\s+(?:[\w-]+\s+){0,2}?(?:troops|soldiers|forces|peacekeepers|"
    r"personnel|boots|contingents?|servicemen)\b"
)
# someone else's troops: "sending foreign troops", "troops from NATO members", "European
# countries sending troops" — the objection is to the force, not a refusal to take part
_OTHERS_TROOPS = re.compile(
    r"\b(?:foreign|western|european|nato|allied|other|others|alliance|their|outside|"
    r"international|multinational)\b|\bfrom\b"
)


def _declines_sending(
    lower: str, span: tuple[int, int], holder: Mention, mentions: list[Mention]
) -> bool:
    """Whether an objection (`span`) is to sending troops with no other owner named: the
    holder declines to send its own (skeptical), it does not reject the force (opposed)."""
    a, b = span
    m = _SENDING.search(lower, a, min(len(lower), b + 40))
    if m is None or m.start() - b > 25:
        return False
    end = min(len(lower), m.end() + 30)
    if _OTHERS_TROOPS.search(lower, a, end):
        return False
    # another state named before the troops owns them ("objected to Britain sending troops");
    # the destination after them ("to Ukraine") does not
    return not any(
        x.nation and x.nation != holder.nation and a <= x.start < m.end() for x in mentions
    )


def _announced(lower: str, span: tuple[int, int], stance: Stance, att: Attribution) -> bool:
    """Whether a leader announces what the coalition's members pledged ("Macron said 26 allies
    have vowed to deploy"): the announcer leads."""
    if stance is not Stance.WILLING or att.speech_at is None or att.in_quote(span[0]):
        return False
    if att.speech_at >= span[1]:
        # "These countries have pledged to send soldiers, Macron said": the reported clause
        # comes first, its subject opens the sentence
        return bool(_COALITION_COUNT.search(lower, 0, span[0]))
    if att.speech_at >= span[0]:
        return False
    return bool(_COALITION_COUNT.search(lower, att.speech_at, span[0]))
