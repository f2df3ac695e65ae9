"""Tests for ingest.staging: the staging and quarantine frames every parser returns."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import polars as pl
import pytest

from ingest.staging import (
    QUARANTINE_SCHEMA,
    STAGING_SCHEMA,
    ParsedRecords,
    ParseResult,
    canonical_json,
    concat_results,
    content_hash,
    empty_rows,
    quarantine_frame,
    rows_frame,
)

CONTRACTS = Path(__file__).resolve().parents[2] / "docs" / "contracts.md"
CONTRACT_TYPES = {
    "str": pl.String(),
    "bool": pl.Boolean(),
    "datetime(us, UTC)": pl.Datetime("us", "UTC"),
    "f64": pl.Float64(),
    "i64": pl.Int64(),
}


def contract_staging_columns() -> list[tuple[str, pl.DataType]]:
    """(column, dtype) pairs as the "Staging rows" table in docs/contracts.md lists them."""
    section = CONTRACTS.read_text().split("## Staging rows", 1)[1].split("\n## ", 1)[0]
    columns = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("column", "") or set(cells[0]) <= {"-"}:
            continue
        dtype = CONTRACT_TYPES[cells[1].rstrip("?")]
        columns.extend((name.strip(), dtype) for name in cells[0].split(","))
    return columns


def staging_record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "source": "ashby",
        "board": "acme",
        "source_posting_id": "p1",
        "company": "acme",
        "title": "ML Engineer",
        "raw_file": "ashby/acme.json.gz",
        "record_index": 0,
        "content_hash": "0" * 64,
    }
    record.update(overrides)
    return record


def test_staging_schema_matches_the_contract_table_in_order() -> None:
    assert list(STAGING_SCHEMA.items()) == contract_staging_columns()


def test_rows_frame_has_exactly_the_staging_schema_and_fills_missing_columns() -> None:
    frame = rows_frame([staging_record(pay_min=100_000, pay_max=120_000.5)])
    assert list(frame.schema.items()) == list(STAGING_SCHEMA.items())
    row = frame.row(0, named=True)
    assert row["pay_min"] == 100_000.0
    assert row["pay_max"] == 120_000.5
    assert row["location_text"] is None
    assert row["is_remote_hint"] is None


def test_rows_frame_converts_offsets_to_utc() -> None:
    posted = datetime(2024, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    frame = rows_frame([staging_record(posted_at=posted)])
    assert frame["posted_at"][0] == datetime(2024, 1, 1, 14, 0, tzinfo=UTC)


def test_rows_frame_rejects_naive_datetimes_naming_the_record() -> None:
    with pytest.raises(ValueError, match=r"'p1'.*timezone-aware"):
        rows_frame([staging_record(posted_at=datetime(2024, 1, 1))])


def test_rows_frame_rejects_columns_outside_the_schema() -> None:
    with pytest.raises(ValueError, match="salary"):
        rows_frame([staging_record(salary=1)])


def test_rows_frame_rejects_values_of_the_wrong_type() -> None:
    with pytest.raises(TypeError):
        rows_frame([staging_record(pay_min="lots")])


@pytest.mark.parametrize(
    ("column", "value"),
    [("pay_min", True), ("title", 7), ("is_remote_hint", 1), ("record_index", 1.5)],
)
def test_rows_frame_names_the_column_and_value_polars_would_coerce(
    column: str, value: object
) -> None:
    # Polars' dict reader turns these into 1.0, "7", True or 1 without a word
    records = [staging_record(), staging_record(**{column: value})]
    with pytest.raises(TypeError, match=rf"column '{column}': {type(value).__name__} value"):
        rows_frame(records)


def test_empty_rows_and_quarantine_frames_have_their_schemas() -> None:
    assert list(empty_rows().schema.items()) == list(STAGING_SCHEMA.items())
    quarantine = quarantine_frame([{"source": "hn", "file": "f", "record": "1", "reason": "r"}])
    assert list(quarantine.schema.items()) == list(QUARANTINE_SCHEMA.items())
    assert quarantine.row(0) == ("hn", "f", "1", "r")


def test_content_hash_ignores_key_order_but_not_values() -> None:
    first = content_hash({"id": 1, "title": "ML Engineer", "tags": ["a", "b"]})
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert content_hash({"tags": ["a", "b"], "title": "ML Engineer", "id": 1}) == first
    assert content_hash({"id": 1, "title": "ML Engineer", "tags": ["b", "a"]}) != first
    assert content_hash({"id": 1, "title": "ML Engineer ", "tags": ["a", "b"]}) != first


def test_canonical_json_sorts_keys_at_every_level_and_keeps_utf8() -> None:
    value = {"b": [{"z": 1, "y": None}], "a": {"d": 2.5, "c": "Zürich"}}
    expected = '{"a":{"c":"Zürich","d":2.5},"b":[{"y":null,"z":1}]}'.encode()
    assert canonical_json(value) == expected
    assert content_hash(value) == hashlib.sha256(expected).hexdigest()


def test_canonical_json_writes_what_orjson_cannot_with_the_stdlib() -> None:
    value = {"id": 2**70, "name": "caf\u00e9"}
    expected = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    assert canonical_json(value) == expected.encode()
    assert canonical_json({"s": "\ud800"}) == b'{"s":"\\ud800"}'


def test_parsed_records_gather_files_in_order_into_one_result() -> None:
    bad = {"source": "hn", "file": "f", "record": "1", "reason": "x"}
    gathered = ParsedRecords()
    gathered.add(ParsedRecords(rows=[staging_record(source_posting_id="a")], skipped=2))
    gathered.add(ParsedRecords(quarantine=[bad]))
    gathered.add(ParsedRecords(rows=[staging_record(source_posting_id="b")], skipped=1))
    result = gathered.result()
    assert result.rows["source_posting_id"].to_list() == ["a", "b"]
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert result.quarantine.row(0, named=True) == bad
    assert result.skipped == 3
    empty = ParsedRecords().result()
    assert empty.rows.is_empty() and empty.quarantine.is_empty()
    assert list(empty.quarantine.schema.items()) == list(QUARANTINE_SCHEMA.items())


def test_concat_results_stacks_rows_quarantine_and_skipped() -> None:
    first = ParseResult(
        rows=rows_frame([staging_record(source_posting_id="a")]),
        quarantine=quarantine_frame([{"source": "hn", "file": "f", "record": "1", "reason": "x"}]),
        skipped=2,
    )
    second = ParseResult(
        rows=rows_frame([staging_record(source_posting_id="b"), staging_record()]),
        quarantine=quarantine_frame([]),
        skipped=1,
    )
    combined = concat_results([first, second])
    assert combined.rows["source_posting_id"].to_list() == ["a", "b", "p1"]
    assert combined.quarantine.height == 1
    assert combined.skipped == 3


def test_concat_results_of_nothing_is_empty_with_schemas() -> None:
    combined = concat_results([])
    assert combined.rows.is_empty()
    assert list(combined.rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert list(combined.quarantine.schema.items()) == list(QUARANTINE_SCHEMA.items())
    assert combined.skipped == 0
