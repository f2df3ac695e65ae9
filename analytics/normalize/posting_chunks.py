"""The build's streamed path to the core tables: staging chunks prepared one at a time
(`prepare_records` of `analytics.normalize.postings`), in this process or by worker processes,
spilled to Parquet, then deduplicated together (`finish_prepared_chunks`).

Chunks can be prepared by worker processes (`prepare_chunk_file`, given an executor): the
staging chunk goes to the worker as an Arrow IPC file and its prepared records come back as
Parquet, so two cores share the per-record work and each process holds one chunk at a time.
A record a step fails on (a poison record) is quarantined, not the chunk (`isolate`).

May import: the standard library, polars and the sibling `analytics.normalize` modules.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polars as pl

from analytics.normalize import dedupe, isolate
from analytics.normalize.postings import CorePostings, finish_core_postings, prepare_records


def _compacted(frame: pl.DataFrame) -> pl.DataFrame:
    """A deep copy in buffers of its own. Columns passed through from a staging chunk (title,
    company, url, ...) otherwise keep that chunk's string buffers alive; measured on the 100k
    sample, holding the prepared records of every chunk cost 240 MB more without this."""
    buffer = io.BytesIO()
    frame.write_ipc(buffer)
    buffer.seek(0)
    return pl.read_ipc(buffer)


ChunkDone = Callable[[int], None]  # called with a prepared chunk's row count


def _ignore_chunk(rows: int) -> None:
    return None


def _spill_records(records: pl.DataFrame, spill_dir: Path, index: int) -> None:
    """Write a chunk's prepared records to `spill_dir`: word hashes and the rest apart."""
    records.select("record_key", dedupe.WORD_HASHES).write_parquet(
        spill_dir / f"words-{index:05d}.parquet", compression="lz4"
    )
    records.drop(dedupe.WORD_HASHES).write_parquet(
        spill_dir / f"records-{index:05d}.parquet", compression="lz4"
    )


def prepare_chunk_file(
    staging_file: Path, spill_dir: Path, index: int, rates: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Worker task: `prepare_records` of a staging chunk written as Arrow IPC (the file is
    deleted once read), its records spilled to `spill_dir`; returns the pay quarantine rows."""
    chunk = pl.read_ipc(staging_file)
    staging_file.unlink()
    records, quarantine = isolate.isolated(partial(prepare_records, rates=rates), chunk)
    del chunk
    _spill_records(records, spill_dir, index)
    return quarantine


def _prepared_in_process(
    chunks: Iterable[pl.DataFrame],
    spill_dir: Path | None,
    rates: pl.DataFrame | None,
    kept: list[pl.DataFrame],
    on_chunk: ChunkDone,
) -> list[pl.DataFrame]:
    """`prepare_records` of every chunk in this process, spilled to `spill_dir` or (without
    one) appended to `kept`; returns the quarantine frames in chunk order."""
    quarantines: list[pl.DataFrame] = []
    for index, chunk in enumerate(chunks):
        if chunk.height == 0:
            continue
        records, quarantine = isolate.isolated(partial(prepare_records, rates=rates), chunk)
        quarantines.append(quarantine)
        if spill_dir is None:
            kept.append(_compacted(records))
        else:
            _spill_records(records, spill_dir, index)
        on_chunk(chunk.height)
    return quarantines


def _prepared_in_pool(
    chunks: Iterable[pl.DataFrame],
    spill_dir: Path,
    rates: pl.DataFrame | None,
    executor: Executor,
    ahead: int,
    on_chunk: ChunkDone,
) -> list[pl.DataFrame]:
    """Run `prepare_chunk_file` on every chunk in `executor`, at most `ahead` chunks in flight
    (each waits on disk, not in memory); returns the quarantine frames in chunk order."""
    in_flight: deque[tuple[Future[pl.DataFrame], int]] = deque()
    quarantines: list[pl.DataFrame] = []

    def collect_oldest() -> None:
        future, rows = in_flight.popleft()
        quarantines.append(future.result())
        on_chunk(rows)

    for index, chunk in enumerate(chunks):
        if chunk.height == 0:
            continue
        staging_file = spill_dir / f"staging-{index:05d}.arrow"
        chunk.write_ipc(staging_file)
        task = executor.submit(prepare_chunk_file, staging_file, spill_dir, index, rates)
        in_flight.append((task, chunk.height))
        del chunk
        while len(in_flight) >= ahead:
            collect_oldest()
    while in_flight:
        collect_oldest()
    return quarantines


@dataclass
class PreparedChunks:
    """Prepared records of every chunk: spilled to `spill_dir`, or kept in memory (`kept`)."""

    quarantine: pl.DataFrame
    spill_dir: Path | None
    kept: list[pl.DataFrame]


def prepare_chunks(
    chunks: Iterable[pl.DataFrame],
    spill_dir: Path | None = None,
    rates: pl.DataFrame | None = None,
    executor: Executor | None = None,
    ahead: int = 3,
    on_chunk: ChunkDone | None = None,
) -> PreparedChunks:
    """The first step of `build_core_postings_in_chunks`: `prepare_records` of every chunk, in
    this process or (with `executor`, which needs `spill_dir`) in worker processes; the
    workers are free to go once this returns. `on_chunk` is called with each chunk's row
    count once it is prepared (progress)."""
    kept: list[pl.DataFrame] = []
    done = on_chunk or _ignore_chunk
    if executor is not None:
        if spill_dir is None:
            raise ValueError("prepare_chunks: an executor needs a spill_dir")
        quarantines = _prepared_in_pool(chunks, spill_dir, rates, executor, ahead, done)
    else:
        quarantines = _prepared_in_process(chunks, spill_dir, rates, kept, done)
    if not quarantines:
        raise ValueError("prepare_chunks: no staging rows")
    quarantine = pl.concat(quarantines, how="vertical", rechunk=True)
    return PreparedChunks(quarantine, spill_dir, kept)


def finish_prepared_chunks(prepared: PreparedChunks) -> CorePostings:
    """The second step of `build_core_postings_in_chunks`: dedupe and the core tables."""
    if prepared.spill_dir is None:
        records = pl.concat(prepared.kept, how="vertical", rechunk=True)
        prepared.kept.clear()
        return finish_core_postings(records, prepared.quarantine)
    records = pl.read_parquet(prepared.spill_dir / "records-*.parquet").rechunk()
    spilled = pl.scan_parquet(prepared.spill_dir / "words-*.parquet")
    return finish_core_postings(records, prepared.quarantine, spilled)


def build_core_postings_in_chunks(
    chunks: Iterable[pl.DataFrame],
    spill_dir: Path | None = None,
    rates: pl.DataFrame | None = None,
    executor: Executor | None = None,
    ahead: int = 3,
) -> CorePostings:
    """`build_core_postings` over staging rows that arrive in chunks (streamed from the
    warehouse): only one chunk's text is in memory at a time.

    With `spill_dir`, each chunk's prepared records go to Parquet files there and are read
    back once every chunk is done, so nothing long-lived is allocated between the chunks'
    big temporaries (on 1M postings the process otherwise grew by ~3 GB of fragmented heap);
    the description word hashes (the bulk of a prepared record) stay on disk and dedupe reads
    back only those of possible duplicates. With an `executor` (worker processes) as well,
    chunks are written to `spill_dir` as Arrow IPC and prepared by the workers in parallel,
    at most `ahead` at a time; the result is the same. The two steps are `prepare_chunks`
    and `finish_prepared_chunks` (a build shuts its workers down in between).
    """
    return finish_prepared_chunks(prepare_chunks(chunks, spill_dir, rates, executor, ahead))
