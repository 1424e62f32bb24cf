"""The condition catalogue a proposal's conditions map to: the database's own Conditions.

The ingester recognises kinds of condition in text (`conditions.py`); a database holds
Conditions with its own ids and names ("truce-agreed", "Dutch parliament approves"). The
catalogue is built from those Conditions (passed in, like the gazetteer): each is recognised as
a kind, and for per-nation kinds as a nation's, by its id and name. A condition the text names
then resolves to the database's Condition when one exists, and otherwise to a proposed new one
(flagged `new`, with the id and name the reference data would give it). Without a database the
kinds' reference ids are the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from muster.domain import Condition
from muster.ingest.conditions import KINDS
from muster.ingest.gazetteer import Gazetteer
from muster.ingest.text import fold

# How a Condition's id and name say its kind; the first that fits wins (a "UN Security Council
# mandate" is not a "clear mandate"; "US leads ceasefire monitoring" is not a truce).
_RECOGNISE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx))
    for kind, rx in (
        ("un-mandate", r"\b(?:un|united nations|security council)\b"),
        ("us-ceasefire-monitoring", r"\bmonitor\w*"),
        (
            "us-backstop",
            r"\bback-?stop|\b(?:us|american|united states) (?:\w+ )?(?:backing|cover|"
            r"support|guarantee)",
        ),
        ("clear-mandate", r"\bmandate\b|\brules of engagement\b"),
        ("peace-signed", r"\bpeace\b"),
        ("truce-agreed", r"\b(?:truce|cease-?fire|armistice)\b"),
        (
            "{nation}-parliament-approves",
            r"\b(?:parliament|bundestag|congress|vote|lawmakers|"
            r"folketing|riksdag|storting|sejm|tweede kamer|riigikogu|seimas|saeima|eduskunta|dail)",
        ),
        ("{nation}-government-formed", r"\bgovernment\b.*\b(?:formed|formation|in place)\b"),
        ("all-allies-commit", r"\ball (?:allies|partners|members|countries)\b"),
    )
)


@dataclass(frozen=True, slots=True)
class NamedCondition:
    """A condition a statement names: the catalogue's Condition, or a proposed new one."""

    id: str
    name: str
    new: bool = False
    kind: str | None = None  # None: a free-text condition ("if ... ")
    nation: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "new": self.new}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")[:60].strip("-")


@dataclass(frozen=True)
class ConditionCatalogue:
    """Conditions by (kind, nation). `closed`: built from a database, so what it lacks is new."""

    by_kind: dict[tuple[str, str | None], Condition]
    gazetteer: Gazetteer | None = None
    closed: bool = False

    @classmethod
    def build(
        cls, conditions: Iterable[Condition], gazetteer: Gazetteer | None = None
    ) -> ConditionCatalogue:
        """A closed catalogue of a database's Conditions (nations read with `gazetteer`)."""
        by_kind: dict[tuple[str, str | None], Condition] = {}
        for c in sorted(conditions, key=lambda c: c.id):
            words = fold(f"{c.id.replace('-', ' ')} {c.name}").lower()
            kind = next((k for k, rx in _RECOGNISE if rx.search(words)), None)
            if kind is None:
                continue
            nation = None
            if KINDS[kind].per_nation and gazetteer is not None:
                hit = gazetteer.nation_rx.search(fold(f"{c.name} {c.id.replace('-', ' ').title()}"))
                nation = gazetteer.nation_surface[hit.group()][0] if hit else None
            by_kind.setdefault((kind, nation), c)
        return cls(by_kind, gazetteer, closed=True)

    @classmethod
    def reference(cls, gazetteer: Gazetteer | None = None) -> ConditionCatalogue:
        """The kinds' own reference ids, with nothing marked new (no database to ask)."""
        return cls({}, gazetteer, closed=False)

    def resolve(self, kind: str, nation: str | None = None) -> NamedCondition:
        """The Condition of `kind` (for `nation`, when the kind is per nation)."""
        entry = KINDS[kind]
        nation = nation if entry.per_nation else None
        found = self.by_kind.get((kind, nation)) or self.by_kind.get((kind, None))
        if found is not None:
            return NamedCondition(found.id, found.name, False, kind, nation)
        word = self._demonym(nation)
        cid = entry.id.replace("{nation}", _slug(word) if word else "national")
        name = entry.name.replace("{Nation}", word or "National")
        return NamedCondition(cid, name, self.closed, kind, nation)

    def free_text(self, clause: str) -> NamedCondition:
        """A condition no kind covers ("if the mission and contributions are defined")."""
        return NamedCondition(f"new-{_slug(clause)}", clause, True)

    def _demonym(self, nation: str | None) -> str | None:
        if nation is None:
            return None
        n = self.gazetteer.nations.get(nation) if self.gazetteer else None
        if n is None:
            return nation
        return n.demonyms[0] if n.demonyms else n.name
