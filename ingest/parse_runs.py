"""Parse a run of raw files (one snapshot) into one merged result: the unit of work of the
build's parse workers.

A worker process unpickles only this module and the parsers, not the build's analytics, so it
starts fast; one merged frame per run crosses the process boundary instead of one per file.
The parsers return plain records and the frames are built once per run, not per file (frames
per file took a third of the parse time). Each file's sha256 and size come from the very
bytes that were parsed (read once).

Nothing in one file stops the run: a parser that raises quarantines its file as a whole
(record "*", the exception as the reason), a row the staging schema cannot hold is quarantined
alone (`ParsedRecords.result`), and so is a Greenhouse pay detail. A file name that is not
valid UTF-8 (lone surrogates from the file system) is written with its escapes, the name the
ledger and quarantine then know it by.

May import: the standard library, polars, `contract`, and `ingest` (discover, snapshots, staging,
sources).
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from types import ModuleType
from typing import Any

import polars as pl

from contract.sources import source
from ingest.discover import RawFile
from ingest.snapshots import sha256_bytes
from ingest.sources import greenhouse
from ingest.sources.common import SourceFormatError, parsed_file, unexpected_reason
from ingest.staging import (
    BadRows,
    ParsedRecords,
    frame_with_schema,
    quarantine_frame,
    rows_isolated,
    valid_key,
)

# Greenhouse pay details with the file each came from
PAY_ROW_SCHEMA: dict[str, pl.DataType] = {**greenhouse.PAY_DETAIL_SCHEMA, "raw_file": pl.String()}


@dataclass(frozen=True)
class FileOutcome:
    """One parsed file, for the raw-file ledger. It names its file by `rel` rather than
    carrying the RawFile: unpickling 275k Path objects in the loading process cost 7.7 s of
    its CPU at 1M postings."""

    rel: str
    source: str
    snapshot_date: date | None
    sha256: str
    size_bytes: int
    n_rows: int
    n_quarantined: int


@dataclass
class ParsedRun:
    """Posting rows and quarantine of a run's posting files, Greenhouse pay details of its pay
    files (`pay_rows` has no columns when there are none), and one outcome per file."""

    snapshot: date | None
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    files: list[FileOutcome]
    pay_rows: pl.DataFrame
    pay_quarantine: pl.DataFrame
    pay_files: list[FileOutcome]


def source_parser(source_id: str) -> ModuleType:
    """The parser module of a posting source of the contract (`ingest.sources.<id>`, exposing
    `parse_records(data, raw_file, board) -> ParsedRecords`)."""
    record = source(source_id)
    if record.kind != "posting":
        raise ValueError(f"{source_id!r} is a {record.kind} source, not a posting source")
    return importlib.import_module(f"ingest.sources.{record.id}")


def parse_raw_run(raws: list[RawFile]) -> ParsedRun:
    """Parse posting files with their source's parser and Greenhouse pay-detail files (a broken
    pay file is quarantined with its reason); results merged in the order of `raws`."""
    records = ParsedRecords()
    files: list[FileOutcome] = []
    pay_rows: list[dict[str, Any]] = []
    pay_bad: list[dict[str, str]] = []
    pay_files: list[FileOutcome] = []
    any_pay_file_read = False
    for raw in raws:
        data = raw.path.read_bytes()
        digest = sha256_bytes(data)
        rel, board = valid_key(raw.rel), valid_key(raw.board)
        if raw.kind == "postings":
            parser = source_parser(raw.source).parse_records
            parsed = parsed_file(parser, raw.source, data, rel, board)
            records.add(parsed)
            n_rows, n_bad = len(parsed.rows), len(parsed.quarantine)
            files.append(
                FileOutcome(rel, raw.source, raw.snapshot_date, digest, len(data), n_rows, n_bad)
            )
            continue
        try:
            row = greenhouse.pay_detail_row(data, rel)
        except Exception as error:  # SourceFormatError, or a bug meeting an unforeseen file
            if not isinstance(error, SourceFormatError):
                error = SourceFormatError(raw.source, rel, unexpected_reason(error))
            pay_bad.append(error.quarantine_row())
            pay_files.append(
                FileOutcome(rel, raw.source, raw.snapshot_date, digest, len(data), 0, 1)
            )
            continue
        any_pay_file_read = True
        if row is not None:
            pay_rows.append({**row, "raw_file": rel})
        pay_files.append(
            FileOutcome(
                rel, raw.source, raw.snapshot_date, digest, len(data), int(row is not None), 0
            )
        )
    merged = records.result()
    if merged.rows.height != len(records.rows):  # rows the schema could not hold: quarantined
        files = _recounted(files, merged.rows, merged.quarantine)
    pay_frame = pl.DataFrame()
    if any_pay_file_read:
        pay_frame, bad = _pay_frame(pay_rows)
        if bad.notes or bad.rejected:
            pay_bad += [*bad.notes, *bad.rejected]
            pay_files = _recounted(pay_files, pay_frame, quarantine_frame(pay_bad))
    return ParsedRun(
        snapshot=raws[0].snapshot_date if raws else None,
        rows=merged.rows,
        quarantine=merged.quarantine,
        files=files,
        pay_rows=pay_frame,
        pay_quarantine=quarantine_frame(pay_bad),
        pay_files=pay_files,
    )


def _pay_frame(pay_rows: list[dict[str, Any]]) -> tuple[pl.DataFrame, BadRows]:
    """The pay-detail frame; a row it cannot hold is quarantined alone (see `rows_isolated`)."""
    try:
        return frame_with_schema(pay_rows, PAY_ROW_SCHEMA), BadRows()
    except Exception:
        return rows_isolated(
            pay_rows, lambda part: frame_with_schema(part, PAY_ROW_SCHEMA), greenhouse.SOURCE
        )


def _recounted(
    outcomes: list[FileOutcome], rows: pl.DataFrame, quarantine: pl.DataFrame
) -> list[FileOutcome]:
    """The outcomes with each file's row and quarantine counts taken from the final frames."""
    n_rows = Counter(rows["raw_file"].to_list()) if rows.height else Counter()
    n_bad = Counter(quarantine["file"].to_list())
    return [
        replace(outcome, n_rows=n_rows[outcome.rel], n_quarantined=n_bad[outcome.rel])
        for outcome in outcomes
    ]
