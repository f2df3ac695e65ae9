"""`out_skill_premiums` from cells (`spark_engine.premium_mart`) is the posting-level mart
(`analytics.marts.premium.out_skill_premiums`): every segment, skill and column, the single,
joint and within-company estimates and their intervals, support, medians and suppression, on
the ladder's test market (confounded GenAI flags, a skill only some companies post, three role
families large enough to be segments). The aggregates of both passes (the cells, the pair
totals and medians; the joint models' per-company pair terms) come from the Polars twins of
the Spark ones here, and the Spark ones are checked against their twins; the 6k build test
compares the mart Spark publishes."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import polars as pl
import pytest

from analytics.marts.premium import out_skill_premiums
from bench import snapshots
from spark_engine.premium_mart import premiums_from_statistics
from spark_engine.premium_statistics import (
    MODELS_SCHEMA,
    PAIR_TERMS_SCHEMA,
    PremiumStatistics,
    pair_terms_from_postings,
    pair_terms_on_spark,
    sample_on_spark_with_flags,
    statistics_from_postings,
    statistics_on_spark,
)
from spark_engine.session import spark_session
from tests.analytics.marts.premium_market import GENAI_IDS, ladder_market
from tests.spark_engine.spark_frames import read_on_spark


def _twin_mart(
    postings: pl.DataFrame, skills: pl.DataFrame, statistics: PremiumStatistics | None = None
) -> pl.DataFrame:
    statistics = statistics or statistics_from_postings(postings, skills, GENAI_IDS)
    terms = partial(pair_terms_from_postings, postings, skills, GENAI_IDS)
    return premiums_from_statistics(statistics, GENAI_IDS, terms)


def _values(frame: pl.DataFrame, column: str) -> list[float]:
    return frame[column].cast(pl.Float64).fill_null(float("nan")).to_list()


@pytest.mark.parametrize("seed", [3, 8])
def test_mart_from_cells_is_the_posting_level_mart(seed: int) -> None:
    postings, skills = ladder_market(seed=seed)
    thin = postings.head(12).select("posting_id", pl.lit("thin_skill").alias("skill_id"))
    skills = pl.concat([skills, thin])  # too few postings: suppressed, with its reason
    local = out_skill_premiums(postings, skills, GENAI_IDS)
    found = _twin_mart(postings, skills)
    assert local["segment"].n_unique() >= 4  # all, three role families, the country
    assert local["premium_joint_pct"].drop_nulls().len() >= 4
    assert local["premium_within_pct"].drop_nulls().len() >= 4
    assert local["is_suppressed"].any()
    assert snapshots.table_differences(local, found, False) == []


def test_joint_model_reads_the_skill_pairs() -> None:
    """Without the pair totals the joint β change; without the second pass's pair terms
    (the per-company postings naming kept skills) the joint standard errors change."""
    postings, skills = ladder_market(seed=3)
    statistics = statistics_from_postings(postings, skills, GENAI_IDS)
    right = _twin_mart(postings, skills, statistics)
    assert right["se_joint"].drop_nulls().len() >= 4

    def no_terms(models: pl.DataFrame) -> pl.DataFrame:
        return pl.DataFrame(schema=PAIR_TERMS_SCHEMA)

    no_pair_terms = premiums_from_statistics(statistics, GENAI_IDS, no_terms)
    assert _values(no_pair_terms, "beta") == pytest.approx(
        _values(right, "beta"), rel=1e-9, nan_ok=True
    )
    assert _values(no_pair_terms, "premium_joint_pct") == pytest.approx(
        _values(right, "premium_joint_pct"), rel=1e-9, nan_ok=True
    )
    assert _values(no_pair_terms, "se_joint") != pytest.approx(
        _values(right, "se_joint"), nan_ok=True
    )
    no_totals = PremiumStatistics(
        statistics.base,
        statistics.with_skill,
        statistics.pair_totals.clear(),
        statistics.medians,
    )
    no_pairs = _twin_mart(postings, skills, no_totals)
    assert _values(no_pairs, "premium_joint_pct") != pytest.approx(
        _values(right, "premium_joint_pct"), nan_ok=True
    )


def test_the_spark_aggregates_are_their_polars_twins(tmp_path: Path) -> None:
    """Both passes on Spark equal their Polars twins, the ones the mart test above proves:
    `statistics_on_spark` (the executors' sums, pair totals and median ranks) and
    `pair_terms_on_spark` (each company's pair term, for the joint models the driver solved
    from those statistics)."""
    postings, skills = ladder_market(seed=8)
    spark_postings, spark_skills = read_on_spark(
        spark_session("local[2]"), tmp_path, postings=postings, skills=skills
    )
    sample = sample_on_spark_with_flags(spark_postings, spark_skills, GENAI_IDS)
    on_spark = statistics_on_spark(sample)
    twin = statistics_from_postings(postings, skills, GENAI_IDS)
    for part in ("base", "with_skill", "pair_totals", "medians"):
        found, expected = getattr(on_spark, part), getattr(twin, part)
        assert expected.height > 0, part
        assert snapshots.table_differences(expected, found.select(expected.columns), False) == [], (
            part
        )
    asked: list[pl.DataFrame] = []

    def noted(models: pl.DataFrame) -> pl.DataFrame:
        asked.append(models)
        return pair_terms_from_postings(postings, skills, GENAI_IDS, models)

    premiums_from_statistics(twin, GENAI_IDS, noted)
    (models,) = asked
    assert models.schema == pl.Schema(MODELS_SCHEMA)
    assert models["segment"].n_unique() >= 4 and models["model"].n_unique() == 2
    expected = pair_terms_from_postings(postings, skills, GENAI_IDS, models)
    found = pair_terms_on_spark(sample, models)
    sample.release()
    assert expected.height > 0
    assert snapshots.table_differences(expected, found, False) == []
