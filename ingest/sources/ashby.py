"""Ashby job boards: parse a posting-api job-board response into staging rows.

Input: `GET https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true`
→ `{"apiVersion": "1", "jobs": [...]}` (see ../shared/guide/data-sources.md).

Mapping: company = the name the board's postings write for its token ("candidhealth" → "Candid
Health", `ingest.sources.company_names`), else the token URL-decoded (Ashby has no company-name
field);
location_text = location + secondaryLocations[].location joined " / "; address.postalAddress →
city/region/country hints as written ("USA", "California"); isRemote → is_remote_hint;
publishedAt → posted_at; jobUrl → url; descriptionHtml / descriptionPlain; employmentType;
structured pay = the compensation.summaryComponents entry with compensationType "Salary"
(interval "1 YEAR" → year, …); pay_text = compensation.compensationTierSummary;
pay_components = the other summary components (`pay_components`: EquityPercentage,
EquityCashValue, Bonus, Commission; amounts often null, which still says the job offers it).

Unlisted jobs (`isListed: false`) are kept: the public API only returns them when the board
shares them, they are real openings, and the staging schema has no column to flag them.

May import: the standard library, `ingest.staging`, `ingest.sources.common`,
`ingest.sources.company_names`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ingest.sources.common import (
    RecordError,
    board_name,
    bool_or_none,
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
from ingest.sources.company_names import company_named_in_text
from ingest.staging import ParsedRecords, ParseResult, canonical_json

SOURCE = "ashby"

PAY_INTERVALS: dict[str, str] = {
    "1 YEAR": "year",
    "1 MONTH": "month",
    "1 WEEK": "week",
    "1 DAY": "day",
    "1 HOUR": "hour",
}

# Ashby's compensationType of pay beside base -> staging pay_components kind
# (contract.vocab.PAY_COMPONENT_KINDS); EquityPercentage amounts are percent of the company.
COMPONENT_KINDS: dict[str, str] = {
    "EquityPercentage": "equity_percent",
    "EquityCashValue": "equity_value",
    "Bonus": "bonus",
    "Commission": "commission",
}


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows and quarantine for one Ashby job-board response (plain or gzipped bytes)."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        jobs = list_in_object(json_document(data), "jobs", SOURCE)
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    texts = (job.get("descriptionPlain") for job in jobs if isinstance(job, dict))
    company = company_named_in_text(board, texts, fallback=board_name(board))
    to_row = partial(posting_row, company=company)
    return parsed_records(SOURCE, raw_file, board, enumerate(jobs), to_row)


def posting_row(
    job: dict[str, Any], board: str, company: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one Ashby job, plus non-fatal notes; `company` is
    the board's company name (`parse_records` reads it from the postings; else the token)."""
    address = _postal_address(job)
    pay, notes = salary_pay(job.get("compensation"))
    components, component_notes = pay_components(job.get("compensation"))
    notes = [*notes, *component_notes]
    row = {
        "source_posting_id": required_id(job.get("id")),
        "company": company or board_name(board),
        "title": required_title(job.get("title")),
        "location_text": joined_locations([job.get("location"), *_secondary_locations(job)]),
        "city_hint": text_or_none(address.get("addressLocality")),
        "region_hint": text_or_none(address.get("addressRegion")),
        "country_hint": text_or_none(address.get("addressCountry")),
        "is_remote_hint": bool_or_none(job.get("isRemote")),
        "posted_at": timestamp(job.get("publishedAt"), "publishedAt"),
        "url": text_or_none(job.get("jobUrl")),
        "description_html": text_or_none(job.get("descriptionHtml")),
        "description_text": text_or_none(job.get("descriptionPlain")),
        "employment_type": text_or_none(job.get("employmentType")),
        "pay_text": _tier_summary(job.get("compensation")),
        "pay_components": components,
        **pay,
    }
    return row, notes


def salary_pay(compensation: Any) -> tuple[dict[str, Any], list[str]]:
    """Structured pay columns from the first "Salary" summary component, plus notes."""
    component = _salary_component(compensation)
    if component is None:
        return structured_pay(None, None, None, None)
    interval = component.get("interval")
    period = PAY_INTERVALS.get(interval) if isinstance(interval, str) else None
    if period is None:
        empty, _ = structured_pay(None, None, None, None)
        return empty, [f"pay: unknown compensation interval {interval!r}"]
    return structured_pay(
        component.get("minValue"), component.get("maxValue"), component.get("currencyCode"), period
    )


def pay_components(compensation: Any) -> tuple[str | None, list[str]]:
    """The staging `pay_components` JSON of the summary components beside "Salary", plus
    notes; None when the job lists no summary components at all (its compensation is not set
    up on Ashby, so the job says nothing about equity or bonus either way).

    One entry per kind (the first; a repeat is noted), in the vocabulary's order. Amounts that
    are not numbers, negative or inverted are dropped with a note, the kind kept (the job
    still offers it); so are the amounts of a cash component whose interval is not a pay
    period. An equity percent has no period. An unknown compensationType is noted and left
    out.
    """
    if not isinstance(compensation, dict):
        return None, []
    listed = compensation.get("summaryComponents")
    if not isinstance(listed, list) or not listed:
        return None, []
    notes: list[str] = []
    found: dict[str, dict[str, Any]] = {}
    for component in listed:
        kind_name = component.get("compensationType") if isinstance(component, dict) else None
        if kind_name == "Salary":
            continue
        kind = COMPONENT_KINDS.get(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            notes.append(f"pay: unknown compensation component {kind_name!r} left out")
            continue
        if kind in found:
            notes.append(f"pay: a second {kind_name} component left out")
            continue
        entry, entry_notes = _component_entry(component, kind, kind_name)
        found[kind] = entry
        notes.extend(entry_notes)
    ordered = [found[kind] for kind in COMPONENT_KINDS.values() if kind in found]
    return canonical_json(ordered).decode(), notes


def _component_entry(
    component: dict[str, Any], kind: str, kind_name: str
) -> tuple[dict[str, Any], list[str]]:
    interval = component.get("interval")
    period = PAY_INTERVALS.get(interval) if isinstance(interval, str) else None
    amounts, notes = structured_pay(
        component.get("minValue"), component.get("maxValue"), component.get("currencyCode"), period
    )
    notes = [f"{kind_name} {note}" for note in notes]
    has_amount = amounts["pay_min"] is not None or amounts["pay_max"] is not None
    if kind == "equity_percent":
        amounts = {**amounts, "pay_currency": None, "pay_period": None}
    elif has_amount and period is None:
        notes.append(f"{kind_name} pay: unknown compensation interval {interval!r}")
        amounts = {key: None for key in amounts}
    if not has_amount:
        amounts = {key: None for key in amounts}
    return {
        "kind": kind,
        "min": amounts["pay_min"],
        "max": amounts["pay_max"],
        "currency": amounts["pay_currency"],
        "period": amounts["pay_period"],
    }, notes


def _salary_component(compensation: Any) -> dict[str, Any] | None:
    if not isinstance(compensation, dict):
        return None
    components = compensation.get("summaryComponents")
    if not isinstance(components, list):
        return None
    for component in components:
        if isinstance(component, dict) and component.get("compensationType") == "Salary":
            return component
    return None


def _tier_summary(compensation: Any) -> str | None:
    if not isinstance(compensation, dict):
        return None
    return text_or_none(compensation.get("compensationTierSummary"))


def _postal_address(job: dict[str, Any]) -> dict[str, Any]:
    address = job.get("address")
    postal = address.get("postalAddress") if isinstance(address, dict) else None
    return postal if isinstance(postal, dict) else {}


def _secondary_locations(job: dict[str, Any]) -> list[Any]:
    """Secondary location names; the API gives objects `{location, address}` (older: strings)."""
    secondary = job.get("secondaryLocations")
    if not isinstance(secondary, list):
        return []
    return [item.get("location") if isinstance(item, dict) else item for item in secondary]
