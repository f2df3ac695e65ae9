"""`out_skill_demand_monthly`'s counts on Spark (`spark_engine.demand_monthly`) are the Polars
counts (`analytics.marts.demand.monthly_counts`) summed per month numbers × slice combination ×
skill, and the mart made from them is the local mart, dense and sparse."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from analytics.marts.demand import (
    MONTH_COLUMNS,
    SLICE_COLUMNS,
    MonthlyCounts,
    demand_from_counts,
    monthly_counts,
    skill_demand,
)
from spark_engine.demand_monthly import monthly_counts_on_spark
from spark_engine.session import spark_session
from tests.analytics.marts.demand_market import GENAI_IDS, demand_market


def _decoded(counts: MonthlyCounts) -> pl.DataFrame:
    """The mentions by skill id and slice columns (the codes of two runs may differ), summed."""
    keys = ["skill_id", *SLICE_COLUMNS, *MONTH_COLUMNS]
    return (
        counts.mentions.join(counts.skills, on="_skill")
        .join(counts.combos, on="_combo")
        .group_by(keys)
        .agg(pl.col("n").sum())
        .sort(keys, nulls_last=True)
    )


def test_spark_counts_are_the_polars_counts(tmp_path: Path) -> None:
    postings, skills = demand_market()
    skills.write_parquet(tmp_path / "skills.parquet")
    spark = spark_session("local[2]")
    on_spark = monthly_counts_on_spark(
        postings, spark.read.parquet(str(tmp_path / "skills.parquet")), GENAI_IDS
    )
    local = monthly_counts(postings, skills, GENAI_IDS)
    assert on_spark.mentions.schema == local.mentions.schema
    assert on_spark.mentions.height < local.mentions.height  # counted, not one row a mention
    assert_frame_equal(on_spark.skills, local.skills)  # the undated posting's skill included
    assert_frame_equal(_decoded(on_spark), _decoded(local))
    for sparse in (True, False):
        assert_frame_equal(
            demand_from_counts(on_spark, sparse),
            skill_demand(postings, skills, GENAI_IDS, sparse=sparse),
        )
