"""Lever postings: parse a `v0/postings/{site}?mode=json` response into staging rows.

Input: a JSON array of postings (see ../shared/guide/data-sources.md).

Mapping: id; text → title; categories.allLocations (else categories.location) → location_text;
country → country_hint; workplaceType "remote" → is_remote_hint True ("onsite"/"hybrid" →
False, otherwise null); createdAt (epoch ms) → posted_at; hostedUrl → url;
categories.commitment → employment_type; description + lists [{text, content}] + additional →
description_html; descriptionPlain + the lists as plain text + additionalPlain →
description_text (the requirement lists carry most skills, so they are kept in both);
salaryRange {min, max, currency, interval} → structured pay; salaryDescriptionPlain → pay_text.
Company = a `company` field when present (the public API has none), else the name the site's
postings write for its token (`ingest.sources.company_names`: "scale-ai" → "Scale AI"), else the
token prettified ("scale-ai" → "Scale Ai").

May import: the standard library, polars, `markup`, `ingest.staging`, `ingest.sources.common`,
`ingest.sources.company_names`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

import polars as pl

import markup
from ingest.sources.common import (
    RecordError,
    file_failure,
    joined_locations,
    json_document,
    parsed_records,
    prettified_token,
    required_id,
    required_title,
    structured_pay,
    text_or_none,
    timestamp_from_epoch_ms,
)
from ingest.sources.company_names import company_named_in_text
from ingest.staging import ParsedRecords, ParseResult

SOURCE = "lever"

PAY_INTERVALS: dict[str, str] = {
    "per-year-salary": "year",
    "per-month-salary": "month",
    "per-week-salary": "week",
    "per-day-wage": "day",
    "per-hour-wage": "hour",
}
REMOTE_WORKPLACES: dict[str, bool] = {
    "remote": True,
    "onsite": False,
    "on-site": False,
    "hybrid": False,
}


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows and quarantine for one Lever postings response (plain or gzipped bytes)."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        postings = json_document(data)
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    if not isinstance(postings, list):
        reason = (
            f"unexpected {SOURCE} response: expected a JSON array, got {type(postings).__name__}"
        )
        return file_failure(SOURCE, raw_file, reason)
    texts = (p.get("descriptionPlain") for p in postings if isinstance(p, dict))
    company = company_named_in_text(board, texts, fallback=prettified_token(board))
    to_row = partial(posting_row, list_texts=readable_list_texts(postings), company=company)
    return parsed_records(SOURCE, raw_file, board, enumerate(postings), to_row)


def posting_row(
    posting: dict[str, Any],
    board: str,
    list_texts: Mapping[str, str | None] | None = None,
    company: str | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one Lever posting, plus non-fatal notes.

    `list_texts` holds `readable_list_texts` of the file's postings (worked out here if not);
    `company` the site's company name when the posting has none (`parse_records` reads it from
    the postings, else the prettified site name).
    """
    categories = posting.get("categories")
    categories = categories if isinstance(categories, dict) else {}
    pay, notes = salary_pay(posting.get("salaryRange"))
    workplace = text_or_none(posting.get("workplaceType"))
    row = {
        "source_posting_id": required_id(posting.get("id")),
        "company": text_or_none(posting.get("company")) or company or prettified_token(board),
        "title": required_title(posting.get("text"), "text (title)"),
        "location_text": _location_text(categories),
        "country_hint": text_or_none(posting.get("country")),
        "is_remote_hint": REMOTE_WORKPLACES.get(workplace.lower()) if workplace else None,
        "posted_at": timestamp_from_epoch_ms(posting.get("createdAt"), "createdAt"),
        "url": text_or_none(posting.get("hostedUrl")),
        "description_html": description_html(posting),
        "description_text": description_text(posting, list_texts),
        "employment_type": text_or_none(categories.get("commitment")),
        "pay_text": text_or_none(posting.get("salaryDescriptionPlain")),
        **pay,
    }
    return row, notes


def salary_pay(salary_range: Any) -> tuple[dict[str, Any], list[str]]:
    """Structured pay columns from salaryRange, plus notes for unusable values."""
    if not isinstance(salary_range, dict):
        return structured_pay(None, None, None, None)
    interval = salary_range.get("interval")
    period = PAY_INTERVALS.get(interval) if isinstance(interval, str) else None
    if period is None and interval is not None:
        empty, _ = structured_pay(None, None, None, None)
        return empty, [f"pay: unknown salaryRange interval {interval!r}"]
    return structured_pay(
        salary_range.get("min"), salary_range.get("max"), salary_range.get("currency"), period
    )


def description_html(posting: dict[str, Any]) -> str | None:
    """description + each list as `<h3>text</h3><ul>content</ul>` + additional."""
    parts = [text_or_none(posting.get("description"))]
    for item in _lists(posting):
        heading = text_or_none(item.get("text"))
        content = text_or_none(item.get("content"))
        parts.append(f"<h3>{heading}</h3>" if heading else None)
        parts.append(f"<ul>{content}</ul>" if content else None)
    parts.append(text_or_none(posting.get("additional")))
    return "".join(part for part in parts if part) or None


def description_text(
    posting: dict[str, Any], list_texts: Mapping[str, str | None] | None = None
) -> str | None:
    """descriptionPlain + each list (heading, then its items as " - " lines) + additionalPlain.

    `list_texts` holds `readable_list_texts` of the posting (worked out here if not).
    """
    if list_texts is None:
        list_texts = readable_list_texts([posting])
    parts = [text_or_none(posting.get("descriptionPlain"))]
    for item in _lists(posting):
        heading = text_or_none(item.get("text"))
        content = list_texts.get(text_or_none(item.get("content")) or "")
        parts.append("\n".join(part for part in (heading, content) if part) or None)
    parts.append(text_or_none(posting.get("additionalPlain")))
    return "\n\n".join(part for part in parts if part) or None


def readable_list_texts(postings: Iterable[Any]) -> dict[str, str | None]:
    """Each distinct list content (HTML) of these postings -> its text with items as "- "
    lines (`markup`'s READABLE style), converted in one pass over the file."""
    contents = {
        content: None
        for posting in postings
        if isinstance(posting, dict)
        for item in _lists(posting)
        if (content := text_or_none(item.get("content")))
    }
    if not contents:
        return {}
    # keyed by the content as written; converted with lone surrogates replaced (Polars holds
    # UTF-8 only), so one posting's broken escape does not stop the file's others
    valid = [markup.valid_text(content) for content in contents]
    column = pl.Series("html", valid, dtype=pl.String).to_frame()
    texts = column.select(markup.html_to_text(pl.col("html"), markup.READABLE)).to_series()
    return dict(zip(contents, texts.to_list(), strict=True))


def _lists(posting: dict[str, Any]) -> list[dict[str, Any]]:
    lists = posting.get("lists")
    if not isinstance(lists, list):
        return []
    return [item for item in lists if isinstance(item, dict)]


def _location_text(categories: dict[str, Any]) -> str | None:
    all_locations = categories.get("allLocations")
    if isinstance(all_locations, list) and all_locations:
        return joined_locations(all_locations)
    return text_or_none(categories.get("location"))
