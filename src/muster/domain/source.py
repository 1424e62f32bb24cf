"""Sources: the documents every statement and pledge traces back to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from muster.domain._checks import Checker, url_problems
from muster.errors import Problem


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A document: an article, a communiqué, a dataset. `text` keeps the body when we have it;
    `language` is its ISO 639-1 code ('fr'), None when not recorded."""

    id: str
    title: str
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    text: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        c = Checker("source", self.id)
        c.ident("id", self.id)
        c.text("title", self.title)
        c.text("outlet", self.outlet, required=False)
        c.text("url", self.url, required=False)
        c.text("text", self.text, required=False)
        c.language("language", self.language)
        c.done()

    @property
    def key(self) -> str:
        return self.id

    def problems(self) -> list[Problem]:
        """What a write must refuse beyond the checks of construction: a `url` that is not an
        http(s) address (`javascript:`, `data:` ... would be links on the pages)."""
        return url_problems("source", self.id, "url", self.url)
