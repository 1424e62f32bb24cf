"""What the ingester knows of each language other than English, as data: one TOML per language.

Each file gives, for its language: the press's own forms of nation names beyond CLDR's (adjectives,
capitals and seats of government as metonyms: "Allemagne"/"allemand", "Kremlin", "Élysée"),
office titles by role (some naming their nation: "Bundeskanzler"), negators, stance cues by
stance (regular expressions on folded, lower-case text; "negated" cues are those a negator flips),
and the phrases naming conditions.py's kinds of condition and the contributions.
Nation names in the language come from CLDR through Babel; lemmas from simplemma.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from muster.domain import Stance
from muster.ingest.conditions import KINDS
from muster.ingest.text import fold

LANGUAGES: tuple[str, ...] = ("fr", "de", "pl", "uk", "ru", "it", "es", "nl")
# Seats of power that speak for their state even after "in"/"à"/"в" ("В Кремле ответили"),
# unlike a capital named as a venue ("la réunion à Paris").
SPEAKING_SEATS = re.compile(
    r"kreml|кремл|cremlin|elysee|елисейск|єлисейськ|downing|maison.blanche|casa.bianca|"
    r"casa.blanca|witte.huis|weisse?n?.haus|bialy.dom|белый.дом|білий.дім|moncloa|chigi"
)


@dataclass(frozen=True, slots=True)
class Cue:
    stance: Stance
    rx: re.Pattern[str]
    weight: float
    flips: bool  # a negator before it turns it round (willing → skeptical)
    after: bool = False  # its holder follows it ("dirigé par la France", "convocato dal premier")


@dataclass(frozen=True, slots=True)
class Title:
    role: str
    rx: re.Pattern[str]
    nation: str | None  # a title that names its nation ("Bundeskanzler")


@dataclass(frozen=True, slots=True)
class LanguageData:
    code: str
    nations: dict[str, tuple[str, ...]]  # iso3 → press forms (not CLDR's)
    # a phrase naming several nations at once ("die baltischen Staaten" → EST, LVA, LTU)
    groups: dict[str, tuple[str, ...]]
    actors: dict[str, tuple[str, ...]]  # actor name → forms the press writes it in
    titles: tuple[Title, ...]
    negators: re.Pattern[str]
    cues: tuple[Cue, ...]
    stem_endings: tuple[str, ...]
    joiners: re.Pattern[str]  # what joins a list of nations ("und", ",", "i", "та")
    count_nouns: re.Pattern[str]  # "26 pays": a cue after them is theirs, not the speaker's
    pronouns: re.Pattern[str]  # a sentence opening with one goes on with the last subject
    venue: re.Pattern[str]  # "à Paris", "in Berlin": a place, not a state speaking
    whether: re.Pattern[str]  # "offen, ob er Soldaten schicken will": readiness in question
    # "gemeinsam mit Frankreich", "wraz z prezydentem Francji", "avec Londres": a companion of
    # the subject shares its cue
    comitative: re.Pattern[str]
    # "parmi eux", "darunter", "wśród nich", "серед них": a list of the nations just counted
    among: re.Pattern[str]
    without: re.Pattern[str]  # "sans", "ohne", "bez", "без": a condition said to be absent
    # "questi Paesi", "diese Länder", "ці країни": the nations listed before, not the speaker
    anaphors: re.Pattern[str]
    # "escalade avec la Russie", "gegen Russland": a nation after a cue as its complement
    objects: re.Pattern[str]
    # "tra Ucraina, Stati Uniti ed Europa", "tussen Europa en de VS": nations a preposition
    # of between governs, never the subject of a cue after them
    between: re.Pattern[str]
    possessives: re.Pattern[str]  # "son pays", "его страна": one country, not a count
    subject_pronouns: re.Pattern[str]  # "wich er aus": the pronoun anywhere in a clause
    # "ale", "aber", "но": what turns a sentence round ("N are ready, but X refused")
    contrast: re.Pattern[str]
    # conditions.py's kinds named in the language: kind id → its phrases ("cessez-le-feu",
    # "Bundestagsmandat", "zgoda Sejmu"); the connectives that make them a condition ("nur
    # wenn", "pod warunkiem"); parliaments that are one nation's ("sejm" → POL)
    conditions: dict[str, re.Pattern[str]]
    connective: re.Pattern[str]
    parliaments: tuple[tuple[re.Pattern[str], str], ...]
    # contributions named (kind, phrases): "troops" with a number, "air defence", "training"...
    contributions: tuple[tuple[str, re.Pattern[str]], ...]
    # the fallback model's word families in the language (`[families]`, fallback.FAMILIES's
    # names): "troupes", "entsenden", "gotowe", "переговори" as force, send, ready, meeting
    families: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # convention h: a joint text ("gemeinsame Erklärung", "déclaration commune"), what opens its
    # list of signatories ("unterzeichnet von", "au nom des dirigeants de", "signataires"), and
    # a signing verb after its list ("… l'ont signée")
    joint_text: re.Pattern[str] = re.compile("(?!)")
    signed_by: re.Pattern[str] = re.compile("(?!)")
    signed_it: re.Pattern[str] = re.compile("(?!)")
    # a joint text that warns of, condemns or rejects the force backs nothing ("осуждает"), and
    # the next sentence speaks of the text ("Die Erklärung ...", "Elle ...")
    joint_against: re.Pattern[str] = re.compile("(?!)")
    refers_back: re.Pattern[str] = re.compile("(?!)")
    # a nation's combining form, read only as the first part of a hyphenated compound whose
    # last part names a nation ("franco-britannique", "франко-британских"): folded form → iso3
    combining: dict[str, str] = field(default_factory=dict)
    # what such a compound's nations lead when it names it ("l'idée franco-britannique", "i
    # piani franco-britannici", "una missione franco-britannica"): the nouns of a plan
    plans: re.Pattern[str] = re.compile("(?!)")
    # a proposal whose nations follow it in the genitive ("предложение Парижа и Лондона", "der
    # Vorschlag Frankreichs"): theirs to lead (not an initiative: "поддержала инициативу
    # Таллина" is Estonia's own readiness)
    owned_plans: re.Pattern[str] = re.compile("(?!)")


_FLIP_DEFAULT = {Stance.WILLING}


def plain(text: str) -> str:
    """Folded, lower-case, and Polish ł as l: what cues are matched on (same length)."""
    return fold(text).lower().replace("ł", "l")


# German "ß" and "ss" are one letter pair to every pattern ("schließt", "schliesst", Swiss
# "Grossbritannien"): the text keeps its length (offsets quote the article), the pattern reads
# either spelling. A "\\s" followed by "s" is a class, not the pair. A quantifier after the
# pair repeats its second "s" only: "ss?" is "s" or "ss", so "ß" joins it as an alternative
# ("(?:ss?|ß)"), not as an optional pair ("(?:ss|ß)?" would also read no "s" at all).
_SHARP_S = re.compile(r"(?<!\\)ss(?P<q>[?*+][?+]?|\{)?|ß")


def _sharp_s(m: re.Match[str]) -> str:
    q = m.group("q")
    if not q:
        return "(?:ss|ß)"
    if q == "{":
        return m.group()  # "ss{2,3}": counted, left as written (reads the "ss" spelling only)
    if q[0] == "?":
        return f"(?:ss{q}|ß)"
    return f"(?:ss{q}|ßs{'*' + q[1:]})"  # "ss+", "ss*": "ß" then any more "s"


def sharp_s(pattern: str) -> str:
    """`pattern` reading "ß" and "ss" alike."""
    return _SHARP_S.sub(_sharp_s, pattern)


_ESCAPE = re.compile(r"\\.|[^\\]+", re.DOTALL)


def pattern(p: str) -> str:
    """A TOML pattern folded and lower-cased as the text it is matched on is, its escapes
    kept as written: lower-casing "\\W" would make it "\\w", the opposite class."""
    return "".join(
        m.group() if m.group()[0] == "\\" else sharp_s(plain(m.group()))
        for m in _ESCAPE.finditer(p)
    )


def _alt(patterns: list[str]) -> str:
    return "|".join(pattern(p) for p in patterns)


def _rx(patterns: list[str]) -> re.Pattern[str]:
    # the longer patterns first: an alternation takes the first that matches, and "no descarta
    # enviar" must not lose to "no descarta" (the longest cue wins an overlap)
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + _alt(ordered) + r")(?!\w)")


@cache
def load(code: str) -> LanguageData:
    """The data for `code` (one of LANGUAGES); KeyError for another."""
    if code not in LANGUAGES:
        raise KeyError(code)
    raw = tomllib.loads(resources.files(__package__).joinpath(f"{code}.toml").read_text("utf-8"))
    cues: list[Cue] = []
    for stance_name, spec in raw["cues"].items():
        stance = Stance(stance_name)
        weight = 1.5 if stance is Stance.LEAD else 1.0
        if spec.get("plain"):
            cues.append(Cue(stance, _rx(spec["plain"]), weight, stance in _FLIP_DEFAULT))
        if spec.get("fixed"):  # already negative or modal: never flipped
            cues.append(Cue(stance, _rx(spec["fixed"]), weight + 0.25, False))
        if spec.get("after"):  # the nations it is about come after it
            cues.append(Cue(stance, _rx(spec["after"]), weight, False, after=True))
    conditions: dict[str, re.Pattern[str]] = {}
    for kind, forms in raw.get("conditions", {}).items():
        if kind == "connective":
            continue
        kind = kind if kind in KINDS else "{nation}-" + kind  # "parliament-approves"
        if kind not in KINDS:
            raise KeyError(f"{code}.toml: [conditions] {kind} is no kind of conditions.py")
        conditions[kind] = _rx(forms)
    titles = []
    for role, forms in raw.get("titles", {}).items():
        titles.append(Title(role, _rx(forms), None))
    for form, spec in raw.get("national_titles", {}).items():
        titles.append(Title(spec["role"], _rx([form]), spec["nation"]))
    return LanguageData(
        code=code,
        nations={k: tuple(v) for k, v in raw.get("nations", {}).items()},
        groups={k: tuple(v) for k, v in raw.get("groups", {}).items()},
        actors={k: tuple(v) for k, v in raw.get("actors", {}).items()},
        titles=tuple(titles),
        conditions=conditions,
        connective=_rx(raw.get("conditions", {}).get("connective") or ["(?!)"]),
        parliaments=tuple((_rx([k]), v) for k, v in raw.get("parliaments", {}).items()),
        contributions=tuple(
            (kind, _rx(forms)) for kind, forms in raw.get("contributions", {}).items()
        ),
        negators=_rx(raw["negators"]),
        cues=tuple(cues),
        # folded as the words they end are ("Норвегії" → "норвегіі": ending "іі")
        stem_endings=tuple(
            sorted({fold(e).lower() for e in raw.get("stem_endings", [])}, key=len, reverse=True)
        ),
        # the strings "(\s* joiner \s*)+" reads, with the spaces between two joiners read
        # one way only: "\s*" on both sides of the repeated group backtracked exponentially
        # on a long run of empty list cells (", , , , x")
        joiners=re.compile(r"^\s*(?:(?:,|;|" + _alt(raw["joiners"]) + r")\s*)+$"),
        count_nouns=_rx(raw["count_nouns"]),
        whether=_rx(raw.get("whether") or ["(?!)"]),
        comitative=re.compile(
            r"(?<!\w)(?:" + _alt(raw.get("comitative") or ["(?!)"]) + r")(?:\s+\w{1,4})?[\s,]*$"
        ),
        among=_rx(raw.get("among") or ["(?!)"]),
        possessives=_rx(raw.get("possessives") or ["(?!)"]),
        subject_pronouns=_rx(raw["pronouns"]),
        without=_rx(raw.get("without") or ["(?!)"]),
        contrast=_rx(raw.get("contrast") or ["(?!)"]),
        anaphors=_rx(raw.get("anaphors") or ["(?!)"]),
        between=re.compile(
            r"(?<!\w)(?:" + _alt(raw.get("between") or ["(?!)"]) + r")\s+(?:[\w'-]+[\s,]+){0,3}$"
        ),
        objects=re.compile(
            r"(?<!\w)(?:" + _alt(raw.get("objects") or ["(?!)"]) + r")(?:\s+\w{1,4})?\s*$"
        ),
        pronouns=re.compile(r"^\W*(?:" + _alt(raw["pronouns"]) + r")\b"),
        venue=re.compile(r"(?<!\w)(?:" + _alt(raw["venue"]) + r")['\s]*$"),
        families={name: _rx([rx]) for name, rx in raw.get("families", {}).items()},
        joint_text=_rx(raw.get("joint_text") or ["(?!)"]),
        signed_by=_rx(raw.get("signed_by") or ["(?!)"]),
        signed_it=_rx(raw.get("signed_it") or ["(?!)"]),
        joint_against=_rx(raw.get("joint_against") or ["(?!)"]),
        refers_back=_rx(raw.get("refers_back") or ["(?!)"]),
        plans=_rx(raw.get("plans") or ["(?!)"]),
        owned_plans=_rx(raw.get("owned_plans") or ["(?!)"]),
        combining={
            plain(form): iso3 for iso3, forms in raw.get("combining", {}).items() for form in forms
        },
    )
