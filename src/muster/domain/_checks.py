"""Small validators shared by the domain's entities; each returns Problems, never raises."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date

from muster.errors import InvalidInput, Problem, describe

ISO3 = re.compile(r"^[A-Z]{3}$")
IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,99}$")
LANGUAGE = re.compile(r"^[a-z]{2}$")


# Link targets a page may render: web addresses only (no javascript:, data:, vbscript:, ...).
WEB_SCHEMES = ("http", "https")


def storable(text: str) -> bool:
    """Whether `text` is valid Unicode to store: no lone surrogate (a JSON "\\ud800" decodes to
    one; no database encoding can hold it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def web_address(value: str) -> bool:
    """Whether `value` is an absolute http(s) address with a host (safe to render as a link)."""
    scheme, sep, rest = value.partition(":")
    return (
        bool(sep)
        and scheme.lower() in WEB_SCHEMES
        and scheme == scheme.strip()
        and rest.startswith("//")
        and len(rest) > 2
        and not any(c.isspace() or ord(c) < 32 for c in value)
    )


def url_problems(entity: str, key: str, field: str, value: str | None) -> list[Problem]:
    """A problem when `value` is set but is not an http(s) address (it is rendered as a link).

    Checked on writes and imports (`check_dataset`, the store's writes), not when a row is
    built: a row stored before the rule must still load (pages then show it unlinked).
    """
    if value is None or value == "" or web_address(value):
        return []
    message = f"expected a web address starting with http:// or https://, got {describe(value)}"
    return [Problem(message, entity=entity, key=key, field=field)]


def article(word: str) -> str:
    """'a' or 'an' for `word` (by its first letter, which is enough for our vocabulary)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


class Checker:
    """Collects the problems of one entity; `done()` raises them all at once."""

    def __init__(self, entity: str, key: str | None) -> None:
        self.entity = entity
        self.key = key
        self.problems: list[Problem] = []

    def fail(self, field: str, message: str) -> None:
        self.problems.append(Problem(message, entity=self.entity, key=self.key, field=field))

    def text(self, field: str, value: str | None, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.fail(field, "is required")
        elif not isinstance(value, str):
            self.fail(field, f"expected text, got {describe(value)}")
        elif required and not value.strip():
            self.fail(field, "must not be empty")
        elif "\x00" in value:
            self.fail(field, "must not contain NUL characters")
        elif not storable(value):
            self.fail(field, "must not contain a lone surrogate (U+D800 to U+DFFF)")

    def ident(self, field: str, value: str | None, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.fail(field, "is required")
        elif not isinstance(value, str) or not IDENT.match(value):
            self.fail(
                field,
                "expected an identifier (letters, digits, '_', '-', '.', ':'; up to 100 "
                f"characters, starting with a letter or digit), got {describe(value)}",
            )

    def language(self, field: str, value: str | None) -> None:
        """An optional ISO 639-1 code in lower case: 'en', 'fr', 'uk'."""
        if value is not None and (not isinstance(value, str) or not LANGUAGE.match(value)):
            self.fail(
                field, f"expected an ISO 639-1 language code such as 'fr', got {describe(value)}"
            )

    def iso3(self, field: str, value: str | None, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.fail(field, "is required")
        elif not isinstance(value, str) or not ISO3.match(value):
            self.fail(
                field, f"expected an ISO 3166-1 alpha-3 code such as 'GBR', got {describe(value)}"
            )

    def number(
        self,
        field: str,
        value: float | None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        above: float | None = None,
        whole: bool = False,
        required: bool = True,
    ) -> None:
        if value is None:
            if required:
                self.fail(field, "is required")
            return
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.fail(field, f"expected a number, got {describe(value)}")
            return
        if math.isinf(value):
            self.fail(field, f"expected a finite number, got {value}")
            return
        bounds = []
        if minimum is not None:
            bounds.append(f"≥ {minimum:g}")
        if above is not None:
            bounds.append(f"> {above:g}")
        if maximum is not None:
            bounds.append(f"≤ {maximum:g}")
        kind = "a whole number" if whole else "a number"
        expected = f"{kind} {' and '.join(bounds)}".strip()
        if (
            (minimum is not None and value < minimum)
            or (maximum is not None and value > maximum)
            or (above is not None and value <= above)
            or (whole and value != int(value))
        ):
            self.fail(field, f"expected {expected}, got {value:g}")

    def dates(self, start_field: str, start: date | None, end_field: str, end: date | None) -> None:
        if start is not None and end is not None and end < start:
            self.fail(
                end_field,
                f"{end_field} {end.isoformat()} is before {start_field} {start.isoformat()}",
            )

    def unique(self, field: str, values: Iterable[str]) -> None:
        seen: set[str] = set()
        for v in values:
            if v in seen:
                self.fail(field, f"lists {v!r} twice")
            seen.add(v)

    def done(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)
