"""The posting-level marts made on the executors (`spark_engine.posting_marts`) are the local
builders' marts, row for row, on a small market the test builds and Spark cuts into Arrow
batches of 4 rows (so a posting's rows never depend on the other postings of its batch):

- `out_advisor_targets`: postings either side of the window's first day, null role family,
  country, seniority and posted day, a posting with no skills, a skill named twice, skills in
  every bit word; a skill outside the skills table fails the Spark job with the local message;
- `out_premium_sample`: unpaid, on-target-earnings, intern and part-time postings, a missing or
  blank company or title, a null country, accented titles, remote postings and no, one and two
  GenAI skills (one named twice)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pyspark.sql import SparkSession

from analytics.marts.advisor_targets import TARGETS_SCHEMA, out_advisor_targets
from analytics.marts.premium_ladder import ladder_sample, out_premium_sample
from spark_engine.posting_marts import advisor_targets_on_spark, premium_sample_on_spark
from spark_engine.session import spark_session
from tests.spark_engine.spark_frames import read_on_spark

SKILLS = [f"s{index:03d}" for index in range(200)]  # bits in 4 words
GENAI_IDS = frozenset({"llm", "rag"})
BATCH = "spark.sql.execution.arrow.maxRecordsPerBatch"


@contextmanager
def _small_batches(spark: SparkSession, rows: int = 4) -> Iterator[None]:
    before = spark.conf.get(BATCH)
    spark.conf.set(BATCH, str(rows))
    try:
        yield
    finally:
        spark.conf.set(BATCH, before)


def _target_market() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Postings from 2025-01 to 2026-03 (the window: 2025-04 on) and their skills."""
    rows, named = [], []
    for index in range(30):
        month = index % 15
        day = 1 if index % 2 == 0 else 28  # p18: the window's first day
        posting_id = f"p{index:02d}"
        posted = date(2025 + month // 12, month % 12 + 1, day)
        rows.append(
            {
                "posting_id": posting_id,
                "posted_date": None if index == 9 else posted,
                "role_family": None if index == 7 else ("ml_engineer", "data_scientist")[index % 2],
                "country": None if index == 8 else ("US", "DE", "GB")[index % 3],
                "seniority": "senior" if index % 3 else None,
            }
        )
        picked = [SKILLS[(index * 37 + k * 53) % len(SKILLS)] for k in range(index % 6)]
        named += [(posting_id, skill) for skill in [*picked, *picked[:1]]]  # one named twice
    postings = pl.DataFrame(
        rows,
        schema={
            "posting_id": pl.String,
            "posted_date": pl.Date,
            "role_family": pl.String,
            "country": pl.String,
            "seniority": pl.String,
        },
    )
    skills = pl.DataFrame(named, schema=["posting_id", "skill_id"], orient="row")
    return postings, skills


def _in_full_order(frame: pl.DataFrame) -> pl.DataFrame:
    # rows tied on the read's order columns may come in any order
    return frame.sort(pl.all(), nulls_last=True)


def test_advisor_targets_on_spark_are_the_local_mart(tmp_path: Path) -> None:
    postings, skills = _target_market()
    spark = spark_session("local[2]")
    spark_postings, spark_skills = read_on_spark(spark, tmp_path, postings=postings, skills=skills)
    last = postings["posted_date"].max()
    with _small_batches(spark):
        found = advisor_targets_on_spark(spark_postings, spark_skills, SKILLS, last)
        expected = out_advisor_targets(postings, skills, SKILLS)
        assert found.schema == expected.schema == pl.Schema(TARGETS_SCHEMA)
        assert found.select("role_family", "country", "seniority", "month").equals(
            expected.select("role_family", "country", "seniority", "month")
        )
        assert _in_full_order(found).equals(_in_full_order(expected))
        # what the market exercises: the window's edge, the nulls, no skills, the last word
        assert expected.height == 23  # 24 postings from 2025-04 on, one with no day
        assert expected["month"].min() == date(2025, 4, 1)
        assert {"other", "unknown"} <= set(expected["role_family"]) | set(expected["country"])
        assert 0 in expected["n_skills"].to_list()
        assert any(word > 0 for word in expected["skill_bits_3"])

        with pytest.raises(Exception, match=r"names skill 's\d{3}', which is not in the skills"):
            advisor_targets_on_spark(spark_postings, spark_skills, SKILLS[:10], last)
    empty = advisor_targets_on_spark(spark_postings, spark_skills, SKILLS, None)
    assert empty.height == 0 and empty.schema == pl.Schema(TARGETS_SCHEMA)


def _sample_market() -> tuple[pl.DataFrame, pl.DataFrame]:
    """Paid postings, most in the ladder's sample, some left out by each of its rules."""
    rows = []
    for index in range(24):
        rows.append(
            {
                "posting_id": f"q{index:02d}",
                "company": ("Acme", "Beta Corp", "Gamma")[index % 3],
                "title": ("Senior ML Engineer", "Ingénieur Données", "Member of Technical Staff")[
                    index % 3
                ],
                "role_family": ("ml_engineer", "data_engineer")[index % 2],
                "seniority": ("mid", "senior")[index % 2],
                "metro_code": None if index % 4 == 0 else "0041860",
                "country": "US",
                "is_remote": index % 4 == 0,
                "posted_date": date(2025, index % 12 + 1, 10),
                "employment_type": "FullTime",
                "pay_kind": "base",
                "pay_min_annual_usd": 100_000.0 + 1_234.5 * index,
                "pay_max_annual_usd": 140_000.0 + 987.25 * index,
            }
        )
    left_out = {
        "q01": {"pay_min_annual_usd": None},  # unpaid
        "q02": {"pay_kind": "ote"},
        "q03": {"seniority": "intern"},
        "q04": {"employment_type": "part-time"},
        "q05": {"company": None},
        "q06": {"company": "  "},
        "q07": {"title": None},
        "q08": {"title": " "},
        "q09": {"country": None, "metro_code": None},
    }
    for row in rows:
        row.update(left_out.get(row["posting_id"], {}))
    postings = pl.DataFrame(rows, infer_schema_length=None)
    named = [("q10", "llm"), ("q11", "llm"), ("q11", "rag"), ("q12", "rag"), ("q12", "rag")]
    named += [("q10", "python"), ("q13", "python"), ("q02", "llm")]
    skills = pl.DataFrame(named, schema=["posting_id", "skill_id"], orient="row")
    return postings, skills


def test_premium_sample_on_spark_is_the_local_mart(tmp_path: Path) -> None:
    postings, skills = _sample_market()
    spark = spark_session("local[2]")
    spark_postings, spark_skills = read_on_spark(spark, tmp_path, postings=postings, skills=skills)
    with _small_batches(spark):
        found = premium_sample_on_spark(spark_postings, spark_skills, GENAI_IDS)
    expected = out_premium_sample(ladder_sample(postings, skills, GENAI_IDS))
    assert found.equals(expected)
    # what the market exercises: every rule leaves its posting out, the GenAI counts
    assert expected.height == 24 - 9
    assert not {f"q{index:02d}" for index in range(1, 10)} & set(expected["posting_id"])
    counts = dict(zip(expected["posting_id"], expected["n_genai_skills"], strict=True))
    assert (counts["q10"], counts["q11"], counts["q12"], counts["q13"]) == (1, 2, 1, 0)
    assert "ingenieur donnees" in set(expected["title_key"])
    assert "mts" in set(expected["title_key"])
