"""Tests for the Ashby job-board parser, on a small self-written response in Ashby's format."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from polars.testing import assert_frame_equal

from ingest.sources import ashby
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "ashby" / "acme%20labs.json"
)
RAW_FILE = "sample/2025-10-31/ashby/acme%20labs.json.gz"
BOARD = "acme%20labs"


def fixture_bytes() -> bytes:
    return FIXTURE.read_bytes()


def parsed(data: bytes | None = None) -> ParseResult:
    return ashby.parse(fixture_bytes() if data is None else data, RAW_FILE, BOARD)


def row_by_id(posting_id: str) -> dict[str, Any]:
    rows = parsed().rows.filter(source_posting_id=posting_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def with_jobs(change: Any) -> bytes:
    document = json.loads(fixture_bytes())
    change(document["jobs"])
    return json.dumps(document).encode()


def test_rows_have_the_staging_schema_and_lineage() -> None:
    rows = parsed().rows
    assert list(rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert set(rows["source"]) == {"ashby"}
    assert set(rows["board"]) == {BOARD}
    assert set(rows["raw_file"]) == {RAW_FILE}
    assert rows["record_index"].to_list() == [0, 1, 2, 3]
    assert rows["content_hash"].n_unique() == rows.height


def test_structured_salary_multi_location_posting() -> None:
    row = row_by_id("9b1c2d3e-0001-4a5b-8c7d-000000000001")
    assert row["company"] == "acme labs"
    assert row["title"] == "Senior Machine Learning Engineer"
    assert row["location_text"] == "San Francisco / New York"
    assert (row["city_hint"], row["region_hint"], row["country_hint"]) == (
        "San Francisco",
        "California",
        "USA",
    )
    assert row["is_remote_hint"] is False
    assert row["posted_at"] == datetime(2025, 9, 11, 6, 21, 58, 154000, tzinfo=UTC)
    assert row["employment_type"] == "FullTime"
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        180600.0,
        230000.0,
        "USD",
        "year",
    )
    assert row["pay_text"] == "$180.6K – $230K • Offers Equity"
    assert row["description_html"] == "<p>Train and serve <strong>LLMs</strong> with PyTorch.</p>"
    assert row["description_text"] == "Train and serve LLMs with PyTorch."
    assert row["url"].endswith("/9b1c2d3e-0001-4a5b-8c7d-000000000001")


def test_hourly_remote_unlisted_posting_is_kept() -> None:
    row = row_by_id("9b1c2d3e-0002-4a5b-8c7d-000000000002")
    assert row["is_remote_hint"] is True
    assert row["location_text"] == "Remote - Canada / Toronto"
    assert row["country_hint"] == "Canada"
    assert row["city_hint"] is None
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        40.0,
        55.5,
        "CAD",
        "hour",
    )
    assert row["employment_type"] == "Contract"


def test_text_only_pay_posting_has_no_structured_pay() -> None:
    row = row_by_id("9b1c2d3e-0003-4a5b-8c7d-000000000003")
    assert row["pay_min"] is None and row["pay_period"] is None and row["pay_text"] is None
    assert "£70,000" in row["description_text"]
    assert row["is_remote_hint"] is None
    assert row["city_hint"] == "London"  # stripped
    assert row["region_hint"] is None  # "" is not a region
    assert row["posted_at"] == datetime(2025, 8, 20, 8, 30, tzinfo=UTC)  # from +01:00


def test_inverted_pay_keeps_the_posting_and_quarantines_the_pay() -> None:
    row = row_by_id("9b1c2d3e-0004-4a5b-8c7d-000000000004")
    assert row["pay_min"] is None and row["pay_max"] is None and row["pay_currency"] is None
    assert row["pay_text"] == "€150K – €120K"
    quarantine = parsed().quarantine.filter(record="9b1c2d3e-0004-4a5b-8c7d-000000000004")
    assert quarantine["reason"].to_list() == ["pay: min 150000 > max 120000 (inverted range)"]


def test_bad_records_are_quarantined_with_reasons() -> None:
    quarantine = parsed().quarantine
    assert set(quarantine["source"]) == {"ashby"}
    assert set(quarantine["file"]) == {RAW_FILE}
    reasons = dict(zip(quarantine["record"], quarantine["reason"], strict=True))
    assert reasons["9b1c2d3e-0005-4a5b-8c7d-000000000005"] == "empty title"
    assert reasons["9b1c2d3e-0006-4a5b-8c7d-000000000006"] == (
        "publishedAt: unparseable date 'last Tuesday'"
    )
    rows = parsed().rows
    assert not rows.filter(source_posting_id="9b1c2d3e-0005-4a5b-8c7d-000000000005").height


def test_every_input_job_is_a_row_or_quarantined() -> None:
    result = parsed()
    job_ids = {job["id"] for job in json.loads(fixture_bytes())["jobs"]}
    fatal = set(
        result.quarantine.filter(~result.quarantine["reason"].str.starts_with("pay:"))["record"]
    )
    assert set(result.rows["source_posting_id"]) | fatal == job_ids
    assert not set(result.rows["source_posting_id"]) & fatal


def test_missing_id_and_non_object_jobs_are_quarantined_by_index() -> None:
    def damage(jobs: list[Any]) -> None:
        del jobs[0]["id"]
        jobs[1] = "not a job"

    quarantine = parsed(with_jobs(damage)).quarantine
    reasons = dict(zip(quarantine["record"], quarantine["reason"], strict=True))
    assert reasons["#0"] == "missing id"
    assert reasons["#1"] == "record is not a JSON object (str)"


def test_unknown_pay_interval_is_quarantined_and_pay_nulled() -> None:
    def odd_interval(jobs: list[Any]) -> None:
        jobs[0]["compensation"]["summaryComponents"][1]["interval"] = "2 YEAR"

    result = parsed(with_jobs(odd_interval))
    assert result.rows["pay_min"][0] is None
    assert "pay: unknown compensation interval '2 YEAR'" in result.quarantine["reason"].to_list()


def test_gzipped_input_parses_like_plain_input() -> None:
    assert_frame_equal(parsed(gzip.compress(fixture_bytes())).rows, parsed().rows)


def test_content_hash_depends_on_content_not_formatting() -> None:
    compact = json.dumps(json.loads(fixture_bytes()), separators=(",", ":")).encode()
    assert parsed(compact).rows["content_hash"].to_list() == parsed().rows["content_hash"].to_list()

    def retitle(jobs: list[Any]) -> None:
        jobs[0]["title"] = "Staff Machine Learning Engineer"

    changed = parsed(with_jobs(retitle)).rows["content_hash"].to_list()
    original = parsed().rows["content_hash"].to_list()
    assert changed[0] != original[0]
    assert changed[1:] == original[1:]


def test_truncated_file_is_one_quarantine_row_with_the_byte_offset() -> None:
    truncated = fixture_bytes()[:700]
    result = parsed(truncated)
    assert result.rows.is_empty()
    assert result.quarantine.height == 1
    row = result.quarantine.row(0, named=True)
    assert row["record"] == "*"
    match = re.fullmatch(r"invalid JSON: .+ at byte (\d+)", row["reason"])
    assert match and int(match.group(1)) <= len(truncated)


def test_truncated_gzip_is_quarantined() -> None:
    result = parsed(gzip.compress(fixture_bytes())[:300])
    assert result.rows.is_empty()
    assert result.quarantine["reason"][0].startswith("invalid gzip")


def test_unexpected_top_level_shape_is_quarantined() -> None:
    result = parsed(b'[{"id": "x"}]')
    assert result.quarantine["reason"].to_list() == [
        "unexpected ashby response: expected a JSON object, got list"
    ]
    assert parsed(b'{"apiVersion": "1"}').quarantine["reason"].to_list() == [
        "unexpected ashby response: no 'jobs' list"
    ]
