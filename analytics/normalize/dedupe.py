"""Collapse cross-posted and reposted records into canonical postings.

Two source records are one posting when their normalized company, normalized title, place and
description signature agree and they were first seen within `window_days` (default 60) of the
previous record of the same group — a chain, so a job reposted every few weeks stays one
posting whose `last_seen` extends. Every source record keeps its link in
`core_posting_sources`. Vectorized: keys are hashed expressions, clusters come from a sort and
a cumulative sum, no Python per row.

May import: polars.
"""

from __future__ import annotations

import polars as pl

DEFAULT_WINDOW_DAYS = 60
# Source preference for the representative record: structured feeds before free text.
SOURCE_RANK = {"ashby": 0, "greenhouse": 1, "lever": 2, "jsonld": 3, "hn": 4}
_COMPANY_SUFFIXES = r"\b(inc|llc|ltd|limited|gmbh|corp|corporation|co|plc|ag|sa|bv|pvt|private)\b"
_TITLE_ABBREVIATIONS = {
    r"\bsr\b": "senior",
    r"\bjr\b": "junior",
    r"\bmle\b": "machine learning engineer",
    r"\bml\b": "machine learning",
    r"\bai\b": "artificial intelligence",
    r"\bmgr\b": "manager",
    r"\beng\b": "engineer",
}


def normalized_company(col: pl.Expr) -> pl.Expr:
    """'Northwind Analytics, Inc.' and 'northwind-analytics' both become 'northwindanalytics'."""
    text = col.str.to_lowercase().str.replace_all(r"[-_.,&/]", " ")
    text = text.str.replace_all(_COMPANY_SUFFIXES, " ")
    return text.str.replace_all(r"[^a-z0-9]", "")


def normalized_title(col: pl.Expr) -> pl.Expr:
    text = col.str.to_lowercase().str.replace_all(r"[^a-z0-9+#]+", " ")
    for pattern, replacement in _TITLE_ABBREVIATIONS.items():
        text = text.str.replace_all(pattern, replacement)
    return text.str.replace_all(r"\s+", " ").str.strip_chars()


def description_signature(col: pl.Expr, n_words: int = 80) -> pl.Expr:
    """Hash of the first `n_words` words of the body, case and punctuation folded, so the same
    text rendered by two boards (different HTML, entities, spacing) gets the same signature."""
    words = (
        col.fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
        .str.split(" ")
        .list.head(n_words)
        .list.join(" ")
    )
    return words.hash(seed=11)


def assign_canonical_ids(
    records: pl.DataFrame, window_days: int = DEFAULT_WINDOW_DAYS
) -> pl.DataFrame:
    """Add `posting_id` (canonical) and `is_representative` to normalized source records.

    Needs columns: record_key, source, company, title, country, city, is_remote, text,
    first_seen.
    """
    place = pl.concat_str(
        [
            pl.col("country").fill_null("?"),
            pl.col("city").fill_null("?"),
            pl.col("is_remote").fill_null(False).cast(pl.String),
        ],
        separator="|",
    )
    keyed = records.with_columns(
        pl.concat_str(
            [
                normalized_company(pl.col("company")).fill_null(""),
                normalized_title(pl.col("title")).fill_null(""),
                place,
                description_signature(pl.col("text")).cast(pl.String),
            ],
            separator="\x1f",
        )
        .hash(seed=3)
        .alias("_group"),
        pl.col("source").replace_strict(SOURCE_RANK, default=9).alias("_rank"),
    ).sort(["_group", "first_seen", "_rank", "record_key"], nulls_last=True)
    gap = (pl.col("first_seen") - pl.col("first_seen").shift(1).over("_group")).dt.total_days()
    keyed = keyed.with_columns(
        (gap.fill_null(window_days + 1) > window_days).cum_sum().over("_group").alias("_chain")
    )
    cluster = ["_group", "_chain"]
    keyed = keyed.sort([*cluster, "_rank", "first_seen", "record_key"], nulls_last=True)
    keyed = keyed.with_columns(
        pl.col("record_key")
        .sort_by(["first_seen", "record_key"])
        .first()
        .over(cluster)
        .alias("_anchor"),
        (pl.int_range(pl.len()).over(cluster) == 0).alias("is_representative"),
    )
    return keyed.with_columns(
        ("p_" + pl.col("_anchor").hash(seed=5).cast(pl.String)).alias("posting_id")
    ).drop("_group", "_rank", "_chain", "_anchor")


def dedup_rate(records: pl.DataFrame) -> float:
    """Share of source records removed as duplicates (0-1)."""
    if records.height == 0:
        return 0.0
    return 1.0 - records["posting_id"].n_unique() / records.height
