"""Parse a run of raw files (one snapshot) into one merged result: the unit of work of the
build's parse workers.

A worker process unpickles only this module and the parsers, not the build's analytics, so it
starts fast; one merged frame per run crosses the process boundary instead of one per file.
The parsers return plain records and the frames are built once per run, not per file (frames
per file took a third of the parse time). Each file's sha256 and size come from the very
bytes that were parsed (read once).

May import: the standard library, polars, `contract`, and `ingest` (discover, snapshots, staging,
sources).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

import polars as pl

from contract.sources import source
from ingest.discover import RawFile
from ingest.snapshots import sha256_bytes
from ingest.sources import greenhouse
from ingest.sources.common import SourceFormatError
from ingest.staging import ParsedRecords, frame_with_schema, quarantine_frame

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
        if raw.kind == "postings":
            parsed = source_parser(raw.source).parse_records(data, raw.rel, raw.board)
            records.add(parsed)
            n_rows, n_bad = len(parsed.rows), len(parsed.quarantine)
            files.append(
                FileOutcome(
                    raw.rel, raw.source, raw.snapshot_date, digest, len(data), n_rows, n_bad
                )
            )
            continue
        try:
            row = greenhouse.pay_detail_row(data, raw.rel)
        except SourceFormatError as error:
            pay_bad.append(error.quarantine_row())
            pay_files.append(
                FileOutcome(raw.rel, raw.source, raw.snapshot_date, digest, len(data), 0, 1)
            )
            continue
        any_pay_file_read = True
        if row is not None:
            pay_rows.append({**row, "raw_file": raw.rel})
        pay_files.append(
            FileOutcome(
                raw.rel, raw.source, raw.snapshot_date, digest, len(data), int(row is not None), 0
            )
        )
    merged = records.result()
    return ParsedRun(
        snapshot=raws[0].snapshot_date if raws else None,
        rows=merged.rows,
        quarantine=merged.quarantine,
        files=files,
        pay_rows=frame_with_schema(pay_rows, PAY_ROW_SCHEMA)
        if any_pay_file_read
        else pl.DataFrame(),
        pay_quarantine=quarantine_frame(pay_bad),
        pay_files=pay_files,
    )
