"""Postings stage: parse every raw posting file not yet in the ledger with its source's parser
(`ingest.sources.<id>`, found through the contract) and load the rows into the staging tables,
one snapshot per transaction; Greenhouse pay details and talent-pool CSVs load beside them.

Files are parsed in runs by worker processes when there are many; the main process loads each
snapshot's rows while the workers parse the next runs.

May import: the standard library, polars, `ingest`, `warehouse`, `skillmarket.stages.common`.
"""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import groupby
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl

from ingest.discover import RawFile, raw_posting_files, talent_pool_files
from ingest.parse_runs import FileOutcome, ParsedRun, parse_raw_run, source_parser
from ingest.snapshots import sha256_file
from ingest.sources import talent_pool
from ingest.sources.common import SourceFormatError, file_failure, unexpected_reason
from ingest.staging import ParseResult, concat_results, quarantine_frame, valid_key
from skillmarket.stages.common import BuildReport, Progress, die_with_parent, no_progress
from warehouse import load

PARSE_RUN_FILES = 128
# Parsed runs allowed to wait for the main process: enough to keep both workers busy while it
# loads a snapshot into DuckDB (~1-2 s; a run parses in ~0.05 s), small in memory (~2 MB each).
PARSE_RUNS_AHEAD = 64
PARALLEL_MIN_FILES = 400


def parse_raw_file(raw: RawFile) -> ParseResult:
    """Parse one raw posting file with its source's parser."""
    parser = source_parser(raw.source)
    return parser.parse_records(raw.path.read_bytes(), raw.rel, raw.board).result()


def _parse_runs(pending: list[RawFile]) -> list[list[RawFile]]:
    """Runs of at most PARSE_RUN_FILES files, each within one snapshot, in load order."""
    runs: list[list[RawFile]] = []
    for _, group in groupby(pending, key=lambda raw: raw.snapshot_date):
        files = list(group)
        runs.extend(files[i : i + PARSE_RUN_FILES] for i in range(0, len(files), PARSE_RUN_FILES))
    return runs


def _parsed_in_order(
    pool: ProcessPoolExecutor | None, runs: list[list[RawFile]]
) -> Iterator[ParsedRun]:
    """Parsed runs in order; with a pool, a bounded number of tasks run ahead of the consumer
    (the warehouse load overlaps parsing, memory stays bounded)."""
    if pool is None:
        yield from map(parse_raw_run, runs)
        return
    in_flight: deque[Future[ParsedRun]] = deque()
    queued = iter(runs)
    for run in itertools.islice(queued, PARSE_RUNS_AHEAD):
        in_flight.append(pool.submit(parse_raw_run, run))
    while in_flight:
        parsed = in_flight.popleft().result()
        for run in itertools.islice(queued, 1):
            in_flight.append(pool.submit(parse_raw_run, run))
        yield parsed


@contextmanager
def _parse_pool(n_files: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for parsing when there is enough to parse (one per core); parsing is
    pure Python JSON work, so threads would not help. Small loads parse in-process."""
    workers = os.cpu_count() or 1
    if n_files < PARALLEL_MIN_FILES or workers < 2:
        yield None
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        yield pool


def _ledger_entry(outcome: FileOutcome) -> load.LoadedFile:
    return load.LoadedFile(
        raw_file=outcome.rel,
        source=outcome.source,
        snapshot_date=outcome.snapshot_date,
        sha256=outcome.sha256,
        size_bytes=outcome.size_bytes,
        n_rows=outcome.n_rows,
        n_quarantined=outcome.n_quarantined,
    )


def _pending_files(
    con: duckdb.DuckDBPyConnection, raw_root: Path, report: BuildReport
) -> list[RawFile]:
    """Posting files not in the ledger yet; a loaded file whose bytes changed raises.

    A loaded file is hashed again only when it was modified after it was loaded (its mtime
    is past the ledger's `loaded_at`): raw files are immutable, and hashing the whole store
    on every build cost a refresh of 1M postings seconds of reading 1.2 GB."""
    done_files = load.loaded_file_times(con)
    pending: list[RawFile] = []
    for raw in raw_posting_files(raw_root):
        rel = valid_key(raw.rel)  # the name the ledger knows it by (parse_runs)
        if rel in done_files:
            sha256, loaded_at = done_files[rel]
            if os.stat(raw.location).st_mtime >= loaded_at:
                digest = sha256_file(raw.path)
                if digest != sha256:
                    load.check_unchanged(con, rel, digest)  # raises, naming the file
            report.files_skipped += 1
            continue
        pending.append(raw)
    return pending


# Parses runs of raw files elsewhere (the Spark engine's executors), yielding them in order.
RunParser = Callable[[list[list[RawFile]]], Iterator[ParsedRun]]


def load_raw_postings(
    con: duckdb.DuckDBPyConnection,
    raw_root: Path,
    report: BuildReport,
    progress: Progress = no_progress,
    parse_runs: RunParser | None = None,
) -> None:
    """Parse and load every raw posting file not yet in the ledger, one snapshot per batch.
    The runs are parsed by worker processes (or in-process), or by `parse_runs` when given."""
    pending = _pending_files(con, raw_root, report)
    progress("parse", 0, len(pending))
    done = 0
    pool_files = 0 if parse_runs is not None else len(pending)
    with _parse_pool(pool_files) as pool, load.deferred_checkpoint(con):
        runs = _parse_runs(pending)
        parsed = parse_runs(runs) if parse_runs is not None else _parsed_in_order(pool, runs)
        for snapshot, group in groupby(parsed, key=lambda run: run.snapshot):
            batch = list(group)
            ledger = [_ledger_entry(outcome) for run in batch for outcome in run.files]
            merged = concat_results(
                ParseResult(rows=run.rows, quarantine=run.quarantine) for run in batch
            )
            snapshot_of = {entry.raw_file: snapshot for entry in ledger}
            load.load_posting_batch(con, merged.rows, merged.quarantine, ledger, snapshot_of)
            report.records_parsed += merged.rows.height
            report.records_quarantined += merged.quarantine.height
            pay_ledger = [_ledger_entry(outcome) for run in batch for outcome in run.pay_files]
            if pay_ledger:
                report.records_quarantined += _load_pay_details(con, batch, pay_ledger)
            done += len(ledger) + len(pay_ledger)
            progress("parse", done, len(pending))
            report.files_loaded += len(ledger) + len(pay_ledger)


def _load_pay_details(
    con: duckdb.DuckDBPyConnection, batch: list[ParsedRun], ledger: list[load.LoadedFile]
) -> int:
    """Load a batch's Greenhouse pay details; returns how many were quarantined."""
    pay_frames = [run.pay_rows for run in batch if run.pay_rows.width]
    frame = pl.concat(pay_frames, how="diagonal_relaxed") if pay_frames else pl.DataFrame()
    bad = pl.concat([run.pay_quarantine for run in batch], how="vertical")
    load.load_table_rows(con, "raw_greenhouse_pay", frame, ledger, bad)
    return bad.height


def load_talent_pools(con: duckdb.DuckDBPyConnection, raw_root: Path) -> None:
    """Load talent-pool CSVs not yet in the ledger; rows without an id are quarantined, and a
    file that cannot be read at all is quarantined whole (record "*") and the others loaded."""
    done_files = load.loaded_files(con)
    for path in talent_pool_files(raw_root):
        rel = valid_key(str(path.relative_to(raw_root)))
        digest = sha256_file(path)
        if rel in done_files:
            load.check_unchanged(con, rel, digest)
            continue
        try:
            good, bad = talent_pool.parse_file(path, rel)
        except Exception as error:  # SourceFormatError, or a reader meeting an odd file
            reason = error.reason if isinstance(error, SourceFormatError) else None
            failure = file_failure(talent_pool.SOURCE, rel, reason or unexpected_reason(error))
            good, bad = pl.DataFrame(), quarantine_frame(failure.quarantine)
        entry = load.LoadedFile(
            rel, talent_pool.SOURCE, None, digest, path.stat().st_size, good.height, bad.height
        )
        load.load_table_rows(con, "raw_talent_pool", good, [entry], bad)
