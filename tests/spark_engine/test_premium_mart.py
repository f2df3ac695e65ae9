"""`out_skill_premiums` from cells (`spark_engine.premium_mart`) is the posting-level mart
(`analytics.marts.premium.out_skill_premiums`): every segment, skill and column, the single,
joint and within-company estimates and their intervals, support, medians and suppression, on
the ladder's test market (confounded GenAI flags, a skill only some companies post, three role
families large enough to be segments). The aggregates come from the Polars twin of the Spark
statistics here; the 6k build test compares the Spark ones."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.marts.premium import out_skill_premiums
from bench import snapshots
from spark_engine.premium_mart import premiums_from_statistics
from spark_engine.premium_statistics import (
    PremiumStatistics,
    statistics_from_postings,
    statistics_on_spark,
)
from spark_engine.session import spark_session
from tests.analytics.marts.premium_market import GENAI_IDS, ladder_market


@pytest.mark.parametrize("seed", [3, 8])
def test_mart_from_cells_is_the_posting_level_mart(seed: int) -> None:
    postings, skills = ladder_market(seed=seed)
    thin = postings.head(12).select("posting_id", pl.lit("thin_skill").alias("skill_id"))
    skills = pl.concat([skills, thin])  # too few postings: suppressed, with its reason
    local = out_skill_premiums(postings, skills, GENAI_IDS)
    statistics = statistics_from_postings(postings, skills, GENAI_IDS)
    found = premiums_from_statistics(statistics, GENAI_IDS)
    assert local["segment"].n_unique() >= 4  # all, three role families, the country
    assert local["premium_joint_pct"].drop_nulls().len() >= 4
    assert local["premium_within_pct"].drop_nulls().len() >= 4
    assert local["is_suppressed"].any()
    assert snapshots.table_differences(local, found, False) == []


def test_joint_scores_read_the_skill_pairs() -> None:
    """Without the postings naming two skills at once the joint standard errors change."""
    postings, skills = ladder_market(seed=3)
    statistics = statistics_from_postings(postings, skills, GENAI_IDS)
    right = premiums_from_statistics(statistics, GENAI_IDS)
    no_pairs = PremiumStatistics(
        statistics.base, statistics.with_skill, statistics.pairs.clear(), statistics.medians
    )
    wrong = premiums_from_statistics(no_pairs, GENAI_IDS)
    assert wrong["beta"].to_list() == pytest.approx(right["beta"].to_list(), rel=1e-9, nan_ok=True)
    assert wrong["se_joint"].to_list() != pytest.approx(right["se_joint"].to_list(), nan_ok=True)


def test_the_spark_aggregates_are_their_polars_twins(tmp_path: Path) -> None:
    """`statistics_on_spark` (the executors' sums, pairs and median ranks) equals
    `statistics_from_postings`, the Polars twin the mart test above proves."""
    postings, skills = ladder_market(seed=8)
    postings.write_parquet(tmp_path / "postings.parquet")
    skills.write_parquet(tmp_path / "skills.parquet")
    spark = spark_session("local[2]")
    on_spark = statistics_on_spark(
        spark.read.parquet(str(tmp_path / "postings.parquet")),
        spark.read.parquet(str(tmp_path / "skills.parquet")),
        GENAI_IDS,
    )
    twin = statistics_from_postings(postings, skills, GENAI_IDS)
    for part in ("base", "with_skill", "pairs", "medians"):
        found, expected = getattr(on_spark, part), getattr(twin, part)
        assert expected.height > 0, part
        assert snapshots.table_differences(expected, found.select(expected.columns), False) == [], (
            part
        )
