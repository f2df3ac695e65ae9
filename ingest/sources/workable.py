"""Workable job boards: parse a public widget response (or a v3 jobs page) into staging rows.

Input, as collected: `GET https://apply.workable.com/api/v1/widget/accounts/{account}?details=true`
→ `{"name": <account>, "description": <html>, "jobs": [...]}`, the whole board in one response
with each job's description. Workable does not document these keyless endpoints; the key names
are those several public clients read (see the README next to the board registry). A downloaded
v3 page (`POST .../api/v3/accounts/{account}/jobs` → `{"results": [...], "nextPage": ...}`)
parses too, for imports; its item keys beyond shortcode, title, remote, location and published
are less attested.

The widget lists a job once per location: rows with the same shortcode that differ only in
their place are merged into one posting with all the places (the record's content hash covers
them all). A row that reuses a shortcode with other content is quarantined as a duplicate
(`ingest.sources.duplicates`), the first kept.

Mapping: shortcode → source_posting_id; the widget's `name` (else the board token) →
company; title; visible `locations[]` ("city, region, country", joined " / "; else the row's
city, state, country; v3: location) → location_text and the first place → hints (countryCode
upper-cased, else the country name as written); telecommuting / remote true, or workplace
"remote" → is_remote_hint True, workplace hybrid or on-site → False, else None
(`telecommuting: false` means "not fully remote", not "on-site"); published (ISO), else
published_on (a date, taken as 00:00 UTC), else created_at → posted_at; url (else
`https://apply.workable.com/{account}/j/{shortcode}/`); description (+ requirements and
benefits where a response has them) → description_html; employment_type (v3: type) →
employment_type. No public Workable endpoint publishes structured pay.

May import: the standard library, `ingest.staging`, `ingest.sources.common`,
`ingest.sources.duplicates`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from ingest.sources.common import (
    RecordError,
    RowBuilder,
    board_name,
    file_failure,
    joined_locations,
    json_document,
    parsed_records,
    required_id,
    required_title,
    text_or_none,
    timestamp,
)
from ingest.sources.duplicates import first_of_each_id
from ingest.staging import ParsedRecords, ParseResult

SOURCE = "workable"
PUBLIC_BASE = "https://apply.workable.com"
# a widget row's place: the keys that differ between the rows of one job in several places
PLACE_KEYS = frozenset({"locations", "location", "city", "state", "country"})
ON_SITE = frozenset({"hybrid", "on_site", "onsite", "on-site", "office"})
DESCRIPTION_KEYS = ("description", "requirements", "benefits")


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows and quarantine for one Workable response (plain or gzipped bytes)."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        company, jobs = board_jobs(json_document(data))
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    to_row = first_of_each_id(_row_builder(company))
    return parsed_records(
        SOURCE, raw_file, board, merged_places(jobs), to_row, id_field="shortcode"
    )


def board_jobs(document: Any) -> tuple[str | None, Sequence[Any]]:
    """The account's display name and its job rows, from a widget or a v3 response."""
    if not isinstance(document, dict):
        kind = type(document).__name__
        raise RecordError(f"unexpected {SOURCE} response: expected a JSON object, got {kind}")
    for key in ("jobs", "results"):
        if isinstance(document.get(key), list):
            return text_or_none(document.get("name")), document[key]
    raise RecordError(f"unexpected {SOURCE} response: no 'jobs' (widget) or 'results' (v3) list")


def merged_places(jobs: Sequence[Any]) -> list[tuple[int, Any]]:
    """`(index, row)` pairs with each job's per-location rows merged into its first row."""
    out: list[tuple[int, Any]] = []
    position: dict[str, int] = {}  # shortcode -> where its first row is in `out`
    for index, job in enumerate(jobs):
        code = job.get("shortcode") if isinstance(job, dict) else None
        key = code.strip() if isinstance(code, str) else None
        if not key or key not in position:
            if key:
                position[key] = len(out)
            out.append((index, job))
            continue
        first_index, first = out[position[key]]
        if _without_places(first) == _without_places(job):
            out[position[key]] = (first_index, _with_places(first, job))
        else:
            out.append((index, job))  # another posting under the same id: a duplicate
    return out


def _without_places(job: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in job.items() if key not in PLACE_KEYS}


def _places(job: dict[str, Any]) -> list[dict[str, Any]]:
    listed = job.get("locations")
    if isinstance(listed, list) and listed:
        return [place for place in listed if isinstance(place, dict)]
    single = job.get("location")
    if isinstance(single, dict):
        return [single]
    parts = {"city": job.get("city"), "region": job.get("state"), "country": job.get("country")}
    return [parts] if any(text_or_none(value) for value in parts.values()) else []


def _with_places(first: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    places = _places(first)
    places.extend(place for place in _places(other) if place not in places)
    return {**first, "locations": places}


def _row_builder(company: str | None) -> RowBuilder:
    def row(job: dict[str, Any], board: str) -> tuple[dict[str, Any], list[str]]:
        return posting_row(job, board, company)

    return row


def posting_row(
    job: dict[str, Any], board: str, company: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one (merged) Workable job."""
    shortcode = required_id(job.get("shortcode"), "shortcode")
    places = [place for place in _places(job) if place.get("hidden") is not True]
    first = places[0] if places else {}
    posted_field = next(
        (key for key in ("published", "published_on", "created_at") if text_or_none(job.get(key))),
        "published",
    )
    row = {
        "source_posting_id": shortcode,
        "company": company or board_name(board),
        "title": required_title(job.get("title")),
        "location_text": joined_locations(_place_text(place) for place in places),
        "city_hint": text_or_none(first.get("city")),
        "region_hint": text_or_none(first.get("region") or first.get("state")),
        "country_hint": _country(first),
        "is_remote_hint": remote_hint(job),
        "posted_at": timestamp(job.get(posted_field), posted_field),
        "url": text_or_none(job.get("url")) or _job_url(board, shortcode),
        "description_html": _description(job),
        "employment_type": text_or_none(job.get("employment_type") or job.get("type")),
    }
    return row, []


def remote_hint(job: dict[str, Any]) -> bool | None:
    """True for a remote job, False for hybrid or on-site, None when the row does not say."""
    workplace = text_or_none(job.get("workplace"))
    if job.get("telecommuting") is True or job.get("remote") is True:
        return True
    if workplace and workplace.lower() == "remote":
        return True
    if workplace and workplace.lower() in ON_SITE:
        return False
    return None


def _place_text(place: dict[str, Any]) -> str | None:
    parts = [text_or_none(place.get(key)) for key in ("city", "region", "country")]
    return ", ".join(part for part in parts if part) or None


def _country(place: dict[str, Any]) -> str | None:
    code = text_or_none(place.get("countryCode"))
    return code.upper() if code else text_or_none(place.get("country"))


def _description(job: dict[str, Any]) -> str | None:
    parts = [text_or_none(job.get(key)) for key in DESCRIPTION_KEYS]
    return "\n".join(part for part in parts if part) or None


def _job_url(board: str, shortcode: str) -> str:
    return f"{PUBLIC_BASE}/{quote(board_name(board), safe='')}/j/{quote(shortcode, safe='')}/"
