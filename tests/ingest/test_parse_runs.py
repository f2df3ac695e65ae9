"""Tests for ingest.parse_runs: a run of raw files parsed into one merged result, with frames
built once per run, equal to the files parsed one by one."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ingest.discover import raw_posting_files
from ingest.parse_runs import PAY_ROW_SCHEMA, parse_raw_run, source_parser
from ingest.sources import greenhouse
from ingest.sources.common import SourceFormatError
from ingest.staging import concat_results

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SNAPSHOT = "sample/2024-03-31"


@pytest.fixture
def raw_root(tmp_path: Path) -> Path:
    """One snapshot: a Greenhouse board with four pay details (one without a range, one
    inverted), a Lever board, a broken Ashby file and a JSON-LD page."""
    snapshot = tmp_path / SNAPSHOT
    (snapshot / "greenhouse" / "acme").mkdir(parents=True)
    shutil.copy(FIXTURES / "greenhouse" / "acme.json", snapshot / "greenhouse" / "acme.json")
    for job in ("1001", "1002", "1003", "1005"):
        data = (FIXTURES / "greenhouse" / "acme" / f"{job}.json").read_bytes()
        (snapshot / "greenhouse" / "acme" / f"{job}.json.gz").write_bytes(gzip.compress(data))
    (snapshot / "lever").mkdir()
    shutil.copy(FIXTURES / "lever" / "scale-ai.json", snapshot / "lever" / "scale-ai.json")
    (snapshot / "ashby").mkdir()
    (snapshot / "ashby" / "broken.json").write_bytes(b'{"jobs": [')
    (snapshot / "jsonld").mkdir()
    page = FIXTURES / "jsonld" / "careers.acme.example.html"
    shutil.copy(page, snapshot / "jsonld" / "careers.acme.example.html")
    return tmp_path


def test_a_run_equals_its_files_parsed_one_by_one(raw_root: Path) -> None:
    files = raw_posting_files(raw_root)
    postings = [raw for raw in files if raw.kind == "postings"]
    assert {raw.source for raw in postings} == {"ashby", "greenhouse", "jsonld", "lever"}
    run = parse_raw_run(files)
    one_by_one = concat_results(
        source_parser(raw.source).parse(raw.path.read_bytes(), raw.rel, raw.board)
        for raw in postings
    )
    assert run.rows.height > 0
    assert_frame_equal(run.rows, one_by_one.rows)
    assert_frame_equal(run.quarantine, one_by_one.quarantine)
    assert [(o.rel, o.n_rows, o.n_quarantined) for o in run.files] == [
        (raw.rel, *_counts(raw.path.read_bytes(), raw.source, raw.rel, raw.board))
        for raw in postings
    ]
    assert "invalid JSON" in run.quarantine.filter(source="ashby")["reason"][0]


def _counts(data: bytes, source: str, rel: str, board: str) -> tuple[int, int]:
    result = source_parser(source).parse(data, rel, board)
    return result.rows.height, result.quarantine.height


def test_pay_details_are_gathered_into_one_frame_with_their_files(raw_root: Path) -> None:
    files = raw_posting_files(raw_root)
    run = parse_raw_run(files)
    pay_files = [raw for raw in files if raw.kind == "greenhouse_pay"]
    assert [o.rel for o in run.pay_files] == [raw.rel for raw in pay_files]
    expected = []
    for raw in pay_files:
        try:
            frame = greenhouse.parse_pay_detail(raw.path.read_bytes(), raw.rel)
        except SourceFormatError:
            continue
        expected.append(frame.with_columns(pl.lit(raw.rel).alias("raw_file")))
    assert_frame_equal(run.pay_rows, pl.concat(expected))
    assert run.pay_rows.schema == pl.Schema(PAY_ROW_SCHEMA)
    assert run.pay_rows["source_posting_id"].to_list() == ["1001", "1003"]  # 1002: no range
    assert [(o.n_rows, o.n_quarantined) for o in run.pay_files] == [(1, 0), (0, 0), (1, 0), (0, 1)]
    bad = run.pay_quarantine.row(0, named=True)
    assert bad["file"].endswith("acme/1005.json.gz")
    assert "inverted range" in bad["reason"]


def test_a_run_without_readable_pay_files_has_no_pay_columns(raw_root: Path) -> None:
    files = [raw for raw in raw_posting_files(raw_root) if not raw.rel.endswith("1001.json.gz")]
    files = [raw for raw in files if raw.kind == "postings" or raw.rel.endswith("1005.json.gz")]
    run = parse_raw_run(files)
    assert run.pay_rows.width == 0
    assert run.pay_quarantine.height == 1
    only_empty = [raw for raw in raw_posting_files(raw_root) if raw.rel.endswith("1002.json.gz")]
    empty = parse_raw_run(only_empty).pay_rows
    assert empty.is_empty()
    assert empty.schema == pl.Schema(PAY_ROW_SCHEMA)


def test_a_gzip_bomb_in_the_raw_store_is_a_quarantined_file_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file placed in the raw store by hand (not through `ingest --from-dir`, which refuses
    it) that decompresses past the cap is quarantined whole; the other files still parse."""
    monkeypatch.setattr("ingest.sources.common.MAX_DECOMPRESSED_BYTES", 64 * 1024)
    snapshot = tmp_path / "raw" / "ashby" / "2025-10-31"
    snapshot.mkdir(parents=True)
    shutil.copy(FIXTURES / "ashby" / "acme%20labs.json", snapshot / "acme%20labs.json")
    (snapshot / "bomb.json.gz").write_bytes(gzip.compress(b" " * (1024 * 1024)))
    run = parse_raw_run(raw_posting_files(tmp_path / "raw"))
    bomb = run.quarantine.filter(pl.col("file") == "ashby/2025-10-31/bomb.json.gz")
    assert bomb.select("record", "reason").rows() == [
        ("*", "gzip decompresses past the 65,536-byte cap")
    ]
    assert run.rows.height > 0 and set(run.rows["board"]) == {"acme labs"}
