"""Staging rows and quarantine rows: the common output of every source parser.

A parser turns the raw bytes of one file into `ParsedRecords`: posting rows (plain dicts, keys
from `STAGING_SCHEMA`, derived from `contract.staging`) plus quarantine rows for everything it
could not accept, each with a reason. The records of many files are gathered and turned into
frames once (`ParsedRecords.result`): the build makes one frame per run of files, since frames
per file took a third of the parse time.

A row the staging schema cannot hold never stops a run: `ParsedRecords.result` builds the
frames in one go and, only when that fails, replaces lone surrogates (invalid UTF-16 halves a
JSON `\\ud800` escape can carry; Polars and DuckDB hold UTF-8 only: U+FFFD in text, the
escape written out in names), noting each such record in quarantine, then bisects the rows to
quarantine the ones that still fail, with the error as the reason. Good runs pay nothing.

`content_hash` is the sha256 of a record's canonical JSON as orjson writes it (sorted keys,
UTF-8, no whitespace). Hashes written by the earlier stdlib-json version (ASCII-escaped) differ,
so a warehouse loaded before that change needs `skillmarket build --reparse` once.

May import: the standard library, polars, orjson, `contract` and `markup`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
import polars as pl

from contract.staging import QUARANTINE_COLUMNS, STAGING_COLUMNS, StagingKind
from markup import valid_key, valid_text

# the Polars type of each staging kind (contract.staging)
POLARS_TYPES: dict[StagingKind, pl.DataType] = {
    "text": pl.String(),
    "boolean": pl.Boolean(),
    "timestamp": pl.Datetime("us", "UTC"),
    "number": pl.Float64(),
    "integer": pl.Int64(),
}
STAGING_SCHEMA: dict[str, pl.DataType] = {c.name: POLARS_TYPES[c.kind] for c in STAGING_COLUMNS}
QUARANTINE_SCHEMA: dict[str, pl.DataType] = {
    c.name: POLARS_TYPES[c.kind] for c in QUARANTINE_COLUMNS
}


REJECTED_ROW_REASON_CHARS = 300  # how much of an unexpected error a quarantine reason quotes


@dataclass
class ParseResult:
    """Rows parsed from one or more raw files, what was quarantined, and what was skipped.

    `skipped` counts records that are not postings at all (a deleted HN comment), so they are
    neither rows nor quarantine; the count keeps them visible. `rejected` counts the records
    that became quarantine rows instead of staging rows (quarantine also holds notes on kept
    rows and whole-file rows), so rows + rejected + skipped accounts for every record read.
    """

    rows: pl.DataFrame
    quarantine: pl.DataFrame
    skipped: int = 0
    rejected: int = 0


@dataclass
class ParsedRecords:
    """Staging rows and quarantine rows as dicts, not yet frames, and the skipped count.

    Parsers fill one of these per file; `add` gathers many files' records so that `result`
    builds the two frames once for all of them, in the order the records were added.
    """

    rows: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, str]] = field(default_factory=list)
    skipped: int = 0
    rejected: int = 0

    def add(self, other: ParsedRecords) -> None:
        """Append `other`'s rows, quarantine rows and counts to these."""
        self.rows.extend(other.rows)
        self.quarantine.extend(other.quarantine)
        self.skipped += other.skipped
        self.rejected += other.rejected

    def result(self) -> ParseResult:
        """The records as a `ParseResult` (frames in exactly the staging/quarantine schemas).

        A row the schema cannot hold is quarantined with the reason, the others kept (see the
        module docstring); this never raises for a row's content.
        """
        quarantine = self.quarantine
        rejected = self.rejected
        try:
            rows = rows_frame(self.rows)
        except Exception:  # one row the schema cannot hold: find it, keep the others
            rows, bad = rows_isolated(self.rows)
            quarantine = [*quarantine, *bad.notes, *bad.rejected]
            rejected += len(bad.rejected)
        try:
            bad_rows = quarantine_frame(quarantine)
        except Exception:  # a record label or reason quoting a lone surrogate
            bad_rows = quarantine_frame([_valid_strings(row)[0] for row in quarantine])
        return ParseResult(rows=rows, quarantine=bad_rows, skipped=self.skipped, rejected=rejected)


# ---------------------------------------------------------------- rows the schema cannot hold

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


# Columns that name things (keys): a lone surrogate is written as its escape ("\\udc80"), so
# two names that differ only there stay two; in text it becomes U+FFFD.
KEY_COLUMNS = frozenset({"source_posting_id", "raw_file", "board", "file", "record"})


def _valid_strings(row: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The row with lone surrogates replaced in its string values, and the columns changed."""
    changed = [
        name
        for name, value in row.items()
        if isinstance(value, str) and _LONE_SURROGATE.search(value) is not None
    ]
    if not changed:
        return row, []
    repaired = {
        name: valid_key(row[name]) if name in KEY_COLUMNS else valid_text(row[name])
        for name in changed
    }
    return {**row, **repaired}, changed


@dataclass
class BadRows:
    """What `rows_isolated` found: notes on rows kept with their text repaired, and quarantine
    rows for the rows rejected."""

    notes: list[dict[str, str]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)


def _row_label(row: dict[str, Any]) -> str:
    posting_id = row.get("source_posting_id")
    if isinstance(posting_id, str) and posting_id:
        return valid_key(posting_id)
    return f"#{row.get('record_index')}"


def _row_quarantine(row: dict[str, Any], source: str | None, reason: str) -> dict[str, str]:
    return {
        "source": valid_key(str(source or row.get("source"))),
        "file": valid_key(str(row.get("raw_file"))),
        "record": _row_label(row),
        "reason": valid_text(reason),
    }


def rows_isolated(
    records: list[dict[str, Any]],
    build: Callable[[list[dict[str, Any]]], pl.DataFrame] | None = None,
    source: str | None = None,
) -> tuple[pl.DataFrame, BadRows]:
    """The frame `build` (default `rows_frame`) makes of the records it can hold, in order, and
    what became of the others: lone surrogates are replaced first (each such row noted), then
    the rows that still fail are found by bisection (a few builds per bad row) and rejected with
    the error as the reason. Rows name their file (`raw_file`) and record (`source_posting_id`,
    else `#record_index`); `source` names the source when the rows have no `source` column."""
    build = build or rows_frame
    bad = BadRows()
    repaired = []
    for record in records:
        row, changed = _valid_strings(record)
        if changed:
            reason = f"text: lone surrogate (invalid Unicode) replaced in {', '.join(changed)}"
            bad.notes.append(_row_quarantine(row, source, reason))
        repaired.append(row)
    frames: list[pl.DataFrame] = []

    def build_part(part: list[dict[str, Any]]) -> None:
        try:
            frames.append(build(part))
        except Exception as error:
            if len(part) > 1:
                middle = len(part) // 2
                build_part(part[:middle])
                build_part(part[middle:])
                return
            message = f"{type(error).__name__}: {error}"[:REJECTED_ROW_REASON_CHARS]
            reason = f"staging row rejected: {message}"
            bad.rejected.append(_row_quarantine(part[0], source, reason))

    build_part(repaired)
    return (pl.concat(frames, how="vertical") if frames else build([])), bad


@dataclass
class ReferenceParse:
    """What a reference source's parser (`parse_reference`) makes of one raw file: its rows per
    warehouse table and its quarantine rows. Files with the same `key` hold the same data (a
    survey year imported both as zip and as CSV): the build keeps the first file's rows."""

    tables: dict[str, pl.DataFrame]
    quarantine: pl.DataFrame
    key: Hashable | None = None


def frame_with_schema(
    records: list[dict[str, Any]], schema: Mapping[str, pl.DataType]
) -> pl.DataFrame:
    """A frame with exactly `schema` from a list of dicts; absent keys become nulls.

    Built column by column: each column's values are gathered once, their types checked in one
    pass (Polars would coerce a wrong type silently) and handed to Polars as one Series. On the
    run-sized batches the build makes (hundreds of rows) that is faster than Polars' dict
    reader. A key outside the schema is a programming error and raises; so does a value of the
    wrong type, naming the column and the value.
    """
    if not records:  # most files quarantine nothing
        return pl.DataFrame(schema=schema)
    unknown = set().union(*records) - schema.keys()
    if unknown:
        raise ValueError(f"columns not in schema: {sorted(unknown)}")
    series = []
    for name, dtype in schema.items():
        values = [record.get(name) for record in records]
        allowed = _PYTHON_TYPES.get(dtype.base_type(), object)
        for kind in set(map(type, values)):
            if not _accepts(kind, allowed):
                value = next(value for value in values if type(value) is kind)
                raise TypeError(f"column {name!r}: {kind.__name__} value {value!r} is not {dtype}")
        series.append(pl.Series(name, values, dtype=dtype, strict=True))
    return pl.DataFrame(series)


def _accepts(kind: type, allowed: type | tuple[type, ...]) -> bool:
    """True when values of type `kind` may go in a column taking `allowed` (None always may;
    a bool only in a Boolean column, though bool is an int subclass)."""
    if kind is type(None):
        return True
    if kind is bool:
        return allowed is bool
    return issubclass(kind, allowed)


# Python types accepted for each column type (from_dicts would coerce others silently).
_PYTHON_TYPES: dict[Any, type | tuple[type, ...]] = {
    pl.String: str,
    pl.Float64: (float, int),
    pl.Int64: int,
    pl.Int32: int,
    pl.Boolean: bool,
    pl.Datetime: datetime,
    pl.Date: date,
}


def rows_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Staging rows in exactly `STAGING_SCHEMA`; posted_at takes timezone-aware datetimes."""
    for record in records:
        posted_at = record.get("posted_at")
        if isinstance(posted_at, datetime) and posted_at.tzinfo is None:
            raise ValueError(
                f"record {record.get('source_posting_id')!r}: posted_at must be timezone-aware"
            )
    return frame_with_schema(records, STAGING_SCHEMA)


def empty_rows() -> pl.DataFrame:
    """A staging frame with no rows."""
    return pl.DataFrame(schema=STAGING_SCHEMA)


def quarantine_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Quarantine rows (source, file, record, reason) in exactly `QUARANTINE_SCHEMA`."""
    return frame_with_schema(records, QUARANTINE_SCHEMA)


def empty_result() -> ParseResult:
    """A result with no rows, no quarantine and nothing skipped."""
    return ParseResult(rows=empty_rows(), quarantine=quarantine_frame([]))


def canonical_json(value: Any) -> bytes:
    """UTF-8 JSON with sorted keys and no insignificant whitespace: equal values, equal bytes.

    Written by orjson (3x faster than the stdlib). What orjson cannot write (integers beyond
    64 bits, lone surrogates, non-string keys) is written by the stdlib, ASCII-escaped; the
    same value always takes the same path, so the text stays deterministic. NaN and infinities
    (only in files the stdlib had to decode) are written as null.
    """
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        text = json.dumps(value, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return text.encode("ascii")


def content_hash(record: dict[str, Any]) -> str:
    """sha256 (hex) of the record's canonical JSON."""
    return hashlib.sha256(canonical_json(record)).hexdigest()


def concat_results(results: Iterable[ParseResult]) -> ParseResult:
    """One result holding the rows, quarantine and skipped counts of all `results`."""
    results = list(results)
    if not results:
        return empty_result()
    return ParseResult(
        rows=pl.concat([result.rows for result in results], how="vertical"),
        quarantine=pl.concat([result.quarantine for result in results], how="vertical"),
        skipped=sum(result.skipped for result in results),
        rejected=sum(result.rejected for result in results),
    )
