"""Parse a run of raw files (one snapshot) into one merged result: the unit of work of the
build's parse workers.

A worker process unpickles only this module and the parsers, not the build's analytics, so it
starts fast; one merged frame per run crosses the process boundary instead of one per file.
Each file's sha256 and size come from the very bytes that were parsed (read once).

May import: the standard library, polars, and `ingest` (discover, snapshots, staging, sources).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from types import ModuleType

import polars as pl

from ingest.discover import RawFile
from ingest.snapshots import sha256_bytes
from ingest.sources import greenhouse
from ingest.sources.common import SourceFormatError
from ingest.staging import ParseResult, concat_results, quarantine_frame


@dataclass(frozen=True)
class FileOutcome:
    """One parsed file, for the raw-file ledger."""

    raw: RawFile
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


def source_parser(source: str) -> ModuleType:
    """The parser module of a posting source (`ingest.sources.<source>`)."""
    return importlib.import_module(f"ingest.sources.{source}")


def parse_raw_run(raws: list[RawFile]) -> ParsedRun:
    """Parse posting files with their source's parser and Greenhouse pay-detail files (a broken
    pay file is quarantined with its reason); results merged in the order of `raws`."""
    results: list[ParseResult] = []
    files: list[FileOutcome] = []
    pay_frames: list[pl.DataFrame] = []
    pay_bad: list[dict[str, str]] = []
    pay_files: list[FileOutcome] = []
    for raw in raws:
        data = raw.path.read_bytes()
        digest = sha256_bytes(data)
        if raw.kind == "postings":
            result = source_parser(raw.source).parse(data, raw.rel, raw.board)
            results.append(result)
            files.append(
                FileOutcome(raw, digest, len(data), result.rows.height, result.quarantine.height)
            )
            continue
        try:
            frame = greenhouse.parse_pay_detail(data, raw.rel)
        except SourceFormatError as error:
            pay_bad.append(error.quarantine_row())
            pay_files.append(FileOutcome(raw, digest, len(data), 0, 1))
            continue
        pay_frames.append(frame.with_columns(pl.lit(raw.rel).alias("raw_file")))
        pay_files.append(FileOutcome(raw, digest, len(data), frame.height, 0))
    merged = concat_results(results)
    return ParsedRun(
        snapshot=raws[0].snapshot_date if raws else None,
        rows=merged.rows.rechunk(),
        quarantine=merged.quarantine.rechunk(),
        files=files,
        pay_rows=(
            pl.concat(pay_frames, how="diagonal_relaxed", rechunk=True)
            if pay_frames
            else pl.DataFrame()
        ),
        pay_quarantine=quarantine_frame(pay_bad),
        pay_files=pay_files,
    )
