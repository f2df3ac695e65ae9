"""The counts of `out_skill_advisor` on Spark (`analytics.marts.advisor.AdvisorCounts`): the
postings of each cell (role family x place: "all" and the ISO2 country), of each cell x skill
and of each cell x given x next skill, counted on the core tables; the driver finishes the mart
with the local code (`advisor_from_counts`), so both engines share every step after the
counting. Nothing posting-level is collected: integers per cell, cell x skill and cell x pair.

The window (the advisor's last calendar months, `window_start_month`) is a filter on the
postings. Each posting's distinct skills are gathered into one array (`collect_set`: a
posting's skills count once, as the local `unique`), beside its role family ("other" when
null) and its places ("all", and its country when it has one), so its pairs are made inside its
own row: no self-join. Two jobs:
1. n_cell (with the window's first and last posting dates) and n_next, collected together
   (cells x skills rows); the driver picks each cell's givens (n_given >= min_postings, the
   local `cell_givens`) and sends them back as a broadcast table;
2. n_both: each posting's givens of its cell (the broadcast semi-join) x its other skills,
   counted per cell x given x next; collected alone (the largest part: the mart's own rows).

Shuffles: the window's postings joined to their skills on posting_id (the mentions in the
window, ~8.5 a posting, once; the arrays are then partitioned by posting and reused by both
jobs, kept in memory or on disk between them), and the three aggregations, each shuffling
only map-side partial counts (bounded by cells x skills, and by cells x pairs per partition:
before that partial count a posting yields 2 places x its givens x its skills rows, up to
~150 at ~8.5 skills a posting, in its own task, not over the network).

May import: polars, pyspark, `analytics.marts.advisor`, `contract`, `spark_engine.arrow_types`,
`spark_engine.collect`.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from pyspark import StorageLevel
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from analytics.marts.advisor import (
    CELL,
    MIN_GIVEN_POSTINGS,
    AdvisorCounts,
    cell_givens,
    window_start_month,
)
from contract.vocab import ALL
from spark_engine.arrow_types import arrow_table
from spark_engine.collect import collected, collected_together

N_CELL_SCHEMA: dict[str, pl.DataType] = {
    "role_family": pl.String(),
    "place_id": pl.String(),
    "n_cell": pl.Int64(),
}
N_NEXT_SCHEMA: dict[str, pl.DataType] = {
    "role_family": pl.String(),
    "place_id": pl.String(),
    "skill_id": pl.String(),
    "n_next": pl.Int64(),
}
PAIRS_SCHEMA: dict[str, pl.DataType] = {
    "role_family": pl.String(),
    "place_id": pl.String(),
    "given_skill": pl.String(),
    "next_skill": pl.String(),
    "n_both": pl.Int64(),
}
GIVENS_SCHEMA: dict[str, pl.DataType] = {  # what goes back to Spark: the cells' givens
    "role_family": pl.String(),
    "place_id": pl.String(),
    "given_skill": pl.String(),
}


def _typed(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return frame.select([pl.col(c).cast(t) for c, t in schema.items()])


def _placed_postings(postings: DataFrame, last: date | None) -> DataFrame:
    """posting_id, role_family, places (array: "all" and the country when known) and
    posted_date of the postings in the advisor's window (`recent_postings`)."""
    start = window_start_month(last)
    return postings.filter(
        F.col("posted_date").between(F.lit(start).cast("date"), F.lit(last).cast("date"))
    ).select(
        "posting_id",
        F.coalesce(F.col("role_family"), F.lit("other")).alias("role_family"),
        F.when(F.col("country").isNull(), F.array(F.lit(ALL)))
        .otherwise(F.array(F.lit(ALL), F.col("country")))
        .alias("places"),
        "posted_date",
    )


def _skill_sets(placed: DataFrame, skills: DataFrame) -> DataFrame:
    """posting_id, role_family, places, skills (array: the posting's distinct skills), one row
    per posting of the window naming a skill."""
    return (
        placed.join(skills.select("posting_id", "skill_id"), on="posting_id")
        .groupBy("posting_id", "role_family", "places")
        .agg(F.collect_set("skill_id").alias("skills"))
    )


def advisor_counts_on_spark(
    postings: DataFrame,
    skills: DataFrame,
    last: date | None,
    min_postings: int = MIN_GIVEN_POSTINGS,
) -> AdvisorCounts:
    """`analytics.marts.advisor.advisor_counts` of the core tables on Spark (`postings`,
    `skills`); `last`: the latest posting date (the driver has it)."""
    spark = skills.sparkSession
    placed = _placed_postings(postings, last)
    sets = _skill_sets(placed, skills).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        cells = (
            placed.select("role_family", F.explode("places").alias("place_id"), "posted_date")
            .groupBy(*CELL)
            .agg(
                F.count(F.lit(1)).alias("n_cell"),
                F.min("posted_date").alias("_first"),
                F.max("posted_date").alias("_last"),
            )
        )
        next_counts = (
            sets.select("role_family", F.explode("places").alias("place_id"), "skills")
            .select(*CELL, F.explode("skills").alias("skill_id"))
            .groupBy(*CELL, "skill_id")
            .agg(F.count(F.lit(1)).alias("n_next"))
        )
        parts = collected_together({"cells": cells, "next": next_counts})
        n_cell, n_next = _typed(parts["cells"], N_CELL_SCHEMA), _typed(parts["next"], N_NEXT_SCHEMA)
        givens = cell_givens(n_next, min_postings).select(
            *CELL, pl.col("skill_id").alias("given_skill")
        )
        on_spark = F.broadcast(spark.createDataFrame(arrow_table(givens, GIVENS_SCHEMA)))
        pairs = (
            sets.select("role_family", F.explode("places").alias("place_id"), "skills")
            .select(*CELL, "skills", F.explode("skills").alias("given_skill"))
            .join(on_spark, on=[*CELL, "given_skill"], how="left_semi")
            .select(*CELL, "given_skill", F.explode("skills").alias("next_skill"))
            .filter(F.col("given_skill") != F.col("next_skill"))
            .groupBy(*CELL, "given_skill", "next_skill")
            .agg(F.count(F.lit(1)).alias("n_both"))
        )
        n_both = _typed(collected(pairs), PAIRS_SCHEMA)
    finally:
        sets.unpersist()
    bounds = parts["cells"].select(pl.col("_first").min(), pl.col("_last").max())
    return AdvisorCounts(n_cell, n_next, n_both, bounds["_first"][0], bounds["_last"][0])
