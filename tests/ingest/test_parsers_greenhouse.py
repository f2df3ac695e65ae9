"""Tests for the Greenhouse parser and its pay-transparency detail reader."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from contract.vocab import NO_PLACE_WORDS, WORK_MODE_WORDS
from ingest.sources import greenhouse
from ingest.sources.common import SourceFormatError
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "greenhouse"
RAW_FILE = "sample/2024-03-31/greenhouse/acme.json.gz"


def parsed(data: bytes | None = None, board: str = "acme") -> ParseResult:
    data = (FIXTURES / "acme.json").read_bytes() if data is None else data
    return greenhouse.parse(data, RAW_FILE, board)


def row_by_id(posting_id: str) -> dict[str, Any]:
    rows = parsed().rows.filter(source_posting_id=posting_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def detail(job_id: str) -> pl.DataFrame:
    path = FIXTURES / "acme" / f"{job_id}.json"
    return greenhouse.parse_pay_detail(path.read_bytes(), f"greenhouse/acme/{job_id}.json.gz")


def test_rows_have_the_staging_schema() -> None:
    rows = parsed().rows
    assert list(rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert rows["source_posting_id"].to_list() == ["1001", "1002", "1003"]
    assert set(rows["source"]) == {"greenhouse"}


def test_entity_escaped_content_is_unescaped_exactly_once() -> None:
    assert row_by_id("1001")["description_html"] == (
        '<div class="content-intro"><p>Build ranking with <strong>PyTorch</strong> &amp; Spark.'
        "</p></div><p>The base salary range is $150,000 - $190,000.</p>"
    )


def test_posting_fields() -> None:
    row = row_by_id("1001")
    assert row["company"] == "Acme Robotics"
    assert row["title"] == "Machine Learning Engineer, Ranking"
    assert row["location_text"] == "New York, NY"
    assert row["posted_at"] == datetime(2024, 2, 1, 14, 15, tzinfo=UTC)  # first_published, -05:00
    assert row["url"] == "https://boards.greenhouse.io/acme/jobs/1001"
    assert row["employment_type"] == "Full-time"
    assert row["pay_min"] is None and row["pay_text"] is None


def test_posted_at_falls_back_to_updated_at() -> None:
    assert row_by_id("1002")["posted_at"] == datetime(2024, 3, 10, 8, 0, tzinfo=UTC)


def test_company_falls_back_to_the_board_token() -> None:
    document = json.loads((FIXTURES / "acme.json").read_bytes())
    for job in document["jobs"]:
        job.pop("company_name", None)
    rows = parsed(json.dumps(document).encode(), board="acme%20robotics").rows
    assert set(rows["company"]) == {"acme robotics"}


def test_bad_records_are_quarantined_with_reasons() -> None:
    quarantine = parsed().quarantine
    assert dict(zip(quarantine["record"], quarantine["reason"], strict=True)) == {
        "1004": "missing title",
        "1005": "first_published: unparseable date '2024-13-45T08:00:00Z'",
    }


def test_gzipped_input_parses_like_plain_input() -> None:
    data = (FIXTURES / "acme.json").read_bytes()
    assert_frame_equal(parsed(gzip.compress(data)).rows, parsed(data).rows)


def test_truncated_file_is_quarantined_whole() -> None:
    result = parsed((FIXTURES / "acme.json").read_bytes()[:-40])
    assert result.rows.is_empty()
    assert result.quarantine["record"].to_list() == ["*"]
    assert result.quarantine["reason"][0].startswith("invalid JSON: ")


def test_pay_detail_spans_ranges_in_the_first_currency() -> None:
    pay = detail("1001")
    assert list(pay.schema.items()) == list(greenhouse.PAY_DETAIL_SCHEMA.items())
    assert pay.row(0, named=True) == {
        "source_posting_id": "1001",
        "pay_min": 135000.0,
        "pay_max": 190000.0,
        "pay_currency": "USD",
        "pay_period": "year",
        "pay_text": "New York: The base salary range for this role in New York. / "
        "Other US locations / Canada",
    }


def test_pay_detail_reads_hourly_from_the_title_or_blurb() -> None:
    row = detail("1003").row(0, named=True)
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        40.0,
        50.0,
        "CAD",
        "hour",
    )


def test_pay_detail_without_ranges_is_empty() -> None:
    pay = detail("1002")
    assert pay.is_empty()
    assert list(pay.schema.items()) == list(greenhouse.PAY_DETAIL_SCHEMA.items())


def test_inverted_pay_detail_raises_with_a_quarantine_row() -> None:
    with pytest.raises(SourceFormatError) as caught:
        detail("1005")
    assert caught.value.quarantine_row() == {
        "source": "greenhouse",
        "file": "greenhouse/acme/1005.json.gz",
        "record": "*",
        "reason": "pay: min 200000.0 > max 150000.0 (inverted range)",
    }


def test_truncated_pay_detail_raises_naming_the_file() -> None:
    data = gzip.compress((FIXTURES / "acme" / "1001.json").read_bytes()[:100])
    with pytest.raises(SourceFormatError, match=r"greenhouse/acme/1001.json.gz: invalid JSON"):
        greenhouse.parse_pay_detail(data, "greenhouse/acme/1001.json.gz")


def test_pay_detail_id_comes_from_the_file_name_when_absent() -> None:
    data = b'{"pay_input_ranges": [{"min_cents": 100, "max_cents": 200, "currency_type": "EUR"}]}'
    pay = greenhouse.parse_pay_detail(data, "greenhouse/acme/777.json.gz")
    assert pay["source_posting_id"].to_list() == ["777"]
    assert pay["pay_min"].to_list() == [1.0]


def test_with_pay_detail_fills_only_matching_rows() -> None:
    rows = parsed().rows
    pay = pl.concat([detail("1001"), detail("1002"), detail("1003")])
    merged = greenhouse.with_pay_detail(rows, pay)
    assert list(merged.schema.items()) == list(STAGING_SCHEMA.items())
    by_id = {row["source_posting_id"]: row for row in merged.iter_rows(named=True)}
    assert (by_id["1001"]["pay_min"], by_id["1001"]["pay_max"]) == (135000.0, 190000.0)
    assert by_id["1001"]["pay_text"].startswith("New York: ")
    assert by_id["1003"]["pay_period"] == "hour"
    assert by_id["1002"]["pay_min"] is None and by_id["1002"]["pay_text"] is None
    assert_frame_equal(merged.drop(pay.columns[1:]), rows.drop(pay.columns[1:]))


def test_pay_detail_period_comes_from_the_range_title() -> None:
    import json

    from ingest.sources.greenhouse import parse_pay_detail

    def detail(title: str) -> bytes:
        return json.dumps(
            {
                "id": 7,
                "pay_input_ranges": [
                    {
                        "min_cents": 860000,
                        "max_cents": 1020000,
                        "currency_type": "SGD",
                        "title": title,
                        "blurb": "",
                    }
                ],
            }
        ).encode()

    assert parse_pay_detail(detail("Monthly Salary"), "gh/acme/7.json")["pay_period"][0] == "month"
    assert parse_pay_detail(detail("Day Rate"), "gh/acme/7.json")["pay_period"][0] == "day"
    assert parse_pay_detail(detail("Base Salary"), "gh/acme/7.json")["pay_period"][0] == "year"


def _job(location: str | None, offices: Any) -> bytes:
    job = {
        "id": 7,
        "title": "ML Engineer",
        "updated_at": "2025-10-01T00:00:00Z",
        "location": {"name": location},
        "offices": offices,
    }
    return json.dumps({"jobs": [job], "meta": {"total": 1}}).encode()


NYC_OFFICE = [
    {"id": 1, "location": "United States", "child_ids": [2], "parent_id": None},
    {"id": 2, "location": "New York, NY, United States", "child_ids": [], "parent_id": 1},
]


def _hints(location: str | None, offices: Any) -> tuple[str | None, ...]:
    row = greenhouse.parse(_job(location, offices), "greenhouse/x.json", "acme").rows.row(
        0, named=True
    )
    return row["location_text"], row["city_hint"], row["region_hint"], row["country_hint"]


def test_a_location_naming_no_place_takes_the_hints_of_its_one_office() -> None:
    assert _hints("Remote", NYC_OFFICE) == ("Remote", "New York", "NY", "United States")
    assert _hints("Hybrid - Multiple Locations", NYC_OFFICE)[1:] == (
        "New York",
        "NY",
        "United States",
    )
    assert _hints(None, [{"location": "London, United Kingdom", "child_ids": []}]) == (
        None,
        None,
        None,
        "United Kingdom",
    )


def test_offices_never_override_a_named_place_or_a_scope_or_each_other() -> None:
    assert _hints("London", NYC_OFFICE) == ("London", None, None, None)
    assert _hints("Remote (US)", NYC_OFFICE)[1:] == (None, None, None)
    assert _hints("Anywhere", NYC_OFFICE)[1:] == (None, None, None)  # a scope, not a gap
    two = [
        {"location": "New York, NY, United States", "child_ids": []},
        {"location": "Paris, France", "child_ids": []},
    ]
    assert _hints("Remote", two)[1:] == (None, None, None)
    assert _hints("Remote", [{"location": "Remote", "child_ids": []}])[1:] == (None, None, None)
    assert _hints("Remote", "not a list")[1:] == (None, None, None)


@pytest.mark.parametrize(
    "word",
    [
        word
        for fragment in WORK_MODE_WORDS + NO_PLACE_WORDS  # "locations?": location, locations
        for word in {fragment.replace("?", ""), re.sub(r".\?", "", fragment)}
    ],
)
def test_the_contracts_work_mode_and_office_words_name_no_place(word: str) -> None:
    assert greenhouse.names_no_place(word.title())
    assert greenhouse.names_no_place(f"{word.upper()} / Multiple Locations")
    assert not greenhouse.names_no_place(f"{word.title()} - Berlin")
