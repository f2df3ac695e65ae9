"""Helpers shared by the source parsers: decoding raw bytes, field validation, and the loop
that turns a file's records into staging rows and quarantine rows.

Every parser follows one pattern: decode the file (gzip → UTF-8 → JSON); a file that cannot be
decoded becomes one quarantine row for the whole file (record "*"). Each record is mapped by a
source-specific `to_row` function that raises `RecordError` for a fatal problem (the record is
quarantined) or returns non-fatal notes (the posting is kept and each note is quarantined too,
e.g. an inverted pay range: structured pay is nulled, the rest of the posting stays). Parsers
return `ParsedRecords` (dicts); frames are built once per run of files, not per file.

Nothing in one record stops the others: any other exception a record raises (a parser bug
meeting input nobody foresaw) quarantines that record with the exception as the reason, and
`parsed_file` does the same for a whole file, so one bad record or file never stops a build.

JSON is decoded by orjson; anything orjson rejects or would read differently (integers beyond
64 bits, which it turns into floats) is decoded by the stdlib, so values and error reasons are
the stdlib's.

May import: the standard library, orjson, polars (through `ingest.staging`), `contract`.
"""

from __future__ import annotations

import html
import json
import math
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

import orjson

from contract.staging import WHOLE_FILE
from ingest.snapshots import MAX_DECOMPRESSED_BYTES
from ingest.staging import ParsedRecords, content_hash

GZIP_MAGIC = b"\x1f\x8b"

RowBuilder = Callable[[dict[str, Any], str], tuple[dict[str, Any], list[str]]]


class RecordError(ValueError):
    """A record that cannot become a staging row; the message is the quarantine reason."""


class SourceFormatError(ValueError):
    """A whole file that cannot be read; carries what a quarantine row needs."""

    def __init__(self, source: str, file: str, reason: str) -> None:
        super().__init__(f"{source}: {file}: {reason}")
        self.source = source
        self.file = file
        self.reason = reason

    def quarantine_row(self) -> dict[str, str]:
        """The quarantine row describing this error."""
        return {
            "source": self.source,
            "file": self.file,
            "record": WHOLE_FILE,
            "reason": self.reason,
        }


# ---------------------------------------------------------------- decoding raw bytes


def decompressed(data: bytes, limit: int | None = None) -> bytes:
    """`data`, gunzipped when it starts with the gzip magic bytes (every member); raises
    RecordError if broken or if it would decompress past `limit` bytes (default: the raw
    store's `MAX_DECOMPRESSED_BYTES`), so a gzip bomb placed in the raw store by hand is a
    quarantined file, not an exhausted build."""
    if not data.startswith(GZIP_MAGIC):
        return data
    cap = MAX_DECOMPRESSED_BYTES if limit is None else limit
    parts: list[bytes] = []
    total, rest = 0, data
    try:
        while rest.startswith(GZIP_MAGIC):
            member = zlib.decompressobj(wbits=31)
            part = member.decompress(rest, cap - total + 1)
            total += len(part)
            if total > cap:
                raise RecordError(f"gzip decompresses past the {cap:,}-byte cap")
            if not member.eof:
                raise RecordError("invalid gzip: compressed file ended before the end marker")
            parts.append(part)
            rest = member.unused_data
    except zlib.error as error:
        raise RecordError(f"invalid gzip: {error}") from error
    if rest.strip(b"\x00"):
        raise RecordError("invalid gzip: trailing bytes after the last member")
    return b"".join(parts)


def decoded_text(data: bytes) -> str:
    """UTF-8 text of (possibly gzipped) bytes, without a byte-order mark."""
    return _utf8_text(decompressed(data))


def _utf8_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RecordError(f"invalid UTF-8: {error.reason} at byte {error.start}") from error


def json_value(text: str) -> Any:
    """Parsed JSON; the error names the problem and its byte offset (truncated files, typos).

    Read by orjson when it reads the text as the stdlib does (see `json_document`), else by the
    stdlib.
    """
    try:
        value = _orjson_value(text.encode("utf-8"))
    except UnicodeEncodeError:  # lone surrogates: only the stdlib reads those
        value = _STDLIB
    return _stdlib_json_value(text) if value is _STDLIB else value


def json_document(data: bytes) -> Any:
    """The JSON value held by raw (possibly gzipped) bytes; raises RecordError with the reason.

    orjson reads the bytes directly (2x faster than the stdlib, with no UTF-8 decoding first).
    When it fails (invalid JSON or UTF-8, a byte-order mark, NaN, a number out of range) or
    the text holds a run of 19+ digits (orjson reads integers beyond 64 bits as floats), the
    stdlib decodes the text instead, giving exactly its value or its error reason.
    """
    raw = decompressed(data)
    value = _orjson_value(raw)
    return _stdlib_json_value(_utf8_text(raw)) if value is _STDLIB else value


_STDLIB = object()  # "orjson may read this differently: use the stdlib"
# every digit as "0": a run of 19 zeros then marks a number orjson may not read as the stdlib does
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGIT_RUN = b"0" * 19


def _orjson_value(raw: bytes) -> Any:
    """orjson's reading of UTF-8 JSON bytes, or `_STDLIB` when the stdlib must read them."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return _STDLIB
    if _LONG_DIGIT_RUN in raw.translate(_DIGITS_AS_ZERO):
        return _STDLIB
    return value


def _stdlib_json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        byte = len(text[: error.pos].encode("utf-8", "surrogatepass"))
        raise RecordError(f"invalid JSON: {error.msg} at byte {byte}") from error
    except RecursionError as error:
        raise RecordError("invalid JSON: nested too deeply to read") from error
    except ValueError as error:  # an integer of more digits than Python converts
        raise RecordError(f"invalid JSON: {error}") from error


# ---------------------------------------------------------------- field helpers


def text_or_none(value: Any) -> str | None:
    """A stripped string, or None for null, empty or non-scalar values."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    return None


def required_id(value: Any, field: str = "id") -> str:
    """The record's id as a string; RecordError when missing, empty or not a scalar."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        if value is None:
            raise RecordError(f"missing {field}")
        raise RecordError(f"{field}: expected a string or integer, got {type(value).__name__}")
    text = str(value).strip()
    if not text:
        raise RecordError(f"missing {field}")
    return text


def required_title(value: Any, field: str = "title") -> str:
    """The posting title; RecordError when missing, empty or not a string."""
    if value is None:
        raise RecordError(f"missing {field}")
    if not isinstance(value, str):
        raise RecordError(f"{field}: expected a string, got {type(value).__name__}")
    title = value.strip()
    if not title:
        raise RecordError(f"empty {field}")
    return title


def bool_or_none(value: Any) -> bool | None:
    """True/False when the source gives a JSON boolean, else None."""
    return value if isinstance(value, bool) else None


def timestamp(value: Any, field: str) -> datetime | None:
    """A UTC datetime from an ISO 8601 string (date-only and naive values are taken as UTC).

    None or "" → None (the source did not say); anything unparseable → RecordError naming the field.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise RecordError(f"{field}: unparseable date {value!r}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as error:
        raise RecordError(f"{field}: unparseable date {value!r}") from error
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError as error:  # 0001-01-01T00:00:00+05:00 is before year 1 in UTC
        raise RecordError(f"{field}: date out of range {value!r}") from error


def timestamp_from_epoch_ms(value: Any, field: str) -> datetime | None:
    """A UTC datetime from epoch milliseconds (Lever's createdAt); RecordError if not a number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RecordError(f"{field}: unparseable date {value!r} (expected epoch milliseconds)")
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError) as error:
        raise RecordError(f"{field}: date out of range {value!r}") from error


def joined_locations(names: Iterable[Any]) -> str | None:
    """Location names, stripped and de-duplicated in order, joined with " / "."""
    seen: list[str] = []
    for name in names:
        text = text_or_none(name)
        if text is not None and text not in seen:
            seen.append(text)
    return " / ".join(seen) if seen else None


def board_name(board: str) -> str:
    """A board token URL-decoded ("Hyperliquid%20Labs" → "Hyperliquid Labs")."""
    return unquote(board).strip()


def prettified_token(board: str) -> str:
    """A lower-case slug made readable ("scale-ai" → "Scale Ai"); mixed-case tokens kept as is."""
    name = board_name(board)
    if name != name.lower():
        return name
    words = re.split(r"[-_\s]+", name)
    return " ".join(word[:1].upper() + word[1:] for word in words if word)


_BASIC_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&#x27;", "'"))
_OTHER_ENTITY = re.compile(r"&(?!(?:lt|gt|quot|amp|#39|#x27);)")


def html_unescaped(text: str) -> str:
    """`html.unescape(text)`, several times faster for text escaped with the basic entities only.

    When every "&" starts one of &lt; &gt; &quot; &#39; &#x27; &amp;, plain replacements (with
    &amp; last, so no entity is formed twice) give exactly html.unescape's result; any other
    "&" sends the text to html.unescape itself.
    """
    if _OTHER_ENTITY.search(text):
        return html.unescape(text)
    for entity, char in _BASIC_ENTITIES:
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


# ---------------------------------------------------------------- structured pay


def _pay_number(value: Any, name: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise RecordError(f"pay: {name} is not a number ({value!r})")
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError as error:
            raise RecordError(f"pay: {name} is not a number ({value!r})") from error
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise RecordError(f"pay: {name} is not a number ({value!r})")
    if value < 0:
        raise RecordError(f"pay: negative {name} {value!r}")
    return float(value)


def structured_pay(
    low: Any, high: Any, currency: Any, period: str | None
) -> tuple[dict[str, Any], list[str]]:
    """Validated structured pay columns plus notes.

    Negative, non-numeric or inverted (min > max) amounts null all four structured columns and
    return one "pay: ..." note, so the posting is kept and the problem is quarantined.
    """
    empty: dict[str, Any] = {
        "pay_min": None,
        "pay_max": None,
        "pay_currency": None,
        "pay_period": None,
    }
    try:
        pay_min = _pay_number(low, "min")
        pay_max = _pay_number(high, "max")
    except RecordError as error:
        return empty, [str(error)]
    if pay_min is None and pay_max is None:
        return empty, []
    if pay_min is not None and pay_max is not None and pay_min > pay_max:
        return empty, [f"pay: min {low!r} > max {high!r} (inverted range)"]
    currency_code = text_or_none(currency)
    return {
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_currency": currency_code.upper() if currency_code else None,
        "pay_period": period,
    }, []


# ---------------------------------------------------------------- the record loop


UNEXPECTED_REASON_CHARS = 300  # how much of an unexpected exception a reason quotes


def quarantine_row(source: str, raw_file: str, record: str, reason: str) -> dict[str, str]:
    """One quarantine row."""
    return {"source": source, "file": raw_file, "record": record, "reason": reason}


def file_failure(source: str, raw_file: str, reason: str) -> ParsedRecords:
    """No rows and one quarantine row for the whole file."""
    return ParsedRecords(quarantine=[quarantine_row(source, raw_file, WHOLE_FILE, reason)])


def unexpected_reason(error: BaseException) -> str:
    """The quarantine reason for an exception no parser rule expected: its type and message."""
    return f"parser failed: {type(error).__name__}: {error}"[:UNEXPECTED_REASON_CHARS]


RecordsParser = Callable[[bytes, str, str], ParsedRecords]


def parsed_file(
    parse_records: RecordsParser, source: str, data: bytes, raw_file: str, board: str
) -> ParsedRecords:
    """`parse_records(data, raw_file, board)`; an exception (a parser bug meeting a file nobody
    foresaw, a value nested too deeply to walk) quarantines the whole file with the reason."""
    try:
        return parse_records(data, raw_file, board)
    except Exception as error:
        return file_failure(source, raw_file, unexpected_reason(error))


def record_label(record: Any, index: int, id_field: str = "id") -> str:
    """How quarantine names a record: its id when it has one, else "#<index>"."""
    if isinstance(record, dict):
        value = record.get(id_field)
        if isinstance(value, dict):  # schema.org PropertyValue identifiers
            value = value.get("value")
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return f"#{index}"


def parsed_records(
    source: str,
    raw_file: str,
    board: str,
    records: Iterable[tuple[int, Any]],
    to_row: RowBuilder,
    *,
    id_field: str = "id",
    hashed: Callable[[dict[str, Any]], dict[str, Any]] = lambda record: record,
    skipped: int = 0,
) -> ParsedRecords:
    """Staging rows and quarantine rows for `(index, record)` pairs of one file.

    `to_row(record, board)` maps one record to the source-specific columns; this function adds
    source, board, raw_file, record_index and content_hash (of `hashed(record)`). A record that
    raises `RecordError`, or any other exception, is quarantined with the reason and counted in
    `rejected`; the other records go on.
    """
    rows: list[dict[str, Any]] = []
    quarantined: list[dict[str, str]] = []
    rejected = 0
    for index, record in records:
        try:
            if not isinstance(record, dict):
                raise RecordError(f"record is not a JSON object ({type(record).__name__})")
            row, notes = to_row(record, board)
            row.update(
                source=source,
                board=board,
                raw_file=raw_file,
                record_index=index,
                content_hash=content_hash(hashed(record)),
            )
        except Exception as error:  # RecursionError included: a record nested too deeply
            reason = str(error) if isinstance(error, RecordError) else unexpected_reason(error)
            label = record_label(record, index, id_field)
            quarantined.append(quarantine_row(source, raw_file, label, reason))
            rejected += 1
            continue
        rows.append(row)
        if notes:  # the label is only worked out for records that are quarantined
            label = record_label(record, index, id_field)
            quarantined.extend(quarantine_row(source, raw_file, label, note) for note in notes)
    return ParsedRecords(rows=rows, quarantine=quarantined, skipped=skipped, rejected=rejected)


def list_in_object(document: Any, key: str, source: str) -> Sequence[Any]:
    """`document[key]` when the document is an object holding a list there; RecordError if not."""
    if not isinstance(document, dict):
        raise RecordError(
            f"unexpected {source} response: expected a JSON object, got {type(document).__name__}"
        )
    value = document.get(key)
    if not isinstance(value, list):
        raise RecordError(f"unexpected {source} response: no '{key}' list")
    return value
