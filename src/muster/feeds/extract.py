"""An item's article text: the main text of its web page (trafilatura), else the feed's own body.

Pure: the page arrives as bytes already fetched. `trafilatura` finds the article in a page full
of navigation, teasers, cookie notices and comments (its precision/recall on news pages is the
best of the open extractors in its authors' and independent benchmarks) and runs offline on
lxml; it never fetches anything when given the page. A page of more than `MAX_TREE_SIZE`
elements is given up (the feed's own text is used instead).
"""

from __future__ import annotations

from configparser import ConfigParser
from enum import StrEnum
from functools import cache

import trafilatura
from trafilatura.settings import use_config

from muster.feeds.parse import FeedEntry
from muster.ingest.article import paragraphs_of

# An article page has a few thousand elements; this bounds the work on a pathological one.
MAX_TREE_SIZE = 50_000


class TextFrom(StrEnum):
    """Where an item's article text came from."""

    PAGE = "page"  # extracted from the item's web page
    FEED = "feed"  # the feed's content or summary (no page, or the page gave less)


@cache
def _config() -> ConfigParser:
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    return config


def page_text(page: bytes, *, url: str | None) -> str | None:
    """The article's text in an HTML page, one paragraph per block; None when none is found."""
    found = trafilatura.extract(
        page,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
        config=_config(),
    )
    if not found:
        return None
    lines = [line.strip() for line in found.splitlines()]
    return "\n\n".join(line for line in lines if line) or None


def entry_text(entry: FeedEntry) -> str | None:
    """The feed's own body of the item (its content, else its summary) as plain paragraphs."""
    for body in (entry.content, entry.summary):
        if body:
            paragraphs = paragraphs_of(body, kind="html")
            if paragraphs:
                return "\n\n".join(paragraphs)
    return None


def article_text(page: str | None, entry: FeedEntry) -> tuple[str, TextFrom] | None:
    """The fuller of the page's text and the feed's body, and where it came from; None if
    neither has any text. A page's first line repeating the item's title (the headline
    trafilatura keeps) is dropped: the title is stored on its own."""
    from_feed = entry_text(entry)
    if page and entry.title:
        first, _, rest = page.partition("\n\n")
        if rest and " ".join(first.split()).casefold() == " ".join(entry.title.split()).casefold():
            page = rest
    if page and len(page) >= len(from_feed or ""):
        return page, TextFrom.PAGE
    if from_feed:
        return from_feed, TextFrom.FEED
    return None
