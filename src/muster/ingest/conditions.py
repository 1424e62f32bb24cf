"""Conditions and contributions named in a sentence.

Each kind of condition the ingester recognises has cue phrases here and the id the reference
data gives it (`truce-agreed`, `peace-signed`, `us-backstop`, `us-ceasefire-monitoring`,
`clear-mandate`, `un-mandate`, `all-allies-commit`, and per nation `...-parliament-approves`,
`...-government-formed`); `catalogue.py` maps a kind to the Condition a database actually holds.
An "if ..." clause matching no kind is proposed as a new condition. A sentence is conditional
when a connective ("if", "only if", "depending on", "would need", "must be") governs a
condition beyond the mission's own premise (truce, peace).
Contributions (troops with numbers, air defence, hubs, logistics, intelligence, money) become
proposed pledge notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from muster.ingest.prefilter import required

_US = r"(?:the united states|united states|the u\.s\.|u\.s\.|us|america|american|washington)"


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A kind of condition: its reference id and name, and the phrases that name it in news.

    A `per_nation` kind is one nation's ("Dutch parliament approves"): its id and name take the
    nation's demonym in place of `{nation}`.
    """

    id: str
    name: str
    pattern: re.Pattern[str]
    premise: bool = False  # the mission's own premise: timing, not a condition
    per_nation: bool = False

    def named_in(self, lower: str) -> bool:
        keys = _KEYS.get(self.id)
        if keys is not None and not any(map(lower.__contains__, keys)):
            return False  # none of the words it needs
        return self.pattern.search(lower) is not None


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "truce-agreed",
        "Truce or ceasefire agreed",
        re.compile(
            r"\b(?:truce|cease-?fire|cessation of hostilities|armistice|end of (?:the )?"
            r"(?:war|hostilities|fighting)|after the war|hostilities (?:end|ended)|"
            r"(?:the )?(?:war|fighting|conflict|hostilities) (?:ends|end|stops|stop|is over|"
            r"comes to an end|ceases|has ended|has stopped))\b"
        ),
        premise=True,
    ),
    CatalogueEntry(
        "peace-signed",
        "Peace agreement signed",
        re.compile(
            r"\b(?:peace (?:deal|agreement|settlement|accord|treaty)|peace (?:has been |is )"
            r"?(?:signed|agreed|reached)|once peace|settlement is reached|peace takes hold|"
            r"negotiated (?:deal|settlement|peace|end))\b"
        ),
        premise=True,
    ),
    CatalogueEntry(
        "us-ceasefire-monitoring",
        "US leads ceasefire monitoring",
        re.compile(
            rf"\b{_US}[- ]led (?:\w+ )?(?:ceasefire |truce )?monitoring\b|\b{_US} (?:would |will )?"
            r"(?:lead|leading|leads) (?:a |the )?(?:\w+ )?(?:ceasefire|truce)[- ]monitoring\b"
        ),
    ),
    CatalogueEntry(
        "us-backstop",
        "US backstop for the force",
        re.compile(
            rf"\bback-?stop\b|\b{_US}\s+(?:\w+\s+){{0,2}}(?:backing|support|air (?:support|"
            rf"cover|power)|protection|guarantees?|security guarantees?|involvement)\b|"
            rf"\b(?:backing|support|protection|(?:security )?guarantees?|backup|involvement)\s+"
            rf"(?:\w+\s+){{0,2}}?from\s+{_US}\b|"
            rf"\b(?:supported|backed|protected) by {_US}|\b{_US}-(?:backed|supported)\b|"
            # the US taking part as what the deployment needs: "must involve the US"
            rf"\b(?:must|would have to|has to|have to|needs? to|should) (?:\w+ )?involve "
            rf"(?:the )?{_US}\b|\b{_US} (?:must|would have to|has to|needs? to) be involved\b|"
            rf"\b(?:if|provided(?: that)?|providing|"
            rf"as long as|so long as|on condition that|unless) (?:the )?{_US} (?:\w+ ){{0,2}}"
            rf"(?:provides?|offers?|backs?|supports?|joins?|guarantees?|participates?|"
            rf"takes? part|is involved|gets involved|commits?)|\bwith {_US}\s+"
            rf"(?:\w+\s+)?(?:backing|support)|\bamerican (?:air )?(?:support|backing|"
            rf"cover|power|backstop)"
        ),
    ),
    CatalogueEntry(
        "clear-mandate",
        "Clear mission mandate",
        re.compile(
            r"\b(?:clear |legal |international )?mandate\b(?<!un mandate)(?<!nations mandate)|"
            r"\binternationally mandated\b|"
            r"\brules (?:of engagement|for the use of (?:armed )?force)\b|\blegal basis\b|"
            r"\bclarity (?:of|on|about) (?:what|the mission)|\b(?:mission|role|contribution|"
            r"tasks?)\b[^.;]{0,60}\bclearly defined\b|\bclearly defined (?:mission|mandate|role)"
        ),
    ),
    CatalogueEntry(
        "{nation}-parliament-approves",
        "{Nation} parliament approves",
        re.compile(
            r"\bparliament\w*|\bbundestag\b|\bcongress\b|\blawmakers? (?:approv|vot)\w*|"
            r"\b(?:folketing|riksdag|storting|sejm|tweede kamer|house of commons|national "
            r"assembly|eduskunta|saeima|seimas|riigikogu|oireachtas|dail)\b|\bvote in\b"
        ),
        per_nation=True,
    ),
    CatalogueEntry(
        "{nation}-government-formed",
        "{Nation} government formed",
        re.compile(
            r"\b(?:new |next |incoming )government (?:is |has been )?(?:formed|in place|sworn in)|"
            r"\bonce (?:a |the )?(?:new |next )?government (?:is )?(?:formed|in place)|"
            r"\bgovernment formation\b"
        ),
        per_nation=True,
    ),
    CatalogueEntry(
        "all-allies-commit",
        "All allies commit",
        re.compile(
            r"\b(?:all|other|every|each) (?:all(?:y|ies)|partners?|countr(?:y|ies)|nations?|"
            r"members?)(?: (?:in|of) (?:the|this|our) coalition)? (?:\w+ )?"
            r"(?:commit|join|take part|contribute|agree)\w*|\bcoordinated with allies\b|"
            r"\bcommitments? (?:from|by|of) (?:all|every|each)\b|"
            r"\bonly (?:together|jointly) with\b|\bas part of a (?:joint|broader|collective)|"
            # what the others must do too: "as soon as there is a joint willingness", "conditions
            # that other countries also have to meet"
            r"\bjoint (?:willingness|decision|commitment)\b|\b(?:other|all) (?:countries|allies|"
            r"partners|nations|members) (?:also |too )?(?:have to|must|need to|would have to)\b"
        ),
    ),
    CatalogueEntry(
        "un-mandate",
        "UN Security Council mandate",
        re.compile(
            r"\b(?:un|united nations)[- ]mandated\b|"
            r"\b(?:un|united nations) (?:security council )?(?:mandate|resolution|"
            r"authori[sz]ation)s?\b|\bunder (?:a |the )?(?:un|united nations)\b|"
            r"\bsecurity council\b"
        ),
    ),
)
_KEYS = {e.id: required(e.pattern) for e in CATALOGUE}
PREMISES = frozenset(e.id for e in CATALOGUE if e.premise)
KINDS = {e.id: e for e in CATALOGUE}
# national parliaments named in news: the approval they give is their nation's
PARLIAMENTS = {
    "bundestag": "DEU",
    "folketing": "DNK",
    "riksdag": "SWE",
    "storting": "NOR",
    "sejm": "POL",
    "tweede kamer": "NLD",
    "house of commons": "GBR",
    "congress": "USA",
    "eduskunta": "FIN",
    "saeima": "LVA",
    "seimas": "LTU",
    "riigikogu": "EST",
    "oireachtas": "IRL",
    "dail": "IRL",
    "verkhovna rada": "UKR",
    "knesset": "ISR",
    "riksdagen": "SWE",
}
# a negated deployment whose scope is a "without X" or "unless X": X is what the offer needs
_NEGATED_WITHOUT = r"\b(?:not|n't|never|no)\b[^.;:!?]{0,80}?\b(?:without|unless)\b"
# "once" is timing ("once a ceasefire holds"), never in "once again", "at once", "more than once"
ONCE = r"(?<!\bat )(?<!\bthan )(?<!\ball at )once(?!\s+(?:again|more|and for all|before)\b)"
# conditions stated without naming them: "under a number of conditions", "on certain conditions"
GENERIC_CONDITION = (
    r"(?:under|on|with) (?:(?:a number of|several|certain|some|strict|clear|specific|two|three|"
    r"these|those|the right|its own|our own|such) )+conditions|conditions (?:that|which) "
    r"(?:[\w'-]+ ){0,4}(?:must|have to|has to|need to|would have to) (?:be )?(?:met|fulfilled)"
)
# expecting another to provide what the offer needs: "ready, but expects Washington to provide
# a backstop"
EXPECTS = r"expect(?:s|ed|ing)? (?:[\w'-]+ ){1,3}to (?:provide|offer|give|guarantee|back|join)"
# a wish is no condition: "it's helpful if there's a clarity of what the mission would entail"
_WISH = r"(?<!helpful )(?<!useful )(?<!good )(?<!better )(?<!welcome )(?<!important )"
_CONNECTIVE = re.compile(
    rf"\b(?:only if|{_WISH}if|unless|provided(?: that)?|as long as|on condition|conditional on|"
    r"subject to|depend(?:s|ing|ent)? on|hinge[sd]? on|contingent on|would (?:\w+ )?(?:need|"
    r"require|have to)|needs? to be|requires?|must be|must first|must (?:\w+ )?involve|with|"
    rf"{ONCE}|as soon as|in exchange for|{GENERIC_CONDITION}|{EXPECTS}|"
    r"backed by|approved by|sanctioned|seek(?:s|ing)? (?:a )?mandate|(?:is|are|would be|will be|"
    r"was) (?:necessary|needed|required|essential|a (?:pre)?condition|a prerequisite))\b|"
    # a refusal scoped by what it lacks: "would not deploy ... without a US backstop"
    rf"{_NEGATED_WITHOUT}"
)
_CONTRIBUTING = re.compile(
    r"\b(?:send\w*|deploy\w*|contribut\w+|troops|soldiers|forces|participat\w+|join\w*|"
    r"take part|commit\w*|provid\w+|ready|willing|prepared|open to|consider\w*)\b"
)
_NEW_CONDITION = re.compile(
    r"\b(?:only if|if|unless|provided(?: that)?|on condition that)\s+"
    r"([^,;.]{8,200})"
)


# An "if" clause that is the mission itself ("if it is deployed"), its trigger (an attack by
# Russia: the guarantee's purpose, not a condition on contributing) or a formality. A pronoun
# that is the contributing state itself being involved, consulted or assured ("open to it if
# it is involved in the planning") is a condition on contributing.
_NOT_A_CONDITION = re.compile(
    r"^(?:(?:it|they|this|that)\b(?!\s+(?:is|are|were|was|would be|will be|can be|could be|"
    r"gets?|got)\s+(?:\w+\s+)?(?:involved|consulted|included|associated|given|granted|offered|"
    r"guaranteed|assured|promised))|so|the (?:\w+ )?(?:force|mission|contingent|coalition|"
    r"deployment|operation|plan)|such (?:a|an) \w+|russia|moscow|the kremlin|putin|"
    r"the russians?|russian \w+|necessary|needed|asked|requested|required|invited|possible|"
    r"appropriate|(?:an?|the) (?:formal |official )?(?:request|invitation)|(?:the )?need "
    r"(?:arises|be|for it arises))\b|"
    r"\b(?:attack\w*|invad\w+|invasion|aggression|resum\w+|violat\w+|breach\w*|"
    r"breaks?|broke|restart\w*)\b"
)


@dataclass(frozen=True, slots=True)
class Conditions:
    """The catalogue ids named, new conditions proposed, and whether a connective governs one."""

    ids: tuple[str, ...]
    new: tuple[str, ...]
    conditional: bool

    @property
    def beyond_premise(self) -> tuple[str, ...]:
        return tuple(i for i in self.ids if i not in PREMISES)

    def as_list(self) -> list[str]:
        return [*self.ids, *(f"new: {n}" for n in self.new)]


def conditions_in(lower: str) -> Conditions:
    """Conditions named in `lower` (a lower-cased, folded sentence or clause)."""
    ids = tuple(e.id for e in CATALOGUE if e.named_in(lower))
    if (
        "un-mandate" in ids
        and "clear-mandate" in ids
        and not re.search(r"\b(?:rules|legal basis|clear mandate)\b", lower)
    ):
        ids = tuple(i for i in ids if i != "clear-mandate")
    if (
        "{nation}-parliament-approves" in ids
        and "clear-mandate" in ids
        and not re.search(
            r"\b(?:clear|clearer|precise|defined|legal) mandate\b|\brules of engagement\b|"
            r"\blegal basis\b|\bclearly defined\b|\bclarity\b",
            lower,
        )
    ):
        ids = tuple(i for i in ids if i != "clear-mandate")  # "a mandate from the Riigikogu"
    new = []
    contributing = bool(_CONTRIBUTING.search(lower))
    for m in _NEW_CONDITION.finditer(lower):
        clause = m.group(1).strip()
        if len(clause.split()) < 3 or not contributing or _NOT_A_CONDITION.search(clause):
            continue  # "if necessary", "if Russia attacks again"; or no offer depends on it
        # "a ceasefire is established and the mission ... clearly defined": each part
        for part in re.split(
            r",?\s+and(?: then| also)?\s+(?=(?:the|a|an|all|its|their)\b)", clause
        ):
            if (
                len(part.split()) >= 3
                and not any(e.named_in(part) for e in CATALOGUE)
                and not _NOT_A_CONDITION.search(part)
            ):
                new.append(part)
    connective = bool(_CONNECTIVE.search(lower))
    beyond = [i for i in ids if i not in PREMISES]
    # conditions stated without being named ("could contribute under a number of conditions")
    generic = contributing and re.search(rf"\b(?:{GENERIC_CONDITION})\b", lower) is not None
    return Conditions(ids, tuple(new), (connective and (bool(beyond) or bool(new))) or generic)


# a mandate that is the UN's or a parliament's ("mandat de l'ONU", "Bundestagsmandat") is not
# also a call for a clear mandate
_MANDATES = ("un-mandate", "{nation}-parliament-approves")


def conditions_found(
    spans: Mapping[str, Sequence[tuple[int, int]]], connective: bool
) -> Conditions:
    """The kinds matched in a sentence by another language's phrases (`spans`: kind id → where
    its phrases matched), in the catalogue's order, as `conditions_in` names them in English;
    `connective` says whether a phrase of condition ("only if", "nur wenn") governs them."""
    taken = {k: v for k, v in spans.items() if k in KINDS and v}
    clear = taken.get("clear-mandate", ())
    if clear and all(
        any(a < y and x < b for k in _MANDATES for x, y in taken.get(k, ())) for a, b in clear
    ):
        del taken["clear-mandate"]
    ids = tuple(e.id for e in CATALOGUE if e.id in taken)
    beyond = [i for i in ids if i not in PREMISES]
    return Conditions(ids, (), connective and bool(beyond))


_NUMBER = r"(?:\d[\d,.]*(?:\s*(?:000|thousand|million|billion|bn|m))?|several thousand|thousands|"
_NUMBER += r"hundreds|a few thousand|up to \d[\d,.]*|a brigade|a battalion|a company)"
CONTRIBUTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "troops",
        re.compile(
            rf"\b{_NUMBER}\s+(?:\w+\s+)?(?:troops|soldiers|personnel|peacekeepers|"
            r"servicemen|service members)\b"
        ),
    ),
    (
        "troops",
        re.compile(
            r"\b(?:ground troops|ground forces|troops on the ground|boots on the "
            r"ground|peacekeeping troops|frontline soldiers)\b"
        ),
    ),
    (
        "air defence",
        re.compile(
            r"\bair[- ]defen[cs]e\b|\bair (?:support|power|policing|cover)\b|"
            r"\bfighter (?:jets|aircraft)\b|\bby air\b"
        ),
    ),
    ("hub", re.compile(r"\b(?:military |logistics? )?hubs?\b")),
    ("logistics", re.compile(r"\blogistic(?:s|al)\b")),
    ("intelligence", re.compile(r"\bintelligence\b|\bsurveillance\b|\breconnaissance\b")),
    ("maritime", re.compile(r"\b(?:black sea|mine ?sweepers?|naval|maritime|at sea)\b")),
    (
        "training",
        re.compile(
            r"\btrain(?:ing|ers)\b|\binstructors\b|\bregenerat\w+ the "
            r"(?:ukrainian )?army\b"
        ),
    ),
    ("monitoring", re.compile(r"\bmonitor(?:ing)?\b.{0,30}\b(?:ceasefire|truce|mechanism)")),
    (
        "money",
        re.compile(
            r"(?:€|\$|£|\beur\b|\beuros?\b|\bdollars?\b|\bpounds?\b).{0,20}"
            r"\b(?:billion|million|bn)\b|\b\d[\d.,]*\s*(?:billion|million|bn)\s+"
            r"(?:euros?|dollars?|pounds?)\b|\bfinancial (?:support|aid)\b"
        ),
    ),
    ("weapons", re.compile(r"\b(?:weapons|missiles|ammunition|artillery|arms supplies)\b")),
)


_CONTRIBUTION_KEYS = tuple(required(rx) for _, rx in CONTRIBUTIONS)


def contributions_in(
    sentence: str,
    lower: str,
    table: Sequence[tuple[str, re.Pattern[str]]] | None = None,
) -> list[str]:
    """Proposed pledge notes, e.g. "troops: several thousand personnel", "logistics".

    `table` is another language's (kind, pattern) pairs, matched on `lower` (which must be as
    long as `sentence`); by default the English ones."""
    out: list[str] = []
    rows = CONTRIBUTIONS if table is None else table
    keyed = _CONTRIBUTION_KEYS if table is None else (None,) * len(rows)
    for (kind, rx), keys in zip(rows, keyed, strict=True):
        if keys is not None and not any(map(lower.__contains__, keys)):
            continue
        m = rx.search(lower)
        if m is None:
            continue
        note = f"{kind}: {sentence[m.start() : m.end()]}" if kind in ("troops", "money") else kind
        if kind not in (n.split(":")[0] for n in out):
            out.append(note)
    return out
