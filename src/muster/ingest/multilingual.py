"""Articles in French, German, Polish, Ukrainian, Russian, Italian, Spanish and Dutch.

A lexical reader, driven by each language's data (`languages/*.toml`): nations are found by
their CLDR names (Babel), the press's own forms and their inflections (lemmas from simplemma,
then a stem match for the heavily inflected languages); actors by surname in either script
(`translit.skeleton`); office titles by role. Each stance cue in a sentence is given to the
nation named nearest before it (with the list it stands in: "Francja, Niemcy i Polska są
gotowe"), else the first after it; a negator just before a cue of readiness turns it into
refusal. Companions share a leading role ("gemeinsam mit Frankreich"), a leader announcing
what "26 countries" pledged leads, and an "among them" list takes the count's stance.
Each sentence's conditions (conditions.py's kinds, by the language's phrases) and contributions
are named as well, with the nation whose parliament a named parliament is.
Proposals are aggregated per nation as the English pipeline does.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, lru_cache
from itertools import product

from muster.domain import Stance
from muster.ingest.article import Article
from muster.ingest.conditions import PARLIAMENTS, Conditions, conditions_found, contributions_in
from muster.ingest.gazetteer import Gazetteer
from muster.ingest.holders import MAX_GROUP, texts_backing
from muster.ingest.languages import SPEAKING_SEATS, LanguageData, load, plain
from muster.ingest.text import Sentence, fold
from muster.ingest.translit import skeleton

_TOKEN = re.compile(r"\w+(?:-\w+)*")
_SPLIT = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«„“(—–-]*\s*[^\W\d_a-zа-яёєіїґ])")
_MAX_WORDS = 4
# English names of a few nations as CLDR has them when the gazetteer's differ.
_ISO2_EXTRA = {"GBR": "GB", "USA": "US", "CZE": "CZ", "TUR": "TR", "NLD": "NL", "KOR": "KR"}


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    nation: str
    kind: str  # nation | actor | title
    actor: str | None = None
    country: bool = False  # the country's own name (CLDR's), or an inflection of a name
    compound: bool = False  # a part of a hyphenated compound ("franco-britannique")


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang=lang))


def _lemmas(word: str, lang: str) -> set[str]:
    return {_key(_lemma(word, lang)), _key(_lemma(word.lower(), lang))}


def _key(word: str) -> str:
    # a word's lookup key: "Großbritannien" and Swiss "Grossbritannien" are one name
    return fold(word).lower().replace("ß", "ss")


def _stem(word: str, endings: tuple[str, ...]) -> str | None:
    for e in endings:
        if word.endswith(e) and len(word) - len(e) >= 4:
            return word[: -len(e)]
    return word if len(word) >= 5 and endings else None


def _actor_keys(name: str, endings: tuple[str, ...]) -> set[str]:
    sk = skeleton(name)
    keys = {sk, re.sub(r"[aeiou]+$", "", sk)}
    low = _key(name)
    for e in endings:
        if low.endswith(e) and len(low) - len(e) >= 3:
            base = skeleton(low[: -len(e)])
            keys |= {base, re.sub(r"[aeiou]+$", "", base)}
            break
    return {k for k in keys if len(k) >= 3}


@cache
def _iso2_by_name() -> dict[str, str]:
    from babel import Locale

    return {_key(v): k for k, v in Locale("en").territories.items() if len(k) == 2}


@dataclass
class Names:
    """A gazetteer's nations and actors compiled for one language."""

    lang: str
    phrases: dict[tuple[str, ...], str]
    stems: dict[str, str]
    actors: dict[str, str]  # skeleton key → actor name
    data: LanguageData
    countries: frozenset[tuple[str, ...]]  # phrases that name a country itself, not a seat
    # stems only of capitalised forms (names, capitals: "Tirana"), not of adjectives: a
    # lower-case word ("tirano", a verb) is not read as one of them
    proper: frozenset[str] = frozenset()

    @classmethod
    def build(cls, gaz: Gazetteer, lang: str) -> Names:
        from babel import Locale

        data = load(lang)
        cldr = Locale(lang).territories
        by_name = _iso2_by_name()
        forms: dict[str, set[str]] = defaultdict(set)
        countries: set[tuple[str, ...]] = set()
        for n in gaz.nations.values():
            iso2 = _ISO2_EXTRA.get(n.iso3)
            for english in (n.name, *n.aliases):
                iso2 = iso2 or by_name.get(_key(english))
            if iso2 and iso2 in cldr:
                forms[n.iso3].add(cldr[iso2])
                words = _TOKEN.findall(cldr[iso2])
                countries.update(product(*({_key(w), *_lemmas(w, lang)} for w in words)))
            forms[n.iso3].update((n.name, *n.aliases, *n.metonyms))
            forms[n.iso3].update(data.nations.get(n.iso3, ()))
        phrases: dict[tuple[str, ...], str] = {}
        stems: dict[str, str] = {}
        lower: set[str] = set()
        clash: set[str] = set()
        for iso3, names in forms.items():
            for form in names:
                words = [w for w in _TOKEN.findall(form)]
                if not words or len(words) > _MAX_WORDS:
                    continue
                for variant in product(*({_key(w), *_lemmas(w, lang)} for w in words)):
                    phrases.setdefault(variant, iso3)
                if len(words) == 1 and data.stem_endings:
                    s = _stem(_key(words[0]), data.stem_endings)
                    if s:
                        if stems.get(s, iso3) != iso3:
                            clash.add(s)
                        stems[s] = iso3
                        if not words[0][:1].isupper():
                            lower.add(s)
        for s in clash:
            stems.pop(s, None)
        for form, isos in data.groups.items():
            words = _TOKEN.findall(form)
            for variant in product(*({_key(w), *_lemmas(w, lang)} for w in words)):
                phrases.setdefault(variant, "+".join(isos))
        actors: dict[str, str] = {}
        ambiguous: set[str] = set()
        for a in gaz.actors.values():
            surnames = {a.name.split()[-1], *data.actors.get(a.name, ())}
            for surname in surnames:
                for k in _actor_keys(surname, data.stem_endings):
                    if actors.get(k, a.name) != a.name:
                        ambiguous.add(k)
                    actors[k] = a.name
        for k in ambiguous:
            actors.pop(k, None)
        for k in list(actors):
            if k in stems or (k,) in phrases:
                actors.pop(k)  # a surname that is also a nation's word is not read as a name
        proper = frozenset(stems.keys() - lower)
        return cls(lang, phrases, stems, actors, data, frozenset(countries), proper)


_COMPILED: dict[tuple[int, str], tuple[Gazetteer, Names]] = {}


def names_for(gaz: Gazetteer, lang: str) -> Names:
    """`Names.build(gaz, lang)`, once per gazetteer and language."""
    hit = _COMPILED.get((id(gaz), lang))
    if hit is not None and hit[0] is gaz:
        return hit[1]
    names = Names.build(gaz, lang)
    _COMPILED[(id(gaz), lang)] = (gaz, names)
    return names


# "m.in. Belgia", "u.a. Belgien", "т.е.", "np.": an abbreviation's dot ends no sentence
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:m\.in|np|tzw|ok|ds|wg|u\.a|z\.b|bzw|ca|vgl|evtl|etc|cf|p\.ex|ecc|ggf|т\.е|т\.ч|"
    r"т\.д|т\.п|напр|зокр|див|ін|ім|пор|тыс|тис|млн|млрд|mln|mld|tys|prof|dr|gen|ks|św|st)\.$",
    re.IGNORECASE,
)


def sentences(article: Article) -> list[Sentence]:
    out: list[Sentence] = []
    for p, paragraph in enumerate(article.paragraphs):
        start = 0
        for m in [*_SPLIT.finditer(paragraph), None]:
            end = m.start() if m else len(paragraph)
            # only the end is looked at: scanning from `start` each time was quadratic
            if m and _ABBREVIATION.search(paragraph, max(start, end - 8), end):
                continue
            text = paragraph[start:end].strip()
            if text:
                out.append(Sentence(len(out), p, text, fold(text)))
            if m:
                start = m.end()
    return out


def find(names: Names, gaz: Gazetteer, s: Sentence, day: date) -> list[Hit]:
    """Nations, actors and nation-naming titles in `s`, in order."""
    tokens = list(_TOKEN.finditer(s.text))
    raw = [_key(t.group()) for t in tokens]
    lem = [_key(_lemma(t.group(), names.lang)) for t in tokens]
    lem2 = [_key(_lemma(t.group().lower(), names.lang)) for t in tokens]
    hits: list[Hit] = []
    i = 0
    while i < len(tokens):
        found = None
        for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
            keys = (tuple(raw[i : i + n]), tuple(lem[i : i + n]), tuple(lem2[i : i + n]))
            key = next((k for k in keys if k in names.phrases), None)
            if key is not None:
                country = any(k in names.countries for k in keys)
                end = tokens[i + n - 1].end()
                found = Hit(tokens[i].start(), end, names.phrases[key], "nation", country=country)
                break
        if found is None:
            word = tokens[i].group()
            if word[:1].isupper():
                for k in _actor_keys(word, names.data.stem_endings):
                    actor = names.actors.get(k)
                    office = gaz.office_on(actor, day) if actor else None
                    if actor and office and not _a_word_not_a_name(word, actor, names.lang):
                        found = Hit(
                            tokens[i].start(), tokens[i].end(), office.nation, "actor", actor
                        )
                        break
            if found is None and names.stems:
                stem = _stem(raw[i], names.data.stem_endings)
                if stem in names.proper and not word[:1].isupper():
                    stem = None
                iso3 = names.stems.get(stem) if stem else None
                if iso3:
                    found = Hit(tokens[i].start(), tokens[i].end(), iso3, "nation", country=True)
        if found is None and "-" in tokens[i].group() and names.data.combining:
            parts = _compound(names, tokens[i].start(), tokens[i].group())
            if parts:
                hits.extend(parts)
                i += 1
                continue
        if found is not None:
            hits.append(found)
            i = next((j for j in range(i, len(tokens)) if tokens[j].end() >= found.end), i) + 1
        else:
            i += 1
    low = plain(s.text)
    hits = [h for h in hits if not _venue(h, low, names)]
    # a group ("les pays baltes") is each of its nations, listed at one place
    hits = [replace(h, nation=iso3) for h in hits for iso3 in h.nation.split("+")]
    for t in names.data.titles:
        if t.nation is None:
            continue
        for m in t.rx.finditer(low):
            if not any(h.start <= m.start() < h.end for h in hits):
                holders = gaz.holders(t.nation, t.role, day)
                actor = holders[0].actor.name if len(holders) == 1 else None
                hits.append(Hit(m.start(), m.end(), t.nation, "title", actor))
    hits.sort(key=lambda h: h.start)
    return _merge_titles(hits)


def _compound(names: Names, at: int, word: str) -> list[Hit]:
    """The nations of a hyphenated compound of a combining form and a nation's word
    ("franco-britannique", "italo-tedesca", "франко-британских") or of two nations' words
    ("Frans-Britse"): one mention each, or none when a part names no nation ("Nato-Staaten")."""
    out: list[Hit] = []
    start = at
    parts = word.split("-")
    for k, part in enumerate(parts):
        key = _key(part)
        iso3 = names.data.combining.get(plain(part)) if k < len(parts) - 1 else None
        if iso3 is None:
            iso3 = next(
                (
                    names.phrases[(w,)]
                    for w in (key, *_lemmas(part, names.lang))
                    if (w,) in names.phrases
                ),
                None,
            )
        if iso3 is None and names.stems:
            stem = _stem(key, names.data.stem_endings)
            iso3 = names.stems.get(stem) if stem and stem not in names.proper else None
        if iso3 is None or "+" in iso3:
            return []
        out.append(Hit(start, start + len(part), iso3, "nation", compound=True))
        start += len(part) + 1
    return out


def _a_word_not_a_name(word: str, actor: str, lang: str) -> bool:
    """A capitalised word of the language that matched a surname only through its spelling
    skeleton ("Veel", many, as van Weel): it is the word, not the name."""
    import simplemma

    w, surname = _key(word), _key(actor.split()[-1])
    return (
        w[:1] != surname[:1]
        and w.isascii() == surname.isascii()
        and bool(simplemma.is_known(w, lang=lang))
    )


def _venue(h: Hit, low: str, names: Names) -> bool:
    """A capital or seat named as where something happens ("à Paris", "im Kanzleramt"); a
    country's own name after "in" is still the country, and so is a seat that speaks."""
    if h.kind != "nation" or not names.data.venue.search(low[: h.start]):
        return False
    return not h.country and not SPEAKING_SEATS.search(low[h.start : h.end])


def _merge_titles(hits: list[Hit]) -> list[Hit]:
    # "Bundeskanzler Friedrich Merz": one mention, not two
    out: list[Hit] = []
    for h in hits:
        if out and out[-1].nation == h.nation and h.start - out[-1].end <= 20:
            prev = out[-1]
            out[-1] = Hit(prev.start, h.end, h.nation, "actor", prev.actor or h.actor)
            continue
        out.append(h)
    return out


@dataclass(frozen=True, slots=True)
class Found:
    nation: str
    stance: Stance
    weight: float
    sentence: int
    cue: str
    actor: str | None
    role: bool = False  # a cue naming a leading role, not a lead inferred from an announcement


def _cues(data: LanguageData, low: str) -> list[tuple[int, int, Stance, float, str, bool]]:
    spans: list[tuple[int, int, Stance, float, str, bool]] = []
    found = [
        (m.start(), m.end(), c.stance, c.weight, c.flips, c.after)
        for c in data.cues
        for m in c.rx.finditer(low)
    ]
    found.sort(key=lambda f: (-(f[1] - f[0]), -f[3]))
    # "un mecanismo de vigilancia del alto el fuego liderado por Estados Unidos": leading the
    # truce's monitoring (a condition's kind) is a part in the mission, not the coalition's lead
    monitoring = data.conditions.get("us-ceasefire-monitoring")
    monitored = [m.span() for m in monitoring.finditer(low)] if monitoring else []
    for a, b, stance, weight, flips, after in found:
        if any(a < y and x < b for x, y, *_ in spans):
            continue
        st = stance
        before = _TOKEN.findall(_clause_before(low, a))[-2:]
        if stance is Stance.CONDITIONAL and any(data.without.fullmatch(w) for w in before):
            continue  # "même sans mandat de l'ONU": the condition is said not to be needed
        if flips:
            clause = _clause_before(low, a)
            if any(data.negators.fullmatch(w) for w in _TOKEN.findall(clause)[-4:]):
                st = Stance.SKEPTICAL
            elif data.whether.search(clause):
                st = Stance.UNDECIDED
        if st is Stance.LEAD and any(x <= a and b <= y for x, y in monitored):
            st = Stance.WILLING
        spans.append((a, b, st, weight, low[a:b], after))
    return sorted(spans)


def _clause_before(low: str, at: int) -> str:
    """The text from the last comma, semicolon or colon before `at` up to it (linear: splitting
    the whole prefix at every cue was quadratic on long sentences)."""
    return low[max(low.rfind(c, 0, at) for c in ",;:") + 1 : at]


_CAPITALISED = re.compile(r"\b[^\W\d_][\w'’.-]*")


def _joined(a: Hit, b: Hit, s: Sentence, data: LanguageData) -> bool:
    """Whether the text between two mentions only lists them ("X, Y und Z"; "the president of
    X, Name, and the prime minister of Y, Name")."""
    if b.start <= a.start:
        return True  # two nations of one group ("die baltischen Staaten")
    between = plain(s.text[a.end : b.start])
    # a bare comma lists nations or people ("Макрон, Стармер и Зеленский"), not a nation and
    # the next clause's speaker
    persons = a.kind in _PERSONS and b.kind in _PERSONS
    if data.joiners.match(between):
        return between.strip() not in (",", ";") or (a.kind == b.kind == "nation") or persons
    for t in data.titles:
        between = t.rx.sub(" ", between)
    original = s.text[a.end : b.start]
    names = {m.group() for m in _CAPITALISED.finditer(original) if m.group()[:1].isupper()}
    rest = between
    for n in names:
        rest = re.sub(rf"(?<!\w){re.escape(plain(n))}(?!\w)", " ", rest)
    if not rest.strip() and a.nation == b.nation and len(original) < 40:
        return True  # "der britische Premierminister Keir Starmer": one person, told twice
    listed = rest.strip(" ,;") != "" or persons
    return bool(data.joiners.match(rest)) and listed and len(original) < 80


_PERSONS = ("actor", "title", "pronoun")


def _counts(data: LanguageData, text: str) -> bool:
    """Whether `text` counts nations ("26 pays", "ośmiu państw"), not one ("son pays")."""
    for m in data.count_nouns.finditer(text):
        if text[max(m.start() - 1, 0) : m.start()] == "-":
            continue  # "Soldaten aus Nato-Staaten", "EU-Länder": a kind of country, no count
        words = _TOKEN.findall(text[: m.start()])
        if not (words and data.possessives.fullmatch(words[-1])):
            return True
    return False


def _companions(hits: list[Hit], s: Sentence, data: LanguageData) -> list[bool]:
    """Which hits stand as the subject's companions ("gemeinsam mit Frankreich und Polen",
    "wraz z prezydentem Francji", "avec Londres"), with the lists they open."""
    out = [False] * len(hits)
    for k, h in enumerate(hits):
        start = hits[k - 1].end if k else 0
        between = plain(s.text[start : h.start])
        for t in data.titles:
            between = t.rx.sub(" ", between)
        joined = k > 0 and out[k - 1] and _joined(hits[k - 1], h, s, data)
        out[k] = bool(data.comitative.search(between)) or joined
    return out


def _objects(hits: list[Hit], s: Sentence, data: LanguageData) -> list[bool]:
    """Which hits stand after a preposition of the verb's object or counterpart ("briefing z
    prezydentem Finlandii", "Treffen mit Macron", "переговоры с Францией"). Read folded, as the
    patterns are ("gegenüber", "face à", "Präsident"), but with Polish "ż" kept apart: folded,
    "że" (that) would be "ze" (with)."""
    out = []
    for k, h in enumerate(hits):
        gap = s.text[hits[k - 1].end if k else 0 : h.start]
        between = plain(gap.replace("ż", "\0").replace("Ż", "\0"))
        for t in data.titles:
            between = t.rx.sub(" ", between)
        out.append(bool(data.objects.search(between)))
    return out


_COMPANION_REACH = 80  # characters between a leading subject and its first companion


def _with_companions(group: list[Hit], hits: list[Hit], comp: list[bool]) -> list[Hit]:
    """`group` and the companions next to it in the sentence; a group that is itself a
    companion list brings in the subject before it ("X wraz z Y stoi na czele"). Used for
    leading roles only ("co-dirige la coalition avec Londres")."""
    idx = sorted(hits.index(h) for h in group if h in hits)
    if not idx:
        return group
    lo, hi = idx[0], idx[-1]
    extra: list[int] = []
    j = hi + 1
    # a companion follows the subject within a clause's reach ("co-dirige la coalition avec
    # Londres"), not at the end of a long sentence ("… cessez-le-feu avec la Russie")
    while j < len(hits) and comp[j] and hits[j].start - hits[j - 1].end <= _COMPANION_REACH:
        extra.append(j)
        j += 1
    j = lo - 1
    while j >= 0 and comp[j]:
        extra.append(j)
        j -= 1
    if comp[lo] and j >= 0:
        extra.append(j)  # the subject the companions go with
    return group + [hits[e] for e in extra if hits[e] not in group]


def _group(hits: list[Hit], k: int, s: Sentence, data: LanguageData, step: int) -> list[Hit]:
    group = [hits[k]]
    j = k
    while 0 <= j + step < len(hits):
        a, b = (hits[j + step], hits[j]) if step < 0 else (hits[j], hits[j + step])
        if not _joined(a, b, s, data):
            break
        j += step
        group.append(hits[j])
    return group


@dataclass(frozen=True, slots=True)
class Named:
    """What one sentence names beyond stances: conditions, whose parliament, contributions."""

    conditions: Conditions
    parliament: str | None  # a named parliament's nation ("Bundestag", "parlement néerlandais")
    contributions: tuple[str, ...]
    nations: bool  # whether it names a nation or person outside its conditions
    hits: tuple[Hit, ...] = ()  # every name found in it, as `find` gave them (for the fallback)


_NOTHING = Named(Conditions((), (), False), None, (), False)
# between a parliament and its nation's adjective or name: "le parlement néerlandais",
# "des niederländischen Parlaments", "parlamentu Holandii", "der Niederlande"
# (inflected and compounded: "Sejmu", "Bundestagsmandat"; but the "Daily Telegraph" is no Dáil)
_BODIES = re.compile(r"(?<!\w)(?!daily)(?:" + "|".join(PARLIAMENTS) + r")")
_ADJACENT = re.compile(r"^[\s'’]*(?:\w{1,4}[\s'’]+)?$")


def conditions_of(s: Sentence, low: str, hits: list[Hit], data: LanguageData) -> Named:
    """The conditions and contributions `s` names (`low`: its `plain` form; `hits`: its
    mentions). A condition after "sans"/"ohne"/"bez" is said to be absent, so not named,
    unless a refusal scopes it ("nicht ohne", "keine Soldaten ohne"): then it is needed."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for kind, rx in data.conditions.items():
        for m in rx.finditer(low):
            clause = _TOKEN.findall(_clause_before(low, m.start()))
            if any(data.without.fullmatch(w) for w in clause[-2:]) and not any(
                data.negators.fullmatch(w) for w in clause[:-2]
            ):
                continue  # "même sans mandat de l'ONU"; but "keine Soldaten ohne US-Garantie"
            spans.setdefault(kind, []).append(m.span())
    for m in _BODIES.finditer(low):  # "Riigikogu", "Folketing": named alike in every language
        spans.setdefault("{nation}-parliament-approves", []).append(m.span())
    contributions = tuple(contributions_in(s.text, low, data.contributions))
    # a nation named outside the conditions ("amerikanische Absicherung" names none)
    nations = any(
        not any(a < h.end and h.start < b for v in spans.values() for a, b in v) for h in hits
    )
    if not spans:
        return Named(_NOTHING.conditions, None, contributions, nations)
    found = conditions_found(spans, bool(data.connective.search(low)))
    parliament = None
    if "{nation}-parliament-approves" in found.ids:
        # a parliament of one nation by its name, else the nation named next to it
        own = [iso3 for rx, iso3 in data.parliaments if rx.search(low)]
        own += [PARLIAMENTS[m.group()] for m in _BODIES.finditer(low)]
        for a, b in spans["{nation}-parliament-approves"]:
            for h in hits:
                if h.kind != "nation":
                    continue
                if (h.end <= a and _ADJACENT.match(low[h.end : a])) or (
                    h.start >= b and _ADJACENT.match(low[b : h.start])
                ):
                    own.append(h.nation)
        parliament = own[0] if own else None
    return Named(found, parliament, contributions, nations)


def read(
    article: Article, gaz: Gazetteer, lang: str, skip: frozenset[str]
) -> tuple[list[Sentence], list[Found], Counter[tuple[str, str]], list[Named]]:
    """The sentences, every cue given to a nation, how often each actor is named, and what
    each sentence names of conditions and contributions."""
    names = names_for(gaz, lang)
    data = names.data
    ss = sentences(article)
    out: list[Found] = []
    actors: Counter[tuple[str, str]] = Counter()
    named: list[Named] = []
    subject: Hit | None = None
    counted: tuple[Stance, str, int] | None = None  # "26 pays sont prêts": the count's cue
    lows = [plain(s.text) for s in ss]
    backing = texts_backing(
        [bool(data.joint_text.search(x)) for x in lows],
        [bool(data.refers_back.search(x)) for x in lows],
        [bool(data.joint_against.search(x)) for x in lows],
        [_backs_the_force(data, x) for x in lows],
    )
    for si, s in enumerate(ss):
        low = plain(s.text)
        hits = find(names, gaz, s, article.date)
        named.append(replace(conditions_of(s, low, hits, data), hits=tuple(hits)))
        for h in hits:
            if h.actor:
                actors[(h.nation, h.actor)] += 1
        if subject is not None and data.pronouns.match(low):
            hits.insert(0, Hit(0, 0, subject.nation, "pronoun", subject.actor))
        people = [h for h in hits if h.kind in ("actor", "title", "pronoun")]
        carried = subject if subject is not None and subject.nation not in skip else None
        if hits:
            subject = (people or hits)[0]
        hits = [h for h in hits if h.nation not in skip]
        if counted is not None and counted[2] < s.index - 1:
            counted = None
        if not hits:
            for a, b, stance, _, cue, after in _cues(data, low):
                # "готовність … висловили шість країн": the count after the cue as well
                if not after and (_counts(data, low[:a]) or _counts(data, low[b:])):
                    counted = (stance, cue, s.index)
            continue
        comp = _companions(hits, s, data)
        obj = _objects(hits, s, data)
        placed = {
            k
            for k, h in enumerate(hits)
            if k and h.kind == "nation" and data.venue.search(low[: h.start])
        }
        # "tra Ucraina, Stati Uniti ed Europa, ribadendo il no": a list "between" governs
        for k, h in enumerate(hits):
            gap = low[hits[k - 1].end if k else 0 : h.start]
            if h.kind == "nation" and (
                data.between.search(gap) or (k - 1 in placed and k > 0 and data.joiners.match(gap))
            ):
                placed.add(k)
        cues = _cues(data, low)
        for a, b, stance, weight, cue, after in cues:
            # a mention that spans the cue ("Premier Tusk wykluczył wysłanie polskich" merged
            # as one person) is before it: its subject
            before = [k for k, h in enumerate(hits) if h.start < a]
            later = [k for k, h in enumerate(hits) if h.start >= b]
            start = min(hits[before[-1]].end, a) if before else 0
            # a lead cue is the speaker's own whatever it counts ("Macron heeft de coalitie van
            # bereidwillige landen bijeengeroepen", "a réuni 30 pays")
            counts = stance is not Stance.LEAD and not (after and later)
            anaphor = data.anaphors.search(low[start:a])  # "questi Paesi": a list, no count
            if counts and not anaphor and _counts(data, low[start:a]):
                between = low[start:a]
                # "Alemania, Italia y Polonia figuran entre los países que confirmaron": the
                # list before "among" the counted nations takes the count's stance
                m_among = data.among.search(between)
                m_count = data.count_nouns.search(between)
                if (
                    before
                    and hits[before[-1]].kind == "nation"
                    and m_among
                    and m_count
                    and m_among.start() < m_count.start()
                    and not any(data.negators.fullmatch(w) for w in _TOKEN.findall(between))
                ):
                    for h in _group(hits, before[-1], s, data, -1):
                        out.append(Found(h.nation, stance, weight, s.index, cue, h.actor))
                    continue
                counted = (stance, cue, s.index)
                if any(data.negators.fullmatch(w) for w in _TOKEN.findall(between)):
                    continue  # "not all countries are ready": says nothing of the speaker's
                # "Macron said 26 countries are ready", "26 pays sont prêts, a annoncé Macron":
                # the speaker leads, the count's readiness is not his own
                speaker = hits[before[-1]] if before else None
                # "… are ready, but minister X rejected it": the speaker after a "but" is not
                # the one announcing the count
                # "…, a annoncé Macron"; not "… n'est pas la solution, et le président
                # Nawrocki refuse l'envoi": a person with a cue of his own is no speaker
                if (
                    speaker is None
                    and later
                    and hits[later[0]].kind in _PERSONS
                    and not data.contrast.search(low[b : hits[later[0]].start])
                    and not any(c[0] >= hits[later[0]].end for c in cues)
                ):
                    speaker = hits[later[0]]
                if stance is Stance.WILLING and speaker and speaker.kind in _PERSONS:
                    out.append(Found(speaker.nation, Stance.LEAD, 1.5, s.index, cue, speaker.actor))
                continue
            # a condition naming a nation ("garantías de Estados Unidos", "US-Absicherung") is
            # the condition of whoever sets it, not a stance of the nation it names
            own = stance is not Stance.CONDITIONAL
            inside = [
                k
                for k, h in enumerate(hits)
                if own and a <= h.start and h.end <= b and (h.kind in _PERSONS or h.country)
            ]
            if after and later:
                group = _group(hits, later[0], s, data, 1)
            elif inside and not after:
                # "ließ Regierungssprecher Hebestreit offen", "sagte Merz zu": the verb's
                # subject stands inside the cue (German inversion)
                group = _group(hits, inside[0], s, data, 1)
            elif before:
                # "Der Kreml hat Soldaten in der Ukraine als inakzeptabel bezeichnet": a
                # country named as the place of a deployment is not the subject before it
                k = next((k for k in reversed(before) if k not in placed), before[-1])
                # "nach einem Treffen mit Macron ließ Merz offen", "briefing z prezydentem
                # Finlandii": a person's counterpart is not the subject; a nation's companion
                # may be ("Frankreich sei bereit, gemeinsam mit Großbritannien")
                subj = next(
                    (j for j in reversed(before) if j not in placed and not comp[j] | obj[j]),
                    None,
                )
                if subj is not None and hits[subj].kind in _PERSONS and comp[k] | obj[k]:
                    k = subj
                # "Interrogato su Germania, Italia e Polonia, Macron ha risposto che questi
                # Paesi hanno confermato": the anaphor's nations, not the speaker's
                m = data.anaphors.search(low, hits[k].end, a)
                listed = [j for j in before if hits[j].kind == "nation" and j != k]
                if m and hits[k].kind in _PERSONS and listed:
                    k = listed[-1]
                group = _group(hits, k, s, data, -1)
            elif later:
                if data.objects.search(low[b : hits[later[0]].start]):
                    continue  # "le refus d'une escalade avec la Russie": its object, not holder
                if data.subject_pronouns.search(low[a : hits[later[0]].start]):
                    # "wich er aus, ... Kanadier": the pronoun's, i.e. the last subject's
                    if carried is None:
                        continue
                    group = [carried]
                else:
                    group = _group(hits, later[0], s, data, 1)
            elif own and any(a <= h.start and h.end <= b for h in hits):
                # "жоден словацький солдат не поїде", "keine deutschen Soldaten": the nation
                # inside the cue, when none stands before or after it
                k = next(k for k, h in enumerate(hits) if a <= h.start and h.end <= b)
                group = _group(hits, k, s, data, 1)
            else:
                continue
            role = stance is Stance.LEAD
            if role:  # after other cues "mit Macron" is as often an object ("Treffen mit")
                group = _with_companions(group, hits, comp)
            for h in group:
                out.append(Found(h.nation, stance, weight, s.index, cue, h.actor, role))
        if counted is not None:
            m = data.among.search(low)
            after_m = [k for k, h in enumerate(hits) if m and h.start >= m.end()]
            if after_m:
                # "26 countries are ready; among them Denmark, Estonia and Spain"
                for h in _group(hits, after_m[0], s, data, 1):
                    out.append(Found(h.nation, counted[0], 1.0, s.index, counted[1], h.actor))
        for m in data.owned_plans.finditer(low):
            owner = next((j for j, h in enumerate(hits) if h.start == m.end() + 1), None)
            if owner is not None and hits[owner].kind == "nation" and not hits[owner].compound:
                for h in _group(hits, owner, s, data, 1):
                    out.append(Found(h.nation, Stance.LEAD, 1.0, s.index, m.group(), h.actor))
        for h, cue in _planned(hits, low, data):
            out.append(Found(h.nation, Stance.LEAD, 1.0, s.index, cue, h.actor, True))
        prev = plain(ss[si - 1].text) if si else ""
        nxt = plain(ss[si + 1].text) if si + 1 < len(ss) else ""
        against = {
            f.nation
            for f in out
            if f.sentence == s.index and f.stance in (Stance.OPPOSED, Stance.SKEPTICAL)
        }
        for h in _signatories(hits, s, low, prev, nxt, data, backing.get(si)):
            if h.nation not in against:
                out.append(Found(h.nation, Stance.WILLING, 1.0, s.index, "signatory", h.actor))
    return ss, out, actors, named


_NEXT_WORD = re.compile(r"^[\s'’«»\"“”]*(\w+)")
_LAST_WORD = re.compile(r"(\w+)[\s'’«»\"“”]*$")


def _planned(hits: list[Hit], low: str, data: LanguageData) -> list[tuple[Hit, str]]:
    """The nations of a compound naming a plan as theirs ("l'idée franco-britannique", "i
    piani franco-britannici", "франко-британский план"): they lead it."""
    out: list[tuple[Hit, str]] = []
    k = 0
    while k < len(hits):
        if not hits[k].compound:
            k += 1
            continue
        j = k
        while j + 1 < len(hits) and hits[j + 1].compound and hits[j + 1].start == hits[j].end + 1:
            j += 1
        if j > k:
            before = _LAST_WORD.search(low[: hits[k].start])
            after = _NEXT_WORD.search(low[hits[j].end :])
            noun = next(
                (m.group(1) for m in (before, after) if m and data.plans.fullmatch(m.group(1))),
                None,
            )
            if noun:
                out += [(h, noun) for h in hits[k : j + 1]]
        k = j + 1
    return out


def _backs_the_force(data: LanguageData, low: str) -> bool:
    """Whether a sentence names the force or its guarantees (not the coalition alone) and no
    warning, condemnation or refusal of it (`joint_against`, or an opposed or skeptical cue)."""
    families = [data.families[f] for f in ("force", "guarantee") if f in data.families]
    named = any(
        not m.group().startswith(("coali", "koali", "коали", "коалі"))
        for rx in families
        for m in rx.finditer(low)
    )
    return (
        named
        and not data.joint_against.search(low)
        and not any(c[2] in (Stance.OPPOSED, Stance.SKEPTICAL) for c in _cues(data, low))
    )


def _negated(low: str, at: int, data: LanguageData) -> bool:
    """Whether a negator stands in the few words before `at` ("nicht unterzeichnet von",
    "non l'hanno firmata")."""
    words = _TOKEN.findall(low[max(0, at - 20) : at])
    return any(data.negators.fullmatch(w) for w in words)


def _text_backs(data: LanguageData, low: str, prev: str, nxt: str, after: bool = True) -> bool:
    """Whether the joint text named in this sentence or the one before backs the force: said in
    its own sentence, or in the next one when that one speaks of the text ("La déclaration
    ..."); or this sentence speaks of a text ("Unterzeichnet wurde die Erklärung ...") and the
    one before backs the force (not when `after` is false: the text it speaks of is known to
    back nothing). Never when this sentence warns of or condemns it."""
    if data.joint_against.search(low):
        return False
    texts = [(x, y) for x, y in ((low, nxt), (prev, low)) if data.joint_text.search(x)]
    return any(
        _backs_the_force(data, x)
        or (
            bool(data.refers_back.search(y))
            and _backs_the_force(data, y)
            and not data.joint_against.search(x)
        )
        for x, y in texts
    ) or (after and bool(data.refers_back.search(low)) and _backs_the_force(data, prev))


def _signatories(
    hits: list[Hit],
    s: Sentence,
    low: str,
    prev: str,
    nxt: str,
    data: LanguageData,
    backing: bool | None = None,
) -> list[Hit]:
    """Convention h: the states listed as signing a joint statement or declaration that backs
    the force or its guarantees (in the text's own sentence, or in the next one when that one
    speaks of the text): "Unterzeichnet wurde die Erklärung neben Merz von den
    Regierungschefs Frankreichs, Großbritanniens, …". The list is read as other lists are
    (`_joined`), with a leader's title and "von den" between its names allowed; a list of
    attendees names no signatory. `backing`: whether the text the sentence names or speaks of
    backs the force anywhere in the article (`texts_backing`; None: it names none)."""
    if data.joint_against.search(low) or not (
        backing or _text_backs(data, low, prev, nxt, backing is None)
    ):
        return []
    out: list[Hit] = []
    for marker in data.signed_by.finditer(low):
        if _negated(low, marker.start(), data):
            continue  # "nicht unterzeichnet von", "n'a pas été signée par"
        after = [h for h in hits if h.start >= marker.end()]
        if after and _short_gap(low[marker.end() : after[0].start], data, 5):
            out += _listed(after, s, data)[:MAX_GROUP]
    for verb in data.signed_it.finditer(low):
        if _negated(low, verb.start(), data):
            continue  # "Ungheria e Slovacchia non l'hanno firmata"
        cut = max(low.rfind(c, 0, verb.start()) for c in ";:")
        before = [h for h in hits if cut < h.start and h.end <= verb.start()]
        if before:
            group = _listed(before, s, data)
            if group[-1] is before[-1]:
                out += group[:MAX_GROUP]  # the list runs up to the verb: its subject
    return out


def _short_gap(between: str, data: LanguageData, words: int) -> bool:
    for t in data.titles:
        between = t.rx.sub(" ", between)
    return len(_TOKEN.findall(between)) <= words and not data.contrast.search(between)


def _listed(hits: list[Hit], s: Sentence, data: LanguageData) -> list[Hit]:
    """The list that opens with `hits[0]`: names joined as `_joined` reads them, or parted only
    by a leader's title and a preposition ("neben Merz von den Regierungschefs Frankreichs")."""
    group = [hits[0]]
    for a, b in itertools.pairwise(hits):
        gap = plain(s.text[a.end : b.start])
        # "; los primeros ministros de Polonia": a new item of the list, its plural title
        if not (
            _joined(a, b, s, data)
            or _short_gap(gap, data, 3)
            or (gap.lstrip()[:1] in (",", ";") and _short_gap(gap, data, 4))
        ):
            break
        group.append(b)
    return group


def nations_named(article: Article, gaz: Gazetteer, lang: str) -> Iterable[str]:
    """Every nation `article` names (for tests and diagnostics)."""
    names = names_for(gaz, lang)
    for s in sentences(article):
        for h in find(names, gaz, s, article.date):
            yield h.nation
