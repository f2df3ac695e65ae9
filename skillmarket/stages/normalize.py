"""Normalize stage: the latest version of every source record that is new or changed since
the last build (every record when the normalizer's version changed), streamed from the
staging tables in chunks, is normalized (worker processes when there is more than one chunk;
pay converted with the FX rates of the build); the other records' normalized rows are read
back from `norm_records`. Dedupe runs again on the partitions the change touched, the core
tables are made from every record, and core tables, kept records and normalize-stage
quarantine are saved in one transaction; then the talent pool is rebuilt in the warehouse
with its places normalized.

A record's normalized row depends on its input key (content hash, raw file, first sighting,
Greenhouse pay details: `warehouse.extract.latest_record_keys`) and on the normalizer's
version (`analytics.normalize.version`, over its code, taxonomies, library versions and the
build's FX table); the result equals a full normalization (tests/skillmarket/
test_incremental_build.py builds snapshots one by one and from scratch and compares).

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
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl

from analytics.normalize import dedupe, fx, locations
from analytics.normalize.dedupe import dedup_rate
from analytics.normalize.isolate import QUARANTINE_SCHEMA
from analytics.normalize.posting_chunks import prepare_chunks
from analytics.normalize.postings import (
    KEPT_FOR_DEDUPE,
    core_postings_reusing,
    kept_records_lazy,
    record_word_hashes,
)
from analytics.normalize.postings import CorePostings as CorePostingTables
from analytics.normalize.version import normalizer_version
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


@dataclass
class NormalizePlan:
    """Which records a build normalizes and which it reuses."""

    keys: pl.DataFrame  # every latest record: source, source_posting_id, ..., input_key
    todo: pl.DataFrame  # records to normalize now (source, source_posting_id)
    reused: pl.DataFrame  # kept rows of the others, last_seen brought up to date
    gone: pl.DataFrame  # kept records no longer among the latest (source, source_posting_id)
    stale_partitions: pl.Series  # dedupe partitions of kept rows replaced or gone
    full: bool  # nothing reusable: every record is normalized

    def hand_over_reused(self) -> pl.DataFrame:
        """The reused rows, leaving in the plan only what saving needs of them (source,
        source_posting_id, posting_id, is_representative): passed straight into
        `core_postings_reusing`, the kept rows are then released there once in the records."""
        reused = self.reused
        if reused.width:
            self.reused = reused.select(
                "source", "source_posting_id", "posting_id", "is_representative"
            )
        return reused


def normalize_plan(
    keys: pl.DataFrame, kept: tuple[pl.DataFrame, pl.DataFrame] | None
) -> NormalizePlan:
    """Split the latest records (`extract.latest_record_keys`) into those to normalize and
    those whose kept row has their input key: `kept` is `extract.normalized_records_split`
    (the reusable kept rows, last_seen brought up to date, and the stale ones; None for
    none)."""
    ids = ["source", "source_posting_id"]
    if kept is None or kept[0].height + kept[1].height == 0:
        return NormalizePlan(
            keys,
            keys.select(ids),
            pl.DataFrame(),
            pl.DataFrame(schema={"source": pl.String, "source_posting_id": pl.String}),
            pl.Series(dedupe.PARTITION, [], dtype=pl.String),
            full=True,
        )
    reused, stale = kept
    todo = keys.select(ids).join(reused.select(ids), on=ids, how="anti")
    gone = stale.join(keys.select(ids), on=ids, how="anti").select(ids)
    return NormalizePlan(
        keys, todo, reused, gone, stale.get_column(dedupe.PARTITION).unique(), full=False
    )


def _records_in_touched_partitions(fresh: pl.Series, plan: NormalizePlan) -> int:
    """How many records dedupe runs on: the fresh ones (`fresh`: their partitions) and the
    reused ones sharing a partition with a fresh or a replaced or gone record."""
    if plan.reused.width == 0:
        return fresh.len()
    touched = pl.concat([fresh, plan.stale_partitions]).unique()
    return (
        fresh.len() + plan.reused.filter(pl.col(dedupe.PARTITION).is_in(touched.implode())).height
    )


def _word_lookup(con: duckdb.DuckDBPyConnection, spill: Path) -> dedupe.WordLookup:
    """Word hashes of records dedupe compares: from this build's spilled word hashes, else
    derived again from the record's staging body."""
    spilled = list(spill.glob("words-*.parquet"))

    def lookup(needed: pl.DataFrame) -> pl.DataFrame:
        found = (
            pl.scan_parquet(spilled)
            .join(needed.select("record_key").lazy(), on="record_key", how="semi")
            .collect()
            if spilled
            else pl.DataFrame(
                schema={"record_key": pl.String, dedupe.WORD_HASHES: pl.List(pl.UInt64)}
            )
        )
        missing = needed.join(found.select("record_key"), on="record_key", how="anti")
        if missing.height == 0:
            return found
        derived = record_word_hashes(extract.record_bodies(con, missing))
        return pl.concat([found, derived.cast(found.schema)])

    return lookup


def normalize_postings(
    con: duckdb.DuckDBPyConnection,
    raw_root: Path,
    spill_root: Path,
    report: BuildReport,
    progress: Progress = no_progress,
) -> CorePostings:
    """Normalize the new and changed latest source records (all of them when the normalizer's
    version changed), deduplicate the touched partitions into `core_postings`,
    `core_posting_sources` and `core_posting_skills` (and normalize-stage quarantine), keep
    the normalized records for the next build, then rebuild `core_talent_pool` (kept when
    its inputs are unchanged). Raises
    BuildError when there are no postings at all."""
    step = _step_timer(report.normalize_seconds)
    # read before the chunks start: they hold a result open on the connection
    rates = fx_rates_for_build(con)
    version = normalizer_version(rates)
    with extract.latest_keys(con):
        keys = extract.latest_record_keys(con)
        step("latest_keys")
        if keys.height == 0:
            quarantined = load.quarantine_count(con)
            held = (
                f" ({quarantined:,} quarantined: `skillmarket check` lists them)"
                if quarantined
                else ""
            )
            raise BuildError(
                f"no postings under {raw_root}{held}: run `skillmarket ingest sample` "
                "or another `skillmarket ingest` source first"
            )
        # the reused rows are read without what only dedupe needs (content hash, MinHash
        # signature): it is read for the few that dedupe runs on again
        plan = normalize_plan(
            keys, extract.normalized_records_split(con, version, keys, unread=KEPT_FOR_DEDUPE)
        )
        report.records_normalized = plan.todo.height
        report.records_reused = plan.reused.height
        step("kept_records")
        with tempfile.TemporaryDirectory(prefix=SPILL_PREFIX, dir=spill_root) as spill:
            fresh, quarantine = _normalized_now(con, plan, Path(spill), rates, progress)
            step("normalize_records")
            report.records_rededuped = _records_in_touched_partitions(
                _fresh_partitions(fresh, plan), plan
            )
            # the dedupe bar's steps: dedupe and the core tables, then save and the talent pool
            progress("dedupe", 0, 2)
            # the fresh records are read from the spill and the reused ones handed over in the
            # call: no reference stays here, so they are released once in the core records
            core = core_postings_reusing(
                fresh,
                plan.hand_over_reused(),
                plan.stale_partitions,
                quarantine,
                _word_lookup(con, Path(spill)),
                partial(extract.kept_record_columns, con, columns=KEPT_FOR_DEDUPE),
            )
            step("dedupe_and_core_tables")
            progress("dedupe", 1, 2)
    report.source_records = core.records.height
    report.canonical_postings = core.postings.height
    report.dedup_rate = dedup_rate(core.records)
    result = CorePostings(core.postings, core.skills)
    _save(con, core, plan, version)
    step("save")
    # the marts need only the postings and their skills; the talent pool is built in the
    # warehouse, and its open candidates read back by the demand/supply mart
    del core, plan
    places = talent_pool_place_map(talent_pool.raw_places(con))
    talent_pool.refresh_core_talent_pool(con, places)  # even when empty; kept if unchanged
    step("talent_pool")
    progress("dedupe", 2, 2)
    return result


def _step_timer(seconds: dict[str, float]) -> Callable[[str], None]:
    """A function that records the wall seconds since its previous call under a step's name."""
    last = [time.perf_counter()]

    def step(name: str) -> None:
        now = time.perf_counter()
        seconds[name] = round(now - last[0], 3)
        last[0] = now

    return step


def _fresh_partitions(fresh: pl.DataFrame | pl.LazyFrame, plan: NormalizePlan) -> pl.Series:
    """The dedupe partition of every record normalized now."""
    if isinstance(fresh, pl.LazyFrame):
        return fresh.select(dedupe.PARTITION).collect().get_column(dedupe.PARTITION)
    if fresh.width:
        return fresh.get_column(dedupe.PARTITION)
    return plan.stale_partitions.clear()


def _normalized_now(
    con: duckdb.DuckDBPyConnection,
    plan: NormalizePlan,
    spill: Path,
    rates: pl.DataFrame,
    progress: Progress,
) -> tuple[pl.DataFrame | pl.LazyFrame, pl.DataFrame]:
    """`kept_records` of the plan's records to normalize (an empty frame for none, else a
    scan of the records spilled to `spill`, with their word hashes) and their quarantine
    rows."""
    total = plan.todo.height
    normalized = 0

    def chunk_done(rows: int) -> None:
        nonlocal normalized
        normalized += rows
        progress("normalize", normalized, total)

    progress("normalize", 0, total)
    if total == 0:
        return pl.DataFrame(), pl.DataFrame(schema=QUARANTINE_SCHEMA)
    only = None if plan.full else plan.todo
    chunks = extract.latest_source_record_chunks(con, NORMALIZE_CHUNK_ROWS, only=only)
    first = next(chunks, None)
    if first is None:
        return pl.DataFrame(), pl.DataFrame(schema=QUARANTINE_SCHEMA)
    with _normalize_pool(first.height) as pool:
        prepared = prepare_chunks(
            itertools.chain([first], chunks),
            spill_dir=spill,
            rates=rates,
            executor=pool,
            on_chunk=chunk_done,
        )
    return kept_records_lazy(pl.scan_parquet(spill / "records-*.parquet")), prepared.quarantine


def _save(
    con: duckdb.DuckDBPyConnection, core: CorePostingTables, plan: NormalizePlan, version: str
) -> None:
    """Save the core tables, the kept records (with their input keys) and the normalize-stage
    quarantine in one transaction: all of them after a full normalization, else the rows of
    the records normalized now, gone, or given another posting id."""
    ids = ["source", "source_posting_id"]
    records = core.records
    if not plan.full:
        reused = plan.reused.select(*ids, "posting_id", "is_representative")
        records = records.join(reused, on=[*ids, "posting_id", "is_representative"], how="anti")
    # the input keys in the records' order, added as a column (a join would copy every record)
    input_keys = records.select(ids).join(
        plan.keys.select(*ids, "input_key"), on=ids, how="left", maintain_order="left"
    )
    records = records.with_columns(input_keys.get_column("input_key"))
    del input_keys
    load.save_normalized_build(
        con,
        {
            "core_postings": core.postings,
            "core_posting_sources": core.sources,
            "core_posting_skills": core.skills,
        },
        records,
        core.quarantine,
        version,
        renormalized=None if plan.full else pl.concat([plan.todo, plan.gone]),
        total_records=core.records.height,
    )


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
