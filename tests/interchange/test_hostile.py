"""Hostile input across formats: huge fields and files, odd paths, and reading that changes
nothing. Each case ends in one InvalidInput naming where, never a traceback."""

from __future__ import annotations

import gc
import io
import json
import os
import threading
from pathlib import Path

import pytest

from muster.domain import Dataset, Source
from muster.errors import InvalidInput
from muster.interchange import Limits, read_dataset, read_dataset_bytes, write_dataset
from muster.interchange._common import gc_paused

REFERENCE = Path(__file__).parents[2] / "src" / "muster" / "data" / "reference.json"
HUNDRED_MB = 100 * 1024 * 1024


def messages(e: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [str(p) for p in e.value.problems]


def test_a_100_mb_json_field_is_refused_at_its_record() -> None:
    head = b'{"format": "muster", "version": 1,\n"missions": [{"id": "m", "name": "'
    data = head + b"x" * HUNDRED_MB + b'"}]}'
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(data, filename="big.json")
    assert messages(e) == [
        f"big.json sheet missions, row 1, column name: text of {HUNDRED_MB:,} characters is "
        "longer than the limit of 1,000,000 (Limits.max_text_chars) (line 2)"
    ]


def test_a_100_mb_csv_field_is_refused_at_its_row() -> None:
    data = b"id,name\nm1,ok\nm2," + b"x" * HUNDRED_MB + b"\n"
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(data, filename="missions.csv")
    assert messages(e) == [
        "missions.csv row 3: a cell is longer than 131,072 characters (the CSV limit; use JSON)"
    ]


def test_an_upload_stream_over_the_limit_is_refused_without_reading_it_all() -> None:
    class Endless(io.RawIOBase):
        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            n = len(buffer)
            buffer[:n] = b" " * n
            self.served += n
            return n

    stream = Endless()
    with pytest.raises(InvalidInput, match=r"up\.json: file is 0\.0 MiB; the limit is 0 MiB"):
        read_dataset_bytes(
            io.BufferedReader(stream), filename="up.json", limits=Limits(max_file_bytes=4096)
        )
    assert stream.served < 64 * 1024


def test_a_file_over_the_limit_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "pledges.csv"
    with path.open("wb") as f:
        f.truncate(300 * 1024 * 1024)  # sparse: 300 MiB on paper, nothing read
    with pytest.raises(InvalidInput) as e:
        read_dataset(path)
    assert messages(e) == [
        "pledges.csv: file is 300.0 MiB; the limit is 256 MiB (split it, or raise "
        "Limits.max_file_bytes)"
    ]


def test_a_device_or_pipe_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pledges.csv"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput) as e:
        read_dataset(fifo)
    assert messages(e) == ["pledges.csv: not a regular file"]


def test_missing_file_and_unknown_extension() -> None:
    with pytest.raises(InvalidInput, match=r"nope\.json: no such file"):
        read_dataset("/nonexistent/nope.json")
    with pytest.raises(InvalidInput, match=r"cannot tell the format of 'data\.txt'"):
        read_dataset_bytes(b"x", filename="data.txt")


@pytest.mark.parametrize("target", ["out", "out.xlsx", "out.zip", "out.json"])
def test_reading_a_bad_file_changes_nothing(tmp_path: Path, target: str) -> None:
    ds = read_dataset(REFERENCE)
    path = tmp_path / target
    write_dataset(ds, path)
    if path.is_dir():
        (path / "nations.csv").write_text("iso3,name\nGBR,UK\nGBR,UK again\n")
    else:
        path.write_bytes(path.read_bytes()[:-50])

    def snapshot() -> list[tuple[str, bytes, int]]:
        files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
        return [(str(p), p.read_bytes(), p.stat().st_mtime_ns) for p in files]

    before = snapshot()
    with pytest.raises(InvalidInput):
        read_dataset(path)
    assert snapshot() == before


def test_a_failed_write_leaves_no_partial_file(tmp_path: Path) -> None:
    ds = Dataset(sources=(Source(id="s", title="T", text="x" * 200_000),))
    with pytest.raises(InvalidInput):
        write_dataset(ds, tmp_path / "sources.csv")
    assert list(tmp_path.iterdir()) == []


def test_json_with_a_huge_list_value_is_refused() -> None:
    doc = {"format": "muster", "version": 1, "nations": [{"iso3": "GBR", "name": "UK"}]}
    doc["nations"][0]["aliases"] = [[1]] * 200_000  # type: ignore[index]
    with pytest.raises(InvalidInput) as e:
        read_dataset_bytes(json.dumps(doc).encode(), filename="x.json")
    assert messages(e) == [
        "x.json sheet nations, row 1, column aliases: holds more than 100,000 values; no Muster "
        "field is that big (line 1)"
    ]


def test_collection_pauses_during_a_read_and_resumes_after_success_or_failure() -> None:
    seen: list[bool] = []
    data = json.dumps({"format": "muster", "version": 1, "missions": [{"id": "m", "name": "M"}]})
    assert gc.isenabled()
    read_dataset_bytes(
        data.encode(), filename="x.json", progress=lambda d, t: seen.append(gc.isenabled())
    )
    assert seen == [False]
    assert gc.isenabled()
    with pytest.raises(InvalidInput):
        read_dataset_bytes(b"{", filename="x.json")
    assert gc.isenabled()


def test_overlapping_pauses_resume_only_after_the_last_and_only_if_it_was_on() -> None:
    entered, release = threading.Barrier(2), threading.Event()

    def reader() -> None:
        with gc_paused():
            entered.wait()
            release.wait()

    worker = threading.Thread(target=reader)
    worker.start()
    with gc_paused():
        entered.wait()
    assert not gc.isenabled()  # the other read is still going
    release.set()
    worker.join()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
