"""The core tables from records with their canonical ids, as Spark DataFrames, by the rules of
`analytics.normalize.postings.finish_core_postings`: a posting is its representative record with
the cluster's first and last sighting and its number of records, and the pay of the cluster's
best record that has pay (structured before text, then the cluster's record order); its skills
are its representative's. `write_core_tables` writes them as Parquet partitioned by month.

May import: pyspark, polars, `analytics.normalize.postings` (column lists, company spellings),
`spark_engine.normalize`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from pyspark import StorageLevel
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F

from analytics.normalize.postings import (
    CORE_POSTING_COLUMNS,
    PAY_COLUMNS,
    SKILL_IDS,
    company_spellings,
)

MONTH = "posted_month"  # the partition column of the core tables


@dataclass(frozen=True)
class CoreFrames:
    postings: DataFrame
    sources: DataFrame
    skills: DataFrame


def _spellings(records: DataFrame) -> DataFrame:
    """`company_spellings` of the records' company strings: counted on Spark, chosen on the
    driver by the local code (one row per distinct company string, not per record)."""
    counts = records.groupBy("company").agg(F.count(F.lit(1)).alias("n")).collect()
    chosen = company_spellings(
        pl.DataFrame(
            {"company": [r["company"] for r in counts], "n": [r["n"] for r in counts]},
            schema={"company": pl.String, "n": pl.Int64},
        )
    )
    return records.sparkSession.createDataFrame(
        list(chosen.iter_rows()), schema="company string, company_shown string"
    )


def core_frames(records: DataFrame) -> CoreFrames:
    """Postings, posting sources and posting skills of deduplicated records."""
    cluster = records.groupBy("posting_id").agg(
        F.min("first_seen").alias("_first_seen"),
        F.max("last_seen").alias("_last_seen"),
        F.count(F.lit(1)).alias("n_sources"),
    )
    best_pay = Window.partitionBy("posting_id").orderBy(
        (F.col("pay_source") != F.lit("structured")).asc_nulls_last(), F.col("_order")
    )
    cluster_pay = (
        records.filter(F.col("pay_min").isNotNull())
        .withColumn("_pick", F.row_number().over(best_pay))
        .filter(F.col("_pick") == 1)
        .select("posting_id", *PAY_COLUMNS)
    )
    rep = records.filter(F.col("is_representative"))
    postings = (
        rep.drop(*PAY_COLUMNS, "first_seen", "last_seen")
        .join(cluster_pay, on="posting_id", how="left")
        .join(cluster, on="posting_id", how="left")
        .join(F.broadcast(_spellings(records)), on="company", how="left")
        .withColumn("company", F.coalesce(F.col("company_shown"), F.col("company")))
        .withColumnRenamed("_first_seen", "first_seen")
        .withColumnRenamed("_last_seen", "last_seen")
        .select(*CORE_POSTING_COLUMNS)
    )
    sources = records.select(
        "posting_id", "source", "source_posting_id", "url", "first_seen", "last_seen"
    )
    skills = rep.select("posting_id", F.explode(SKILL_IDS).alias("skill_id")).filter(
        F.col("skill_id").isNotNull()
    )
    return CoreFrames(postings, sources, skills)


def write_core_tables(core: CoreFrames, out: str) -> dict[str, str]:
    """Write the core tables under `out` (a path or any URI Spark writes: s3a://, gs://,
    abfss://, hdfs://) as Parquet partitioned by the posting's month; returns table → URI."""
    month = F.date_format("posted_date", "yyyy-MM").alias(MONTH)
    # made once: the other two tables take their month from it
    postings = core.postings.withColumn(MONTH, month).persist(StorageLevel.MEMORY_AND_DISK)
    months = postings.select("posting_id", MONTH)
    tables = {
        "core_postings": postings,
        "core_posting_sources": core.sources.join(months, on="posting_id", how="left"),
        "core_posting_skills": core.skills.join(months, on="posting_id", how="left"),
    }
    written = {}
    for name, frame in tables.items():
        uri = f"{out.rstrip('/')}/{name}"
        frame.write.mode("overwrite").partitionBy(MONTH).parquet(uri)
        written[name] = uri
    postings.unpersist()
    return written
