"""`out_postings`: a slim, published index of the canonical postings for the app's drill-down.

One row per canonical (deduplicated) posting: posting_id, title, company, place_label (readable
"City, Region, Country", "Remote (Country)" or the country alone), country (ISO alpha-2, or
"unknown" as in `out_skill_demand_monthly`), region, metro_code, month (first day of the month
the posting was first posted, the demand mart's month), role_family ("other" when unknown, as
in the demand mart), seniority, source, url and skill_ids (the posting's canonical skill ids,
sorted). No description text is published. Rows are sorted by month, role family, country,
then posting_id, so Parquet row-group statistics let readers skip the months they do not ask
for (the drill-down always names one month).

May import: polars.
"""

from __future__ import annotations

import polars as pl

POSTINGS_INDEX_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String(),
    "title": pl.String(),
    "company": pl.String(),
    "place_label": pl.String(),
    "country": pl.String(),
    "region": pl.String(),
    "metro_code": pl.String(),
    "month": pl.Date(),
    "role_family": pl.String(),
    "seniority": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "skill_ids": pl.List(pl.String()),
}


def place_label() -> pl.Expr:
    """ "City, Region, Country"; remote postings read "Remote (Country)"; missing parts skipped."""
    located = pl.concat_str(
        [pl.col("city"), pl.col("region"), pl.col("country")], separator=", ", ignore_nulls=True
    )
    remote = pl.concat_str(
        [pl.lit("Remote ("), pl.col("country").fill_null("anywhere"), pl.lit(")")]
    )
    label = pl.when(pl.col("is_remote").fill_null(False)).then(remote).otherwise(located)
    return pl.when(label == "").then(pl.lit("unknown place")).otherwise(label)


INDEX_ORDER = ("month", "role_family", "country", "posting_id")


def index_columns() -> list[pl.Expr]:
    """The index's columns from a posting with `skill_ids` (its sorted skill ids; null when
    it names none)."""
    return [
        pl.col("posting_id"),
        pl.col("title"),
        pl.col("company"),
        place_label().alias("place_label"),
        pl.col("country").fill_null("unknown"),
        pl.col("region"),
        pl.col("metro_code"),
        pl.col("posted_date").dt.truncate("1mo").alias("month"),
        pl.col("role_family").fill_null("other"),
        pl.col("seniority"),
        pl.col("source"),
        pl.col("url"),
        pl.col("skill_ids").fill_null(pl.lit([], dtype=pl.List(pl.String))),
    ]


def out_postings(postings: pl.DataFrame, posting_skills: pl.DataFrame) -> pl.DataFrame:
    """The published postings index (see the module docstring for the columns)."""
    if postings.height == 0:
        return pl.DataFrame(schema=POSTINGS_INDEX_SCHEMA)
    # each list deduplicated and sorted as an enum of the sorted skill ids (integer codes in
    # the same order as the text), then text again
    skill_ids = pl.Enum(posting_skills["skill_id"].drop_nulls().unique().sort())
    skill_lists = posting_skills.group_by("posting_id").agg(
        pl.col("skill_id").cast(skill_ids).unique().sort().cast(pl.String).alias("skill_ids")
    )
    index = (
        postings.lazy()
        .join(skill_lists.lazy(), on="posting_id", how="left")
        .select(index_columns())
        .sort(INDEX_ORDER, nulls_last=True)
        .collect()
    )
    return index.select([pl.col(c).cast(t) for c, t in POSTINGS_INDEX_SCHEMA.items()])
