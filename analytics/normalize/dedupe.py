"""Collapse cross-posted and reposted records into canonical postings.

Two source records are the same posting when they come from the same normalized company,
their places agree (same country, or one unknown), they were posted within `window_days`
(default 60) of each other, and their descriptions are near-identical: Jaccard similarity of
their word sets at least `min_jaccard` (default 0.85). On the sample market true duplicates
score ≥ 0.91 and different jobs of the same company ≤ 0.70, because boards re-render the same
text with other markup, and Hacker News adds a header line. Pairs are linked into clusters
(connected components), so a job reposted every few weeks stays one posting whose
`last_seen` extends. Every source record keeps its link in `core_posting_sources`.

Scale: candidate pairs come only from blocks of one company × 30-day bucket (joined with the
two buckets on either side), so the work is Σ block² rather than n²; similarity and the components are
vectorized Polars (list set operations, iterated min-label propagation), no Python per row.

May import: polars.
"""

from __future__ import annotations

import polars as pl

DEFAULT_WINDOW_DAYS = 60
DEFAULT_MIN_JACCARD = 0.85
BUCKET_DAYS = 30
MAX_WORDS = 400
# Source preference for the representative record: structured feeds before free text.
SOURCE_RANK = {"ashby": 0, "greenhouse": 1, "lever": 2, "jsonld": 3, "hn": 4}
_COMPANY_SUFFIXES = r"\b(inc|llc|ltd|limited|gmbh|corp|corporation|co|plc|ag|sa|bv|pvt|private)\b"


def normalized_company(col: pl.Expr) -> pl.Expr:
    """'Northwind Analytics, Inc.' and 'northwind-analytics' both become 'northwindanalytics';
    a URL or parenthesized note after the name (HN: 'Acme (https://acme.dev)') is dropped."""
    text = col.str.to_lowercase().str.replace_all(r"\(.*?\)|https?://\S+", " ")
    text = text.str.replace_all(r"[-_.,&/]", " ").str.replace_all(_COMPANY_SUFFIXES, " ")
    return text.str.replace_all(r"[^a-z0-9]", "")


def description_words(col: pl.Expr, max_words: int = MAX_WORDS) -> pl.Expr:
    """The set of words of the body (case and punctuation folded), first `max_words` words."""
    return (
        col.fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars()
        .str.split(" ")
        .list.head(max_words)
        .list.unique()
    )


def _candidate_pairs(keyed: pl.DataFrame, window_days: int, min_jaccard: float) -> pl.DataFrame:
    """Pairs (a, b) of row ids judged to be the same posting."""
    left = keyed.select("_id", "_company", "_bucket", "_day", "_country", "_words")
    right = pl.concat(
        [left.with_columns(pl.col("_bucket") - shift) for shift in range(-2, 3)]
    ).rename({c: f"{c}_b" for c in left.columns if c not in ("_company", "_bucket")})
    pairs = left.join(right, on=["_company", "_bucket"]).filter(
        (pl.col("_id") < pl.col("_id_b"))
        & ((pl.col("_day") - pl.col("_day_b")).abs() <= window_days)
        & (
            pl.col("_country").is_null()
            | pl.col("_country_b").is_null()
            | (pl.col("_country") == pl.col("_country_b"))
        )
    )
    inter = pl.col("_words").list.set_intersection("_words_b").list.len()
    union = pl.col("_words").list.len() + pl.col("_words_b").list.len() - inter
    return (
        pairs.with_columns((inter / union).alias("_jaccard"))
        .filter(pl.col("_jaccard") >= min_jaccard)
        .select(pl.col("_id").alias("a"), pl.col("_id_b").alias("b"))
        .unique()
    )


def connected_components(ids: pl.Series, edges: pl.DataFrame) -> pl.DataFrame:
    """Component label (the smallest id reachable) for every id, by min-label propagation."""
    labels = pl.DataFrame({"id": ids, "label": ids})
    if edges.height == 0:
        return labels
    both = pl.concat([edges, edges.select(pl.col("b").alias("a"), pl.col("a").alias("b"))])
    while True:
        proposed = (
            both.join(labels, left_on="b", right_on="id")
            .group_by("a")
            .agg(pl.col("label").min().alias("_new"))
        )
        updated = labels.join(proposed, left_on="id", right_on="a", how="left").with_columns(
            pl.min_horizontal("label", "_new").alias("_next")
        )
        if (updated["_next"] == updated["label"]).all():
            return labels
        labels = updated.select("id", pl.col("_next").alias("label"))


def assign_canonical_ids(
    records: pl.DataFrame,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_jaccard: float = DEFAULT_MIN_JACCARD,
) -> pl.DataFrame:
    """Add `posting_id` (canonical) and `is_representative` to normalized source records.

    Needs columns: record_key, source, company, country, text, posted_date, first_seen.
    """
    day = pl.coalesce("posted_date", "first_seen").cast(pl.Date).cast(pl.Int32)
    keyed = records.with_row_index("_id").with_columns(
        normalized_company(pl.col("company")).fill_null("").alias("_company"),
        day.alias("_day"),
        (day // BUCKET_DAYS).alias("_bucket"),
        pl.col("country").alias("_country"),
        description_words(pl.col("text")).alias("_words"),
        pl.col("source").replace_strict(SOURCE_RANK, default=9).alias("_rank"),
    )
    edges = _candidate_pairs(keyed, window_days, min_jaccard)
    labels = connected_components(keyed["_id"], edges)
    keyed = keyed.join(labels.rename({"id": "_id", "label": "_cluster"}), on="_id")
    keyed = keyed.sort(["_cluster", "_rank", "first_seen", "record_key"], nulls_last=True)
    keyed = keyed.with_columns(
        pl.col("record_key")
        .sort_by(["first_seen", "record_key"], nulls_last=True)
        .first()
        .over("_cluster")
        .alias("_anchor"),
        (pl.int_range(pl.len()).over("_cluster") == 0).alias("is_representative"),
    )
    return keyed.with_columns(
        ("p_" + pl.col("_anchor").hash(seed=5).cast(pl.String)).alias("posting_id")
    ).drop("_id", "_company", "_day", "_bucket", "_country", "_words", "_rank", "_cluster",
           "_anchor")


def dedup_rate(records: pl.DataFrame) -> float:
    """Share of source records removed as duplicates (0-1)."""
    if records.height == 0:
        return 0.0
    return 1.0 - records["posting_id"].n_unique() / records.height
