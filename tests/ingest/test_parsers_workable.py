"""The Workable parser on a widget response built from the research's illustrative example (key
names as public clients read them, values invented; tests/fixtures/sources/README.md): fields,
remote hints, dates, per-location rows merged, duplicates and bad input quarantined."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.sources import workable
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "workable"
RAW_FILE = "workable/2026-09-23/examplecorp.json"
BOARD = "examplecorp"


def widget() -> dict[str, Any]:
    return json.loads((FIXTURES / "examplecorp.json").read_bytes())


def parsed(document: Any = None, name: str = "examplecorp.json") -> ParseResult:
    data = (FIXTURES / name).read_bytes() if document is None else json.dumps(document).encode()
    return workable.parse(data, RAW_FILE, BOARD)


def row(result: ParseResult, posting_id: str) -> dict[str, Any]:
    rows = result.rows.filter(source_posting_id=posting_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def test_widget_fields_map_to_staging_columns() -> None:
    result = parsed()
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert result.rows["source_posting_id"].to_list() == ["A1B2C3D4E5", "F6G7H8J9K0", "L1M2N3P4Q5"]
    engineer = row(result, "A1B2C3D4E5")
    assert engineer["company"] == "ExampleCorp"  # the widget's account name
    assert engineer["title"] == "Senior Data Engineer"
    assert engineer["url"] == "https://apply.workable.com/examplecorp/j/A1B2C3D4E5/"
    assert engineer["employment_type"] == "Full-time"
    assert engineer["description_html"] == "<p>Build and run our batch and streaming pipelines.</p>"
    assert engineer["posted_at"] == datetime(2026, 9, 14, tzinfo=UTC)  # published_on, a date
    assert (engineer["city_hint"], engineer["region_hint"], engineer["country_hint"]) == (
        "Athens",
        "Attica",
        "GR",
    )
    assert engineer["pay_min"] is None and engineer["pay_text"] is None  # no public pay field


def test_a_job_listed_once_per_location_is_one_posting_with_every_place() -> None:
    result = parsed()
    engineer = row(result, "A1B2C3D4E5")
    assert engineer["location_text"] == "Athens, Attica, Greece / London, England, United Kingdom"
    assert engineer["record_index"] == 0
    # the merged posting's hash covers every row: a change in the second place is an update
    changed = widget()
    changed["jobs"][1]["locations"][0]["city"] = "Manchester"
    assert row(parsed(changed), "A1B2C3D4E5")["content_hash"] != engineer["content_hash"]


def test_hidden_places_are_left_out() -> None:
    intern = row(parsed(), "L1M2N3P4Q5")
    assert intern["location_text"] == "Nicosia, Nicosia, Cyprus"
    assert intern["country_hint"] == "CY"


def test_remote_hint_true_only_when_the_job_says_remote() -> None:
    result = parsed()
    assert row(result, "F6G7H8J9K0")["is_remote_hint"] is True  # telecommuting: true
    # telecommuting: false means "not fully remote", not "on-site"
    assert row(result, "A1B2C3D4E5")["is_remote_hint"] is None


def test_a_shortcode_reused_with_other_content_is_quarantined_first_kept() -> None:
    result = parsed()
    assert row(result, "F6G7H8J9K0")["title"] == "Machine Learning Engineer (Remote, EU)"
    quarantine = result.quarantine.to_dicts()
    assert len(quarantine) == 1
    assert quarantine[0]["record"] == "F6G7H8J9K0"
    assert quarantine[0]["reason"].startswith("duplicate id 'F6G7H8J9K0'")


def test_a_v3_jobs_page_parses_too() -> None:
    result = parsed(name="examplecorp-v3.json")
    assert result.quarantine.height == 0
    hints = dict(zip(result.rows["source_posting_id"], result.rows["is_remote_hint"], strict=True))
    # workplace: hybrid and on_site say "not remote"; remote: true says remote
    assert hints == {"A1B2C3D4E5": False, "F6G7H8J9K0": True, "L1M2N3P4Q5": False}
    intern = row(result, "L1M2N3P4Q5")
    assert intern["posted_at"] == datetime(2026, 9, 22, tzinfo=UTC)
    assert intern["employment_type"] == "internship"
    assert intern["company"] == "examplecorp"  # a v3 page carries no account name
    assert intern["location_text"] == "London, England, United Kingdom"


def test_bad_records_are_quarantined_with_reasons_and_the_rest_kept() -> None:
    document = widget()
    jobs = document["jobs"]
    untitled = copy.deepcopy(jobs[0])
    untitled.update(shortcode="ZZ0000001", title="  ")
    no_code = copy.deepcopy(jobs[0])
    no_code.pop("shortcode")
    bad_date = copy.deepcopy(jobs[0])
    bad_date.update(shortcode="ZZ0000002", published_on="last Tuesday")
    jobs.extend([untitled, no_code, bad_date, "not an object"])
    result = parsed(document)
    reasons = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert reasons["ZZ0000001"] == "empty title"
    assert reasons["#6"] == "missing shortcode"
    assert reasons["ZZ0000002"] == "published_on: unparseable date 'last Tuesday'"
    assert reasons["#8"] == "record is not a JSON object (str)"
    assert result.rows.height == 3


def test_a_response_that_is_not_a_board_is_one_whole_file_quarantine_row() -> None:
    html = workable.parse(b"<!doctype html><html>Sign in</html>", RAW_FILE, BOARD)
    assert html.rows.height == 0
    assert html.quarantine["record"].to_list() == ["*"]
    assert html.quarantine["reason"][0].startswith("invalid JSON")
    other = workable.parse(b'{"error": "not found"}', RAW_FILE, BOARD)
    assert "no 'jobs' (widget) or 'results' (v3) list" in other.quarantine["reason"][0]
