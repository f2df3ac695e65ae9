"""The Recruitee parser on an offers response built from the research's illustrative example
(key names from several public clients, values invented): fields, "... UTC" dates, remote
flags, salary shapes (numeric strings, words, periods), duplicates and bad input."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ingest.sources import recruitee
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "recruitee"
RAW_FILE = "recruitee/2026-09-21/examplebv.json"
BOARD = "examplebv"


def offers() -> list[dict[str, Any]]:
    return json.loads((FIXTURE / "examplebv.json").read_bytes())["offers"]


def parsed(items: list[Any] | None = None, board: str = BOARD) -> ParseResult:
    data = json.dumps({"offers": offers() if items is None else items}).encode()
    return recruitee.parse(data, RAW_FILE, board)


def first_with(**changes: Any) -> dict[str, Any]:
    offer = copy.deepcopy(offers()[0])
    offer.update(changes)
    return parsed([offer]).rows.row(0, named=True)


def test_fields_map_to_staging_columns() -> None:
    result = parsed()
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert result.quarantine.height == 0
    engineer = result.rows.row(0, named=True)
    assert engineer["source_posting_id"] == "2700825"  # an integer id, as text
    assert engineer["company"] == "Example BV"
    assert engineer["title"] == "Senior Data Engineer"
    assert engineer["location_text"] == "Amsterdam, North Holland, Netherlands"
    hints = (engineer["city_hint"], engineer["region_hint"], engineer["country_hint"])
    assert hints == ("Amsterdam", "NH", "NL")
    assert engineer["url"] == "https://examplebv.recruitee.com/o/senior-data-engineer"
    assert engineer["description_html"] == (
        "<p>Build our data platform on Snowflake and dbt.</p>\n"
        "<ul><li>5+ years of Python and SQL</li><li>dbt, Airflow</li></ul>"
    )
    assert engineer["employment_type"] == "fulltime_permanent"


def test_recruitee_dates_are_read_as_utc() -> None:
    rows = parsed().rows
    assert rows["posted_at"].to_list() == [
        datetime(2026, 9, 10, 8, 15, tzinfo=UTC),  # "2026-09-10 08:15:00 UTC"
        datetime(2026, 9, 18, 12, 0, tzinfo=UTC),
        datetime(2026, 9, 20, 7, 30, tzinfo=UTC),
    ]
    iso = first_with(published_at="2026-09-10T10:15:00+02:00")
    assert iso["posted_at"] == datetime(2026, 9, 10, 8, 15, tzinfo=UTC)
    fallback = first_with(published_at=None)
    assert fallback["posted_at"] == datetime(2026, 9, 9, 15, 0, tzinfo=UTC)  # created_at


def test_remote_hybrid_and_on_site_flags() -> None:
    hints = parsed().rows["is_remote_hint"].to_list()
    assert hints == [False, True, False]  # hybrid, remote, on_site
    unsaid = first_with(remote=False, hybrid=False, on_site=False)
    assert unsaid["is_remote_hint"] is None  # remote: false alone is not "on-site"


def test_a_remote_city_is_not_a_city_hint() -> None:
    remote = parsed().rows.row(1, named=True)
    assert remote["city_hint"] is None and remote["location_text"] == "Remote job"


def test_salary_as_numeric_strings_with_a_period() -> None:
    engineer = parsed().rows.row(0, named=True)
    pay = (engineer["pay_min"], engineer["pay_max"], engineer["pay_currency"])
    assert pay == (5200.0, 6800.0, "EUR")
    assert engineer["pay_period"] == "month"
    assert parsed().rows["pay_min"].to_list()[1:] == [None, None]  # null amounts, no salary


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        (
            {"min": 60000, "max": 75000, "currency": "eur", "period": "yearly"},
            (60000, "EUR", "year"),
        ),
        ({"min": "25", "max": None, "currency": "EUR", "period": "hourly"}, (25, "EUR", "hour")),
        (
            {"min": "4,000", "max": "5,000", "currency": "PLN", "period": "monthly"},
            (4000, "PLN", "month"),
        ),
    ],
)
def test_salary_shapes(salary: dict[str, Any], expected: tuple[Any, ...]) -> None:
    row = first_with(salary=salary)
    assert (row["pay_min"], row["pay_currency"], row["pay_period"]) == expected


def test_salary_in_words_is_pay_text_and_an_unknown_period_a_note() -> None:
    words = first_with(salary={"min": "negotiable", "max": None, "currency": "EUR"})
    assert words["pay_min"] is None and words["pay_text"] == "negotiable"
    offer = copy.deepcopy(offers()[0])
    offer["salary"]["period"] = "fortnight"
    result = parsed([offer])
    assert result.rows["pay_min"].to_list() == [None]
    assert result.quarantine["reason"].to_list() == ["pay: unknown salary period 'fortnight'"]


def test_a_custom_careers_domain_makes_the_fallback_url() -> None:
    offer = copy.deepcopy(offers()[0])
    offer.pop("careers_url")
    result = parsed([offer], board="careers.example.org")
    assert result.rows["url"][0] == "https://careers.example.org/o/senior-data-engineer"


def test_duplicates_and_bad_records_are_quarantined_with_reasons() -> None:
    items = offers()
    repeat = copy.deepcopy(items[0])
    untitled = copy.deepcopy(items[1])
    untitled.update(id="x-1", title=None)
    dated = copy.deepcopy(items[1])
    dated.update(id=2700999, published_at="2026-13-45 99:00:00 UTC")
    items.extend([repeat, untitled, dated, 42])
    result = parsed(items)
    reasons = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert reasons["2700825"].startswith("duplicate id '2700825'")
    assert reasons["x-1"] == "missing title"
    assert reasons["2700999"].startswith("published_at: unparseable date")
    assert reasons["#6"] == "record is not a JSON object (int)"
    assert result.rows.height == 3


def test_a_response_without_offers_is_not_an_empty_board() -> None:
    result = recruitee.parse(b'{"error": "Not found"}', RAW_FILE, BOARD)
    assert result.quarantine["record"].to_list() == ["*"]
    assert result.quarantine["reason"][0] == "unexpected recruitee response: no 'offers' list"
    empty = recruitee.parse(b'{"offers": []}', RAW_FILE, BOARD)
    assert empty.rows.height == 0 and empty.quarantine.height == 0
