"""What every format shares: limits, table names, progress, bounded reading, decoding and
atomic writes."""

from __future__ import annotations

import codecs
import contextlib
import difflib
import gc
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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
NESTED = {
    "offices": ("actors", "offices"),
    "condition_statuses": ("conditions", "status_history"),
    "substitutions": ("capabilities", "substitutes"),
}
TABLES = (
    "sources",
    "nations",
    "actors",
    "offices",
    "conditions",
    "condition_statuses",
    "missions",
    "phases",
    "capabilities",
    "substitutions",
    "requirement_lines",
    "pledges",
    "statements",
    "aid_records",
    "scenarios",
    "calls",
    "offers",
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


# ---------------------------------------------------------------- bulk reading


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big input is read.

    Reading 100,000 rows creates hundreds of thousands of long-lived objects, and each full
    collection walks all of them again: about 40% of the reading time. Nothing read forms cycles
    worth collecting mid-read. Counted under a lock so overlapping reads (web threads) resume
    collection only when the last one ends, and only if it was on before the first began.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()


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
