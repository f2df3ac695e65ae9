"""Recruitee career sites: parse a Careers Site API offers response into staging rows.

Input: `GET https://{company}.recruitee.com/api/offers/` (or the same path on a company's own
careers domain) → `{"offers": [...]}`: the whole board in one response, descriptions inline
(career.recruitee.com/docs; key names checked against several public clients, see the README's
source notes). A 200 without an `offers` list is not a board (whole-file quarantine).

Mapping: id (an integer or a string) → source_posting_id; company_name (else the board token);
title; location (else `locations[]` as "city, state_code, country" joined " / ") →
location_text; city (unless it says "Remote"), state_code, country_code → hints; remote →
is_remote_hint True, on_site or hybrid → False, else None (`remote: false` alone does not mean
on-site); published_at (else created_at), written "2026-05-28 20:36:05 UTC" or ISO 8601 →
posted_at; careers_url (else `https://{company}.recruitee.com/o/{slug}`) → url; description +
requirements (two HTML halves) → description_html; employment_type_code → employment_type;
salary {min, max, currency, period} → structured pay when an amount is numeric (a number or a
numeric string); a salary written in words ("negotiable") is kept as pay_text. Unknown salary
periods are quarantined as a note and the posting is kept without structured pay.

Ids repeated within one response: the first is kept, the others quarantined
(`ingest.sources.duplicates`).

May import: the standard library, `ingest.staging`, `ingest.sources.common`,
`ingest.sources.duplicates`.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from ingest.sources.common import (
    RecordError,
    board_name,
    file_failure,
    joined_locations,
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

SOURCE = "recruitee"
HOST_SUFFIX = ".recruitee.com"

SALARY_PERIODS: dict[str, str] = {
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "month": "month",
    "monthly": "month",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
    "hour": "hour",
    "hourly": "hour",
}


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows and quarantine for one Recruitee offers response (plain or gzipped bytes)."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        offers = list_in_object(json_document(data), "offers", SOURCE)
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    return parsed_records(SOURCE, raw_file, board, enumerate(offers), first_of_each_id(posting_row))


def posting_row(offer: dict[str, Any], board: str) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one Recruitee offer, plus non-fatal notes."""
    published = "published_at" if text_or_none(offer.get("published_at")) else "created_at"
    pay, pay_text, notes = salary_pay(offer.get("salary"))
    row = {
        "source_posting_id": required_id(offer.get("id")),
        "company": text_or_none(offer.get("company_name")) or board_name(board),
        "title": required_title(offer.get("title")),
        "location_text": text_or_none(offer.get("location")) or _locations_text(offer),
        "city_hint": _city(offer.get("city")),
        "region_hint": text_or_none(offer.get("state_code")),
        "country_hint": _upper(offer.get("country_code")),
        "is_remote_hint": remote_hint(offer),
        "posted_at": recruitee_time(offer.get(published), published),
        "url": text_or_none(offer.get("careers_url")) or _offer_url(board, offer.get("slug")),
        "description_html": _description(offer),
        "employment_type": text_or_none(offer.get("employment_type_code")),
        "pay_text": pay_text,
        **pay,
    }
    return row, notes


def recruitee_time(value: Any, field: str) -> datetime | None:
    """A UTC datetime from Recruitee's "2026-05-28 20:36:05 UTC" (or an ISO 8601 string)."""
    if isinstance(value, str) and value.strip().upper().endswith(" UTC"):
        value = value.strip()[:-4].rstrip() + "+00:00"
    return timestamp(value, field)


def remote_hint(offer: dict[str, Any]) -> bool | None:
    """True for a remote offer, False for on-site or hybrid, None when the offer does not say."""
    if offer.get("remote") is True:
        return True
    if offer.get("on_site") is True or offer.get("hybrid") is True:
        return False
    return None


def salary_pay(salary: Any) -> tuple[dict[str, Any], str | None, list[str]]:
    """Structured pay columns, pay_text and notes from an offer's `salary` object.

    Amounts may be numbers, numeric strings ("5200"), null or words ("negotiable"): words
    become pay_text and no structured pay; a numeric amount with an unknown period is a note.
    """
    empty, _ = structured_pay(None, None, None, None)
    if not isinstance(salary, dict):
        return empty, None, []
    low, high = salary.get("min"), salary.get("max")
    if not (_numeric(low) or _numeric(high)):
        words = list(dict.fromkeys(text for value in (low, high) if (text := text_or_none(value))))
        return empty, " - ".join(words) or None, []
    period_text = text_or_none(salary.get("period"))
    period = SALARY_PERIODS.get(period_text.lower()) if period_text else None
    if period is None:
        return empty, None, [f"pay: unknown salary period {salary.get('period')!r}"]
    pay, notes = structured_pay(
        low if _numeric(low) else None,
        high if _numeric(high) else None,
        salary.get("currency"),
        period,
    )
    return pay, None, notes


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value)
    if isinstance(value, str):
        try:
            return math.isfinite(float(value.replace(",", "").strip()))
        except ValueError:
            return False
    return False


def _city(value: Any) -> str | None:
    city = text_or_none(value)
    return None if city is None or city.casefold() == "remote" else city


def _upper(value: Any) -> str | None:
    text = text_or_none(value)
    return text.upper() if text else None


def _locations_text(offer: dict[str, Any]) -> str | None:
    places = offer.get("locations")
    if not isinstance(places, list):
        return None
    names = []
    for place in places:
        if isinstance(place, dict):
            parts = [place.get("city"), place.get("state_code"), place.get("country")]
            names.append(", ".join(text for part in parts if (text := text_or_none(part))))
    return joined_locations(names)


def _description(offer: dict[str, Any]) -> str | None:
    halves = [text_or_none(offer.get(key)) for key in ("description", "requirements")]
    return "\n".join(half for half in halves if half) or None


def careers_host(board: str) -> str:
    """The careers site of a board token: `<token>.recruitee.com`, or the token itself when it
    is a host name (a company's own careers domain, "careers.example.com")."""
    token = board_name(board)
    return token if "." in token else f"{token}{HOST_SUFFIX}"


def _offer_url(board: str, slug: Any) -> str | None:
    text = text_or_none(slug)
    return f"https://{careers_host(board)}/o/{text}" if text else None
