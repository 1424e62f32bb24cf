"""The pledge list and the pledge editor's form: values, catalogue choices, inline errors.

The form posts plain fields; `pledge_record` turns them into a record that
`muster.domain.from_record` validates, so the editor reports exactly the domain's problems,
each next to its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from muster.domain import (
    PLEDGE_TRANSITIONS,
    Classification,
    Dataset,
    Pledge,
    PledgeStatus,
)
from muster.errors import Problem
from muster.web.viewmodels.nation import PledgeRow, lookup, pledge_row
from muster.web.viewmodels.table import TableControls


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class PledgeForm:
    """Everything the editor shows. `version` is the row version the edit was based on."""

    id: str
    is_new: bool
    values: dict[str, str | list[str]]
    version: int | None
    nations: tuple[Choice, ...]
    capabilities: tuple[Choice, ...]
    phases: tuple[Choice, ...]
    conditions: tuple[Choice, ...]
    caveats: tuple[Choice, ...]
    sources: tuple[Choice, ...]
    statuses: tuple[Choice, ...]
    classifications: tuple[Choice, ...]
    errors: dict[str, list[str]] = field(default_factory=dict)
    general_errors: tuple[str, ...] = ()
    notice: str | None = None


@dataclass(frozen=True, slots=True)
class PledgeListView:
    """One page of the pledge table (`muster.app.tables`), with its sort, filter and paging."""

    pledges: tuple[PledgeRow, ...]
    total: int
    next_cursor: str | None
    table: TableControls


LIST_FIELDS = ("phases", "conditions", "caveats", "sources")
TEXT_FIELDS = (
    "id",
    "nation",
    "capability",
    "quantity",
    "status",
    "readiness_days",
    "valid_from",
    "valid_to",
    "classification",
    "note",
)


def pledge_values(p: Pledge) -> dict[str, str | list[str]]:
    """A stored pledge as form values (text and lists of text)."""

    def text(v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return str(getattr(v, "value", v))

    values: dict[str, str | list[str]] = {f: text(getattr(p, f)) for f in TEXT_FIELDS}
    for f in LIST_FIELDS:
        values[f] = list(getattr(p, f))
    values["illustrative"] = "on" if p.illustrative else ""
    return values


def pledge_record(
    values: Mapping[str, str | list[str]], *, entered_by: str | None
) -> dict[str, object]:
    """Form values as a text record for `from_record(Pledge, record, text=True)`."""
    record: dict[str, object] = {}
    for f in TEXT_FIELDS:
        v = values.get(f, "")
        record[f] = v.strip() if isinstance(v, str) else ""
    for f in LIST_FIELDS:
        v = values.get(f, [])
        items = [v] if isinstance(v, str) else list(v)
        record[f] = tuple(x.strip() for x in items if x.strip())
    record["illustrative"] = values.get("illustrative") == "on"
    if not record["sources"] and entered_by:
        record["entered_by"] = entered_by
    return {k: v for k, v in record.items() if v not in ("", ())}


def split_tags(text: str) -> list[str]:
    """Caveat tags typed as free text: separated by commas or semicolons."""
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]


def field_errors(problems: Iterable[Problem]) -> tuple[dict[str, list[str]], tuple[str, ...]]:
    """Problems by form field (the part before any '.'), and those tied to no field."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        if p.field:
            by_field.setdefault(p.field.split(".")[0], []).append(p.message)
        else:
            general.append(p.message)
    return by_field, tuple(general)


def _status_choices(current: PledgeStatus | None) -> tuple[Choice, ...]:
    if current is None:
        allowed: Sequence[PledgeStatus] = (PledgeStatus.DRAFT, PledgeStatus.OFFERED)
    else:
        allowed = [s for s in PledgeStatus if s is current or s in PLEDGE_TRANSITIONS[current]]
    return tuple(Choice(s.value, s.value) for s in allowed)


def pledge_form(
    ds: Dataset,
    *,
    values: dict[str, str | list[str]],
    is_new: bool,
    version: int | None,
    nations: Iterable[str],
    current_status: PledgeStatus | None,
    problems: Iterable[Problem] = (),
    notice: str | None = None,
) -> PledgeForm:
    """The editor for `values`; `nations` are those the user may pledge for."""
    names = {n.iso3: n.name for n in ds.nations}
    caveats = sorted(
        {t for r in ds.requirement_lines for t in (*r.required_tags, *r.excluded_tags)}
        | {t for p in ds.pledges for t in p.caveats}
        | set(values.get("caveats", []) if isinstance(values.get("caveats"), list) else [])
    )
    errors, general = field_errors(problems)
    return PledgeForm(
        id=str(values.get("id", "")),
        is_new=is_new,
        values=values,
        version=version,
        nations=tuple(Choice(n, f"{names.get(n, n)} ({n})") for n in sorted(nations)),
        capabilities=tuple(
            Choice(c.id, f"{c.name} ({c.unit}, {c.domain.value})")
            for c in sorted(ds.capabilities, key=lambda c: c.name)
        ),
        phases=tuple(Choice(p.id, p.name) for p in sorted(ds.phases, key=lambda p: p.seq)),
        conditions=tuple(Choice(c.id, c.name) for c in sorted(ds.conditions, key=lambda c: c.name)),
        caveats=tuple(Choice(t, t) for t in caveats),
        sources=tuple(
            Choice(s.id, s.title + (f" ({s.published.isoformat()})" if s.published else ""))
            for s in sorted(ds.sources, key=lambda s: s.published or date.min, reverse=True)
        ),
        statuses=_status_choices(current_status),
        classifications=tuple(Choice(c.value, c.value) for c in Classification),
        errors=errors,
        general_errors=general,
        notice=notice,
    )


PLEDGE_COLUMNS = (
    ("id", "Pledge"),
    ("capability", "Capability"),
    ("quantity", "Quantity"),
    ("phases", "Phases"),
    ("conditions", "Conditions"),
    ("caveats", "Caveats"),
    ("status", "Status"),
    ("classification", "Classification"),
    ("entered_by", "Provenance"),
)


def pledge_list(
    ds: Dataset,
    pledges: Sequence[Pledge],
    *,
    total: int,
    next_cursor: str | None,
    table: TableControls,
) -> PledgeListView:
    """One page of pledges (already read under the reader's rights), as table rows."""
    at = lookup(ds)
    return PledgeListView(
        pledges=tuple(pledge_row(ds, p, at) for p in pledges),
        total=total,
        next_cursor=next_cursor,
        table=table,
    )
