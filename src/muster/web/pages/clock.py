"""Today's date for pages (the shell reads the clock; the core is handed dates)."""

from __future__ import annotations

from datetime import UTC, date, datetime


def today() -> date:
    return datetime.now(UTC).date()
