"""Normalize stage: the latest version of every source record, streamed from the staging tables
in chunks, is normalized (worker processes when there is more than one chunk; pay converted
with the FX rates of the build), deduplicated into canonical postings and written to the core
tables; then the talent pool is rebuilt in the warehouse with its places normalized.

Chunks spill to a `normalize-*` folder in the home, removed when the stage ends; one that an
interrupted build left is removed by the next build (`remove_stale_spill_dirs`).

May import: the standard library, polars, `analytics.normalize`, `warehouse`,
`skillmarket.stages.common`.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl

from analytics.normalize import fx, locations
from analytics.normalize.dedupe import dedup_rate
from analytics.normalize.postings import finish_prepared_chunks, prepare_chunks
from skillmarket.stages.common import (
    BuildError,
    BuildReport,
    Progress,
    die_with_parent,
    no_progress,
)
from warehouse import extract, load, talent_pool

# Staging rows normalized at a time: the HTML and text of one chunk are in memory, not all.
NORMALIZE_CHUNK_ROWS = 50_000
NORMALIZE_TASKS_PER_WORKER = 4
SPILL_PREFIX = "normalize-"  # the stage's spill folders in the home


@dataclass
class CorePostings:
    """What the marts need of the core tables: postings and their skills."""

    postings: pl.DataFrame
    skills: pl.DataFrame


def fx_rates_for_build(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The monthly FX table conversions should use: ECB monthly means from `core_fx_monthly`
    where loaded, the shipped table's rows for every other month and currency."""
    shipped = fx.usd_rates()
    ecb = extract.table(con, "core_fx_monthly").select("month", "currency", "usd_per_unit", "basis")
    if ecb.height == 0:
        return shipped
    ecb = ecb.filter(pl.col("currency").is_in(shipped["currency"].unique().implode()))
    return (
        pl.concat([ecb, shipped.join(ecb, on=["month", "currency"], how="anti")])
        .sort("month", "currency")
        .select(shipped.columns)
    )


@contextmanager
def _normalize_pool(first_chunk_rows: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for normalizing when there is more than one chunk (a first chunk of
    full size); each worker is replaced after a few chunks, which returns its fragmented heap
    to the system."""
    workers = os.cpu_count() or 1
    if first_chunk_rows < NORMALIZE_CHUNK_ROWS or workers < 2:
        yield None
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        max_tasks_per_child=NORMALIZE_TASKS_PER_WORKER,
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        yield pool


def normalize_postings(
    con: duckdb.DuckDBPyConnection,
    raw_root: Path,
    spill_root: Path,
    report: BuildReport,
    progress: Progress = no_progress,
) -> CorePostings:
    """Normalize and deduplicate the latest source records into `core_postings`,
    `core_posting_sources` and `core_posting_skills` (and normalize-stage quarantine), then
    rebuild `core_talent_pool`. Raises BuildError when there are no postings at all."""
    # read before the chunks start: they hold a result open on the connection
    rates = fx_rates_for_build(con)
    total = extract.latest_source_record_count(con)
    normalized = 0

    def chunk_done(rows: int) -> None:
        nonlocal normalized
        normalized += rows
        progress("normalize", normalized, total)

    progress("normalize", 0, total)
    chunks = extract.latest_source_record_chunks(con, NORMALIZE_CHUNK_ROWS)
    first = next(chunks, None)
    if first is None:
        quarantined = load.quarantine_count(con)
        held = (
            f" ({quarantined:,} quarantined: `skillmarket check` lists them)" if quarantined else ""
        )
        raise BuildError(
            f"no postings under {raw_root}{held}: run `skillmarket ingest sample` "
            "or another `skillmarket ingest` source first"
        )
    with tempfile.TemporaryDirectory(prefix=SPILL_PREFIX, dir=spill_root) as spill:
        with _normalize_pool(first.height) as pool:
            prepared = prepare_chunks(
                itertools.chain([first], chunks),
                spill_dir=Path(spill),
                rates=rates,
                executor=pool,
                on_chunk=chunk_done,
            )
        progress("dedupe", 0, 1)
        core = finish_prepared_chunks(prepared)
        del prepared
    report.source_records = core.records.height
    report.canonical_postings = core.postings.height
    report.dedup_rate = dedup_rate(core.records)
    result = CorePostings(core.postings, core.skills)
    load.replace_tables(
        con,
        {
            "core_postings": core.postings,
            "core_posting_sources": core.sources,
            "core_posting_skills": core.skills,
        },
    )
    load.replace_normalize_quarantine(con, core.quarantine)
    # the marts need only the postings and their skills; the talent pool is built in the
    # warehouse, and its open candidates read back by the demand/supply mart
    del core
    places = talent_pool_place_map(talent_pool.raw_places(con))
    talent_pool.replace_core_talent_pool(con, places)  # even when empty
    progress("dedupe", 1, 1)
    return result


def remove_stale_spill_dirs(spill_root: Path) -> list[Path]:
    """Remove the spill folders (`normalize-*`) an interrupted build left in the home; returns
    them. Call it only while holding the home's warehouse: then no other build can be using
    one (a build spills only inside its own open warehouse)."""
    if not spill_root.is_dir():
        return []
    stale = [
        path
        for path in spill_root.iterdir()
        if path.name.startswith(SPILL_PREFIX) and path.is_dir() and not path.is_symlink()
    ]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def talent_pool_place_map(raw_places: pl.DataFrame) -> pl.DataFrame:
    """Normalized city, region, country and metro code (from the gazetteer) of each distinct
    raw talent-pool place (raw_city, raw_region, raw_country): the pool's places are few, its
    candidate × skill rows many, so places are parsed once each and joined in the warehouse."""
    places = locations.parse_locations(
        pl.Series([None] * raw_places.height, dtype=pl.String),
        city_hints=raw_places["city"],
        region_hints=raw_places["region"],
        country_hints=raw_places["country"],
        remote_hints=None,
    )
    return pl.concat(
        [
            raw_places.select(
                pl.col("city").alias("raw_city"),
                pl.col("region").alias("raw_region"),
                pl.col("country").alias("raw_country"),
            ),
            places.select("city", "region", "country", "metro_code"),
        ],
        how="horizontal",
    )
