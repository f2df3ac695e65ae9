"""Dedupe as Spark joins, with the rules of `analytics.normalize.dedupe.assign_canonical_ids`:
records of one company and role × seniority sharing a MinHash band key or their title key
(`dedupe.title_key`) and posted in the same or adjacent `window_days` buckets are candidates; a
candidate pair is a duplicate when posted within `window_days`, its places are compatible (same
country and city, or unknown on one side), the title words of one are all in the other, and
the description word sets are near-identical (Jaccard at least `min_jaccard`, or the smaller
set nearly all in the other: `dedupe.MIN_CONTAINMENT`); a record of unknown place matching
records of two known places keeps none of its matches (`without_bridges`). Pairs are linked
into clusters by iterated min-label propagation (joins until no label moves); the
representative is the first record of its cluster by (source rank, first_seen, record_key),
the posting id that of the anchor, the earliest record by (first_seen, record_key).

Word hashes are 64-bit signed here (Spark has no unsigned type): the same bits, so set
intersections and sizes are the same.

May import: pyspark, `analytics.normalize.dedupe` (its defaults).
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from analytics.normalize.dedupe import (
    DEFAULT_MIN_JACCARD,
    DEFAULT_WINDOW_DAYS,
    MIN_CONTAINED_WORDS,
    MIN_CONTAINMENT,
    SIGNATURE,
    TITLE_BAND,
    WORD_HASHES,
)
from spark_engine.normalize import ANCHOR_ID, BANDS, TITLE_KEY

MAX_COMPONENT_ROUNDS = 100


def _band_rows(records: DataFrame, window_days: int) -> DataFrame:
    """A row per band key of each record, and one for its title key (band `TITLE_BAND`)."""
    width = max(window_days, 1)
    ids = [
        F.col("record_key").alias("_id"),
        "_company",
        "_role",
        F.floor(F.col("_day") / F.lit(width)).alias("_bucket"),
    ]
    bands = records.select(*ids, F.posexplode(BANDS).alias("_band", "_key"))
    titles = records.select(*ids, F.lit(TITLE_BAND).alias("_band"), F.col(TITLE_KEY).alias("_key"))
    return bands.unionByName(titles)


def band_matches(records: DataFrame, window_days: int = DEFAULT_WINDOW_DAYS) -> DataFrame:
    """Candidate pairs (a < b, record keys) sharing company, role, a band key and the same or
    adjacent day bucket."""
    bands = _band_rows(records, window_days)
    keys = ["_company", "_role", "_band", "_key", "_bucket"]
    other = bands.select(*keys, F.col("_id").alias("_id_b"))
    same = bands.join(other, on=keys).filter(F.col("_id") < F.col("_id_b"))
    later = other.withColumn("_bucket", F.col("_bucket") - 1)
    adjacent = bands.join(later, on=keys)
    pairs = [
        frame.select(
            F.least("_id", "_id_b").alias("a"),
            F.greatest("_id", "_id_b").alias("b"),
        )
        for frame in (same, adjacent)
    ]
    return pairs[0].unionByName(pairs[1]).filter(F.col("a") != F.col("b")).distinct()


def _compatible(column: str) -> Column:
    left, right = F.col(column), F.col(f"{column}_b")
    return left.isNull() | right.isNull() | (left == right)


def duplicate_pairs(
    records: DataFrame,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_jaccard: float = DEFAULT_MIN_JACCARD,
) -> DataFrame:
    """Pairs (a, b) of record keys judged to be the same posting."""
    facts = records.select(
        F.col("record_key").alias("_id"),
        "_day",
        F.col("country").alias("_country"),
        "_city",
        "_role",
        "_title",
        F.col(WORD_HASHES).alias("_words"),
    )
    facts_b = facts.select([F.col(c).alias(f"{c}_b") for c in facts.columns])
    pairs = (
        band_matches(records, window_days)
        .join(facts, F.col("a") == F.col("_id"))
        .join(facts_b, F.col("b") == F.col("_id_b"))
    )
    inter = F.size(F.array_intersect("_words", "_words_b"))
    union = F.size("_words") + F.size("_words_b") - inter
    smaller = F.least(F.size("_words"), F.size("_words_b"))
    similar = (inter / union >= min_jaccard) | (
        (inter / smaller >= MIN_CONTAINMENT) & (smaller >= MIN_CONTAINED_WORDS)
    )
    return pairs.filter(
        (F.abs(F.col("_day") - F.col("_day_b")) <= window_days)
        & _compatible("_country")
        & _compatible("_city")
        & (F.col("_role") == F.col("_role_b"))
        & (
            (F.size(F.array_except("_title", "_title_b")) == 0)
            | (F.size(F.array_except("_title_b", "_title")) == 0)
        )
        & similar
    ).select("a", "b")


def without_bridges(edges: DataFrame, records: DataFrame) -> DataFrame:
    """`edges` without those of a record whose city (country) is unknown that matches records
    of two or more known cities (countries): `dedupe._without_bridges`'s rule."""
    places = records.select(
        F.col("record_key").alias("_id"), F.col("country").alias("_country"), "_city"
    )
    others = places.select(
        F.col("_id").alias("_other"),
        F.col("_country").alias("_other_country"),
        F.col("_city").alias("_other_city"),
    )
    ends = edges.select(F.col("a").alias("_id"), F.col("b").alias("_other")).unionByName(
        edges.select(F.col("b").alias("_id"), F.col("a").alias("_other"))
    )
    other_city = F.when(
        F.col("_other_city").isNotNull(), F.concat_ws("|", "_other_country", "_other_city")
    )
    bridges = (
        ends.join(places, on="_id")
        .join(others, on="_other")
        .groupBy("_id")
        .agg(
            F.first(F.col("_city").isNull()).alias("_no_city"),
            F.first(F.col("_country").isNull()).alias("_no_country"),
            F.countDistinct(other_city).alias("_cities"),
            F.countDistinct("_other_country").alias("_countries"),
        )
        .filter(
            (F.col("_no_city") & (F.col("_cities") > 1))
            | (F.col("_no_country") & (F.col("_countries") > 1))
        )
        .select(F.col("_id").alias("_bridge"))
    )
    kept = edges.join(bridges, edges.a == bridges._bridge, "left_anti")
    return kept.join(bridges, kept.b == bridges._bridge, "left_anti")


def connected_components(ids: DataFrame, edges: DataFrame) -> DataFrame:
    """`id`, `label` (the smallest id reachable) by min-label propagation: one join and
    aggregation per round, until no label changes."""
    labels = ids.select("id", F.col("id").alias("label")).localCheckpoint()
    both = edges.unionByName(
        edges.select(F.col("b").alias("a"), F.col("a").alias("b"))
    ).localCheckpoint()
    if both.isEmpty():
        return labels
    for _ in range(MAX_COMPONENT_ROUNDS):
        proposed = (
            both.join(labels, both.b == labels.id).groupBy("a").agg(F.min("label").alias("_new"))
        )
        updated = (
            labels.join(proposed, labels.id == proposed.a, "left")
            .select("id", "label", F.least("label", F.coalesce("_new", "label")).alias("_next"))
            .localCheckpoint()
        )
        if updated.filter(F.col("_next") != F.col("label")).isEmpty():
            return labels
        labels = updated.select("id", F.col("_next").alias("label"))
    raise RuntimeError(f"dedupe: labels still moving after {MAX_COMPONENT_ROUNDS} rounds")


def with_canonical_ids(
    records: DataFrame,
    window_days: int = DEFAULT_WINDOW_DAYS,
    min_jaccard: float = DEFAULT_MIN_JACCARD,
) -> DataFrame:
    """Records with `posting_id`, `is_representative` and `_order` (the record's place in
    its cluster: source rank, first_seen, record_key)."""
    edges = without_bridges(duplicate_pairs(records, window_days, min_jaccard), records)
    labels = connected_components(records.select(F.col("record_key").alias("id")), edges)
    # the matching columns are done with: the word sets are most of a record's bytes, and the
    # join and window below shuffle every record
    matched = [WORD_HASHES, SIGNATURE, BANDS, "_title", "_company", "_city", "_day", "_role"]
    clustered = records.drop(*matched).join(
        labels.select(F.col("id").alias("record_key"), F.col("label").alias("_cluster")),
        on="record_key",
    )
    in_order = Window.partitionBy("_cluster").orderBy(
        F.col("_rank").asc_nulls_last(),
        F.col("first_seen").asc_nulls_last(),
        F.col("record_key").asc_nulls_last(),
    )
    by_time = Window.partitionBy("_cluster").orderBy(
        F.col("first_seen").asc_nulls_last(), F.col("record_key").asc_nulls_last()
    )
    whole = by_time.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    return clustered.select(
        "*",
        F.row_number().over(in_order).alias("_order"),
        F.first(ANCHOR_ID).over(whole).alias("posting_id"),
    ).withColumn("is_representative", F.col("_order") == 1)
