"""Malformed input, the quick run: the whole corpus of bad files through `muster import` and
bad articles through `muster ingest`, on SQLite and PostgreSQL; plus the regressions it found.

Each bad file must exit 1 with a readable error naming where (file, row, column) and leave the
database byte-identical; the unharmed slices must import cleanly (so the harm is the cause).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from benchmarks.proof import inputs
from benchmarks.proof.common import muster_env, prepare
from benchmarks.proof.corpus import ARTICLE, controls, import_cases, ingest_cases
from muster.cli import app
from muster.data import demo_dataset
from muster.domain import Capability
from muster.domain.records import to_record
from muster.errors import InvalidInput
from muster.ingest.article import MAX_ARTICLE_BYTES, read_article
from muster.interchange import read_dataset_bytes, write_dataset_bytes
from muster.store import load_dataset

pytestmark = pytest.mark.slow
DAY = date(2025, 3, 3)


def test_the_corpus_covers_every_kind_of_harm() -> None:
    cases = import_cases()
    assert len(cases) >= 200
    by_format = Counter(c.fmt for c in cases)
    assert min(by_format["json"], by_format["csv"], by_format["xlsx"]) >= 50
    kinds = " ".join(c.kind for c in cases).lower()
    for harm in (
        "missing column",
        "extra column",
        "duplicate key",
        "nation=zzz",
        "conditions=martians-land",
        "2025-02-30",
        "bom",
        "latin-1",
        "utf-16",
        "nul",
        "100 mb",
        "nesting",
        "zip bomb",
        "formula",
        "truncated",
    ):
        assert harm in kinds, harm
    assert len({c.name for c in cases}) == len(cases)
    assert len(ingest_cases()) >= 15
    assert {c.fmt for c in controls()} == {"json", "csv", "xlsx"}


def test_every_bad_file_is_refused_where_it_is_wrong(
    backend: str, db_url: str, tmp_path: Path
) -> None:
    """All of the corpus on SQLite; on PostgreSQL every third file and every NUL (what differs
    there is what reaches the database). Zip bombs of 256 MiB here, 1 GiB in `make proof`."""
    prepare(db_url)
    every = 1 if backend == "sqlite" else 3
    result = inputs.run(db_url, tmp_path, subprocess_every=100, bomb_mb=256, every=every)
    assert result.failures == []
    assert result.ok
    held = result.figures["import"]["held"]  # type: ignore[index]
    assert held >= len(import_cases(bomb_mb=256)) // every


def test_a_lone_table_keeps_the_nested_rows_it_does_not_mention(loaded_demo: Session) -> None:
    """Regression: importing capabilities.csv alone wiped every capability's substitution rules
    (and actors.csv every office): a missing nested table was read as an empty one."""
    known = load_dataset(session=loaded_demo)
    with_rules = [c for c in known.capabilities if c.substitutes]
    assert with_rules
    lone = write_dataset_bytes(replace(known, capabilities=tuple(with_rules)), filename="x.zip")
    read = read_dataset_bytes(
        _only(lone, "capabilities.csv"), filename="capabilities.csv", known=known
    )
    assert [c.substitutes for c in read.capabilities] == [c.substitutes for c in with_rules]
    # present but empty: the file says "no rules", and is believed
    emptied = read_dataset_bytes(
        _zip_of(lone, "capabilities.csv", b"capability,substitutes_for,efficiency\r\n"),
        filename="both.zip",
        known=known,
    )
    assert all(c.substitutes == () for c in emptied.capabilities)
    actors = [a for a in known.actors if a.offices][:5]
    lone_actors = write_dataset_bytes(replace(known, actors=tuple(actors)), filename="a.zip")
    read_actors = read_dataset_bytes(
        _only(lone_actors, "actors.csv"), filename="actors.csv", known=known
    )
    assert [a.offices for a in read_actors.actors] == [a.offices for a in actors]
    assert isinstance(read.capabilities[0], Capability)


def _only(archive: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return z.read(member)


def _zip_of(archive: bytes, member: str, substitutions: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(member, _only(archive, member))
        z.writestr("substitutions.csv", substitutions)
    return out.getvalue()


def test_text_with_a_nul_is_refused_at_its_field() -> None:
    """Regression: a NUL in any text was accepted; on PostgreSQL the import then crashed."""
    record = to_record(next(p for p in demo_dataset().pledges if p.id == "p-gbr-inf"))
    record["note"] = "before\x00after"
    data = json.dumps({"format": "muster", "version": 1, "pledges": [record]}).encode()
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(data, filename="nul.json", check=False)
    assert [p.field for p in e.value.problems] == ["note"]
    assert "NUL" in str(e.value)


def test_an_article_longer_than_the_limit_is_refused_at_once(tmp_path: Path, db_url: str) -> None:
    """Regression: a 100 MB 'article' ran for minutes, then was stored whole as a source."""
    with pytest.raises(InvalidInput, match="more than 5 MiB"):
        read_article(b"word " * (MAX_ARTICLE_BYTES // 5 + 1), name="big.txt", day=DAY)
    with pytest.raises(InvalidInput, match="binary"):
        read_article(ARTICLE.encode() * 100 + b"\x00", name="late.txt", day=DAY)
    prepare(db_url)
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * (20 * MAX_ARTICLE_BYTES // 5))
    result = CliRunner().invoke(
        app, ["ingest", str(big), "--date", "2025-03-03"], env=muster_env(db_url)
    )
    assert result.exit_code == 1
    assert "more than 5 MiB" in result.stderr
