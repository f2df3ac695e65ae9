"""The marts with one row per posting, made on the executors by the local engine's own code on
Arrow batches (`mapInArrow`), put in the local mart's row order by Spark and collected for the
snapshot (a published table is one Parquet file the driver writes):

- `out_postings`: each posting's sorted skill ids are a Spark group-by of the posting skills,
  joined to the postings; the row is `analytics.marts.postings_index.index_columns` of it;
- `out_posting_pay`: `analytics.marts.pay_band_places.out_posting_pay` of each batch (a filter
  of the paid postings and columns of each row), so pay-band places and the pay columns the
  pay engineers add follow without a copy here;
- `out_advisor_targets`: the postings from the window's first month on (the driver's, from the
  data's last day) joined to their skill lists; the rows are
  `analytics.marts.advisor_targets.advisor_target_rows` of each batch, the lists exploded back
  into the batch's posting skills;
- `out_premium_sample`: each posting's count of distinct GenAI skills is a Spark group-by,
  joined to the postings; the rows are `analytics.marts.premium_ladder.ladder_postings` of each
  batch (the premium sample's filters, the known controls, the normalized title). The ladder's
  fits still read the driver's own sample.

Shuffles: the skill lists (posting skills by posting, for the index and the targets) and the
GenAI counts, each joined to the postings. The rows are put in order on the driver, which
writes the table anyway (a Spark sort is one more job, sampling the range bounds, and a
shuffle of every row).

May import: polars, pyarrow, pyspark, `analytics.marts` (postings index, pay-band places,
advisor targets, premium ladder), `spark_engine.arrow_types`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from analytics.marts.advisor_targets import (
    TARGETS_ORDER,
    TARGETS_SCHEMA,
    advisor_target_rows,
    skill_order,
    window_start,
)
from analytics.marts.pay_band_places import POSTING_PAY_SCHEMA, out_posting_pay
from analytics.marts.postings_index import INDEX_ORDER, POSTINGS_INDEX_SCHEMA, index_columns
from analytics.marts.premium_ladder import SAMPLE_SCHEMA, ladder_postings
from spark_engine.arrow_types import Rows, Schema, mapped_in_arrow, restored

SKILL_LIST = "skill_ids"


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


def _with_skill_lists(postings: DataFrame, skills: DataFrame) -> DataFrame:
    """`postings` with each one's sorted distinct skill ids (null when it names none)."""
    skill_lists = skills.groupBy("posting_id").agg(
        F.array_sort(F.collect_set("skill_id")).alias(SKILL_LIST)
    )
    return postings.join(skill_lists, on="posting_id", how="left")


def postings_index_on_spark(postings: DataFrame, skills: DataFrame) -> pl.DataFrame:
    """`out_postings` from the core tables on Spark."""
    with_lists = _with_skill_lists(postings, skills)
    return _made_and_collected(with_lists, _index_rows, POSTINGS_INDEX_SCHEMA, INDEX_ORDER)


def posting_pay_on_spark(postings: DataFrame) -> pl.DataFrame:
    """`out_posting_pay` from core postings on Spark."""
    return _made_and_collected(
        postings, out_posting_pay, POSTING_PAY_SCHEMA, ("posted_date", "posting_id")
    )


def _target_rows(order: list[str], start: date) -> Rows:
    def rows(batch: pl.DataFrame) -> pl.DataFrame:
        named = (
            batch.select("posting_id", pl.col(SKILL_LIST).alias("skill_id"))
            .explode("skill_id")
            .drop_nulls("skill_id")
        )
        return advisor_target_rows(batch.drop(SKILL_LIST), named, order, start)

    return rows


def advisor_targets_on_spark(
    postings: DataFrame, skills: DataFrame, skill_ids: Sequence[str], last: date | None
) -> pl.DataFrame:
    """`out_advisor_targets` from the core tables on Spark; `skill_ids`: the published skills,
    `last`: the data's last posted day (None when there are no postings). A posting skill
    outside the skills fails the Spark job with the local ValueError's message."""
    order = skill_order(skill_ids)
    if last is None:
        return pl.DataFrame(schema=TARGETS_SCHEMA)
    start = window_start(last)
    # only the window's postings are joined to their lists; start is a month's first day, so
    # this keeps exactly the postings whose month is not before it (the rows' own test)
    recent = postings.filter(F.col("posted_date") >= F.lit(start))
    with_lists = _with_skill_lists(recent, skills)
    return _made_and_collected(
        with_lists, _target_rows(order, start), TARGETS_SCHEMA, TARGETS_ORDER
    )


def _sample_rows(batch: pl.DataFrame) -> pl.DataFrame:
    counts = batch.select("posting_id", "n_genai_skills").drop_nulls("n_genai_skills")
    return ladder_postings(batch.drop("n_genai_skills"), counts).select(
        [pl.col(c).cast(t) for c, t in SAMPLE_SCHEMA.items()]
    )


def premium_sample_on_spark(
    postings: DataFrame, skills: DataFrame, genai_ids: frozenset[str]
) -> pl.DataFrame:
    """`out_premium_sample` from the core tables on Spark."""
    genai_counts = (
        skills.filter(F.col("skill_id").isin(sorted(genai_ids)))
        .groupBy("posting_id")
        .agg(F.countDistinct("skill_id").cast("long").alias("n_genai_skills"))
    )
    with_counts = postings.join(genai_counts, on="posting_id", how="left")
    return _made_and_collected(with_counts, _sample_rows, SAMPLE_SCHEMA, ("posting_id",))
