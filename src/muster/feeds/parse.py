"""A feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0) as entries: bytes in, `ParsedFeed` out.

Parsing is `feedparser`'s: maintained since 2002, it reads the dialects and the dates the press
really publishes, resolves relative links, sanitises HTML in summaries, and recovers the items
of a feed that is not well-formed XML (an unescaped `&` is common) with a lenient parser. Here
the document is handed over as a stream of bytes, so feedparser never opens a URL or a file.

A document that is not a feed at all, or from which no usable item can be read, raises
`FeedError`; a feed read only by the lenient parser keeps a `warning` (recorded on the poll).
An entry without a web link or a guid is kept and flagged by the caller as malformed.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

MAX_TITLE_CHARS = 500
_LANGUAGE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)


class FeedError(Exception):
    """The document cannot be read as a feed; the message says why (it is stored on the poll)."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed. `summary` and `content` are HTML or text as the feed gave them;
    `content` is the fullest body the feed carries (RSS `content:encoded`, Atom `content`)."""

    guid: str | None
    url: str | None
    title: str | None
    published: datetime | None  # UTC
    summary: str | None
    content: str | None

    @property
    def key(self) -> str | None:
        """What tells this entry from the feed's others: its guid, else its link."""
        return self.guid or self.url


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    language: str | None  # ISO 639-1, from <language> or xml:lang
    entries: tuple[FeedEntry, ...]
    warning: str | None = None


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """The feed in `data`, fetched from `url` (the base of relative links).

    Raises FeedError when `data` is not RSS or Atom, or holds no entry a link or guid names.
    """
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    where = _where(problem)
    if not parsed.get("version"):
        detail = f": {where}" if problem is not None else ""
        raise FeedError(f"not an RSS or Atom feed{detail}")
    entries = tuple(_entry(e) for e in parsed.get("entries", []))
    usable = [e for e in entries if e.key]
    warning = None
    if problem is not None and not _harmless(problem):
        if not usable:
            raise FeedError(f"the feed is not well-formed XML ({where}) and no item could be read")
        warning = f"the feed is not well-formed XML ({where}); read leniently"
    feed = parsed.get("feed", {})
    return ParsedFeed(
        title=_text(feed.get("title")),
        link=_http(feed.get("link")),
        language=language_code(feed.get("language")),
        entries=entries,
        warning=warning,
    )


def language_code(value: object) -> str | None:
    """`fr-FR`, `en_gb`, `DE` → `fr`, `en`, `de`; None for anything else."""
    if not isinstance(value, str):
        return None
    m = _LANGUAGE.match(value.strip())
    return m.group(1).lower() if m else None


def _harmless(problem: object) -> bool:
    # feedparser flags a declared encoding it overrode; the document itself is fine
    return type(problem).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _where(problem: object) -> str:
    if problem is None:
        return ""
    line = getattr(problem, "getLineNumber", None)
    column = getattr(problem, "getColumnNumber", None)
    message = getattr(problem, "getMessage", None)
    text = str(message() if callable(message) else problem)
    if callable(line) and callable(column):
        return f"line {line()}, column {column()}: {text}"
    return text


def _entry(e: Any) -> FeedEntry:
    content = None
    for part in e.get("content") or []:
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and value.strip() and len(value) > len(content or ""):
            content = value
    guid = _text(e.get("id"))
    return FeedEntry(
        guid=guid[:2000] if guid else None,
        url=_http(e.get("link")),
        title=(_text(e.get("title")) or "")[:MAX_TITLE_CHARS] or None,
        published=_when(e.get("published_parsed") or e.get("updated_parsed")),
        summary=_text(e.get("summary")),
        content=content,
    )


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    stripped = " ".join(value.split()) if "\n" not in value else value.strip()
    return stripped or None


def _http(value: object) -> str | None:
    """A web link, or None (no `javascript:`, `file:` or `mailto:` link is an article's)."""
    if not isinstance(value, str):
        return None
    link = value.strip()
    return link if link.lower().startswith(("http://", "https://")) and len(link) <= 2000 else None


def _when(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
