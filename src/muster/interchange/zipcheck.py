"""Zip archives (XLSX workbooks, zips of CSV files) are checked before anything unpacks them:
member count, declared uncompressed sizes and compression ratios (zip bombs)."""

from __future__ import annotations

import io
import zipfile

from muster.errors import InvalidInput, Problem
from muster.interchange._common import MIB, Limits


def check_zip(
    data: bytes, *, name: str, limits: Limits, kind: str = "zip archive"
) -> zipfile.ZipFile:
    """The open archive, or InvalidInput when it is damaged or would unpack too much.

    Python's zipfile never inflates a member beyond its declared size (and then checks its
    CRC), so checking the declared sizes bounds what reading can cost.
    """
    if not data:
        raise InvalidInput(Problem(f"the file is empty (expected {_a(kind)})", file=name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as e:
        raise InvalidInput(
            Problem(
                f"not a readable {kind}: {e} (is the file truncated, or not really {_a(kind)}?)",
                file=name,
            )
        ) from None
    problems: list[Problem] = []
    if len(members) > limits.max_zip_members:
        problems.append(
            Problem(
                f"holds {len(members):,} files; the limit is {limits.max_zip_members:,}",
                file=name,
            )
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        problems.append(
            Problem(
                f"would unpack to {total / MIB:,.0f} MiB; the limit is "
                f"{limits.max_unzipped_bytes / MIB:,.0f} MiB (Limits.max_unzipped_bytes)",
                file=name,
            )
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > limits.zip_ratio_floor_bytes and ratio > limits.max_zip_ratio:
            problems.append(
                Problem(
                    f"member {m.filename!r} would unpack {ratio:,.0f} times its packed size "
                    f"({m.file_size / MIB:,.0f} MiB); the limit is {limits.max_zip_ratio} times "
                    "(a zip bomb?)",
                    file=name,
                )
            )
            break
    if problems:
        raise InvalidInput(problems)
    return archive


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiouAEIOUX" else f"a {kind}"
