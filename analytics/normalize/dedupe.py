"""Collapse cross-posted and reposted records into canonical postings.

Two source records are the same posting when they come from the same normalized company,
their places agree (same country and city, or unknown on one side: the same text posted for
several cities is several openings), they have the same role family and seniority (titles
are reworded across boards, "New Grad" vs "Entry level", but a Senior and a Staff posting
sharing a long company blurb are two jobs — seen on real Ashby boards), they were posted
within `window_days` (default 60) of each other, the words of one title (level words aside)
are all in the other, and their descriptions are near-identical: Jaccard similarity of
their word sets at least `min_jaccard` (default 0.85). On the sample market true duplicates
score ≥ 0.91 and different jobs of the same company ≤ 0.70, because boards re-render the same
text with other markup, and Hacker News adds a header line. Pairs are linked into clusters
(connected components), so a job reposted every few weeks stays one posting whose
`last_seen` extends. Every source record keeps its link in `core_posting_sources`.

Scale: candidate pairs come from MinHash locality-sensitive hashing within a company (records
sharing a band of their signature), so only similar texts are ever compared; the exact
similarity, the signatures and the components are vectorized Polars (list set operations,
iterated min-label propagation), no Python per row.

May import: polars.
"""

from __future__ import annotations

import polars as pl

DEFAULT_WINDOW_DAYS = 60
DEFAULT_MIN_JACCARD = 0.85
MAX_WORDS = 400
# MinHash LSH: 6 bands of 4 rows. A pair with Jaccard 0.85 becomes a candidate with
# probability 1 - (1 - 0.85^4)^6 > 0.999; one with Jaccard 0.4 with probability < 0.15.
BANDS = 6
ROWS_PER_BAND = 4
_MASKS = [(0x9E3779B97F4A7C15 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(BANDS * ROWS_PER_BAND)]
# Source preference for the representative record: structured feeds before free text.
SOURCE_RANK = {"ashby": 0, "greenhouse": 1, "lever": 2, "jsonld": 3, "hn": 4}
_COMPANY_SUFFIXES = r"\b(inc|llc|ltd|limited|gmbh|corp|corporation|co|plc|ag|sa|bv|pvt|private)\b"


def normalized_company(col: pl.Expr) -> pl.Expr:
    """'Northwind Analytics, Inc.' and 'northwind-analytics' both become 'northwindanalytics';
    a URL or parenthesized note after the name (HN: 'Acme (https://acme.dev)') is dropped."""
    text = col.str.to_lowercase().str.replace_all(r"\(.*?\)|https?://\S+", " ")
    text = text.str.replace_all(r"[-_.,&/]", " ").str.replace_all(_COMPANY_SUFFIXES, " ")
    return text.str.replace_all(r"[^a-z0-9]", "")


_LEVEL_WORDS = (
    r"\b(senior|sr|junior|jr|staff|principal|lead|entry|level|new|grad|graduate|associate|mid"
    r"|i{1,3}|iv|v|l[3-7]|intern|internship|the|of|and|a|an|for|in|at|remote|hybrid|onsite)\b"
)


def title_core_words(col: pl.Expr) -> pl.Expr:
    """The title's words without level words, modes and filler: 'Sr. Data Scientist (New
    Grad)' and 'Entry Level Data Scientist' both give {data, scientist}."""
    words = (
        col.fill_null("")
        .str.to_lowercase()
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.replace_all(_LEVEL_WORDS, " ")
        .str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != ""))
    )
    return words.list.unique()


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


def _minhash_bands(keyed: pl.DataFrame) -> pl.DataFrame:
    """LSH keys: a MinHash signature of each word set, cut into bands; records sharing a band
    key (within a company) become candidate pairs."""
    mins = (
        keyed.lazy()
        .select("_id", "_words")
        .explode("_words")
        .drop_nulls("_words")
        .with_columns(pl.col("_words").hash(seed=1).alias("_h"))
        .group_by("_id")
        .agg((pl.col("_h") ^ mask).min().alias(f"_m{i}") for i, mask in enumerate(_MASKS))
        .collect(engine="streaming")
    )
    bands = [
        mins.select(
            "_id",
            pl.lit(band, dtype=pl.Int8).alias("_band"),
            pl.concat_list([f"_m{band * ROWS_PER_BAND + r}" for r in range(ROWS_PER_BAND)])
            .hash(seed=2)
            .alias("_key"),
        )
        for band in range(BANDS)
    ]
    return pl.concat(bands).join(keyed.select("_id", "_company"), on="_id")


def _compatible(column: str) -> pl.Expr:
    """Same value, or unknown on either side (a board that omits the city)."""
    return (
        pl.col(column).is_null()
        | pl.col(f"{column}_b").is_null()
        | (pl.col(column) == pl.col(f"{column}_b"))
    )


def _candidate_pairs(keyed: pl.DataFrame, window_days: int, min_jaccard: float) -> pl.DataFrame:
    """Pairs (a, b) of row ids judged to be the same posting."""
    bands = _minhash_bands(keyed)
    candidates = (
        bands.join(bands, on=["_company", "_band", "_key"], suffix="_b")
        .filter(pl.col("_id") < pl.col("_id_b"))
        .select(pl.col("_id").alias("a"), pl.col("_id_b").alias("b"))
        .unique()
    )
    facts = keyed.select("_id", "_day", "_country", "_city", "_role", "_title")
    pairs = (
        candidates.join(facts, left_on="a", right_on="_id")
        .join(facts, left_on="b", right_on="_id", suffix="_b")
        .filter(
            ((pl.col("_day") - pl.col("_day_b")).abs() <= window_days)
            & _compatible("_country")
            & _compatible("_city")
            & (pl.col("_role") == pl.col("_role_b"))
            & (
                (pl.col("_title").list.set_difference("_title_b").list.len() == 0)
                | (pl.col("_title_b").list.set_difference("_title").list.len() == 0)
            )
        )
        .select("a", "b")
    )
    words = keyed.select("_id", "_words")
    pairs = pairs.join(words, left_on="a", right_on="_id").join(
        words, left_on="b", right_on="_id", suffix="_b"
    )
    inter = pl.col("_words").list.set_intersection("_words_b").list.len()
    union = pl.col("_words").list.len() + pl.col("_words_b").list.len() - inter
    return pairs.filter(inter / union >= min_jaccard).select("a", "b")


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

    Needs columns: record_key, source, company, country, city, role_family, seniority, text,
    posted_date, first_seen.
    """
    day = pl.coalesce("posted_date", "first_seen").cast(pl.Date).cast(pl.Int32)
    keyed = records.with_row_index("_id").with_columns(
        normalized_company(pl.col("company")).fill_null("").alias("_company"),
        day.alias("_day"),
        pl.col("country").alias("_country"),
        pl.col("city").str.to_lowercase().alias("_city"),
        title_core_words(pl.col("title")).alias("_title"),
        (pl.col("role_family").fill_null("?") + "|" + pl.col("seniority").fill_null("?")).alias(
            "_role"
        ),
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
    ).drop(
        "_id",
        "_company",
        "_day",
        "_country",
        "_city",
        "_role",
        "_title",
        "_words",
        "_rank",
        "_cluster",
        "_anchor",
    )


def dedup_rate(records: pl.DataFrame) -> float:
    """Share of source records removed as duplicates (0-1)."""
    if records.height == 0:
        return 0.0
    return 1.0 - records["posting_id"].n_unique() / records.height
