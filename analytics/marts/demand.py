"""`out_skill_demand_monthly`: share of new postings naming each skill, per month and slice.

Universe: canonical (deduplicated) postings, counted in the month they were first posted
("new" postings, metrics.md). Grain: month x skill_id x role_family x country, where
role_family and country also take the value "all" for totals. The pseudo-skill `genai` counts
postings naming at least one GenAI skill (Lightcast's rule). Every slice with postings lists
every skill, zeros included, so trend lines do not skip months.

Columns: month, skill_id, role_family, country, n_postings, n_with_skill, share_pct, share_lo,
share_hi (Wilson 95%, percent), share_ma3_pct (3-month moving average of share_pct),
yoy_change_pts (share_pct minus the same month a year earlier, points), yoy_ratio.

May import: polars and `analytics.marts.stats`.
"""

from __future__ import annotations

import polars as pl

from analytics.marts.stats import wilson_interval

ALL = "all"
GENAI = "genai"


def posting_skill_flags(posting_skills: pl.DataFrame, genai_ids: frozenset[str]) -> pl.DataFrame:
    """posting_id x skill_id rows plus one `genai` row per posting naming any GenAI skill."""
    genai_rows = (
        posting_skills.filter(pl.col("skill_id").is_in(list(genai_ids)))
        .select("posting_id")
        .unique()
        .with_columns(pl.lit(GENAI).alias("skill_id"))
    )
    return pl.concat([posting_skills.select("posting_id", "skill_id"), genai_rows])


def _with_totals(frame: pl.DataFrame, dims: list[str]) -> pl.DataFrame:
    """Stack the frame with copies where each subset of `dims` is replaced by 'all'."""
    out = [frame]
    for dim in dims:
        out = out + [f.with_columns(pl.lit(ALL).alias(dim)) for f in out]
    return pl.concat(out)


def out_skill_demand_monthly(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, genai_ids: frozenset[str]
) -> pl.DataFrame:
    base = postings.select(
        "posting_id",
        pl.col("posted_date").dt.truncate("1mo").alias("month"),
        pl.col("role_family").fill_null("other"),
        pl.col("country").fill_null("unknown"),
    ).filter(pl.col("month").is_not_null())
    slices = _with_totals(base, ["role_family", "country"])
    totals = slices.group_by("month", "role_family", "country").agg(
        pl.len().cast(pl.Int64).alias("n_postings")
    )
    flags = posting_skill_flags(posting_skills, genai_ids)
    with_skill = (
        slices.join(flags, on="posting_id", how="inner")
        .group_by("month", "skill_id", "role_family", "country")
        .agg(pl.len().cast(pl.Int64).alias("n_with_skill"))
    )
    skills = flags.select("skill_id").unique()
    frame = (
        totals.join(skills, how="cross")
        .join(with_skill, on=["month", "skill_id", "role_family", "country"], how="left")
        .with_columns(pl.col("n_with_skill").fill_null(0))
    )
    lo, hi = wilson_interval(pl.col("n_with_skill"), pl.col("n_postings"))
    frame = frame.with_columns(
        (100 * pl.col("n_with_skill") / pl.col("n_postings")).alias("share_pct"),
        (100 * lo).alias("share_lo"),
        (100 * hi).alias("share_hi"),
    ).sort("skill_id", "role_family", "country", "month")
    keys = ["skill_id", "role_family", "country"]
    year_ago = frame.select(
        *keys,
        pl.col("month").dt.offset_by("1y").alias("month"),
        pl.col("share_pct").alias("_share_year_ago"),
    )
    frame = frame.with_columns(
        pl.col("share_pct")
        .rolling_mean_by("month", window_size="3mo")
        .over(keys)
        .alias("share_ma3_pct")
    ).join(year_ago, on=[*keys, "month"], how="left")
    frame = frame.with_columns(
        (pl.col("share_pct") - pl.col("_share_year_ago")).alias("yoy_change_pts"),
        pl.when(pl.col("_share_year_ago") > 0)
        .then(pl.col("share_pct") / pl.col("_share_year_ago"))
        .otherwise(None)
        .alias("yoy_ratio"),
    ).drop("_share_year_ago")
    return frame.select(
        "month",
        "skill_id",
        "role_family",
        "country",
        "n_postings",
        "n_with_skill",
        "share_pct",
        "share_lo",
        "share_hi",
        "share_ma3_pct",
        "yoy_change_pts",
        "yoy_ratio",
    ).sort("month", "skill_id", "role_family", "country")
