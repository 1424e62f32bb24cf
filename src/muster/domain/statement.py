"""Statements: what an actor said for a nation on a date, the stance it expresses, its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from muster.domain._checks import Checker
from muster.domain._checks import article as _article
from muster.domain.enums import Stance, StatementStatus
from muster.errors import InvalidInput, Problem

STATEMENT_TRANSITIONS: dict[StatementStatus, frozenset[StatementStatus]] = {
    StatementStatus.PROPOSED: frozenset({StatementStatus.ACCEPTED, StatementStatus.REJECTED}),
    StatementStatus.ACCEPTED: frozenset({StatementStatus.REJECTED}),
    StatementStatus.REJECTED: frozenset({StatementStatus.ACCEPTED, StatementStatus.PROPOSED}),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One sourced statement.

    `actor` is None for an unnamed spokesperson or "government sources". Provenance: a statement
    names its `source` or the user who `entered_by` it. Only `accepted` statements feed stances;
    `proposed` ones come from news ingestion with the `evidence` sentence and a `confidence`.
    `quote` keeps the original wording in its `language` (ISO 639-1; None: not recorded, read as
    English); `gloss` is an English rendering of a quote in another language.
    """

    id: str
    nation: str
    date: date
    stance: Stance
    quote: str
    actor: str | None = None
    office: str | None = None
    source: str | None = None
    entered_by: str | None = None
    conditions: tuple[str, ...] = ()
    status: StatementStatus = StatementStatus.ACCEPTED
    evidence: str | None = None
    confidence: float | None = None
    contributions: tuple[str, ...] = ()
    note: str | None = None
    language: str | None = None
    gloss: str | None = None

    def __post_init__(self) -> None:
        c = Checker("statement", self.id)
        c.ident("id", self.id)
        c.iso3("nation", self.nation)
        if not isinstance(self.date, date):
            c.fail("date", "is required (a date)")
        c.text("quote", self.quote)
        c.text("actor", self.actor, required=False)
        c.number("confidence", self.confidence, minimum=0, maximum=1, required=False)
        c.unique("conditions", self.conditions)
        c.language("language", self.language)
        c.text("gloss", self.gloss, required=False)
        if self.source is None and not self.entered_by:
            c.fail("source", "a statement needs a source or the user who entered it (entered_by)")
        c.done()

    @property
    def key(self) -> str:
        return self.id


def check_statement_transition(statement: Statement, to: StatementStatus) -> None:
    """Raise InvalidInput when `statement` may not move to status `to`."""
    allowed = STATEMENT_TRANSITIONS[statement.status]
    if to != statement.status and to not in allowed:
        names = ", ".join(sorted(s.value for s in allowed)) or "nothing"
        raise InvalidInput(
            Problem(
                f"cannot go from {statement.status.value} to {to.value}; "
                f"{_article(statement.status.value)} {statement.status.value} statement "
                f"may become: {names}",
                entity="statement",
                key=statement.id,
                field="status",
            )
        )
