"""The counts of `out_skill_demand_monthly` on Spark: the posting × skill mentions (~8.5 per
posting) counted per month numbers × slice combination × skill (`analytics.marts.demand.
MonthlyCounts`), as one group-by; the driver sums them into the slices and finishes the mart
with the local code (`demand_from_counts`), so both engines share every step after the
counting.

Each posting's months and slice combination are made on the driver (`coded_postings`): its
months depend on its crawl facts (first crawl, open through), which the driver derives from the
sightings in DuckDB. They go to Spark as one small row per posting (posting_id, combination code,
three month numbers), are joined there to the skill flags and counted; the driver keeps its one
row per posting for the posting totals. Collected: the distinct skill ids (coded on the driver as
the local code does, the codes broadcast back), then one row of integers per month numbers ×
combination × skill seen (bounded by months × combinations × skills, not by postings), by a job
of its own (the largest part: in a union with the skill ids a 1 GB local driver lost the task
results at 1M postings). Shuffles: the flags joined to the postings' numbers on posting_id, one
aggregation.

May import: polars, pyspark, `analytics.marts.demand`, `spark_engine.arrow_types`,
`spark_engine.collect`.
"""

from __future__ import annotations

import polars as pl
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from analytics.marts.demand import (
    COUNT_SCHEMA,
    GENAI,
    MONTH_COLUMNS,
    MonthlyCounts,
    coded_postings,
    skill_codes,
)
from spark_engine.arrow_types import arrow_table, restored
from spark_engine.collect import collected

NUMBERS_SCHEMA: dict[str, pl.DataType] = {  # what goes to Spark: one row per posting
    "posting_id": pl.String(),
    "_combo": pl.UInt32(),
    **{column: pl.Int64() for column in MONTH_COLUMNS},
}
CODES_SCHEMA: dict[str, pl.DataType] = {"_skill": pl.UInt32(), "skill_id": pl.String()}
MENTIONS_SCHEMA: dict[str, pl.DataType] = {  # what is collected, as MonthlyCounts.mentions
    "_combo": pl.UInt32(),
    "_skill": pl.UInt32(),
    **{column: pl.Int64() for column in MONTH_COLUMNS},
    "n": pl.Int64(),
}


def skill_flags_on_spark(skills: DataFrame, genai_ids: frozenset[str]) -> DataFrame:
    """`analytics.marts.demand.posting_skill_flags` on Spark: posting_id × skill_id rows plus
    one `genai` row per posting naming any GenAI skill."""
    genai = (
        skills.filter(F.col("skill_id").isin(sorted(genai_ids)))
        .select("posting_id")
        .distinct()
        .select("posting_id", F.lit(GENAI).alias("skill_id"))
    )
    return skills.select("posting_id", "skill_id").unionByName(genai)


def monthly_counts_on_spark(
    postings: pl.DataFrame, skills: DataFrame, genai_ids: frozenset[str]
) -> MonthlyCounts:
    """`analytics.marts.demand.monthly_counts` with the mentions counted on Spark.
    `postings`: the driver's postings with their crawl facts (what the local builder reads);
    `skills`: the core posting skills on Spark."""
    numbers, combos = coded_postings(postings)
    spark = skills.sparkSession
    flags = skill_flags_on_spark(skills, genai_ids)
    codes = skill_codes(collected(flags.select("skill_id").distinct())["skill_id"])
    coded = F.broadcast(spark.createDataFrame(arrow_table(codes, CODES_SCHEMA)))
    on_spark = spark.createDataFrame(arrow_table(numbers, NUMBERS_SCHEMA))
    mentions = (
        flags.join(on_spark, on="posting_id")
        .join(coded, on="skill_id")
        .groupBy(*[column for column in MENTIONS_SCHEMA if column != "n"])
        .agg(F.count(F.lit(1)).alias("n"))
        .select(*MENTIONS_SCHEMA)
    )
    counted = restored(mentions.toArrow(), MENTIONS_SCHEMA)
    return MonthlyCounts(combos, codes, numbers.select(list(COUNT_SCHEMA)), counted)
