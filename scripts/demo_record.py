"""Reads the demo's dated record (`scripts/record/*.toml`) into Sources and Statements.

Used by build_demo_data.py. Each file holds `[[article]]` tables (a source: id, title, outlet,
published, url, language and the article passage as `text`) with the `[[article.said]]`
statements each carries; scripts/record/README.md describes the format. A statement takes its
language from its article, so a quote is always in the words its source prints; the builder
refuses a statement whose quote or evidence is not in its article's text, a non-English
statement without a gloss, and any key it does not know, naming the file and the record.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from muster.domain import Source, Stance, Statement

RECORD_DIR = Path(__file__).resolve().parent / "record"
ARTICLE_KEYS = {"id", "title", "outlet", "published", "url", "language", "text", "said"}
REQUIRED_ARTICLE = {"id", "title", "url", "language", "text"}
SAID_KEYS = {
    "id", "date", "nation", "actor", "office", "stance", "quote", "evidence", "gloss",
    "conditions", "note",
}  # fmt: skip
REQUIRED_SAID = {"date", "nation", "stance", "quote"}
# Typographic quote marks and apostrophes that outlets and transcriptions use interchangeably.
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»‹›″〝〞"} | {c: "'" for c in "‘’‚‛′`´"})


class RecordError(ValueError):
    """A record file that cannot be read: the message names the file, the record and the field."""


@dataclass(frozen=True, slots=True)
class Record:
    sources: tuple[Source, ...]
    statements: tuple[Statement, ...]


def normalise(text: str) -> str:
    """`text` with quote marks unified and runs of whitespace collapsed (for quote lookup)."""
    return " ".join(text.translate(_QUOTES).split())


def contains(text: str, passage: str) -> bool:
    """Whether `passage` occurs in `text`, up to whitespace and the style of quote marks."""
    return normalise(passage) in normalise(text)


def statement_id(day: date, nation: str, actor: str | None) -> str:
    surname = (actor or "unnamed").split()[-1]
    plain = unicodedata.normalize("NFKD", surname).encode("ascii", "ignore").decode().lower()
    return f"st-{day.isoformat()}-{nation.lower()}-{re.sub(r'[^a-z0-9-]', '', plain)}"


def _check_keys(where: str, got: dict[str, Any], allowed: set[str], required: set[str]) -> None:
    unknown = sorted(set(got) - allowed)
    if unknown:
        raise RecordError(f"{where}: unknown field(s) {', '.join(unknown)}")
    missing = sorted(k for k in required if not got.get(k))
    if missing:
        raise RecordError(f"{where}: missing field(s) {', '.join(missing)}")


def _statement(where: str, said: dict[str, Any], article: dict[str, Any]) -> Statement:
    _check_keys(where, said, SAID_KEYS, REQUIRED_SAID)
    text, language = article["text"], article["language"]
    for field in ("quote", "evidence"):
        if field in said and not contains(text, said[field]):
            raise RecordError(f"{where}: {field} does not occur in the article's text")
    if language != "en" and not said.get("gloss"):
        raise RecordError(f"{where}: a statement in {language!r} needs an English gloss")
    if bool(said.get("actor")) != bool(said.get("office")):
        raise RecordError(f"{where}: a named speaker needs an office, an office a speaker")
    try:
        stance = Stance(said["stance"])
    except ValueError:
        raise RecordError(f"{where}: unknown stance {said['stance']!r}") from None
    actor = said.get("actor")
    return Statement(
        id=said.get("id") or statement_id(said["date"], said["nation"], actor),
        nation=said["nation"],
        date=said["date"],
        stance=stance,
        quote=said["quote"],
        actor=actor,
        office=said.get("office"),
        source=article["id"],
        conditions=tuple(said.get("conditions", ())),
        evidence=said.get("evidence") or said["quote"],
        note=said.get("note") or None,
        language=language,
        gloss=said.get("gloss") or None,
    )


def read_file(path: Path) -> Record:
    """The sources and statements of one record file; RecordError names what is wrong and where."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise RecordError(f"{path.name}: {err}") from None
    sources: list[Source] = []
    statements: list[Statement] = []
    for n, article in enumerate(doc.get("article", []), start=1):
        where = f"{path.name}, article {n} ({article.get('id', '?')})"
        _check_keys(where, article, ARTICLE_KEYS, REQUIRED_ARTICLE)
        article = {**article, "text": article["text"].strip()}
        sources.append(
            Source(
                id=article["id"],
                title=article["title"],
                outlet=article.get("outlet"),
                published=article.get("published"),
                url=article["url"],
                text=article["text"],
                language=article["language"],
            )
        )
        for m, said in enumerate(article.get("said", []), start=1):
            statements.append(_statement(f"{where}, statement {m}", said, article))
    return Record(tuple(sources), tuple(statements))


def load_record(folder: Path = RECORD_DIR) -> Record:
    """Every record file in `folder`, in file-name (chronological) order."""
    sources: list[Source] = []
    statements: list[Statement] = []
    for path in sorted(folder.glob("*.toml")):
        part = read_file(path)
        sources.extend(part.sources)
        statements.extend(part.statements)
    return Record(tuple(sources), tuple(statements))
