"""`out_market_context`: Indeed Hiring Lab series shown beside our own numbers as market
context, labeled as a different universe (share of *all* Indeed postings in a country, not of
the postings Skillmarket collected; metrics.md, "AI share").

Grain: series x country x sector x date. Series: `ai_share_postings` and
`genai_share_postings` (daily, 7-day trailing average, percent of postings mentioning AI /
GenAI terms), `pay_transparency_pct` and `pay_transparency_pct_3ma` (monthly, percent of
postings with explicit pay; `sector` = 'all' for the country series). Every row carries its
source and the CC BY 4.0 attribution the license requires. When no Hiring Lab file is loaded the
mart is empty with its schema.

May import: polars.
"""

from __future__ import annotations

import polars as pl

SOURCE_NAME = "Indeed Hiring Lab"
UNIVERSE = "all Indeed job postings in the country (not Skillmarket's postings)"
SERIES_LABELS = {
    "ai_share_postings": "AI share of postings (7-day average)",
    "genai_share_postings": "GenAI share of postings (7-day average)",
    "pay_transparency_pct": "Postings with explicit pay",
    "pay_transparency_pct_3ma": "Postings with explicit pay (3-month average)",
}
MARKET_CONTEXT_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.String(),
    "series_label": pl.String(),
    "country": pl.String(),
    "sector": pl.String(),
    "date": pl.Date(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "universe": pl.String(),
    "source": pl.String(),
    "attribution": pl.String(),
    "retrieved_date": pl.Date(),
}


def out_market_context(series: pl.DataFrame | None, attribution: str) -> pl.DataFrame:
    """The mart from `core_hiring_lab_series` rows (series, country, sector, date, value,
    unit, retrieved_date); empty with the schema when `series` is None or empty."""
    if series is None or series.height == 0:
        return pl.DataFrame(schema=MARKET_CONTEXT_SCHEMA)
    retrieved = (
        pl.col("retrieved_date")
        if "retrieved_date" in series.columns
        else pl.lit(None, dtype=pl.Date)
    )
    return (
        series.select(
            "series",
            pl.col("series")
            .replace_strict(SERIES_LABELS, default=pl.col("series"), return_dtype=pl.String)
            .alias("series_label"),
            "country",
            "sector",
            pl.col("date").cast(pl.Date),
            pl.col("value").cast(pl.Float64),
            "unit",
            pl.lit(UNIVERSE).alias("universe"),
            pl.lit(SOURCE_NAME).alias("source"),
            pl.lit(attribution).alias("attribution"),
            retrieved.cast(pl.Date).alias("retrieved_date"),
        )
        .unique(["series", "country", "sector", "date"], keep="last", maintain_order=True)
        .sort("series", "country", "sector", "date")
        .cast(MARKET_CONTEXT_SCHEMA)
    )
