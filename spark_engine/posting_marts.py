"""The marts with one row per posting, made on the executors by the local engine's own code on
Arrow batches (`mapInArrow`), put in the local mart's row order by Spark and collected for the
snapshot (a published table is one Parquet file the driver writes):

- `out_postings`: each posting's sorted skill ids are a Spark group-by of the posting skills,
  joined to the postings; the row is `analytics.marts.postings_index.index_columns` of it;
- `out_posting_pay`: `analytics.marts.pay_band_places.out_posting_pay` of each batch (a filter
  of the paid postings and columns of each row), so pay-band places and the pay columns the
  pay engineers add follow without a copy here.

Shuffles: the skill lists (posting skills by posting) and their join to the postings. The rows
are put in order on the driver, which writes the table anyway (a Spark sort is one more job,
sampling the range bounds, and a shuffle of every row).

May import: polars, pyarrow, pyspark, `analytics.marts` (postings index, pay-band places),
`spark_engine.arrow_types`.
"""

from __future__ import annotations

import polars as pl
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from analytics.marts.pay_band_places import POSTING_PAY_SCHEMA, out_posting_pay
from analytics.marts.postings_index import INDEX_ORDER, POSTINGS_INDEX_SCHEMA, index_columns
from spark_engine.arrow_types import Rows, Schema, mapped_in_arrow, restored


def _made_and_collected(
    frame: DataFrame, rows: Rows, schema: Schema, order: tuple[str, ...]
) -> pl.DataFrame:
    made = mapped_in_arrow(frame, rows, schema)
    # sorted on the driver, which writes the table anyway: a Spark sort is one more job
    # (sampling the range bounds) and a shuffle of every row
    return restored(made.toArrow(), schema).select(list(schema)).sort(order, nulls_last=True)


def _index_rows(postings: pl.DataFrame) -> pl.DataFrame:
    return postings.select(index_columns()).select(
        [pl.col(c).cast(t) for c, t in POSTINGS_INDEX_SCHEMA.items()]
    )


def postings_index_on_spark(postings: DataFrame, skills: DataFrame) -> pl.DataFrame:
    """`out_postings` from the core tables on Spark."""
    skill_lists = skills.groupBy("posting_id").agg(
        F.array_sort(F.collect_set("skill_id")).alias("skill_ids")
    )
    with_lists = postings.join(skill_lists, on="posting_id", how="left")
    return _made_and_collected(with_lists, _index_rows, POSTINGS_INDEX_SCHEMA, INDEX_ORDER)


def posting_pay_on_spark(postings: DataFrame) -> pl.DataFrame:
    """`out_posting_pay` from core postings on Spark."""
    return _made_and_collected(
        postings, out_posting_pay, POSTING_PAY_SCHEMA, ("posted_date", "posting_id")
    )
