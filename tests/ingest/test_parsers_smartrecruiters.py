"""The SmartRecruiters parser on the file its collector writes (list items, one with its detail
under `detail`), built from the research's illustrative list and detail responses (key names
from the Posting API docs and a public capture, values invented): fields, remote, dates,
pay from the detail's compensation, duplicates and bad input."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ingest.sources import smartrecruiters
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
RAW_FILE = "smartrecruiters/2026-09-23/ExampleCo.json"
BOARD = "ExampleCo"
WITH_DETAIL = "744000123456791"


def document() -> dict[str, Any]:
    return json.loads((FIXTURES / "smartrecruiters" / "ExampleCo.json").read_bytes())


def parsed(value: Any = None) -> ParseResult:
    data = json.dumps(document() if value is None else value).encode()
    return smartrecruiters.parse(data, RAW_FILE, BOARD)


def row(result: ParseResult, posting_id: str) -> dict[str, Any]:
    rows = result.rows.filter(source_posting_id=posting_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def with_compensation(compensation: Any) -> ParseResult:
    value = document()
    value["content"][2]["detail"]["compensation"] = compensation
    return parsed(value)


def test_list_fields_map_to_staging_columns() -> None:
    result = parsed()
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert result.quarantine.height == 0
    scientist = row(result, "744000123456789")
    assert scientist["company"] == "Example Company SA"
    assert scientist["title"] == "Data Scientist"
    assert scientist["location_text"] == "Paris, IDF, France"
    assert (scientist["city_hint"], scientist["region_hint"], scientist["country_hint"]) == (
        "Paris",
        "IDF",
        "FR",  # the API writes ISO-2 in lower case
    )
    assert scientist["is_remote_hint"] is False
    assert scientist["posted_at"] == datetime(2026, 9, 15, 9, 12, 44, 123000, tzinfo=UTC)
    assert scientist["employment_type"] == "Full-time"
    # no detail: the public page, no description, no pay
    assert scientist["url"] == "https://jobs.smartrecruiters.com/ExampleCo/744000123456789"
    assert scientist["description_html"] is None and scientist["pay_min"] is None
    assert row(result, "744000123456790")["is_remote_hint"] is True


def test_the_detail_gives_url_description_and_pay() -> None:
    analyst = row(parsed(), WITH_DETAIL)
    assert analyst["url"] == (
        "https://jobs.smartrecruiters.com/ExampleCo/744000123456791-business-analyst-m-f-d-"
    )
    description = analyst["description_html"]
    assert description.startswith("<h3>Job Description</h3><p>Model budgets in SQL and Python")
    assert "<h3>Qualifications</h3><ul><li>Degree" in description
    assert "Additional Information" in description
    assert "builds analytics for research labs" not in description  # the company's blurb
    assert (analyst["pay_min"], analyst["pay_max"], analyst["pay_currency"]) == (7500, 9000, "CHF")
    assert analyst["pay_period"] == "month"  # MONTHLY
    assert analyst["employment_type"] == "Contract"


@pytest.mark.parametrize(
    ("period", "expected"), [("YEARLY", "year"), ("MONTHLY", "month"), ("hourly", "hour")]
)
def test_compensation_periods(period: str, expected: str) -> None:
    pay = {"min": 10, "max": 20, "currency": "usd", "period": period}
    analyst = row(with_compensation(pay), WITH_DETAIL)
    assert (analyst["pay_period"], analyst["pay_currency"]) == (expected, "USD")


def test_unknown_period_or_inverted_pay_is_a_note_and_the_posting_stays() -> None:
    unknown = with_compensation({"min": 1, "max": 2, "currency": "EUR", "period": "BIWEEKLY"})
    assert row(unknown, WITH_DETAIL)["pay_min"] is None
    assert unknown.quarantine["reason"].to_list() == ["pay: unknown compensation period 'BIWEEKLY'"]
    inverted = with_compensation({"min": 9, "max": 2, "currency": "EUR", "period": "YEARLY"})
    assert row(inverted, WITH_DETAIL)["pay_max"] is None
    assert inverted.quarantine["reason"][0].startswith("pay: min 9 > max 2")


def test_a_plain_list_page_parses_without_details() -> None:
    data = (FIXTURES / "online" / "smartrecruiters" / "ExampleCo-p0.json").read_bytes()
    result = smartrecruiters.parse(data, RAW_FILE, BOARD)
    assert result.rows["source_posting_id"].to_list() == ["744000123456789", "744000123456790"]
    assert result.rows["description_html"].null_count() == 2


def test_duplicates_and_bad_records_are_quarantined_with_reasons() -> None:
    value = document()
    items = value["content"]
    repeat = copy.deepcopy(items[0])
    unnamed = copy.deepcopy(items[1])
    unnamed.update(id="744000000000001")
    unnamed.pop("name")
    dated = copy.deepcopy(items[1])
    dated.update(id="744000000000002", releasedDate="21/09/2026")
    items.extend([repeat, unnamed, dated])
    result = parsed(value)
    reasons = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert reasons["744000123456789"].startswith("duplicate id '744000123456789'")
    assert reasons["744000000000001"] == "missing name"
    assert reasons["744000000000002"] == "releasedDate: unparseable date '21/09/2026'"
    assert result.rows.height == 3


def test_a_response_without_content_is_one_whole_file_quarantine_row() -> None:
    result = smartrecruiters.parse(b'{"message": "Not Found"}', RAW_FILE, BOARD)
    assert result.rows.height == 0
    assert result.quarantine.to_dicts() == [
        {
            "source": "smartrecruiters",
            "file": RAW_FILE,
            "record": "*",
            "reason": "unexpected smartrecruiters response: no 'content' list",
        }
    ]
