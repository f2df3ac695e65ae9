"""SmartRecruiters job boards: parse Posting API responses into staging rows.

Input: `GET https://api.smartrecruiters.com/v1/companies/{company}/postings?limit=100&offset=N`
→ `{"offset", "limit", "totalFound", "content": [Posting...]}` (dev.smartrecruiters.com,
customer-api/posting-api). List items carry no description, public URL or pay: those are on
the posting detail `.../postings/{id}`. The collector (`ingest.collect.smartrecruiters`) stores
one file per board: every page's items in one `content` list, each with its detail response
under the key `detail` where it was fetched. A downloaded list page without details parses too.

Mapping: id → source_posting_id; company.name (else company.identifier, else the board token);
name → title; location.fullLocation (else "city, region, country") → location_text;
location.city / region / country (ISO-2, upper-cased) → hints; location.remote →
is_remote_hint; releasedDate → posted_at; detail postingUrl (else
`https://jobs.smartrecruiters.com/{company}/{id}`) → url; the detail's jobAd.sections
jobDescription, qualifications and additionalInformation as `<h3>title</h3>text` →
description_html (companyDescription is left out: it describes the employer, not the job);
typeOfEmployment.label → employment_type; detail compensation {min, max, currency, period}
→ structured pay (period YEARLY → year, MONTHLY → month, ...: only MONTHLY and YEARLY are
attested; others are mapped by name and an unknown one is a quarantined note).

Ids repeated within one file: the first is kept, the others quarantined
(`ingest.sources.duplicates`).

May import: the standard library, `ingest.staging`, `ingest.sources.common`,
`ingest.sources.duplicates`.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

from ingest.sources.common import (
    RecordError,
    board_name,
    bool_or_none,
    file_failure,
    json_document,
    list_in_object,
    parsed_records,
    required_id,
    required_title,
    structured_pay,
    text_or_none,
    timestamp,
)
from ingest.sources.duplicates import first_of_each_id
from ingest.staging import ParsedRecords, ParseResult

SOURCE = "smartrecruiters"
DETAIL_KEY = "detail"  # where the collector puts a posting's detail response
PUBLIC_BASE = "https://jobs.smartrecruiters.com"
SECTIONS = ("jobDescription", "qualifications", "additionalInformation")
PAY_PERIODS: dict[str, str] = {
    "YEARLY": "year",
    "YEAR": "year",
    "ANNUAL": "year",
    "ANNUALLY": "year",
    "MONTHLY": "month",
    "MONTH": "month",
    "WEEKLY": "week",
    "WEEK": "week",
    "DAILY": "day",
    "DAY": "day",
    "HOURLY": "hour",
    "HOUR": "hour",
}


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows and quarantine for one SmartRecruiters postings file (plain or gzipped)."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        postings = list_in_object(json_document(data), "content", SOURCE)
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    return parsed_records(
        SOURCE, raw_file, board, enumerate(postings), first_of_each_id(posting_row)
    )


def posting_row(posting: dict[str, Any], board: str) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one posting (and its detail), plus notes."""
    detail = posting.get(DETAIL_KEY)
    detail = detail if isinstance(detail, dict) else {}
    location = _object(posting.get("location")) or _object(detail.get("location"))
    company = _object(posting.get("company"))
    posting_id = required_id(posting.get("id"))
    identifier = text_or_none(company.get("identifier")) or board_name(board)
    pay, notes = compensation_pay(detail.get("compensation"))
    row = {
        "source_posting_id": posting_id,
        "company": text_or_none(company.get("name")) or identifier,
        "title": required_title(posting.get("name"), "name"),
        "location_text": _location_text(location),
        "city_hint": text_or_none(location.get("city")),
        "region_hint": text_or_none(location.get("region")),
        "country_hint": _upper(location.get("country")),
        "is_remote_hint": bool_or_none(location.get("remote")),
        "posted_at": timestamp(posting.get("releasedDate"), "releasedDate"),
        "url": text_or_none(detail.get("postingUrl")) or public_url(identifier, posting_id),
        "description_html": job_ad_html(detail.get("jobAd")),
        "employment_type": text_or_none(_object(posting.get("typeOfEmployment")).get("label")),
        **pay,
    }
    return row, notes


def public_url(identifier: str, posting_id: str) -> str:
    """The posting's public page (it answers without the slug the detail's postingUrl has)."""
    return f"{PUBLIC_BASE}/{quote(identifier, safe='')}/{quote(posting_id, safe='')}"


def job_ad_html(job_ad: Any) -> str | None:
    """The job's own sections of a detail's jobAd, each as `<h3>title</h3>text` (HTML)."""
    sections = _object(_object(job_ad).get("sections"))
    parts = []
    for key in SECTIONS:
        section = _object(sections.get(key))
        text = text_or_none(section.get("text"))
        if text is None:
            continue
        title = text_or_none(section.get("title"))
        parts.append(f"<h3>{html.escape(title)}</h3>{text}" if title else text)
    return "\n".join(parts) or None


def compensation_pay(compensation: Any) -> tuple[dict[str, Any], list[str]]:
    """Structured pay from a detail's `compensation` object, plus notes."""
    empty, _ = structured_pay(None, None, None, None)
    if not isinstance(compensation, dict):
        return empty, []
    low, high = compensation.get("min"), compensation.get("max")
    if low is None and high is None:
        return empty, []
    period_text = text_or_none(compensation.get("period"))
    period = PAY_PERIODS.get(period_text.upper()) if period_text else None
    if period is None:
        return empty, [f"pay: unknown compensation period {compensation.get('period')!r}"]
    return structured_pay(low, high, compensation.get("currency"), period)


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _upper(value: Any) -> str | None:
    text = text_or_none(value)
    return text.upper() if text else None


def _location_text(location: dict[str, Any]) -> str | None:
    full = text_or_none(location.get("fullLocation"))
    if full:
        return full
    parts = [text_or_none(location.get(key)) for key in ("city", "region", "country")]
    return ", ".join(part for part in parts if part) or None
