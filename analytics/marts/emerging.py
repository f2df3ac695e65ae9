"""`out_emerging_skills`: skills rising or declining in share of new postings (metrics.md).

Built from `out_skill_demand_monthly` (grain month x skill_id x role_family x country, "all"
totals included, the `genai` pseudo-skill included). The mart is sparse: a skill's month
without a posting naming it is not stored, so the windows pool the slice's postings from its
totals (carried by every stored row of the slice and month) and the skill's stored counts,
every skill of the mart in every slice, as over the dense mart. Per skill x role_family x
country:
- recent window = the last 3 calendar months of the demand mart; year-ago window = the same 3
  months one year earlier. Shares are pooled over each window:
  share = 100 x sum(n_with_skill) / sum(n_postings), Wilson 95% interval on the recent share;
- yoy_change_pts = recent share - year-ago share; yoy_ratio = recent / year-ago share (null
  when the year-ago share is 0);
- momentum = OLS slope of ln(share_pct) on the month index over the last 6 months, per month
  (months with a zero share are left out of the fit; null with fewer than 2 usable months);
- direction: "rising" when the recent Wilson interval lies entirely above the year-ago share,
  "declining" when entirely below, else "flat". Rank 1 = strongest within direction and slice:
  rising by yoy_ratio descending (a skill new since last year, year-ago share 0, first),
  declining by yoy_ratio ascending, flat by |yoy_change_pts| ascending.
- suppression: fewer than `min_recent_postings` postings naming the skill in the recent window
  -> is_suppressed = True, direction and rank null. A slice with no postings in the year-ago
  window cannot be compared: direction and rank null, is_suppressed False.

May import: polars, `analytics.stats` and `analytics.marts.demand`.
"""

from __future__ import annotations

import polars as pl

from analytics.marts.demand import base_slice
from analytics.stats.intervals import wilson_interval

KEYS = ["skill_id", "role_family", "country"]
RECENT_MONTHS = 3
MOMENTUM_MONTHS = 6
EMERGING_SCHEMA = {
    "skill_id": pl.String,
    "role_family": pl.String,
    "country": pl.String,
    "window_start": pl.Date,
    "window_end": pl.Date,
    "n_recent_with": pl.Int64,
    "n_recent": pl.Int64,
    "share_recent_pct": pl.Float64,
    "share_recent_lo": pl.Float64,
    "share_recent_hi": pl.Float64,
    "n_year_ago_with": pl.Int64,
    "n_year_ago": pl.Int64,
    "share_year_ago_pct": pl.Float64,
    "yoy_change_pts": pl.Float64,
    "yoy_ratio": pl.Float64,
    "momentum": pl.Float64,
    "is_suppressed": pl.Boolean,
    "direction": pl.String,
    "rank": pl.Int64,
}


def _month_index(month: pl.Expr) -> pl.Expr:
    """Months since year 0, so that differences are whole months."""
    return month.dt.year().cast(pl.Int64) * 12 + month.dt.month().cast(pl.Int64)


def _window_counts(demand: pl.DataFrame, first: int, last: int, prefix: str) -> pl.DataFrame:
    """Pooled n_with / n over months with index in [first, last], per skill slice: every skill
    of `demand` in every slice with a month in the window (0 where none is stored)."""
    window = demand.filter(pl.col("_m").is_between(first, last))
    slice_keys = KEYS[1:]
    postings = (
        window.unique(["_m", *slice_keys])
        .group_by(slice_keys)
        .agg(pl.col("n_postings").sum().cast(pl.Int64).alias(f"n_{prefix}"))
    )
    named = window.group_by(KEYS).agg(
        pl.col("n_with_skill").sum().cast(pl.Int64).alias(f"n_{prefix}_with")
    )
    return (
        postings.join(demand.select("skill_id").unique(), how="cross")
        .join(named, on=KEYS, how="left")
        .with_columns(pl.col(f"n_{prefix}_with").fill_null(0))
        .select(*KEYS, f"n_{prefix}_with", f"n_{prefix}")
    )


def momentum_slopes(demand: pl.DataFrame, last: int) -> pl.DataFrame:
    """OLS slope of ln(share_pct) per month over the last MOMENTUM_MONTHS months."""
    usable = demand.filter(
        pl.col("_m").is_between(last - MOMENTUM_MONTHS + 1, last) & (pl.col("share_pct") > 0)
    ).with_columns(pl.col("_m").cast(pl.Float64).alias("_x"), pl.col("share_pct").log().alias("_y"))
    return usable.group_by(KEYS).agg(
        pl.when(pl.len() >= 2)
        .then(pl.cov("_x", "_y") / pl.col("_x").var())
        .otherwise(None)
        .alias("momentum")
    )


def _direction(min_recent_postings: int) -> pl.Expr:
    return (
        pl.when(pl.col("n_recent_with") < min_recent_postings)
        .then(None)
        .when(pl.col("n_year_ago").fill_null(0) == 0)
        .then(None)
        .when(pl.col("share_recent_lo") > pl.col("share_year_ago_pct"))
        .then(pl.lit("rising"))
        .when(pl.col("share_recent_hi") < pl.col("share_year_ago_pct"))
        .then(pl.lit("declining"))
        .otherwise(pl.lit("flat"))
    )


def _ranked(frame: pl.DataFrame) -> pl.DataFrame:
    """Rank within slice x direction (1 = strongest), ties broken by skill_id."""
    ratio = pl.col("yoy_ratio").fill_null(float("inf"))
    key = (
        pl.when(pl.col("direction") == "rising")
        .then(-ratio)
        .when(pl.col("direction") == "declining")
        .then(ratio)
        .otherwise(pl.col("yoy_change_pts").abs())
    )
    group = ["role_family", "country", "direction"]
    return (
        frame.with_columns(key.alias("_key"))
        .sort([*group, "_key", "skill_id"], nulls_last=True)
        .with_columns(
            pl.when(pl.col("direction").is_not_null())
            .then(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(group))
            .otherwise(None)
            .alias("rank")
        )
        .drop("_key")
    )


def out_emerging_skills(demand: pl.DataFrame, min_recent_postings: int = 30) -> pl.DataFrame:
    demand = demand.filter(base_slice(demand.columns))  # the role family × country slices
    if demand.height == 0:
        return pl.DataFrame(schema=EMERGING_SCHEMA)
    frame = demand.with_columns(_month_index(pl.col("month")).alias("_m"))
    last = int(frame["_m"].max())
    window_end = frame["month"].max()
    window_start = frame.filter(pl.col("_m") == last - RECENT_MONTHS + 1)["month"].min()
    recent = _window_counts(frame, last - RECENT_MONTHS + 1, last, "recent")
    year_ago = _window_counts(frame, last - 12 - RECENT_MONTHS + 1, last - 12, "year_ago")
    out = (
        recent.join(year_ago, on=KEYS, how="left")
        .join(momentum_slopes(frame, last), on=KEYS, how="left")
        .filter(pl.col("n_recent") > 0)
    )
    lo, hi = wilson_interval(pl.col("n_recent_with"), pl.col("n_recent"))
    out = out.with_columns(
        (100 * pl.col("n_recent_with") / pl.col("n_recent")).alias("share_recent_pct"),
        (100 * lo).alias("share_recent_lo"),
        (100 * hi).alias("share_recent_hi"),
        pl.when(pl.col("n_year_ago") > 0)
        .then(100 * pl.col("n_year_ago_with") / pl.col("n_year_ago"))
        .otherwise(None)
        .alias("share_year_ago_pct"),
    ).with_columns(
        (pl.col("share_recent_pct") - pl.col("share_year_ago_pct")).alias("yoy_change_pts"),
        pl.when(pl.col("share_year_ago_pct") > 0)
        .then(pl.col("share_recent_pct") / pl.col("share_year_ago_pct"))
        .otherwise(None)
        .alias("yoy_ratio"),
        (pl.col("n_recent_with") < min_recent_postings).alias("is_suppressed"),
        pl.lit(window_start).alias("window_start"),
        pl.lit(window_end).alias("window_end"),
    )
    out = _ranked(out.with_columns(_direction(min_recent_postings).alias("direction")))
    return out.select([pl.col(c).cast(t) for c, t in EMERGING_SCHEMA.items()]).sort(
        "role_family", "country", "skill_id"
    )
