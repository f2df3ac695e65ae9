"""`skillmarket build --engine spark`: the build of `skillmarket.pipeline` with the per-posting
work on Spark. Stages, timed like the local engine's:

- load_raw: raw files parsed on the executors (`spark_engine.parse`), loaded into the home's
  warehouse by the driver (ledger, sightings, quarantine: the local stage's code);
- load_reference: the local stage (small reference files, read by the driver);
- normalize: the latest version of every source record, exported as Parquet, normalized on the
  executors (`spark_engine.normalize`), deduplicated as joins (`spark_engine.dedupe`); the core
  tables (`spark_engine.core`) are written as Parquet partitioned by month under `out`, and
  loaded into the warehouse, so `check` and the marts read them as after a local build;
- marts: `out_skill_premiums` from aggregates Spark computes on the core tables in two passes
  (`spark_engine.premium_statistics`: cells, pair totals and medians; then, once the driver
  has solved every joint model's β, each company's pair term) solved on the driver
  (`spark_engine.premium_mart`), nothing posting-level collected; `out_postings`,
  `out_posting_pay`, `out_advisor_targets` and `out_premium_sample` made on the executors
  (`spark_engine.posting_marts`) and collected only to be written;
  `out_pay_bands`' cells per window (counts, the percentiles and bootstrap grids interpolated
  on Spark from ranked points, the bootstrap's per company CDF sums) made on Spark
  (`spark_engine.pay_bands`) and finished by the local code, nothing posting-level collected;
  `out_demand_supply`'s demand side counted on Spark (`spark_engine.demand_supply`), its
  supply side and the rest by the local builder; `out_skill_demand_monthly`'s posting × skill
  mentions counted on Spark per month × slice combination × skill
  (`spark_engine.demand_monthly`), summed into slices and finished by the local code;
  `out_skill_advisor`'s postings per cell, cell x skill and cell x skill pair counted on
  Spark (`spark_engine.advisor_counts`) and finished by the local code; every
  other mart by the local stage's builders on the driver, from the core tables Spark made;
  each written as it is computed and then published by the local engine's
  `skillmarket.pipeline.publish_marts` (with these builders), so the snapshot has the same
  layout. The marts reading the demand mart (emerging skills, advisor, claims) read the one
  Spark's counts made, as they read the local one.

May import: the standard library, polars, pyspark, threadpoolctl, `analytics`, `warehouse`,
`skillmarket` (config, stages), `spark_engine`.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from threadpoolctl import threadpool_limits

from analytics.marts.advisor import ADVISOR_SCHEMA, advisor_from_counts
from analytics.marts.demand import demand_from_counts
from analytics.normalize.postings import finish_core_postings, prepare_records
from skillmarket.config import Settings
from skillmarket.pipeline import StageHook, publish_marts, start_build, timed
from skillmarket.stages import imports, marts, postings, reference
from skillmarket.stages import normalize as local_normalize
from skillmarket.stages.common import BuildError, BuildReport, Progress, no_progress
from spark_engine import core, dedupe, normalize, parse
from spark_engine.advisor_counts import advisor_counts_on_spark
from spark_engine.arrow_types import Schema, restored
from spark_engine.demand_monthly import monthly_counts_on_spark
from spark_engine.demand_supply import demand_counts_on_spark
from spark_engine.pay_bands import pay_band_cells_on_spark
from spark_engine.posting_marts import (
    advisor_targets_on_spark,
    posting_pay_on_spark,
    postings_index_on_spark,
    premium_sample_on_spark,
)
from spark_engine.premium_mart import premiums_from_statistics
from spark_engine.premium_statistics import (
    pair_terms_on_spark,
    sample_on_spark_with_flags,
    statistics_on_spark,
)
from spark_engine.session import DEFAULT_MASTER, spark_session
from warehouse import extract, load, talent_pool
from warehouse.migrate import connect

STAGING_CHUNK_ROWS = 20_000  # staging rows per exported Parquet file (one Spark input split)
SCHEMA_SAMPLE_ROWS = 64  # staging rows the driver prepares to learn the output schema


@dataclass
class SparkBuildReport(BuildReport):
    """The build report, plus where the core tables went and what the premiums collected
    (`premiums`: rows per aggregate, seconds of each Spark pass and of the driver's solve)
    and the demand mart's counts (`demand_monthly`: mentions counted on Spark, rows
    collected, seconds on Spark and on the driver) and the advisor's (`advisor`: rows
    collected per count, seconds on Spark and on the driver)."""

    core_tables: dict[str, str] | None = None
    premiums: dict[str, int | float] = field(default_factory=dict)
    demand_monthly: dict[str, int | float] = field(default_factory=dict)
    # rows collected per statistic for out_pay_bands' cells (both windows), seconds
    pay_bands: dict[str, int | float] = field(default_factory=dict)
    advisor: dict[str, int | float] = field(default_factory=dict)
    spark_seconds: dict[str, float] = field(default_factory=dict)  # normalize's steps


def _export_staging(con: duckdb.DuckDBPyConnection, folder: Path) -> pl.DataFrame | None:
    """Write the latest source records as Parquet files in `folder`; returns the first rows
    (for the output schema), or None when there are none."""
    head = None
    for index, chunk in enumerate(extract.latest_source_record_chunks(con, STAGING_CHUNK_ROWS)):
        if head is None:
            head = chunk.head(SCHEMA_SAMPLE_ROWS)
        chunk.write_parquet(folder / f"staging-{index:05d}.parquet")
    return head


def _collected(frame: DataFrame, schema: Schema) -> pl.DataFrame:
    return restored(frame.toArrow(), schema)


@dataclass(frozen=True)
class SparkCore:
    postings: pl.DataFrame
    sources: pl.DataFrame
    skills: pl.DataFrame
    quarantine: pl.DataFrame
    records: int
    written: dict[str, str]


def core_on_spark(
    spark: SparkSession,
    staging_dir: Path,
    head: pl.DataFrame,
    rates: pl.DataFrame,
    out: str,
    seconds: dict[str, float],
) -> SparkCore:
    """Normalize, dedupe and make the core tables on Spark; write them under `out`; collect
    them (with the dtypes of the local engine's frames, learned from `head`). The seconds of
    each step go into `seconds` (each step ends with an action, so the times are its own)."""
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = round(now - clock, 3)
        clock = now

    schema = normalize.output_schema(head, rates)
    local = finish_core_postings(*prepare_records(head, rates))
    lap("schema_on_driver")
    staging = spark.read.parquet(str(staging_dir))
    prepared = normalize.prepared_on_executors(staging, rates, schema).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    prepared.count()
    lap("normalize_executors")
    quarantine_rows = prepared.filter(F.col(normalize.QUARANTINE_FLAG)).select(
        [F.col(name).alias(column) for name, column in normalize.QUARANTINE_COLUMNS.items()]
    )
    records = prepared.filter(~F.col(normalize.QUARANTINE_FLAG))
    canonical = dedupe.with_canonical_ids(records).persist(StorageLevel.MEMORY_AND_DISK)
    n_records = canonical.count()
    lap("dedupe_joins")
    written = core.write_core_tables(core.core_frames(canonical), out)
    lap("write_core_parquet")
    tables = {name: spark.read.parquet(uri).drop(core.MONTH) for name, uri in written.items()}
    result = SparkCore(
        postings=_collected(tables["core_postings"], dict(local.postings.schema))
        .select(local.postings.columns)
        .sort("posting_id"),
        sources=_collected(tables["core_posting_sources"], dict(local.sources.schema))
        .select(local.sources.columns)
        .sort("posting_id", "source", "source_posting_id"),
        skills=_collected(tables["core_posting_skills"], dict(local.skills.schema))
        .select(local.skills.columns)
        .sort("posting_id", "skill_id"),
        quarantine=_collected(quarantine_rows, dict(local.quarantine.schema)),
        records=n_records,
        written=written,
    )
    canonical.unpersist()
    prepared.unpersist()
    lap("collect_to_driver")
    return result


def normalize_on_spark(
    spark: SparkSession,
    con: duckdb.DuckDBPyConnection,
    home: Path,
    raw: Path,
    out: str,
    report: SparkBuildReport,
) -> local_normalize.CorePostings:
    """The normalize stage on Spark; loads the core tables and normalize quarantine into the
    warehouse and rebuilds the talent pool, as the local stage does."""
    rates = local_normalize.fx_rates_for_build(con)
    prefix = local_normalize.SPILL_PREFIX  # removed by the next build if this one dies
    with tempfile.TemporaryDirectory(prefix=prefix, dir=home) as spill:
        head = _export_staging(con, Path(spill))
        if head is None:
            raise BuildError(
                f"no postings under {raw}: run `skillmarket ingest sample` "
                "or another `skillmarket ingest` source first"
            )
        result = core_on_spark(spark, Path(spill), head, rates, out, report.spark_seconds)
    report.source_records = result.records
    report.canonical_postings = result.postings.height
    report.dedup_rate = 1.0 - result.postings.height / result.records if result.records else 0.0
    report.core_tables = result.written
    load.replace_tables(
        con,
        {
            "core_postings": result.postings,
            "core_posting_sources": result.sources,
            "core_posting_skills": result.skills,
        },
    )
    load.replace_normalize_quarantine(con, result.quarantine)
    places = local_normalize.talent_pool_place_map(talent_pool.raw_places(con))
    talent_pool.replace_core_talent_pool(con, places)
    return local_normalize.CorePostings(result.postings, result.skills)


def premiums_on_spark(
    postings: DataFrame, skills: DataFrame, genai_ids: frozenset[str], report: SparkBuildReport
) -> pl.DataFrame:
    """`out_skill_premiums` from the core tables: the first pass on Spark, the driver's solve,
    the second pass (the joint models' pair terms) on Spark, the standard errors; the rows
    each pass collected and the seconds go into `report.premiums`."""
    clock = time.perf_counter()
    sample = sample_on_spark_with_flags(postings, skills, genai_ids)
    statistics = statistics_on_spark(sample)
    first = time.perf_counter()
    second = 0.0

    def pair_terms(models: pl.DataFrame) -> pl.DataFrame:
        nonlocal second
        start = time.perf_counter()
        terms = pair_terms_on_spark(sample, models)
        second = time.perf_counter() - start
        report.premiums.update(joint_model_skills=models.height, pair_terms=terms.height)
        return terms

    try:
        # many small BLAS products: on busy cores a second BLAS thread only contends (as locally)
        with threadpool_limits(limits=1, user_api="blas"):
            frame = premiums_from_statistics(statistics, genai_ids, pair_terms)
    finally:
        sample.release()
    report.premiums.update(
        cells=statistics.base.height,
        skill_cells=statistics.with_skill.height,
        pair_totals=statistics.pair_totals.height,
        medians=statistics.medians.height,
        first_pass_s=round(first - clock, 3),
        second_pass_s=round(second, 3),
        driver_s=round(time.perf_counter() - first - second, 3),
    )
    return frame


def demand_monthly_on_spark(
    postings: pl.DataFrame, skills: DataFrame, genai_ids: frozenset[str], report: SparkBuildReport
) -> pl.DataFrame:
    """`out_skill_demand_monthly` from mentions counted on Spark (`postings`: the driver's, with
    their crawl facts); what was counted, collected and the seconds go into
    `report.demand_monthly`."""
    clock = time.perf_counter()
    counts = monthly_counts_on_spark(postings, skills, genai_ids)
    counted = time.perf_counter()
    frame = demand_from_counts(counts)
    report.demand_monthly.update(
        mentions=int(counts.mentions["n"].sum()),
        collected_rows=counts.mentions.height,
        postings=counts.postings.height,
        combinations=counts.combos.height,
        skills=counts.skills.height,
        spark_s=round(counted - clock, 3),
        driver_s=round(time.perf_counter() - counted, 3),
    )
    return frame


def advisor_on_spark(
    postings: DataFrame,
    skills: DataFrame,
    inputs: marts.MartInputs,
    built: marts.Marts,
    report: SparkBuildReport,
) -> pl.DataFrame:
    """`out_skill_advisor` from its counts made on Spark, finished with the emerging and
    premium marts already built; the rows collected and the seconds go into `report.advisor`."""
    if inputs.postings.height == 0:
        return pl.DataFrame(schema=ADVISOR_SCHEMA)
    clock = time.perf_counter()
    counts = advisor_counts_on_spark(postings, skills, inputs.postings["posted_date"].max())
    counted = time.perf_counter()
    frame = advisor_from_counts(
        counts, inputs.genai, built["out_emerging_skills"], built["out_skill_premiums"]
    )
    report.advisor.update(
        cells=counts.n_cell.height,
        cell_skills=counts.n_next.height,
        pairs=counts.pairs.height,
        spark_s=round(counted - clock, 3),
        driver_s=round(time.perf_counter() - counted, 3),
    )
    return frame


def build_on_spark(
    settings: Settings,
    master: str = DEFAULT_MASTER,
    out: str | None = None,
    progress: Progress = no_progress,
    on_stage_end: StageHook | None = None,
    raw_root: Path | None = None,
    reparse: bool = False,
) -> SparkBuildReport:
    """Build and publish a snapshot with the per-posting work on Spark (see the module
    docstring). `out`: where the core tables go (default `<home>/spark/core`); `raw_root`:
    the raw store (default the home's); `reparse`: parse every raw file again."""
    report = SparkBuildReport()
    out = out or str(settings.home / "spark" / "core")
    raw = raw_root or settings.raw_root
    spark = spark_session(master)
    con = connect(settings.warehouse_path)
    try:
        start_build(con, settings, report, reparse)
        with timed(report, "load_raw", on_stage_end):
            postings.load_raw_postings(
                con, raw, report, progress, parse_runs=parse.run_parser(spark)
            )
            postings.load_talent_pools(con, raw)
            imports.load_refused_imports(con, raw)
        with timed(report, "load_reference", on_stage_end):
            oews_meta = reference.load_reference(con, raw)
        with timed(report, "normalize", on_stage_end):
            progress("normalize", 0, 1)
            core_postings = normalize_on_spark(spark, con, settings.home, raw, out, report)
            progress("normalize", 1, 1)
        written = report.core_tables or {}
        core_postings_df = spark.read.parquet(written["core_postings"]).drop(core.MONTH)
        core_skills_df = spark.read.parquet(written["core_posting_skills"]).drop(core.MONTH)
        core_postings_df.persist(StorageLevel.MEMORY_AND_DISK)  # read by the Spark marts
        core_skills_df.persist(StorageLevel.MEMORY_AND_DISK)

        spark_builders: dict[str, marts.Builder] = {
            "out_skill_demand_monthly": lambda inputs, _: demand_monthly_on_spark(
                inputs.postings, core_skills_df, inputs.genai, report
            ),
            "out_skill_premiums": lambda inputs, _: premiums_on_spark(
                core_postings_df, core_skills_df, inputs.genai, report
            ),
            "out_postings": lambda *_: postings_index_on_spark(core_postings_df, core_skills_df),
            "out_posting_pay": lambda *_: posting_pay_on_spark(core_postings_df),
            "out_advisor_targets": lambda inputs, built: advisor_targets_on_spark(
                core_postings_df,
                core_skills_df,
                marts.BUILDERS["skills"](inputs, built)["skill_id"].to_list(),
                inputs.postings["posted_date"].max() if inputs.postings.height else None,
            ),
            "out_premium_sample": lambda inputs, _: premium_sample_on_spark(
                core_postings_df, core_skills_df, inputs.genai
            ),
            "out_pay_bands": lambda inputs, _: marts.pay_bands(
                inputs, pay_band_cells_on_spark(core_postings_df, report.pay_bands)
            ),
            "out_demand_supply": lambda inputs, _: marts.demand_supply(
                inputs,
                demand_counts_on_spark(
                    core_postings_df,
                    core_skills_df,
                    inputs.genai,
                    inputs.postings["posted_date"].max(),
                ),
            ),
            "out_skill_advisor": lambda inputs, built: advisor_on_spark(
                core_postings_df, core_skills_df, inputs, built, report
            ),
        }
        try:
            publish_marts(
                con,
                settings,
                report,
                core_postings,
                oews_meta,
                raw,
                progress,
                on_stage_end,
                builders=spark_builders,
            )
        finally:
            core_postings_df.unpersist()
            core_skills_df.unpersist()
        report.records_quarantined = load.quarantine_count(con)
    finally:
        con.close()
    return report
