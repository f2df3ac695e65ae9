"""Collapse cross-posted and reposted records into canonical postings.

Two source records are the same posting when they come from the same normalized company,
their places agree (same country and city, or unknown on one side: the same text posted for
several cities is several openings), they have the same role family and seniority (titles
are reworded across boards, "New Grad" vs "Entry level", but a Senior and a Staff posting
sharing a long company blurb are two jobs — seen on real Ashby boards), they were posted
within `window_days` (default 60) of each other, the words of one title (level words aside)
are all in the other (abbreviations read as their words: "Sr. ML Engineer" is "Senior Machine
Learning Engineer"), and their descriptions are near-identical: Jaccard similarity of their
word sets at least `min_jaccard` (default 0.85), or the smaller set of at least
`MIN_CONTAINED_WORDS` words nearly all in the other (`MIN_CONTAINMENT`: a copy an aggregator
cut short, or one a board added an EEO, benefits or "About us" paragraph or an HN header line
to). On the sample market true duplicates score ≥ 0.91 and different jobs of the same company
≤ 0.70, because boards re-render the same text with other markup, and Hacker News adds a
header line. Words are runs of letters and digits of any script, so a Japanese or Russian
body is compared on its own words, not on the few tool names written in Latin letters. Pairs
are linked into clusters (connected components), so a job reposted every few weeks stays one
posting whose `last_seen` extends; a record whose city (or country) is unknown that matches
records of two different known cities (countries) keeps none of its matches, so it cannot
link two openings into one. Every source record keeps its link in `core_posting_sources`.
Held-out check: `tests/fixtures/labeled/dedupe_pairs.yml` (scripts/score_dedupe.py).

Scale: candidate pairs come from MinHash locality-sensitive hashing within a company (records
sharing a band of their signature, or the same title words: `title_key`), so only similar
texts are ever compared; the exact
similarity, the signatures and the components are vectorized Polars (list set operations,
iterated min-label propagation), no Python per row. Word sets are held as 64-bit word hashes
(`description_word_hashes`), so a streaming build computes them chunk by chunk and keeps no
text; set sizes and similarities are those of the words (a hash collision inside one
posting's 400 words is vanishingly unlikely).

Partitions: two records can only be linked when they share the normalized company and the
role family × seniority (both are join keys of the candidate pairs), so dedupe run on one
partition's records (`partition_key`) gives those records exactly the posting ids and
representatives that a run over every record gives them. An incremental build re-runs dedupe
on the partitions whose records are new, changed or gone, and keeps the others' assignments.

May import: polars, `contract`, `analytics.normalize.place_aliases` (`folded`: the one accent
folding of names).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from analytics.normalize.place_aliases import folded
from contract.sources import SOURCES

DEFAULT_WINDOW_DAYS = 60
DEFAULT_MIN_JACCARD = 0.85
# or one body's words nearly all in the other's: a copy an aggregator cut short, or one a
# board added a paragraph to (EEO, benefits, "About us", an HN header line): at least this
# share of the smaller word set, of at least this many words
MIN_CONTAINMENT = 0.95
TITLE_BAND = -1  # the band number of the title key among a record's band keys
MIN_CONTAINED_WORDS = 15
MAX_WORDS = 400
# MinHash LSH: 6 bands of 4 rows. A pair with Jaccard 0.85 becomes a candidate with
# probability 1 - (1 - 0.85^4)^6 > 0.999; one with Jaccard 0.4 with probability < 0.15.
BANDS = 6
ROWS_PER_BAND = 4
_MASKS = [(0x9E3779B97F4A7C15 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(BANDS * ROWS_PER_BAND)]
# Source preference for the representative record (the contract's `dedupe_rank`): structured
# feeds before free text; an unranked source comes last.
SOURCE_RANK = {s.id: s.dedupe_rank for s in SOURCES if s.dedupe_rank is not None}
_COMPANY_SUFFIXES = r"\b(inc|llc|ltd|limited|gmbh|corp|corporation|co|plc|ag|sa|bv|pvt|private)\b"
# legal forms that are also words or names elsewhere in a name: removed only at its end
# ("Klarna AB", "Equinor ASA", "Mercari KK", "Atlassian Pty Ltd")
_COMPANY_END_FORMS = (
    r"(?:\s+(?:ab|as|asa|oy|oyj|kk|nv|se|sas|sarl|srl|spa|sl|slu|kg|ohg|pty|bhd|sdn|llp|lp"
    r"|pte|sro))+\s*$"
)
# legal forms of Japanese, Chinese and Korean companies, before or after the name
# ("株式会社メルカリ", "メルカリ株式会社", "字节跳动有限公司", "주식회사 카카오")
_COMPANY_CJK_FORMS = (
    r"株式会社|有限会社|合同会社|[(（]株[)）]|"
    r"股份有限公司|有限责任公司|有限公司|주식회사|[(（]주[)）]"
)
# a word of any script: letters and digits ("Société", "株式会社メルカリ", "Яндекс"), so that
# bodies, titles and companies written in other scripts are compared on their own words
WORD_BREAKS = r"[^\p{L}\p{N}]+"


# a parenthesized note or a link after a company's name (HN: "Acme (https://acme.dev)")
COMPANY_NOTE = r"\(.*?\)|https?://\S+"


def normalized_company(col: pl.Expr) -> pl.Expr:
    """'Northwind Analytics, Inc.' and 'northwind-analytics' both become 'northwindanalytics';
    a URL or parenthesized note after the name (HN: 'Acme (https://acme.dev)') is dropped."""
    # the CJK forms go before folding (NFKD splits Hangul into jamo); folding drops accents and
    # periods, so that dotted legal forms ("S.A.", "B.V.", "Inc.") are their words
    text = folded(col.str.replace_all(_COMPANY_CJK_FORMS, " ")).str.replace_all(COMPANY_NOTE, " ")
    text = text.str.replace_all(WORD_BREAKS, " ")
    text = text.str.replace_all(_COMPANY_END_FORMS, "").str.replace_all(_COMPANY_SUFFIXES, " ")
    return text.str.replace_all(WORD_BREAKS, "")


_LEVEL_WORDS = (
    r"\b(senior|sr|junior|jr|staff|principal|lead|entry|level|new|grad|graduate|associate|mid"
    r"|i{1,3}|iv|v|l[3-7]|intern|internship|the|of|and|a|an|for|in|at|remote|hybrid|onsite)\b"
)


PARTITION = "dedupe_partition"


def partition_key() -> pl.Expr:
    """The dedupe partition of a normalized record: normalized company and role family ×
    seniority, the keys every candidate pair shares (see the module docstring)."""
    return normalized_company(pl.col("company")).fill_null("") + "\x1f" + role_key()


def role_key() -> pl.Expr:
    """The record's role family × seniority ('data_scientist|senior'; '?' for unknown): only
    records with the same role key can be the same posting."""
    return pl.col("role_family").fill_null("?") + "|" + pl.col("seniority").fill_null("?")


def record_day() -> pl.Expr:
    """The day a record was posted (its posted date, else when first seen), as days since
    1970-01-01: what `window_days` is measured on."""
    return pl.coalesce("posted_date", "first_seen").cast(pl.Date).cast(pl.Int32)


def posting_id_of(anchor_key: pl.Expr) -> pl.Expr:
    """The canonical posting id of a cluster whose anchor (its earliest record by first_seen,
    record_key) has the record key `anchor_key`: 'p_' and a hash of that key."""
    return "p_" + anchor_key.hash(seed=5).cast(pl.String)


# abbreviations boards write for one another's words ("Sr. ML Engineer" on one board,
# "Senior Machine Learning Engineer" on the next), read as the words for the title check
_TITLE_ABBREVIATIONS = (
    ("ml", "machine learning"),
    ("mle", "machine learning engineer"),
    ("ai", "artificial intelligence"),
    ("nlp", "natural language processing"),
    ("sre", "site reliability engineer"),
    ("swe", "software engineer"),
    ("sde", "software development engineer"),
    ("ds", "data scientist"),
    ("eng|engr", "engineer"),
    ("mgr", "manager"),
    ("dev", "developer"),
)


def title_core_words(col: pl.Expr) -> pl.Expr:
    """The title's words without level words, modes and filler, abbreviations read as their
    words: 'Sr. Data Scientist (New Grad)' and 'Entry Level Data Scientist' both give {data,
    scientist}; 'Sr. ML Engineer' gives {machine, learning, engineer}."""
    text = col.fill_null("").str.to_lowercase().str.replace_all(WORD_BREAKS, " ")
    for short, words in _TITLE_ABBREVIATIONS:
        text = text.str.replace_all(rf"\b(?:{short})\b", words)
    words = (
        text.str.replace_all(_LEVEL_WORDS, " ")
        .str.strip_chars()
        .str.split(" ")
        .list.eval(pl.element().filter(pl.element() != ""))
    )
    return words.list.unique()


def title_key(title_words: pl.Expr) -> pl.Expr:
    """A hash of a record's title words (`title_core_words`) in sorted order: records of one
    partition with the same key are candidate pairs whatever their bands."""
    return title_words.list.sort().list.join(" ").hash(seed=3)


def description_words(col: pl.Expr, max_words: int = MAX_WORDS) -> pl.Expr:
    """The set of words of the body (case and punctuation folded), first `max_words` words."""
    return (
        col.fill_null("")
        .str.to_lowercase()
        .str.replace_all(WORD_BREAKS, " ")
        .str.strip_chars()
        .str.split(" ")
        .list.head(max_words)
        .list.unique()
    )


WORD_HASHES = "dedupe_word_hashes"


def description_word_hashes(col: pl.Expr, max_words: int = MAX_WORDS) -> pl.Expr:
    """The body's word set (`description_words`) as 64-bit word hashes: what dedupe compares.
    Put it in a `dedupe_word_hashes` column to let `assign_canonical_ids` skip the text."""
    return description_words(col, max_words).list.eval(pl.element().hash(seed=1))


SIGNATURE = "dedupe_minhash"


def minhash_signature(word_hashes: pl.Expr) -> pl.Expr:
    """The MinHash signature of a word-hash set: one minimum per hash mask (null for an empty
    set). Put it in a `dedupe_minhash` column to let dedupe skip computing it."""
    return pl.concat_list(
        [word_hashes.list.eval((pl.element() ^ mask).min()).list.first() for mask in _MASKS]
    )


def _signature_mins(keyed: pl.DataFrame) -> pl.DataFrame:
    """`_id` and the MinHash minima `_m0`.. of its words (records with no words have none)."""
    return (
        keyed.lazy()
        .select("_id", pl.col("_words").alias("_h"))
        .explode("_h")
        .drop_nulls("_h")
        .group_by("_id")
        .agg((pl.col("_h") ^ mask).min().alias(f"_m{i}") for i, mask in enumerate(_MASKS))
        .collect(engine="streaming")
    )


def band_keys(signature: pl.Expr) -> pl.Expr:
    """The LSH band keys of a MinHash signature (`minhash_signature`), band 0 first: a hash
    of each band's `ROWS_PER_BAND` minima. Records of one company and role key that share a
    band's key become candidate pairs. Null for a record with no words."""
    keys = [
        signature.list.slice(band * ROWS_PER_BAND, ROWS_PER_BAND).hash(seed=2)
        for band in range(BANDS)
    ]
    return pl.when(signature.list.first().is_not_null()).then(pl.concat_list(keys))


def _minhash_bands(keyed: pl.DataFrame) -> pl.DataFrame:
    """`_id`, `_band`, `_key`: the band keys (`band_keys`) of each record with words, one row
    a band."""
    if "_sig" in keyed.columns:  # precomputed signature
        signed = keyed.select("_id", "_sig")
    else:
        mins = [f"_m{i}" for i in range(BANDS * ROWS_PER_BAND)]
        signed = _signature_mins(keyed).select("_id", pl.concat_list(mins).alias("_sig"))
    keyed_bands = signed.select("_id", band_keys(pl.col("_sig")).alias("_keys")).drop_nulls()
    bands = [
        keyed_bands.select(
            "_id",
            pl.lit(band, dtype=pl.Int8).alias("_band"),
            pl.col("_keys").list.get(band).alias("_key"),
        )
        for band in range(BANDS)
    ]
    return pl.concat(bands)


def source_rank() -> pl.Expr:
    """The record's source preference for representatives (`SOURCE_RANK`, unranked last)."""
    return pl.col("source").replace_strict(SOURCE_RANK, default=9)


def _compatible(column: str) -> pl.Expr:
    """Same value, or unknown on either side (a board that omits the city)."""
    return (
        pl.col(column).is_null()
        | pl.col(f"{column}_b").is_null()
        | (pl.col(column) == pl.col(f"{column}_b"))
    )


JACCARD_SLICE_PAIRS = 250_000


def _band_matches(keyed: pl.DataFrame, window_days: int) -> pl.DataFrame:
    """Candidate pairs (a < b): records of one company and one role family × seniority that
    share a MinHash band and were posted at most `window_days` apart. Role and the
    `window_days` bucket are join keys (a pair within the window is in the same or adjacent
    buckets) and the day gap is tested right after the join, only to prune early: every pair
    they exclude fails the exact tests of `_candidate_pairs` anyway (same role required;
    |day gap| <= window), so the result is the same as joining on the band alone."""
    width = max(window_days, 1)
    # company × role as one integer (the dedupe partition), so that the joins are on integers
    parts = keyed.select("_company", "_role").unique().with_row_index("_part")
    extra = keyed.join(parts, on=["_company", "_role"]).select(
        "_id", "_part", "_day", (pl.col("_day") // width).alias("_bucket")
    )
    bands = _minhash_bands(keyed).join(extra, on="_id")
    # records of the partition with the same title words: a copy cut short or with a
    # paragraph more shares few bands with the whole (Jaccard 0.6: a candidate by bands in
    # about half the draws), but keeps its title
    titles = keyed.select(
        "_id",
        pl.lit(TITLE_BAND, dtype=pl.Int8).alias("_band"),
        title_key(pl.col("_title")).alias("_key"),
    ).join(extra, on="_id")
    keys = ["_part", "_band", "_key", "_bucket"]
    # a key no other record of the partition shares matches nothing: most records' keys, so
    # the self-joins below run on the few that repeat
    candidates = pl.concat([bands, titles.select(bands.columns)]).filter(
        pl.len().over("_part", "_band", "_key") > 1
    )
    near = (pl.col("_day") - pl.col("_day_b")).abs() <= window_days
    same = candidates.join(candidates, on=keys, suffix="_b").filter(
        (pl.col("_id") < pl.col("_id_b")) & near
    )
    later = candidates.with_columns(pl.col("_bucket") - 1)
    adjacent = candidates.join(later, on=keys, suffix="_b").filter(near)
    return (
        pl.concat(
            [
                frame.select(
                    pl.min_horizontal("_id", "_id_b").alias("a"),
                    pl.max_horizontal("_id", "_id_b").alias("b"),
                )
                for frame in (same, adjacent)
            ]
        )
        .unique()
        .sort("a", "b")
    )


# Given records (record_key, source, source_posting_id, content_hash), their word hashes
# (record_key, dedupe_word_hashes): where word hashes are kept neither in memory nor on disk.
WordLookup = Callable[[pl.DataFrame], pl.DataFrame]
LOOKUP_COLUMNS = ("record_key", "source", "source_posting_id", "content_hash")


def _pair_words(
    keyed: pl.DataFrame, pairs: pl.DataFrame, spilled: pl.LazyFrame | WordLookup | None
) -> pl.DataFrame:
    """`_id`, `_words` of the records in `pairs` (from `keyed`, or read from the spilled
    record_key → word hashes table, or asked of a `WordLookup`, for just those records)."""
    if spilled is None:
        return keyed.select("_id", "_words")
    ids = pl.concat([pairs["a"], pairs["b"]]).unique().to_frame("_id")
    if isinstance(spilled, pl.LazyFrame):
        needed = keyed.select("_id", "record_key").join(ids, on="_id", how="semi")
        return (
            spilled.join(needed.lazy(), on="record_key")
            .select("_id", pl.col(WORD_HASHES).alias("_words"))
            .collect()
        )
    needed = keyed.select("_id", *LOOKUP_COLUMNS).join(ids, on="_id", how="semi")
    found = spilled(needed.select(LOOKUP_COLUMNS))
    return needed.join(found, on="record_key").select("_id", pl.col(WORD_HASHES).alias("_words"))


def _candidate_pairs(
    keyed: pl.DataFrame,
    window_days: int,
    min_jaccard: float,
    spilled: pl.LazyFrame | WordLookup | None = None,
) -> pl.DataFrame:
    """Pairs (a, b) of row ids judged to be the same posting."""
    candidates = _band_matches(keyed, window_days)
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
    # exact similarity, a slice of pairs at a time (each pair carries two word sets; spilled
    # word sets are read per slice, only those of the slice's records)
    inter = pl.col("_words").list.set_intersection("_words_b").list.len()
    union = pl.col("_words").list.len() + pl.col("_words_b").list.len() - inter
    smaller = pl.min_horizontal(pl.col("_words").list.len(), pl.col("_words_b").list.len())
    similar = (inter / union >= min_jaccard) | (
        (inter / smaller >= MIN_CONTAINMENT) & (smaller >= MIN_CONTAINED_WORDS)
    )
    kept = []
    for start in range(0, pairs.height, JACCARD_SLICE_PAIRS):
        part = pairs.slice(start, JACCARD_SLICE_PAIRS)
        words = _pair_words(keyed, part, spilled)
        kept.append(
            part.join(words, left_on="a", right_on="_id")
            .join(words, left_on="b", right_on="_id", suffix="_b")
            .filter(similar)
            .select("a", "b")
        )
    return pl.concat(kept) if kept else pairs.select("a", "b")


def _without_bridges(edges: pl.DataFrame, keyed: pl.DataFrame) -> pl.DataFrame:
    """`edges` without those of a bridge: a record whose city (or country) is unknown that
    matches records of two or more different known cities (countries). "Unknown on one side"
    lets it match each of them, but the same text for New York and for Boston is two openings
    (module docstring), which linking through it would make one."""
    if edges.height == 0:
        return edges
    ends = pl.concat(
        [
            edges.select(pl.col("a").alias("_id"), pl.col("b").alias("_other")),
            edges.select(pl.col("b").alias("_id"), pl.col("a").alias("_other")),
        ]
    )
    places = keyed.select("_id", "_country", "_city")
    others = places.rename({"_id": "_other", "_country": "_other_country", "_city": "_other_city"})
    other_city = pl.when(pl.col("_other_city").is_not_null()).then(
        pl.concat_str("_other_country", "_other_city", separator="|", ignore_nulls=True)
    )
    bridges = (
        ends.join(places, on="_id")
        .join(others, on="_other")
        .group_by("_id")
        .agg(
            pl.col("_city").first().is_null().alias("_no_city"),
            pl.col("_country").first().is_null().alias("_no_country"),
            other_city.drop_nulls().n_unique().alias("_cities"),
            pl.col("_other_country").drop_nulls().n_unique().alias("_countries"),
        )
        .filter(
            (pl.col("_no_city") & (pl.col("_cities") > 1))
            | (pl.col("_no_country") & (pl.col("_countries") > 1))
        )
        .select("_id")
    )
    return edges.join(bridges, left_on="a", right_on="_id", how="anti").join(
        bridges, left_on="b", right_on="_id", how="anti"
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
    spilled_words: pl.LazyFrame | WordLookup | None = None,
) -> pl.DataFrame:
    """Add `posting_id` (canonical) and `is_representative` to normalized source records.

    Needs columns: record_key, source, company, country, city, role_family, seniority,
    posted_date, first_seen, and the words: `text`, or precomputed (then dropped)
    `dedupe_word_hashes`, or `dedupe_minhash` with the word hashes in `spilled_words`
    (record_key, dedupe_word_hashes; read only for records that may be duplicates), which
    may also be a `WordLookup` (then the records need source_posting_id and content_hash).
    """
    precomputed = [c for c in (WORD_HASHES, SIGNATURE) if c in records.columns]
    if spilled_words is not None:
        if SIGNATURE not in records.columns:
            raise ValueError(f"assign_canonical_ids: spilled words need a {SIGNATURE} column")
        words = pl.lit(None, dtype=pl.List(pl.UInt64))
    elif WORD_HASHES in records.columns:
        words = pl.col(WORD_HASHES)
    else:
        words = description_word_hashes(pl.col("text"))
    keyed = records.with_row_index("_id").with_columns(
        normalized_company(pl.col("company")).fill_null("").alias("_company"),
        record_day().alias("_day"),
        pl.col("country").alias("_country"),
        pl.col("city").str.to_lowercase().alias("_city"),
        title_core_words(pl.col("title")).alias("_title"),
        role_key().alias("_role"),
        words.alias("_words"),
        source_rank().alias("_rank"),
    )
    if SIGNATURE in records.columns:
        keyed = keyed.rename({SIGNATURE: "_sig"})
    edges = _without_bridges(
        _candidate_pairs(keyed, window_days, min_jaccard, spilled_words), keyed
    )
    labels = connected_components(keyed["_id"], edges)
    # the matching columns are done with: drop them before the frame is joined and sorted
    matching = ["_company", "_day", "_country", "_city", "_role", "_title", "_words"]
    keyed = keyed.drop(*matching, *[c if c != SIGNATURE else "_sig" for c in precomputed])
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
    return keyed.with_columns(posting_id_of(pl.col("_anchor")).alias("posting_id")).drop(
        "_id", "_rank", "_cluster", "_anchor"
    )


def dedup_rate(records: pl.DataFrame) -> float:
    """Share of source records removed as duplicates (0-1)."""
    if records.height == 0:
        return 0.0
    return 1.0 - records["posting_id"].n_unique() / records.height
