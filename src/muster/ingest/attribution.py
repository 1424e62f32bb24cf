"""Who says each sentence: direct quotes before or after the speaker, across a sentence break,
reported speech ("said that", "told reporters", "according to", "X: ..."), and unnamed
spokespeople or sources (they speak for their state, with no named speaker).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from muster.ingest.mentions import Mention
from muster.ingest.text import Sentence

SAY = (
    r"said|says|say|told|tells|added|adds|noted|notes|stated|states|declared|declares|warned|"
    r"warns|insisted|insists|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|argued|argues|"
    r"conceded|concedes|announced|announces|wrote|writes|asked|asks|reiterated|reiterates|"
    r"reiterating|confirmed|confirms|explained|explains|claimed|claims|affirmed|urged|urges|"
    r"assured|assures|signal(?:l)?ed|signals|indicated|indicates|suggested|suggests|maintained|"
    r"maintains|mentioned|revealed|reveals|deemed|label(?:l)?ed|described|describes|"
    r"acknowledged|admitted|repeated|outlined|hinted|expressed|clarified|replied|responded|"
    r"remarked|commented|believes|believed|thinks|expects|expected|hopes|accused|critici[sz]ed|"
    r"asserted|asserting|telling|saying|noting|adding|stressing|insisting|warning|arguing|"
    r"called(?! on| for| off| up)|calls(?! on| for)|made (?:it )?clear|makes (?:it )?clear|"
    r"pointed out|points out|point out|"
    r"declaring|emphasi[sz]ing|announcing|told reporters|made the statement|reported"
)
_SAY_RX = re.compile(rf"(?<!-)\b(?:{SAY})\b")
# between a speaker and the verb: an appositive, auxiliaries, adverbs, a time phrase
_GAP_BEFORE = re.compile(
    r"^(?:'s)?(?:\s+(?:administration|government|cabinet|team|office|ministry))?"
    r"(?:,[^,]{0,90},)?\s*(?:(?:has|have|had|also|again|later|earlier|previously|repeatedly|"
    r"then|publicly|reportedly|once|both|all|each|jointly|separately|themselves|on \w+|last \w+|"
    r"this \w+|in (?:an? )?\w+|\w+ly),?\s+)*+$"  # possessive: "publicly" is also \w+ly, and
)  # a run of such words backtracked exponentially
# the finer reading: "The prime minister of Norway, Jonas Gahr Store, said" (a comma closing
# an appositive name before the verb)
_GAP_BEFORE_FINER = re.compile(_GAP_BEFORE.pattern.removesuffix("$") + r",?\s*$")
_GAP_AFTER = re.compile(r"^\s*(?:the\s+)?$")
# "..., as stated by British Prime Minister Keir Starmer": passive speech names its speaker
_AS_BEFORE = re.compile(r"\bas\s+$", re.I)
_BY_AFTER = re.compile(r"^\s+by\s+(?:the\s+)?$")
_ACCORDING = re.compile(r"\baccording to\s*$")
# the finer reading also takes "According to X, ..." opening a sentence
_ACCORDING_ANY = re.compile(r"\baccording to\s*$", re.I)
# "X, who recently met Vladimir Putin in Alaska, indicated": a relative clause between a
# speaker and the verb; the people it names are not the speaker
_RELATIVE_BEFORE = re.compile(r",\s+(?:who|which|whose|\w+ing)\b[^,]{0,120},\s*$")
# "Vladimir Putin's words that ...", "the Kremlin's warning that ...": the possessor speaks
_POSSESSED_SPEECH = re.compile(
    r"^'s?\s+(?:\w+\s+)?(?:words|remarks|statement|comments?|warnings?|claims?|position|view|"
    r"assertion|insistence|message|threat)\s+(?:that|:)"
)
_UNNAMED = re.compile(
    r"\b(?:an?|one|two|several|some|the)?\s*(?:(?:senior|administration|government|"
    r"western|european|military|defen[cs]e|ministry|foreign ministry|[A-Z]\w+)\s+){0,3}"
    r"(?:officials?|sources?|spokes(?:person|man|woman)|diplomats?|aides?|insiders?|"
    r"the (?:foreign |defen[cs]e )?ministry|the government|the cabinet|(?<='s )(?:foreign |"
    r"defen[cs]e )?ministry|(?<='s )government|(?<='s )cabinet)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|I|our|us|my|We|Our|My)\b")


@dataclass
class Attribution:
    """The speakers of a sentence (empty: the article's own voice) and its quoted spans.

    A speaker mention of kind "nation" is a state speaking through an institution or an unnamed
    spokesperson ("the Kremlin said", "British officials said"): its statement has no speaker.
    """

    speakers: list[Mention] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    unnamed: bool = False
    how: str = ""
    speech_at: int | None = None  # where the speech verb is
    # the speaker as the finer reading of `_finer` finds it, where it differs (see `voices`)
    finer: list[Mention] | None = None
    finer_at: int | None = None

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)

    @property
    def voices(self) -> list[Mention]:
        """Who speaks, for naming the speaker: `speakers`, or the finer reading's where it
        differs. The cues' holders and the fallback's features read `speakers`, the reading
        the shipped models were trained on; the finer one only names people."""
        return self.speakers if self.finer is None else self.finer

    @property
    def voice_at(self) -> int | None:
        return self.speech_at if self.finer is None else self.finer_at


def _group_ending_at(mentions: list[Mention], end: int, text: str) -> list[Mention]:
    """The mention ending at `end` and those coordinated with it ("Orban and Robert Fico")."""
    last = sorted((m for m in mentions if m.end == end), key=lambda m: m.kind == "nation")
    if not last:
        return []
    group = [last[0]]
    start = last[0].start
    for m in sorted((m for m in mentions if m.end <= start), key=lambda m: -m.end):
        gap = text[m.end : start]
        if re.fullmatch(r"\s*(?:,|and|, and|as well as)\s*(?:the\s+)?", gap):
            group.insert(0, m)
            start = m.start
        elif m.end > start:
            continue
        else:
            break
    return group


def _speaking(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind in ("actor", "pronoun", "nation") and not m.possessive]


@lru_cache(maxsize=16)
def _says(text: str) -> tuple[re.Match[str], ...]:
    """The speech verbs of a sentence (both readings of `_by_verbs` go through them)."""
    return tuple(_SAY_RX.finditer(text))


def _by_verbs(
    att: Attribution, text: str, mentions: list[Mention], outside: list[Mention], *, finer: bool
) -> None:
    """The speaker of the first speech verb with one: its subject, an inverted speaker, or an
    unnamed source. The finer reading also skips a relative or participial clause before the
    verb ("Trump, who met Putin in Alaska, indicated"), takes "X, said" and "as stated by X"."""
    gap_before = _GAP_BEFORE_FINER if finer else _GAP_BEFORE
    for v in _says(text):
        if att.in_quote(v.start()):
            continue
        before = [m for m in outside if m.end <= v.start()]
        rel = _RELATIVE_BEFORE.search(text, max(0, v.start() - 200), v.start()) if finer else None
        if rel:
            before = [m for m in before if m.end <= rel.start()]
        if before:
            m = max(before, key=lambda m: m.end)
            if gap_before.match(text[m.end : v.start()]):
                att.speakers = _group_ending_at(outside, m.end, text)
                att.how, att.speech_at = "subject", v.start()
                return
        after = [m for m in outside if m.start >= v.end()]
        if after:
            m = min(after, key=lambda m: m.start)
            gap = text[v.end() : m.start]
            passive = (
                finer
                and _BY_AFTER.match(gap)
                and _AS_BEFORE.search(text, max(0, v.start() - 12), v.start())
            )
            if _GAP_AFTER.match(gap) or passive:
                att.speakers, att.how, att.speech_at = [m], "inverted", v.start()
                return
        unnamed = list(_UNNAMED.finditer(text[: v.start()]))
        if unnamed and re.fullmatch(r"[\s,]*", text[unnamed[-1].end() : v.start()]):
            u = unnamed[-1]
            att.unnamed, att.how = True, "unnamed"
            # "British officials", "Russia's foreign ministry": the state they speak for
            att.speakers = [
                m
                for m in mentions
                if m.kind == "nation"
                and m.end <= u.end()
                and (u.start() <= m.start or text[m.end : u.start()].strip() in ("'s", "'"))
            ]
            return


def _person_saying(
    text: str,
    quotes: list[tuple[int, int]],
    outside: list[Mention],
    after: int,
    states: set[str | None],
) -> list[Mention]:
    """A person of one of `states` who is the subject of a speech verb after `after`."""
    for v in _SAY_RX.finditer(text, after + 1):
        if any(a <= v.start() < b for a, b in quotes):
            continue
        before = [m for m in outside if after < m.start and m.end <= v.start()]
        if not before:
            continue
        m = max(before, key=lambda m: m.end)
        if (
            m.kind in ("actor", "pronoun")
            and m.nation in states
            and _GAP_BEFORE.match(text[m.end : v.start()])
        ):
            return [m]
    return []


class Attributor:
    """Attributes sentences in order; one per article (quotes run across sentences)."""

    def __init__(self) -> None:
        self.open_quote = False
        self.last_quoted: tuple[int, list[Mention]] | None = None

    def quotes_of(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        inside = self.open_quote
        start = 0
        for i, c in enumerate(text):
            if c != '"':
                continue
            if inside:
                spans.append((start, i + 1))
                inside = False
            else:
                start, inside = i, True
        if inside:
            spans.append((start, len(text)))
        self.open_quote = inside
        return spans

    def attribute(self, s: Sentence, mentions: list[Mention]) -> Attribution:
        text = s.folded
        quotes = self.quotes_of(text)
        att = Attribution(quotes=quotes)
        speakers = _speaking(mentions)
        outside = [m for m in speakers if not any(a <= m.start < b for a, b in quotes)]
        colon = re.match(r"^([^:\"]{3,80}):\s", text)
        _by_verbs(att, text, mentions, outside, finer=False)
        finer = Attribution(quotes=quotes)
        _by_verbs(finer, text, mentions, outside, finer=True)
        if [id(m) for m in finer.speakers] != [id(m) for m in att.speakers]:
            att.finer, att.finer_at = finer.speakers, finer.speech_at
        if att.speakers and all(m.kind == "nation" for m in att.speakers):
            # "Estonia has indicated it could send ..., according to Prime Minister Kristen
            # Michal": the person the state's statement is credited to speaks
            states = {m.nation for m in att.speakers}
            named = [
                m
                for m in outside
                if m.kind == "actor"
                and m.nation in states
                and _ACCORDING.search(text[max(0, m.start - 60) : m.start])
            ]
            if named:
                att.speakers, att.how = named[:1], "according"
            else:
                # "Japan has confirmed that it will not send ..., Chief Cabinet Secretary
                # Yoshimasa Hayashi said": the person of that state speaking later in it
                person = _person_saying(text, quotes, outside, att.speech_at or 0, states)
                if person:
                    att.speakers, att.how = person, "subject"
        if not att.speakers and not att.unnamed:
            acc = [m for m in outside if _ACCORDING.search(text[max(0, m.start - 60) : m.start])]
            owners = [m for m in mentions if _POSSESSED_SPEECH.match(text[m.end : m.end + 60])]
            if acc:
                att.speakers, att.how = [acc[0]], "according"
            elif owners:
                att.speakers, att.how = owners[:1], "possessive"
                att.speech_at = owners[0].end
            elif colon:
                head = [m for m in outside if m.end <= colon.end(1)]
                if head:
                    att.speakers, att.how = [head[-1]], "colon"
        if not att.speakers and not att.unnamed and att.finer is None:
            acc = [
                m for m in outside if _ACCORDING_ANY.search(text[max(0, m.start - 60) : m.start])
            ]
            if acc:
                att.finer = acc[:1]
        if not att.speakers and not att.unnamed and self.last_quoted is not None:
            idx, who = self.last_quoted
            continuing = (quotes and quotes[0][0] == 0) or text.startswith('"')
            if continuing and s.index - idx <= 2:
                att.speakers, att.how = who, "quote-continued"
        if att.speakers and quotes:
            self.last_quoted = (s.index, att.speakers)
        return att

    @staticmethod
    def first_person(s: Sentence) -> bool:
        return bool(_FIRST_PERSON.search(s.folded))
