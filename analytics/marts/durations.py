"""`out_posting_durations`: how long closed postings stayed open, per role family and per skill:
a difficulty-to-fill signal (TalentNeuron reports days open the same way).

Days open = days between a posting's first and last sighting (`analytics.marts.sightings`), a
lower bound (a posting seen once was open 0 days by it); the upper bound runs from the crawl
before the first sighting to the crawl that found the posting gone (`*_days_open_max`). A crawl
every k days knows them to about k days (`crawl_interval_days`). Only closed
postings count, and only those whose start the crawl saw:
- still listed at their board's last crawl: right-censored (`n_still_open`), left out;
- already listed at their board's first crawl: left-censored (`n_open_at_first_crawl`), left
  out (their first sighting is not their opening);
- sources that keep closed postings listed (HN) never close: not counted anywhere.
Leaving the censored postings out biases P50/P75 towards short-lived postings while a crawl is
young; the counts beside them say how much was left out.

Grain: role_family × skill_id: role-family rows have skill_id 'all', skill rows (and `genai`,
any GenAI skill) role_family 'all', and the all × all row. P50 / P75 are published from
`min_closed` closed postings (contract threshold), else suppressed with their n.

May import: polars, `contract`, `analytics.marts.demand` (the genai flags).
"""

from __future__ import annotations

import polars as pl

from analytics.marts.demand import posting_skill_flags
from contract.marts import mart
from contract.vocab import ALL

_CONTRACT = mart("out_posting_durations")
MIN_CLOSED = _CONTRACT.threshold_int("min_closed")
DURATION_SCHEMA = {
    "role_family": pl.String,
    "skill_id": pl.String,
    "n_closed": pl.Int64,
    "p50_days_open": pl.Float64,
    "p75_days_open": pl.Float64,
    "p50_days_open_max": pl.Float64,
    "p75_days_open_max": pl.Float64,
    "n_still_open": pl.Int64,
    "n_open_at_first_crawl": pl.Int64,
    "is_suppressed": pl.Boolean,
    "crawl_interval_days": pl.Float64,
}


def _summaries(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    closed_seen = pl.col("days_open").is_not_null()
    return frame.group_by(keys).agg(
        closed_seen.sum().cast(pl.Int64).alias("n_closed"),
        pl.col("days_open").quantile(0.5, "linear").alias("p50_days_open"),
        pl.col("days_open").quantile(0.75, "linear").alias("p75_days_open"),
        pl.col("days_open_max").quantile(0.5, "linear").alias("p50_days_open_max"),
        pl.col("days_open_max").quantile(0.75, "linear").alias("p75_days_open_max"),
        (pl.col("_live") & ~pl.col("is_closed")).sum().cast(pl.Int64).alias("n_still_open"),
        (pl.col("is_closed") & pl.col("days_open").is_null())
        .sum()
        .cast(pl.Int64)
        .alias("n_open_at_first_crawl"),
    )


def out_posting_durations(
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai_ids: frozenset[str],
    crawl_interval: float | None = None,
    min_closed: int = MIN_CLOSED,
) -> pl.DataFrame:
    """Days open of closed postings per role family and per skill. `postings` carries the
    columns of `analytics.marts.sightings.with_crawl_facts`; without them (no crawl facts)
    the mart is empty."""
    needed = {"days_open", "is_closed", "first_crawl_date"}
    if not needed <= set(postings.columns) or postings.height == 0:
        return pl.DataFrame(schema=DURATION_SCHEMA)
    base = postings.select(
        "posting_id",
        pl.col("role_family").fill_null("other"),
        "days_open",
        "days_open_max",
        "is_closed",
        pl.col("first_crawl_date").is_not_null().alias("_live"),
    ).filter(pl.col("_live"))
    by_skill = base.join(posting_skill_flags(posting_skills, genai_ids), on="posting_id")
    frames = [
        _summaries(base.with_columns(pl.lit(ALL).alias("role_family")), ["role_family"]),
        _summaries(base, ["role_family"]),
    ]
    frames = [f.with_columns(pl.lit(ALL).alias("skill_id")) for f in frames]
    frames.append(_summaries(by_skill, ["skill_id"]).with_columns(pl.lit(ALL).alias("role_family")))
    out = pl.concat([f.select(list(DURATION_SCHEMA)[:9]) for f in frames], how="vertical_relaxed")
    suppressed = pl.col("n_closed") < min_closed
    out = out.with_columns(
        *[
            pl.when(suppressed).then(None).otherwise(pl.col(c)).alias(c)
            for c in ("p50_days_open", "p75_days_open", "p50_days_open_max", "p75_days_open_max")
        ],
        suppressed.alias("is_suppressed"),
        pl.lit(crawl_interval, dtype=pl.Float64).alias("crawl_interval_days"),
    )
    return (
        out.cast(DURATION_SCHEMA)  # type: ignore[arg-type]
        .select(list(DURATION_SCHEMA))
        .sort("role_family", "skill_id")
    )
