"""Hacker News "Ask HN: Who is hiring?": parse an Algolia `items/{id}` thread into staging rows.

Input: `{id, created_at, title, children: [{id, created_at, author, text (HTML), children}]}`.
Only top-level children are postings (replies are discussion). A deleted or dead comment
(`text` null, or a `deleted`/`dead` flag) is not a posting: it is neither a row nor quarantine,
and `ParseResult.skipped` counts it.

The first line (the text before the first `<p>` or newline) by convention reads
`Company | Role | Location | REMOTE/ONSITE | Salary | URL`. It is split on "|" (else on spaced
dashes or bullets, else read as "<Company> is hiring <Role> in <Place>" or "<Role> at
<Company>"). The first part is the company. The title is the first later part that names a role
(engineer, scientist, …), else one that hints at one (ML, data, founding, …), else the first
unclassified part when another one is left for the location. The location is the first part
that is not the title, a URL, pay, an employment type or a bare REMOTE/ONSITE flag.
REMOTE/ONSITE/HYBRID words set is_remote_hint. pay_text is the whole first line (the salary
parser finds amounts in it). url is the first link in the first line (an href, a written URL,
or a bare domain part). description_html is the whole comment. A posting whose first line names
no role is quarantined with the line in the reason.

May import: the standard library, `ingest.staging`, `ingest.sources.common`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from ingest.sources.common import (
    RecordError,
    file_failure,
    json_document,
    list_in_object,
    parsed_records,
    required_id,
    text_or_none,
    timestamp,
)
from ingest.staging import ParsedRecords, ParseResult

SOURCE = "hn"

_FIRST_LINE_END = re.compile(r"<p>|\n", re.IGNORECASE)
_LEADING_BLANKS = re.compile(r"^(?:\s|<p>)+", re.IGNORECASE)
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_URL = re.compile(r"(?:https?://|www\.)[^\s|<>()]+", re.IGNORECASE)
_PIPES = re.compile(r"\s*\|\s*")
_DASHES = re.compile(r"\s+[-–—•·]\s+")
_PART_EDGES = " \t,;:"
_SENTENCE_EDGES = " \t.,;:!"
# A sentence ends at ". " — but not after an abbreviation such as "Sr." or "Inc.".
_ABBREVIATIONS = "".join(
    rf"(?<!\b{a})" for a in ("Sr", "Jr", "St", "Inc", "Co", "Mr", "Ms", "Dr", "Ltd", "Corp")
)
_SENTENCE_END = re.compile(
    rf"{_ABBREVIATIONS}[.!;]\s|[.!;]$|\s+(?:see|apply|https?://|www\.)", re.IGNORECASE
)

ROLE = re.compile(
    r"\b(engineers?|engineering|developers?|devs?|scientists?|researchers?|architects?|"
    r"managers?|designers?|analysts?|leads?|head\s+of|directors?|interns?|internships?|"
    r"cto|vp|sre|devops|mlops|programmers?|consultants?|specialists?|administrators?|"
    r"recruiters?|technicians?|officers?|strategists?|writers?|marketers?|associates?|swe|"
    r"hackers?)\b",
    re.IGNORECASE,
)
# words that hint at a role only when no part names one outright ("Founding | ML | NYC")
WEAK_ROLE = re.compile(
    r"\b(founding|research|full[- ]?stack|front[- ]?end|back[- ]?end|product|roles?|"
    r"positions?|ml|ai|data|security|infrastructure|platform)\b",
    re.IGNORECASE,
)
MODE_WORDS = re.compile(
    r"\b(remote|onsite|on-site|on\s+site|hybrid|in[- ]office|in[- ]person)\b", re.IGNORECASE
)
MODE_FILLER = re.compile(
    r"\b(or|and|ok|no|not|only|friendly|possible|available|optional|partial|preferred|first|"
    r"allowed|considered)\b|[\s,/+&()%\-–—\d]",
    re.IGNORECASE,
)
REMOTE = re.compile(r"\bremote\b", re.IGNORECASE)
NOT_REMOTE = re.compile(r"\b(no|not)\s+remote\b", re.IGNORECASE)
ONSITE = re.compile(
    r"\b(onsite|on-site|on\s+site|in[- ]office|in[- ]person|hybrid)\b", re.IGNORECASE
)
PAY = re.compile(
    r"[$€£¥₹]|\b\d{2,3}(?:\.\d)?\s?[kK]\b|\b\d{2,3},\d{3}\b|"
    r"\b(usd|eur|gbp|cad|salary|equity|compensation|per\s+hour)\b",
    re.IGNORECASE,
)
EMPLOYMENT = re.compile(
    r"^(?:(?:full[- ]?time|part[- ]?time|contract(?:or)?|contract[- ]to[- ]hire|intern(?:ship)?s?|"
    r"freelance|permanent|temporary|ft|pt)(?:\s*(?:[,/&+]|\band\b|\bor\b)\s*|$))+$",
    re.IGNORECASE,
)
OTHER = re.compile(r"\bvisa\b|\bsponsor", re.IGNORECASE)
URL_PART = re.compile(
    r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.(?:com|io|ai|co|org|net|dev|app|tech|xyz|so|sh|"
    r"gg|us|uk|de|eu|jobs|careers|health|bio)(?:/\S*)?$",
    re.IGNORECASE,
)
IS_HIRING = re.compile(
    r"^(?P<company>.+?)\s+(?:is\s+hiring|is\s+looking\s+for|is\s+seeking|hiring|seeks)\s*:?\s*"
    r"(?:an?\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
ROLE_AT_COMPANY = re.compile(r"^(?P<role>.+?)\s+(?:at|@)\s+(?P<company>.+)$", re.IGNORECASE)
REST_LOCATION = re.compile(r"\s+(?:in|based\s+in)\s+(?P<location>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class FirstLine:
    """What a posting's first line says."""

    text: str
    company: str | None
    title: str | None
    location: str | None
    is_remote: bool | None
    employment_type: str | None
    url: str | None


def parse(data: bytes, raw_file: str, board: str) -> ParseResult:
    """Staging rows, quarantine and the skipped (deleted/dead) count for one HN thread."""
    return parse_records(data, raw_file, board).result()


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """`parse` before frames are built: the records of one file, to be gathered with others."""
    try:
        children = list_in_object(json_document(data), "children", SOURCE)
    except RecordError as error:
        return file_failure(SOURCE, raw_file, str(error))
    postings = [(index, child) for index, child in enumerate(children) if not is_deleted(child)]
    return parsed_records(
        SOURCE,
        raw_file,
        board,
        postings,
        posting_row,
        hashed=without_replies,
        skipped=len(children) - len(postings),
    )


def is_deleted(child: Any) -> bool:
    """A deleted or dead comment: no text, or flagged so."""
    if not isinstance(child, dict):
        return False
    return child.get("text") is None or bool(child.get("deleted")) or bool(child.get("dead"))


def without_replies(child: dict[str, Any]) -> dict[str, Any]:
    """The comment without its replies, so new replies do not change the posting's hash."""
    return {key: value for key, value in child.items() if key != "children"}


def posting_row(child: dict[str, Any], board: str) -> tuple[dict[str, Any], list[str]]:
    """Source-specific staging columns for one top-level comment."""
    posting_id = required_id(child.get("id"))
    text = child.get("text")
    if not isinstance(text, str):
        raise RecordError(f"text: expected a string, got {type(text).__name__}")
    line = first_line(text)
    if not line.text:
        raise RecordError("text: empty first line")
    if line.title is None:
        raise RecordError(f"title: no role found in first line {line.text[:120]!r}")
    if line.company is None:
        raise RecordError(f"company: no company found in first line {line.text[:120]!r}")
    row = {
        "source_posting_id": posting_id,
        "company": line.company,
        "title": line.title,
        "location_text": line.location,
        "is_remote_hint": line.is_remote,
        "posted_at": timestamp(child.get("created_at"), "created_at"),
        "url": line.url,
        "description_html": text_or_none(text),
        "employment_type": line.employment_type,
        "pay_text": line.text,
    }
    return row, []


def first_line(text_html: str) -> FirstLine:
    """The parsed first line of a comment's HTML."""
    body = _LEADING_BLANKS.sub("", text_html)
    first_html = _FIRST_LINE_END.split(body, maxsplit=1)[0]
    line = " ".join(html.unescape(_TAG.sub(" ", first_html)).split())
    url = first_url(first_html, line)
    parts = line_parts(line)
    if not parts:  # blank, or separators only ("|"): nothing to read a posting from
        return FirstLine(line, None, None, None, None, None, url)
    # prose ("Acme is hiring a ... in Remote - US") may hold dashes that are not separators
    if len(parts) == 1 or ("|" not in line and IS_HIRING.match(line)):
        return _sentence_line(line, url)
    return _separated_line(line, parts, url)


def first_url(first_html: str, line: str) -> str | None:
    """The first href in the first line's HTML, else the first URL written in it."""
    href = _HREF.search(first_html)
    if href:
        return html.unescape(href.group(1)).strip() or None
    found = _URL.search(line)
    return found.group(0).rstrip(_SENTENCE_EDGES) if found else None


def line_parts(line: str) -> list[str]:
    """The line split on "|", else on spaced dashes or bullets; empty parts dropped."""
    separator = _PIPES if "|" in line else _DASHES
    parts = (part.strip(_PART_EDGES) for part in separator.split(line))
    return [part for part in parts if part]


def part_kind(part: str) -> str:
    """What a first-line part is: url, pay, mode (a bare REMOTE/ONSITE flag), employment, other,
    role (names a role), weak_role (only hints at one), or place (anything else, including a
    place with a work mode such as "Remote (US)")."""
    if URL_PART.match(part):
        return "url"
    if MODE_WORDS.search(part) and not MODE_FILLER.sub("", MODE_WORDS.sub("", part)):
        return "mode"
    if EMPLOYMENT.match(part):
        return "employment"
    if ROLE.search(part):  # before pay: "Senior Engineer ($150k)" is a title
        return "role"
    if PAY.search(part):
        return "pay"
    if OTHER.search(part):
        return "other"
    if WEAK_ROLE.search(part) and not MODE_WORDS.search(part):
        return "weak_role"
    return "place"


def remote_flag(parts: list[str]) -> bool | None:
    """True when a part says remote (and not "no remote"), False for onsite/hybrid only."""
    text = " | ".join(parts)
    if REMOTE.search(text) and not NOT_REMOTE.search(text):
        return True
    if ONSITE.search(text) or NOT_REMOTE.search(text):
        return False
    return None


def _separated_line(line: str, parts: list[str], url: str | None) -> FirstLine:
    company, rest = parts[0], parts[1:]
    kinds = dict(zip(rest, (part_kind(part) for part in rest), strict=True))
    title = _first_of_kind(kinds, "role") or _first_of_kind(kinds, "weak_role")
    unclassified = [part for part, kind in kinds.items() if kind == "place"]
    if title is None and len([part for part in unclassified if not MODE_WORDS.search(part)]) >= 2:
        title = unclassified[0]
    if title is None:
        role_at = ROLE_AT_COMPANY.match(company)
        if role_at and _names_role(role_at.group("role")):
            title, company = role_at.group("role"), role_at.group("company")
    places = [part for part in unclassified if part != title]
    modes = [part for part, kind in kinds.items() if kind == "mode"]
    return FirstLine(
        text=line,
        company=company or None,
        title=title,
        location=_location(places, modes),
        is_remote=remote_flag(places + modes),
        employment_type=_first_of_kind(kinds, "employment"),
        url=url or _first_of_kind(kinds, "url"),
    )


def _first_of_kind(kinds: dict[str, str], wanted: str) -> str | None:
    return next((part for part, kind in kinds.items() if kind == wanted), None)


def _names_role(text: str) -> bool:
    return bool(ROLE.search(text) or WEAK_ROLE.search(text))


def _location(places: list[str], modes: list[str]) -> str | None:
    """The first place, plus places that carry a work mode ("Remote (US)"); else a bare mode."""
    chosen = places[:1] + [place for place in places[1:] if MODE_WORDS.search(place)]
    if chosen:
        return " / ".join(chosen)
    return modes[0] if modes else None


def _sentence_line(line: str, url: str | None) -> FirstLine:
    """A first line without separators: "<Company> is hiring <Role> in <Place>" or
    "<Role> at <Company>"; otherwise no title."""
    company: str | None = None
    title: str | None = None
    location: str | None = None
    hiring = IS_HIRING.match(line)
    role_at = ROLE_AT_COMPANY.match(line)
    if hiring:
        company, rest = hiring.group("company"), hiring.group("rest")
        place = REST_LOCATION.search(rest)
        if place:
            location = _SENTENCE_END.split(place.group("location"), maxsplit=1)[0]
            location = location.strip(_SENTENCE_EDGES) or None
            rest = rest[: place.start()]
        rest = _SENTENCE_END.split(rest, maxsplit=1)[0].strip(_SENTENCE_EDGES)
        title = rest if _names_role(rest) else None
    elif role_at and _names_role(role_at.group("role")):
        title = role_at.group("role").strip(_SENTENCE_EDGES)
        company = _SENTENCE_END.split(role_at.group("company"), maxsplit=1)[0]
        company = company.strip(_SENTENCE_EDGES)
    return FirstLine(
        text=line,
        company=company,
        title=title,
        location=location,
        is_remote=remote_flag([line]),
        employment_type=None,
        url=url,
    )
