"""Tests for the Lever postings parser, on a small self-written response in Lever's format."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from polars.testing import assert_frame_equal

from ingest.sources import lever
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "lever" / "scale-ai.json"
RAW_FILE = "sample/2024-03-31/lever/scale-ai.json.gz"


def parsed(data: bytes | None = None) -> ParseResult:
    return lever.parse(FIXTURE.read_bytes() if data is None else data, RAW_FILE, "scale-ai")


def row_by_id(prefix: str) -> dict[str, Any]:
    rows = parsed().rows.filter(parsed().rows["source_posting_id"].str.starts_with(prefix))
    assert rows.height == 1
    return rows.row(0, named=True)


def test_rows_have_the_staging_schema() -> None:
    rows = parsed().rows
    assert list(rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert rows["record_index"].to_list() == [0, 1, 2, 5]
    assert set(rows["company"]) == {"Scale Ai"}


def test_salaried_hybrid_multi_location_posting() -> None:
    row = row_by_id("5f0e7a9c-1111")
    assert row["title"] == "Senior Software Engineer, ML Platform"
    assert row["location_text"] == "San Francisco, CA / Seattle, WA"
    assert row["country_hint"] == "US"
    assert row["is_remote_hint"] is False
    assert row["posted_at"] == datetime(2024, 1, 1, tzinfo=UTC)
    assert row["employment_type"] == "Full-time"
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        190000.0,
        250000.0,
        "USD",
        "year",
    )
    assert row["pay_text"] == "Base salary range: $190,000 - $250,000"
    assert row["url"] == "https://jobs.lever.co/scale-ai/5f0e7a9c-1111-4d2b-9a51-aaaaaaaaaaaa"


def test_description_joins_body_lists_and_additional() -> None:
    row = row_by_id("5f0e7a9c-1111")
    assert row["description_html"] == (
        "<div>Build our training platform.</div>"
        "<h3>Requirements</h3><ul><li>Python</li><li>Kubernetes &amp; Ray</li></ul>"
        "<h3>Nice to have</h3><ul><li>CUDA</li></ul>"
        "<div>We offer <b>health</b> benefits.</div>"
    )
    assert row["description_text"] == (
        "Build our training platform.\n\n"
        "Requirements\n- Python\n- Kubernetes & Ray\n\n"
        "Nice to have\n- CUDA\n\n"
        "We offer health benefits."
    )


def test_remote_hourly_intern_posting() -> None:
    row = row_by_id("5f0e7a9c-2222")
    assert row["is_remote_hint"] is True
    assert row["location_text"] == "Remote"
    assert row["employment_type"] == "Intern"
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        45.0,
        60.0,
        "CAD",
        "hour",
    )


def test_text_only_pay_posting() -> None:
    row = row_by_id("5f0e7a9c-3333")
    assert row["pay_min"] is None and row["pay_period"] is None
    assert row["is_remote_hint"] is None  # "unspecified"
    assert "£60,000" in row["description_text"]


def test_negative_pay_keeps_the_posting_and_quarantines_the_pay() -> None:
    row = row_by_id("5f0e7a9c-6666")
    assert row["pay_min"] is None and row["pay_max"] is None and row["pay_currency"] is None
    quarantine = parsed().quarantine.filter(record="5f0e7a9c-6666-4d2b-9a51-ffffffffffff")
    assert quarantine["reason"].to_list() == ["pay: negative min -1"]


def test_bad_records_are_quarantined_with_reasons() -> None:
    quarantine = parsed().quarantine
    reasons = dict(zip(quarantine["record"], quarantine["reason"], strict=True))
    assert reasons["5f0e7a9c-4444-4d2b-9a51-dddddddddddd"] == "missing text (title)"
    assert reasons["5f0e7a9c-5555-4d2b-9a51-eeeeeeeeeeee"] == (
        "createdAt: unparseable date '2024-03-01' (expected epoch milliseconds)"
    )


def test_company_field_wins_over_the_site_token() -> None:
    postings = json.loads(FIXTURE.read_bytes())
    postings[0]["company"] = "Scale AI"
    rows = parsed(json.dumps(postings).encode()).rows
    assert rows["company"].to_list()[:2] == ["Scale AI", "Scale Ai"]


def test_unknown_salary_interval_is_quarantined() -> None:
    postings = json.loads(FIXTURE.read_bytes())
    postings[0]["salaryRange"]["interval"] = "one-time"
    result = parsed(json.dumps(postings).encode())
    assert result.rows["pay_min"][0] is None
    assert "pay: unknown salaryRange interval 'one-time'" in result.quarantine["reason"]


def test_gzipped_input_parses_like_plain_input() -> None:
    assert_frame_equal(parsed(gzip.compress(FIXTURE.read_bytes())).rows, parsed().rows)


def test_a_non_array_response_is_quarantined_whole() -> None:
    result = parsed(b'{"ok": false, "error": "Document not found"}')
    assert result.rows.is_empty()
    assert result.quarantine["reason"].to_list() == [
        "unexpected lever response: expected a JSON array, got dict"
    ]
