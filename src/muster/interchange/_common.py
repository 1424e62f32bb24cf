"""What every format shares: limits, progress, bounded reading, decoding, atomic writes, and the
assembly of records into a Dataset with every problem located (file, sheet, row, column).
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from muster.domain import ENTITIES, ENTITY_NAMES, Dataset
from muster.errors import InvalidInput, Problem

FORMAT = "muster"
VERSION = 1

Progress = Callable[[int, int], None]
"""Called as `progress(rows_done, rows_total)` while reading or writing."""

PROGRESS_EVERY = 2_000
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one import may ask of the machine; each is documented in docs/data-format.md."""

    max_file_bytes: int = 256 * MIB
    max_text_chars: int = 1_000_000
    max_problems: int = 1_000
    max_json_depth: int = 32
    max_zip_members: int = 1_000
    max_unzipped_bytes: int = 1024 * MIB
    max_zip_ratio: int = 100
    zip_ratio_floor_bytes: int = MIB


LIMITS = Limits()

# Nested objects live in tables of their own, keyed by their owner's key column.
NESTED = {"offices": ("actors", "offices"), "substitutions": ("capabilities", "substitutes")}
TABLES = (
    "sources",
    "nations",
    "actors",
    "offices",
    "conditions",
    "missions",
    "phases",
    "capabilities",
    "substitutions",
    "requirement_lines",
    "pledges",
    "statements",
    "aid_records",
    "scenarios",
)


def suggest(name: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when `name` is a likely typo of one of `choices`, else ''."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


# ---------------------------------------------------------------- reading bytes and text


def read_bytes(source: Path | bytes | IO[bytes], *, name: str, limits: Limits) -> bytes:
    """The whole input, refusing it before reading when it is larger than `max_file_bytes`."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, Path):
        try:
            info = source.stat()
            if not stat.S_ISREG(info.st_mode):
                raise InvalidInput(Problem("not a regular file", file=name))
            _check_size(info.st_size, name, limits)
            with source.open("rb") as f:  # bounded: the file may grow while we read
                data = f.read(limits.max_file_bytes + 1)
        except OSError as e:
            raise InvalidInput(Problem(f"cannot read: {e.strerror or e}", file=name)) from None
    else:
        data = source.read(limits.max_file_bytes + 1)
    _check_size(len(data), name, limits)
    return data


def _check_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise InvalidInput(
            Problem(
                f"file is {size / MIB:,.1f} MiB; the limit is {limits.max_file_bytes / MIB:,.0f} "
                "MiB (split it, or raise Limits.max_file_bytes)",
                file=name,
            )
        )


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def decode_text(data: bytes, *, name: str, utf16: bool) -> str:
    """UTF-8 text (a BOM is accepted and dropped), or InvalidInput saying where decoding failed.

    With `utf16`, UTF-16 with a BOM is accepted too (what Excel's "Unicode Text" writes). Other
    encodings are refused with a guess of what the file is, since guessing silently corrupts names
    such as "Türkiye".
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if not utf16:
            raise InvalidInput(
                Problem(
                    "the file is UTF-16 (it starts with a UTF-16 byte order mark); "
                    "save it as UTF-8",
                    file=name,
                )
            )
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InvalidInput(
                Problem(
                    f"not valid UTF-16 at byte {e.start:,} ({e.reason}); save it as UTF-8",
                    file=name,
                )
            ) from None
        return _refuse_nul(text, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InvalidInput(_encoding_problem(data, e, name)) from None
    return _refuse_nul(text, name)


def _encoding_problem(data: bytes, e: UnicodeDecodeError, name: str) -> Problem:
    line, column = _line_and_column(data, e.start)
    bad = data[e.start : e.start + 1]
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        guess = "it looks like UTF-16 without a byte order mark"
    else:
        try:
            start = max(data.rfind(b"\n", 0, e.start) + 1, e.start - 20)
            end = data.find(b"\n", e.start)
            end = min(e.start + 20, len(data) if end < 0 else end)
            shown = data[start:end].decode("cp1252")
            guess = f"it looks like Windows-1252 / Latin-1 (there it reads {shown.strip()!r})"
        except UnicodeDecodeError:
            guess = "the encoding is unknown"
    return Problem(
        f"not UTF-8: byte 0x{bad.hex().upper()} at line {line}, byte {column} "
        f"(offset {e.start:,}); {guess}. Save the file as UTF-8",
        file=name,
    )


def _refuse_nul(text: str, name: str) -> str:
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise InvalidInput(
            Problem(
                f"contains a NUL character at line {line}, character {column}; "
                "this is not a text file (or it is UTF-16 without a byte order mark)",
                file=name,
            )
        )
    return text


# ---------------------------------------------------------------- writing


@contextlib.contextmanager
def atomic_file(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A text file that appears at `path` only when fully written (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


class Ticker:
    """Calls `progress` every few thousand rows and once at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        self._next = PROGRESS_EVERY

    def tick(self, n: int = 1) -> None:
        self.done += n
        if self.progress is not None and self.done >= self._next:
            self._next = self.done + PROGRESS_EVERY
            self.progress(self.done, max(self.total, self.done))

    def finish(self) -> None:
        if self.progress is not None:
            self.total = max(self.total, self.done)
            self.progress(self.total, self.total)


# ---------------------------------------------------------------- assembling a Dataset


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
    if collection == "capabilities" and field_name == "substitutes":
        return "substitutions", "capability"
    return None


_TARGETS = {"nation": "nations", "source": "sources", "capability": "capabilities"}


def _dangles(child: Any, sub: str, indexes: dict[str, set[str]]) -> bool:
    value = getattr(child, sub, None)
    target = _TARGETS.get(sub)
    return value is not None and target is not None and value not in indexes[target]
