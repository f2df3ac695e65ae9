"""The demand side of `out_demand_supply` on Spark: postings per subject (each skill, the
`genai` pseudo-skill, each role family) × place, and postings per place, in each of the mart's
windows (`analytics.marts.supply.demand_counts`, as group-bys of the core tables). The driver
joins them to the supply side (talent pool, OEWS × survey estimate), which it reads from DuckDB.

A posting is in at most one window (the windows are consecutive, `WINDOW_DAYS` long, ending at
the latest posting date), so its window is a column, not a join. Its places are the mart's four
levels (all, country, metro, US state). Shuffles: the placed postings joined to the subjects
on the posting, and the two aggregations.

May import: pyspark, `analytics.marts` (supply, demand), `contract`, `spark_engine.collect`.
"""

from __future__ import annotations

from datetime import date

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from analytics.marts.demand import GENAI
from analytics.marts.supply import DEMAND_KEYS, N_WINDOWS, WINDOW_DAYS, DemandCounts
from contract.vocab import ALL
from spark_engine.collect import collected_together


def _placed(postings: DataFrame, last: date) -> DataFrame:
    """posting_id, window_end, place_id, place_level: each posting in a window, once per
    place level it has."""
    days_back = F.datediff(F.lit(last), F.col("posted_date"))
    window = F.floor(days_back / WINDOW_DAYS)
    in_window = postings.filter(
        F.col("posted_date").isNotNull() & (days_back >= 0) & (window < N_WINDOWS)
    ).select(
        "posting_id",
        "country",
        "metro_code",
        "region",
        F.date_sub(F.lit(last), (window * WINDOW_DAYS).cast("int")).alias("window_end"),
    )
    keys = ("posting_id", "window_end")
    levels = [
        in_window.select(*keys, F.lit(ALL).alias("place_id"), F.lit(ALL).alias("place_level")),
        in_window.filter(F.col("country").isNotNull()).select(
            *keys, F.col("country").alias("place_id"), F.lit("country").alias("place_level")
        ),
        in_window.filter(F.col("metro_code").isNotNull()).select(
            *keys, F.col("metro_code").alias("place_id"), F.lit("metro").alias("place_level")
        ),
        in_window.filter((F.col("country") == "US") & F.col("region").isNotNull()).select(
            *keys,
            F.concat(F.lit("US-"), F.col("region")).alias("place_id"),
            F.lit("state").alias("place_level"),
        ),
    ]
    placed = levels[0]
    for level in levels[1:]:
        placed = placed.unionByName(level)
    return placed


def _subjects(postings: DataFrame, skills: DataFrame, genai_ids: frozenset[str]) -> DataFrame:
    """posting_id, skill_id, role_family: each skill (role family "all"), `genai` once per
    posting naming a GenAI skill, and the posting's role family (skill "all")."""
    named = skills.select("posting_id", "skill_id", F.lit(ALL).alias("role_family"))
    genai = (
        skills.filter(F.col("skill_id").isin(sorted(genai_ids)))
        .select("posting_id")
        .distinct()
        .select("posting_id", F.lit(GENAI).alias("skill_id"), F.lit(ALL).alias("role_family"))
    )
    roles = postings.filter(F.col("role_family").isNotNull()).select(
        "posting_id", F.lit(ALL).alias("skill_id"), "role_family"
    )
    return named.unionByName(genai).unionByName(roles)


def demand_counts_on_spark(
    postings: DataFrame, skills: DataFrame, genai_ids: frozenset[str], last: date
) -> DemandCounts:
    """`analytics.marts.supply.demand_counts` of the core tables, collected by one job."""
    placed = _placed(postings, last)
    demand = (
        placed.join(_subjects(postings, skills, genai_ids), on="posting_id")
        .groupBy("window_end", *DEMAND_KEYS)
        .agg(F.count(F.lit(1)).alias("demand_n"))
    )
    totals = placed.groupBy("window_end", "place_id").agg(F.count(F.lit(1)).alias("_n_place"))
    parts = collected_together({"demand": demand, "totals": totals})
    return DemandCounts(parts["demand"], parts["totals"])
