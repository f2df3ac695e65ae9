"""Spark's dedupe (`spark_engine.dedupe`) gives every record of the held-out dedupe set
(`tests/fixtures/labeled/dedupe_pairs.yml`: cross-board copies, truncated copies, company
spellings, title abbreviations, reposts, templates shared by other jobs, bodies in other
scripts, a record of unknown place between two cities) the posting id and representative the
local engine's `analytics.normalize.dedupe` gives it: the same rules (title keys as candidates,
containment, bridges dropped) on both engines, on cases the 6k sample of test_spark_build.py
does not hold."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from pyspark.sql import SparkSession

from analytics.normalize import fx
from analytics.normalize.postings import finish_core_postings, prepare_records
from spark_engine.build import core_on_spark
from spark_engine.session import spark_session
from tests.analytics.normalize.dedupe_scorer import score_dedupe


def test_spark_dedupe_assigns_the_local_posting_ids_on_the_labeled_groups(
    tmp_path: Path,
) -> None:
    scorer = score_dedupe()
    staging = pl.concat([scorer.staging_rows(g) for g in scorer.labeled_groups()])
    rates = fx.usd_rates()
    local = finish_core_postings(*prepare_records(staging, rates))
    staging_dir = tmp_path / "staging"
    staging_dir.mkdir()
    staging.write_parquet(staging_dir / "staging-00000.parquet")
    spark: SparkSession = spark_session("local[2]")
    try:
        result = core_on_spark(
            spark, staging_dir, staging.head(64), rates, str(tmp_path / "core"), {}
        )
    finally:
        spark.stop()
    # every record's posting, and each posting's representative record
    columns = ["source", "source_posting_id", "posting_id"]
    for local_table, spark_table in (
        (local.sources, result.sources),
        (local.postings, result.postings),
    ):
        assert (
            spark_table.select(columns)
            .sort(columns)
            .equals(local_table.select(columns).sort(columns))
        )
    # the set has duplicates and different jobs: the comparison is not of all-singletons
    assert 0 < local.postings.height < local.sources.height
