"""Parse → normalize on the executors: staging rows travel as Arrow batches (`mapInArrow`) to
`analytics.normalize.postings.prepare_records`, the function the local engine's worker processes
run on each chunk (through `analytics.normalize.isolate.isolated`, so a poison record is
quarantined the same way), and each prepared record gets its dedupe keys there too, from
`analytics.normalize.dedupe`'s own expressions: normalized company, day, role, title words,
source rank, and its MinHash band keys. The text never comes back to the driver.

One output carries both kinds of row (Spark's `mapInArrow` has one schema): prepared records,
and quarantine rows flagged `_is_quarantine` with their `_q_*` columns.

May import: polars, pyarrow, pyspark, `analytics.normalize`, `spark_engine.arrow_types`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

import polars as pl
import pyarrow as pa
from pyspark.sql import DataFrame

from analytics.normalize import dedupe, isolate
from analytics.normalize.postings import prepare_records
from spark_engine.arrow_types import Schema, arrow_table, spark_schema

QUARANTINE_FLAG = "_is_quarantine"
QUARANTINE_COLUMNS = {"_q_source": "source", "_q_file": "file", "_q_record": "record"}
QUARANTINE_COLUMNS["_q_reason"] = "reason"
BANDS = "_bands"  # the record's MinHash band keys, band 0 first (null: no words)
TITLE_KEY = "_title_key"  # the hash of its title words (`dedupe.title_key`)
ANCHOR_ID = "_pid"  # the posting id of a cluster whose anchor is this record


def dedupe_keys(records: pl.DataFrame) -> pl.DataFrame:
    """Prepared records with the keys `dedupe.assign_canonical_ids` matches on, computed with
    its expressions: `_company`, `_day`, `_city`, `_title`, `_role`, `_rank`, the band keys of
    the record's signature (`dedupe.band_keys`), its title key (`dedupe.title_key`) and the
    posting id it gives a cluster it anchors (`dedupe.posting_id_of`)."""
    return records.with_columns(
        dedupe.normalized_company(pl.col("company")).fill_null("").alias("_company"),
        dedupe.record_day().alias("_day"),
        pl.col("city").str.to_lowercase().alias("_city"),
        dedupe.title_core_words(pl.col("title")).alias("_title"),
        dedupe.role_key().alias("_role"),
        dedupe.source_rank().alias("_rank"),
        dedupe.posting_id_of(pl.col("record_key")).alias(ANCHOR_ID),
        dedupe.band_keys(pl.col(dedupe.SIGNATURE)).alias(BANDS),
        dedupe.title_key(dedupe.title_core_words(pl.col("title"))).alias(TITLE_KEY),
    )


def prepared_with_keys(staging: pl.DataFrame, rates: pl.DataFrame | None) -> pl.DataFrame:
    """One batch's output: prepared records with their dedupe keys, then its quarantine rows."""
    records, quarantine = isolate.isolated(partial(prepare_records, rates=rates), staging)
    quarantine = quarantine.select(
        [pl.col(column).alias(name) for name, column in QUARANTINE_COLUMNS.items()]
    ).with_columns(pl.lit(True).alias(QUARANTINE_FLAG))
    keyed = dedupe_keys(records).with_columns(pl.lit(False).alias(QUARANTINE_FLAG))
    return pl.concat([keyed, quarantine], how="diagonal_relaxed")


BatchStep = Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]


def batch_step(rates: pl.DataFrame | None, schema: Schema) -> BatchStep:
    """The function `mapInArrow` runs on each executor's staging batches."""

    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            staging = pl.from_arrow(batch)
            assert isinstance(staging, pl.DataFrame)
            if staging.height == 0:
                continue
            out = prepared_with_keys(staging, rates)
            yield from arrow_table(out, schema).to_batches()

    return run


def output_schema(staging_head: pl.DataFrame, rates: pl.DataFrame | None) -> Schema:
    """The Polars schema of `prepared_with_keys` output, from a few staging rows run on the
    driver (every batch is cast to it)."""
    out = prepared_with_keys(staging_head, rates)
    schema = dict(out.schema)
    for name in (*QUARANTINE_COLUMNS, QUARANTINE_FLAG):
        schema[name] = pl.Boolean if name == QUARANTINE_FLAG else pl.String
    return schema


def prepared_on_executors(
    staging: DataFrame, rates: pl.DataFrame | None, schema: Schema
) -> DataFrame:
    """Prepared records and quarantine rows of every staging row, computed on the executors."""
    return staging.mapInArrow(batch_step(rates, schema), spark_schema(schema))
