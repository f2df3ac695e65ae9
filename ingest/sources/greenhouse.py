"""Greenhouse job boards: parse `jobs?content=true` responses and pay-transparency details.

Input: `GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true`
→ `{"jobs": [...], "meta": {"total": n}}`, and per job
`GET .../jobs/{id}?pay_transparency=true` → the job with `pay_input_ranges`
[{min_cents, max_cents, currency_type, title, blurb}] (see ../shared/guide/data-sources.md).

Mapping: content (entity-escaped HTML, "&lt;p&gt;") → html.unescape → description_html;
location.name → location_text; when that names no place ("Remote", "Hybrid", "Multiple
Locations", none), the one office the job is filed under (leaf `offices[].location`, written
"City, Region, Country") → city/region/country hints (`office_hints`: its last part is the
country, a first of three the city); first_published (fallback updated_at) → posted_at;
absolute_url → url; company = company_name when present, else the board token; employment_type
from a metadata field named like "Employment Type" when the board defines one. The list response
has no structured pay: `parse_pay_detail` reads the detail responses and `with_pay_detail` joins
them onto the rows.

May import: the standard library, polars, `markup`, `contract`, `ingest.staging`,
`ingest.sources.common`.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl

import markup
from contract.vocab import NO_PLACE_WORDS, WORK_MODE_WORDS
from ingest.sources.common import (
    RecordError,
    SourceFormatError,
    board_name,
    file_failure,
    html_unescaped,
    json_document,
    list_in_object,
    parsed_records,
    required_id,
    required_title,
    structured_pay,
    text_or_none,
    timestamp,
)
from ingest.staging import ParsedRecords, ParseResult, frame_with_schema

SOURCE = "greenhouse"

PAY_DETAIL_SCHEMA: dict[str, pl.DataType] = {
    "source_posting_id": pl.String(),
    "pay_min": pl.Float64(),
    "pay_max": pl.Float64(),
    "pay_currency": pl.String(),
    "pay_period": pl.String(),
    "pay_text": pl.String(),
}

EMPLOYMENT_TYPE_FIELDS = frozenset({"employment type", "employment_type", "job type", "commitment"})
HOURLY = re.compile(r"\bhourly\b|\bper\s+hour\b|\ban\s+hour\b|/\s*h(?:ou)?r\b", re.IGNORECASE)
# A range's title or blurb names its period ("Monthly Salary", "Day Rate"); year otherwise.
PERIODS = (
    ("hour", HOURLY),
    ("day", re.compile(r"\bdaily\b|\bday\s+rate\b|\bper\s+day\b|/\s*day\b", re.IGNORECASE)),
    ("week", re.compile(r"\bweekly\b|\bper\s+week\b|/\s*w(?:ee)?k\b", re.IGNORECASE)),
    ("month", re.compile(r"\bmonthly\b|\bper\s+month\b|/\s*mo(?:nth)?\b", re.IGNORECASE)),
)
_JOB_ID_IN_PATH = re.compile(r"(\d+)\.json(\.gz)?$")
# a location name of these words alone names no place: the office it is filed under may (the
# contract's work-mode and office words, with the joiners of "Work from Home", "Remote First",
# "Several Locations", "Remote or Office", and "TBD"; "Anywhere", "Worldwide", "Global" name a
# scope, which an office must not narrow)
_NO_PLACE_WORDS = re.compile(
    rf"\b(?:{'|'.join(WORK_MODE_WORDS + NO_PLACE_WORDS)}"
    r"|various|several|work|from|home|in|first|or|and|tbd)\b|"
    r"[\s,/|&()+\-–—:;.]",
    re.IGNORECASE,
)


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows and quarantine for one Greenhouse `jobs?content=true` response."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        jobs = list_in_object(json_document(data), "jobs", SOURCE)
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    return parsed_records(SOURCE, raw_file, board, enumerate(jobs), posting_row)


def posting_row(job: dict[str, Any], board: str) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one Greenhouse job (no structured pay in lists)."""
    location = job.get("location")
    location_text = text_or_none(location.get("name")) if isinstance(location, dict) else None
    published = job.get("first_published")
    posted_field = "first_published" if text_or_none(published) else "updated_at"
    row = {
        "source_posting_id": required_id(job.get("id")),
        "company": text_or_none(job.get("company_name")) or board_name(board),
        "title": required_title(job.get("title")),
        "location_text": location_text,
        **(office_hints(job.get("offices")) if names_no_place(location_text) else {}),
        "posted_at": timestamp(job.get(posted_field), posted_field),
        "url": text_or_none(job.get("absolute_url")),
        "description_html": unescaped_content(job.get("content")),
        "employment_type": _employment_type(job.get("metadata")),
    }
    return row, []


def names_no_place(location_name: str | None) -> bool:
    """Whether a location name is only work-mode words ("Remote", "Hybrid - Multiple
    Locations") or missing."""
    return location_name is None or not _NO_PLACE_WORDS.sub("", location_name)


def office_hints(offices: Any) -> dict[str, str]:
    """city_hint / region_hint / country_hint from the one leaf office (no child offices) a
    job is filed under, whose `location` Greenhouse writes "City, Region, Country" ("New York,
    NY, United States"); nothing when there are none, several different ones, or the office
    location names no place itself. Two parts give the country alone (a city or a region may
    come first: "London, United Kingdom", "California, United States")."""
    if not isinstance(offices, list):
        return {}
    found = {
        text
        for office in offices
        if isinstance(office, dict) and not office.get("child_ids")
        if (text := text_or_none(office.get("location"))) is not None
    }
    if len(found) != 1:
        return {}
    (written,) = found
    if names_no_place(written):
        return {}
    parts = [part.strip() for part in written.split(",") if part.strip()]
    hints = {"country_hint": parts[-1]}
    if len(parts) >= 3:
        hints.update(city_hint=parts[0], region_hint=parts[-2])
    return hints


def unescaped_content(content: Any) -> str | None:
    """The job's HTML body: Greenhouse escapes it once ("&lt;p&gt;"), so unescape once."""
    text = text_or_none(content)
    return html_unescaped(text) if text else None


def _employment_type(metadata: Any) -> str | None:
    if not isinstance(metadata, list):
        return None
    for field in metadata:
        if not isinstance(field, dict):
            continue
        name = field.get("name")
        if isinstance(name, str) and name.strip().lower() in EMPLOYMENT_TYPE_FIELDS:
            return text_or_none(field.get("value"))
    return None


# ---------------------------------------------------------------- pay-transparency details


def parse_pay_detail(data: bytes, raw_file: str) -> pl.DataFrame:
    """Structured pay of one job from its `?pay_transparency=true` detail response.

    Returns one row (source_posting_id, pay_min, pay_max, pay_currency, pay_period, pay_text),
    or no row when the job publishes no pay range. Cents are divided by 100. With several ranges
    (e.g. one per location zone) in one currency the result spans them all (lowest min, highest
    max); ranges in another currency than the first are left to pay_text. The period is "year"
    unless a range's title or blurb names another period (hourly, day rate, monthly, ...).

    Raises `SourceFormatError` (with `.quarantine_row()`) when the file is unreadable or its pay
    is invalid (negative or inverted), naming the file and the reason.
    """
    row = pay_detail_row(data, raw_file)
    return frame_with_schema([row] if row else [], PAY_DETAIL_SCHEMA)


def pay_detail_row(data: bytes, raw_file: str) -> dict[str, Any] | None:
    """`parse_pay_detail`'s row as a dict (keys of `PAY_DETAIL_SCHEMA`), or None when the job
    publishes no pay range: the build gathers many files' rows into one frame."""
    try:
        detail = json_document(data)
        if not isinstance(detail, dict):
            raise RecordError(f"expected a JSON object, got {type(detail).__name__}")
        posting_id = _detail_job_id(detail, raw_file)
        return _pay_detail_row(posting_id, detail.get("pay_input_ranges"))
    except RecordError as error:
        raise SourceFormatError(SOURCE, raw_file, str(error)) from error


def _detail_job_id(detail: dict[str, Any], raw_file: str) -> str:
    if detail.get("id") is not None:
        return required_id(detail.get("id"))
    match = _JOB_ID_IN_PATH.search(raw_file)
    if match is None:
        raise RecordError("missing id (not in the response nor the file name)")
    return match.group(1)


def _pay_detail_row(posting_id: str, ranges: Any) -> dict[str, Any] | None:
    if ranges is None or ranges == []:
        return None
    if not isinstance(ranges, list) or not all(isinstance(item, dict) for item in ranges):
        raise RecordError("pay: pay_input_ranges is not a list of objects")
    currency = text_or_none(ranges[0].get("currency_type"))
    same_currency = [item for item in ranges if text_or_none(item.get("currency_type")) == currency]
    texts = [_range_text(item) for item in ranges]
    pay_text = " / ".join(text for text in texts if text) or None
    period = next(
        (name for name, pattern in PERIODS if any(pattern.search(t) for t in texts if t)), "year"
    )
    lows = [_cents(item.get("min_cents"), "min_cents") for item in same_currency]
    highs = [_cents(item.get("max_cents"), "max_cents") for item in same_currency]
    low = min((value for value in lows if value is not None), default=None)
    high = max((value for value in highs if value is not None), default=None)
    pay, notes = structured_pay(low, high, currency, period)
    if notes:
        raise RecordError(notes[0])
    return {"source_posting_id": posting_id, **pay, "pay_text": pay_text}


def _cents(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"pay: {field} is not a number ({value!r})")
    if value < 0:
        raise RecordError(f"pay: negative {field} {value!r}")
    return value / 100


def _range_text(item: dict[str, Any]) -> str | None:
    blurb = text_or_none(item.get("blurb"))
    blurb = markup.text_of(markup.valid_text(blurb) if blurb else None, markup.READABLE)
    parts = [text_or_none(item.get("title")), blurb]
    return ": ".join(part for part in parts if part) or None


def with_pay_detail(rows: pl.DataFrame, pay: pl.DataFrame) -> pl.DataFrame:
    """Staging rows with structured pay and pay_text from parsed detail responses filled in.

    Detail values win where present; rows without a detail keep what they had. Join rows and
    details of the same crawl snapshot. The staging column order is preserved.
    """
    if pay.is_empty():
        return rows
    detail = pay.unique("source_posting_id", keep="last").rename(
        {name: f"{name}_detail" for name in PAY_DETAIL_SCHEMA if name != "source_posting_id"}
    )
    has_detail = pl.col("pay_min_detail").is_not_null() | pl.col("pay_max_detail").is_not_null()
    structured = ["pay_min", "pay_max", "pay_currency", "pay_period"]
    return (
        rows.join(detail, on="source_posting_id", how="left")
        .with_columns(
            # the four structured columns come from one place: all from the detail or none
            *(
                pl.when(has_detail)
                .then(pl.col(f"{name}_detail"))
                .otherwise(pl.col(name))
                .alias(name)
                for name in structured
            ),
            pl.coalesce("pay_text_detail", "pay_text").alias("pay_text"),
        )
        .select(rows.columns)
    )
