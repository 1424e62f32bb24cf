"""Assembling read records into a Dataset: where each came from, duplicate keys, nested rows
joining their owners, and reference problems from `Dataset.check()` located back to their rows.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from muster.domain import ENTITIES, ENTITY_NAMES, Dataset
from muster.errors import InvalidInput, Problem
from muster.interchange._common import LIMITS, NESTED, Limits


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record came from. `row` is as a spreadsheet shows it (header = 1)."""

    file: str | None
    sheet: str | None
    row: int | None
    note: str = ""  # e.g. "(line 57)" for a JSON record

    def problem(self, p: Problem, column: str | None = None) -> Problem:
        located = p.at(file=self.file, sheet=self.sheet, row=self.row, column=column)
        if self.note:
            located = replace(located, message=f"{located.message} {self.note}")
        return located


class TooManyProblems(Exception):
    """Raised inside a reader once `max_problems` are collected; the reader stops there."""


@dataclass
class Assembly:
    """Collects objects with where they came from, and every problem, into one Dataset.

    Duplicate keys inside the input are reported with both places; references are checked on
    the input merged over `known` (what the caller already holds), and each reference problem is
    located back to the row (and nested row) it came from.
    """

    limits: Limits = LIMITS
    objects: dict[str, list[Any]] = field(default_factory=lambda: {n: [] for n in ENTITIES})
    places: dict[tuple[str, str], Where] = field(default_factory=dict)
    children: dict[tuple[str, str], list[tuple[Any, Where]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # column shown for a (nested table, field): substitutions' `capability` is `substitutes_for`
    nested_columns: dict[tuple[str, str], str] = field(
        default_factory=lambda: {("substitutions", "capability"): "substitutes_for"}
    )
    # a locator may refine places lazily (JSON computes line numbers only when needed)
    refine: Callable[[Where, str | None], Where] | None = None

    stopped: bool = False
    # the tables a table format (CSV, XLSX) read, even empty ones; JSON reads none
    tables_read: set[str] = field(default_factory=set)

    def fail(self, problem: Problem) -> None:
        if self.stopped:
            return
        self.problems.append(problem)
        if len(self.problems) >= self.limits.max_problems:
            self.stopped = True
            self.problems.append(
                Problem(
                    f"stopped reading after {self.limits.max_problems:,} problems; "
                    "fix these and read the file again",
                    file=problem.file,
                )
            )
            raise TooManyProblems

    def fail_all(self, problems: Iterable[Problem]) -> None:
        for p in problems:
            self.fail(p)

    def add(self, collection: str, obj: Any, where: Where) -> bool:
        """Keep `obj` unless its key is already taken in this input (then report both rows)."""
        key = obj.key
        first = self.places.get((collection, key))
        if first is not None:
            column = _key_field(collection)
            self.fail(
                self._at(where, column).problem(
                    Problem(
                        f"duplicate key {key!r}, first at {self._describe(first, column)}",
                        entity=ENTITY_NAMES[ENTITIES[collection]],
                        key=key,
                    ),
                    column=column,
                )
            )
            return False
        self.places[(collection, key)] = where
        self.objects[collection].append(obj)
        return True

    def add_child(self, table: str, owner: str, child: Any, where: Where) -> None:
        self.children.setdefault((table, owner), []).append((child, where))

    def _at(self, where: Where, column: str | None) -> Where:
        return self.refine(where, column) if self.refine is not None else where

    def _describe(self, where: Where, column: str | None) -> str:
        where = self._at(where, column)
        parts = [where.sheet if where.sheet and where.file else where.file or ""]
        if where.row is not None:
            parts.append(f"row {where.row}")
        return f"{' '.join(p for p in parts if p)} {where.note}".strip()

    def locate(self, where: Where, problems: Iterable[Problem], columns: dict[str, str]) -> None:
        """Report `problems` of a record read at `where`; fields map to `columns` when renamed."""
        for p in problems:
            column = columns.get(p.field or "", p.field)
            self.fail(self._at(where, column).problem(p, column=column))

    def build(self, *, known: Dataset | None, check: bool) -> Dataset:
        """The Dataset, or InvalidInput with every problem found (reading stops at the cap).

        Nested rows (offices, substitutions) join their owner from this input, or from `known`
        (then the owner's nested list becomes the rows given here).
        """
        with contextlib.suppress(TooManyProblems):
            self._keep_known_children(known)
            self._adopt_children(known)
        if self.problems:
            raise InvalidInput(self.problems)
        dataset = Dataset(**{name: tuple(items) for name, items in self.objects.items()})
        if check:
            whole = known.merged(dataset) if known is not None else dataset
            found = whole.check()
            if found:
                with contextlib.suppress(TooManyProblems):
                    self.fail_all(self._locate_checked(found, whole))
                raise InvalidInput(self.problems)
        return dataset

    def _keep_known_children(self, known: Dataset | None) -> None:
        """A table input without a nested table (a lone actors.csv) says nothing about those
        rows: owners `known` holds keep their offices (substitutions) instead of losing them.
        A nested table that is present, even empty, replaces them."""
        if known is None or not self.tables_read:
            return
        for table, (owner_collection, attr) in NESTED.items():
            if table in self.tables_read:
                continue
            held = known.index(owner_collection)
            items = self.objects[owner_collection]
            for i, obj in enumerate(items):
                old = held.get(obj.key)
                if old is not None and not getattr(obj, attr) and getattr(old, attr):
                    items[i] = replace(obj, **{attr: getattr(old, attr)})

    def _adopt_children(self, known: Dataset | None) -> None:
        positions: dict[str, dict[str, int]] = {}
        held: dict[str, dict[str, Any]] = {}
        for (table, owner), kids in self.children.items():
            owner_collection, attr = NESTED[table]
            entity = ENTITY_NAMES[ENTITIES[owner_collection]]
            if owner_collection not in positions:
                items = self.objects[owner_collection]
                positions[owner_collection] = {o.key: i for i, o in enumerate(items)}
                held[owner_collection] = known.index(owner_collection) if known else {}
            at = positions[owner_collection].get(owner)
            base: Any = self.objects[owner_collection][at] if at is not None else None
            if base is None:
                base = held[owner_collection].get(owner)
            if base is None:
                for _child, where in kids:
                    self.fail(
                        self._at(where, entity).problem(
                            Problem(f"unknown {entity} {owner!r}", field=entity), column=entity
                        )
                    )
                continue
            if table == "substitutions" and not self._substitutions_ok(owner, kids):
                continue
            try:
                adopted = replace(base, **{attr: tuple(child for child, _ in kids)})
            except InvalidInput as e:
                for _child, where in kids:
                    self.locate(where, e.problems, {})
                continue
            if at is not None:
                self.objects[owner_collection][at] = adopted
            else:
                positions[owner_collection][owner] = len(self.objects[owner_collection])
                self.objects[owner_collection].append(adopted)

    def _substitutions_ok(self, owner: str, kids: list[tuple[Any, Where]]) -> bool:
        """A capability's own rules on its substitutions, located at the offending rows."""
        first: dict[str, Where] = {}
        ok = True
        column = "substitutes_for"
        for child, where in kids:
            if child.capability == owner:
                message = "a capability cannot substitute for itself"
            elif child.capability in first:
                message = (
                    f"{owner!r} substitutes for {child.capability!r} twice, first at "
                    f"{self._describe(first[child.capability], column)}"
                )
            else:
                first[child.capability] = where
                continue
            ok = False
            self.fail(self._at(where, column).problem(Problem(message), column=column))
        return ok

    def _locate_checked(self, found: list[Problem], whole: Dataset) -> list[Problem]:
        by_entity = {ENTITY_NAMES[cls]: name for name, cls in ENTITIES.items()}
        indexes = {target: set(whole.index(target)) for target in set(_TARGETS.values())}
        out: list[Problem] = []
        for p in found:
            collection = by_entity.get(p.entity or "")
            where = self.places.get((collection, p.key)) if collection and p.key else None
            if where is None:
                out.append(p)  # about data the caller already held: report it as it is
                continue
            field_name = p.field or ""
            nested = _nested_field(collection or "", field_name)
            if nested is not None:
                table, sub = nested
                kids = self.children.get((table, p.key or ""), [])
                hits = [w for child, w in kids if _dangles(child, sub, indexes)]
                if hits:
                    shown = self.nested_columns.get((table, sub), sub)
                    out.extend(self._at(w, shown).problem(p, column=shown) for w in hits)
                    continue
            column = field_name or None
            out.append(self._at(where, column).problem(p, column=column))
        return out


def _key_field(collection: str) -> str:
    return {"nations": "iso3", "actors": "name"}.get(collection, "id")


def _nested_field(collection: str, field_name: str) -> tuple[str, str] | None:
    if collection == "actors" and field_name.startswith("offices."):
        return "offices", field_name.split(".", 1)[1]
    if collection == "conditions" and field_name.startswith("status_history."):
        return "condition_statuses", field_name.split(".", 1)[1]
    if collection == "capabilities" and field_name == "substitutes":
        return "substitutions", "capability"
    return None


_TARGETS = {"nation": "nations", "source": "sources", "capability": "capabilities"}


def _dangles(child: Any, sub: str, indexes: dict[str, set[str]]) -> bool:
    value = getattr(child, sub, None)
    target = _TARGETS.get(sub)
    return value is not None and target is not None and value not in indexes[target]
