"""Who and which state a sentence mentions: actors, nations, titles, pronouns, "both".

Actors are found by full name or alias, by surname once named in full, by title ("Britain's
prime minister", "the chancellor", "Italian Prime Minister Meroni" with a misspelt name), and by
he/she when the last named actor of that gender is unambiguous. The nation an actor speaks for
is the office held on the article's date; someone holding no office then keeps their name, gets
no nation and a flag saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from muster.ingest.gazetteer import Gazetteer, role_of
from muster.ingest.prefilter import required
from muster.ingest.text import Sentence


@dataclass(slots=True)
class Mention:
    """A span of a sentence that names an actor or a state.

    `kind` is "actor", "nation" or "pronoun" (he/she/both resolved to actors). `nation` is the
    state spoken for on the article's date (None for an actor holding no office then, see
    `flag`). `actor` is the gazetteer name, or the name as written when the gazetteer lacks it.
    """

    start: int
    end: int
    kind: str
    nation: str | None
    actor: str | None = None
    office: str | None = None
    how: str = ""
    flag: str | None = None
    possessive: bool = False
    unnamed: bool = False

    def overlaps(self, a: int, b: int) -> bool:
        return self.start < b and a < self.end


@dataclass
class Context:
    """What earlier sentences established: actors named, last subjects, for coreference."""

    seen: set[str] = field(default_factory=set)
    last_by_gender: dict[str, tuple[int, Mention]] = field(default_factory=dict)
    last_group: tuple[int, list[Mention]] = (-1, [])
    last_by_role: dict[str, Mention] = field(default_factory=dict)
    # the same, counting only holders named as a clause's actor, not as an agent or object
    # ("a call arranged by Prime Minister Starmer"): whom a bare "the prime minister" means
    last_actor_by_role: dict[str, Mention] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)  # surname → a person speaking for no state
    last_other: tuple[int, Mention] | None = None
    quote_open: bool = False  # a quotation mark opened in an earlier sentence is still open


_PRONOUN = re.compile(r"\b(?P<p>[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Hh]im)\b")
_GROUP = re.compile(r"(?:^|(?<=[,;:] )|(?<=\band ))(?P<g>[Bb]oth|[Nn]either|[Tt]hey|[Tt]he two)\b")
_GENDER = {"he": "m", "his": "m", "him": "m", "she": "f", "her": "f"}
_UNNAMED_BEFORE = re.compile(r"(?:\b(?:a|an|one|two|several|some)\s+(?:\w+\s+){0,2})$", re.I)
# People the gazetteer lacks whom the text marks as speaking for a party or themselves, not a
# state ("Opposition Leader Peter Dutton", "Geert Wilders, the leader of the Freedom Party"):
# they hold no stance for their country, and he/she after them is theirs, not a minister's.
_PERSON = r"(?P<name>[A-Z][\w'-]+(?:\s+(?:van|de|von|der|den|la|le)){0,2}(?:\s+[A-Z][\w'-]+){1,2})"
_OTHER_BEFORE = re.compile(
    r"(?i:\b(?:opposition|nationals?|party|far-right|far-left|populist|liberal|conservative|"
    r"labour|green|[\w-]+ party)?\s*(?:leader|co-leader|chairman|chairwoman|lawmaker|legislator|"
    r"mp|senator|congressman|congresswoman|analyst|expert|professor|researcher|commentator|"
    r"columnist|journalist|economist|historian|candidate|activist|colonel|general|admiral|"
    r"major|captain|lieutenant|commander|marshal|retired)\s+)" + _PERSON
)
# "The head of the German Bundeswehr Association, Andre Wüstner, ..."
_OTHER_APPOSITIVE = re.compile(
    r"(?i:\b(?:head|chief|leader|chair\w*|director|president|commander|spokes\w+|founder)\s+of\s+"
    r"(?:the\s+)?[^,]{3,60}?(?:association|union|party|institute|foundation|centre|center|"
    r"council|group|federation|think tank|university|academy|committee),\s+)" + _PERSON
)
_OTHER_AFTER = re.compile(
    _PERSON + r",\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}?(?:leader|co-leader|head|chief|"
    r"member|chair\w*|founder|lawmaker|mp|senator|analyst|expert|professor|researcher|director|"
    r"candidate|deputy|commentator|economist)\b"
)
# the words one of which every `_OTHER_BEFORE` match has, read from the pattern with its case
# blindness dropped (lower-case words): a sentence without any skips its scan, the slowest of a
# sentence's (its case-blind alternation costs as much to look for as the whole pattern)
_OTHER_TITLES = required(re.compile(_OTHER_BEFORE.pattern.replace("(?i:", "(?:", 1)))
if _OTHER_TITLES is not None:
    _OTHER_TITLES = frozenset(k.lower() for k in _OTHER_TITLES)
    if not all(k.isascii() for k in _OTHER_TITLES):
        _OTHER_TITLES = None


def _may_name_other(text: str) -> bool:
    """False only where `_OTHER_BEFORE` cannot match: ASCII text without one of its words (case
    blindness reads a few letters outside ASCII as ASCII ones, so such text always runs)."""
    if _OTHER_TITLES is None or not text.isascii():
        return True
    lower = text.lower()
    return any(w in lower for w in _OTHER_TITLES)


_LEADER = re.compile(r"\b(?:leader|head of (?:state|government))\b", re.I)


# a name right after these is an agent or an object, not the clause's actor
_AGENT_OR_OBJECT = re.compile(
    r"\b(?:by|with|from|to|for|of|against|meeting|met|invited|called|thanked)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance, for misspelt names ("Meroni", "Zakharkova")."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


class MentionFinder:
    """Finds mentions sentence by sentence; keep one per article (it carries the context)."""

    def __init__(self, gazetteer: Gazetteer, day: date) -> None:
        self.gaz = gazetteer
        self.day = day
        self.ctx = Context()
        self.title_rx = gazetteer.title_rx

    # -- actors -------------------------------------------------------------------------
    def _actor(self, start: int, end: int, name: str, how: str) -> Mention:
        office = self.gaz.office_on(name, self.day)
        m = Mention(start, end, "actor", office.nation if office else None, name, how=how)
        if office:
            m.office = office.title
        else:
            m.flag = self._no_office(name)
            self.ctx.flags[name] = m.flag
        return m

    def _no_office(self, name: str) -> str:
        offices = self.gaz.actors[name].offices
        before = [o for o in offices if o.end is not None and o.end < self.day]
        after = [o for o in offices if o.start > self.day]
        day = self.day.isoformat()
        if before:
            o = max(before, key=lambda o: o.end or o.start)
            return f"{name} holds no office on {day}: was {o.title} of {o.nation} until {o.end}"
        if after:
            o = min(after, key=lambda o: o.start)
            return f"{name} holds no office on {day}: becomes {o.title} of {o.nation} on {o.start}"
        return f"{name} holds no office on {day}"

    def _by_title(self, nation: str | None, role: str) -> str | None:
        """The actor a title names: the holder for `nation`, or the last one seen in this role."""
        if nation is None:
            seen = self.ctx.last_actor_by_role.get(role) or self.ctx.last_by_role.get(role)
            return seen.actor if seen else None
        holders = self.gaz.holders(nation, role, self.day)
        if len(holders) == 1:
            return holders[0].actor.name
        seen_here = [h for h in holders if h.actor.name in self.ctx.seen]
        return seen_here[0].actor.name if len(seen_here) == 1 else None

    def _fuzzy(self, written: str, nation: str | None, role: str) -> str | None:
        if nation is None:
            return None
        surname = written.split()[-1].lower()
        for h in self.gaz.holders(nation, role, self.day):
            theirs = h.actor.name.split()[-1].lower()
            limit = 1 if len(theirs) < 6 else 2
            if _distance(surname, theirs) <= limit:
                return h.actor.name
        return None

    def find(self, s: Sentence) -> list[Mention]:
        """The mentions of one sentence, in order; updates the article context."""
        text = s.folded
        found: list[Mention] = []
        for m in self.gaz.actor_rx.finditer(text):
            name = self.gaz.actor_surface[m.group()]
            found.append(self._actor(m.start(), m.end(), name, "name"))
        for m in self.gaz.surname_rx.finditer(text):
            name = self.gaz.surnames[m.group()]
            if name in self.ctx.seen and not any(x.overlaps(m.start(), m.end()) for x in found):
                found.append(self._actor(m.start(), m.end(), name, "surname"))
        found.sort(key=lambda x: x.start)
        found = self._titles(text, found)
        self.ctx.seen.update(x.actor for x in found if x.actor and x.actor in self.gaz.actors)
        found.extend(self._others(text, found))
        found.extend(self._nations(text, found))
        found.extend(self._pronouns(s, text, found))
        self.ctx.quote_open ^= text.count('"') % 2 == 1
        found.sort(key=lambda x: (x.start, x.kind))
        for x in found:
            if x.kind == "actor" and x.actor and x.actor in self.gaz.actors and x.office:
                role = role_of(x.office)
                if role:
                    self.ctx.last_by_role[role] = x
                    if not _AGENT_OR_OBJECT.search(text, max(0, x.start - 30), x.start):
                        self.ctx.last_actor_by_role[role] = x
        return found

    def _titles(self, text: str, found: list[Mention]) -> list[Mention]:
        out = list(found)
        if not self.gaz.any_title_rx.search(text):
            return out
        for m in self.title_rx.finditer(text):
            role = role_of(m.group("title"))
            if role is None:
                continue
            nat_word = m.group("nat") or m.group("nat2")
            nation = self.gaz.nation_of_word(nat_word) if nat_word else None
            named = [x for x in out if x.kind == "actor" and x.overlaps(m.start(), m.end())]
            if not named:
                # "Denmark's prime minister, Mette Frederiksen," / "Dick Schoof, prime minister
                # of the Netherlands," → the name right after or right before
                named = [x for x in out if x.kind == "actor" and 0 <= x.start - m.end() <= 2]
                named = named or [
                    x
                    for x in out
                    if x.kind == "actor"
                    and 0 <= m.start() - x.end <= 2
                    and text[x.end : m.start()].strip() in (",", "")
                ]
            if named:
                x = named[0]
                x.start, x.end = min(x.start, m.start()), max(x.end, m.end())
                continue
            unnamed = bool(_UNNAMED_BEFORE.search(text[: m.start()])) or role == "spokesperson"
            written = m.group("name")
            if written and written.split()[0].lower() in ("of", "and", "said"):
                written = None
            name = None
            if written:
                name = self._fuzzy(written, nation, role)
                if name is None:
                    if nation is None:
                        continue  # "President Somebody" with no nation: nothing to go on
                    x = Mention(m.start(), m.end(), "actor", nation, written, how="title+name")
                    x.office = m.group("title")
                    x.flag = f"{written} is not in the gazetteer; nation taken from the title"
                    self.ctx.flags[written] = x.flag
                    out.append(x)
                    continue
            elif not unnamed:
                name = self._by_title(nation, role)
            if name is None:
                if nation is not None:
                    out.append(Mention(m.start(), m.end(), "nation", nation, how="title"))
                    out[-1].unnamed = True
                continue
            how = "fuzzy" if written else "title"
            out.append(self._actor(m.start(), m.end(), name, how))
        return out

    def _nations(self, text: str, actors: list[Mention]) -> list[Mention]:
        masked = text
        for m in self.gaz.non_state_rx.finditer(text):
            masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
        out = []
        for m in self.gaz.nation_rx.finditer(masked):
            if any(x.overlaps(m.start(), m.end()) for x in actors):
                continue
            iso3, kind = self.gaz.nation_surface[m.group()]
            x = Mention(m.start(), m.end(), "nation", iso3, how=kind)
            x.possessive = text[m.end() : m.end() + 2] in ("'s", "' ")
            out.append(x)
        for rx, members in self.gaz.region_rx:
            for m in rx.finditer(text):
                # "the Nordic countries": each member, at one span (as "both" is)
                for iso3 in members:
                    out.append(Mention(m.start(), m.end(), "nation", iso3, how="region"))
        return out

    def _others(self, text: str, found: list[Mention]) -> list[Mention]:
        """People the gazetteer lacks who speak for no state (see `_OTHER_BEFORE`)."""
        out: list[Mention] = []
        spans = [
            (m.start("name"), m.end("name"))
            for rx in (_OTHER_BEFORE, _OTHER_AFTER, _OTHER_APPOSITIVE)
            if rx is not _OTHER_BEFORE or _may_name_other(text)
            for m in rx.finditer(text)
        ]
        for surname in self.ctx.others.values():
            found_at = re.finditer(rf"\b{re.escape(surname)}\b", text)
            spans.extend((m.start(), m.end()) for m in found_at)
        for a, b in sorted(set(spans)):
            written = text[a:b]
            if any(x.overlaps(a, b) for x in [*found, *out]) or self.gaz.nation_rx.search(written):
                continue
            name = next((n for n, sn in self.ctx.others.items() if sn == written), written)
            self.ctx.others.setdefault(name, name.split()[-1])
            x = Mention(a, b, "actor", None, name, how="other")
            x.flag = f"{name} is not in the gazetteer and speaks for no state here"
            self.ctx.flags[name] = x.flag
            out.append(x)
        return out

    def _pronouns(self, s: Sentence, text: str, found: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        for m in _PRONOUN.finditer(text):
            if any(x.overlaps(m.start(), m.end()) for x in found):
                continue
            gender = _GENDER[m.group("p").lower()]
            here = [
                x
                for x in found
                if x.kind == "actor"
                and x.end <= m.start()
                and (self._gender(x) == gender or x.how == "other")
                and (self.ctx.quote_open + text.count('"', 0, x.start)) % 2 == 0  # not quoted
            ]
            target: Mention | None = here[-1] if here else None
            if target is None:
                last = self.ctx.last_by_gender.get(gender)
                other = self.ctx.last_other
                if other and s.index - other[0] <= 2 and (last is None or other[0] >= last[0]):
                    last = other  # the last person named speaks for no state: no nation
                if last and s.index - last[0] <= 3:
                    target = last[1]
            if target is None:
                continue
            x = Mention(m.start(), m.end(), "pronoun", target.nation, target.actor, how="pronoun")
            x.office, x.flag = target.office, target.flag
            x.possessive = m.group("p").lower() in ("his", "her")
            out.append(x)
        for m in _GROUP.finditer(text):
            idx, group = self.ctx.last_group
            if s.index - idx <= 2 and len(group) >= 2:
                for g in group:
                    x = Mention(m.start(), m.end(), "pronoun", g.nation, g.actor, how="group")
                    x.office, x.flag = g.office, g.flag
                    out.append(x)
        return out

    def _gender(self, m: Mention) -> str | None:
        a = self.gaz.actors.get(m.actor or "")
        return a.gender if a else None

    def note_subjects(self, s: Sentence, subjects: list[Mention]) -> None:
        """Record the sentence's subject group, for he/she/both in later sentences."""
        for x in subjects:
            if x.how == "other":
                self.ctx.last_other = (s.index, x)
            g = self._gender(x) if x.kind in ("actor", "pronoun") else None
            if g:
                self.ctx.last_by_gender[g] = (s.index, x)
        distinct = {(x.actor, x.nation) for x in subjects}
        if len(distinct) >= 2:
            self.ctx.last_group = (s.index, subjects)
