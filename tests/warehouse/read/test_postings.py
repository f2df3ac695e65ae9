"""The postings index: samples behind a point and shares counted from the index.

Expected values come from the frames the snapshot was written from.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.fixtures.snapshot.helpers import INJECTION
from tests.fixtures.snapshot.marts import wilson_bounds
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)
from warehouse import queries


def test_postings_sample_applies_every_filter_and_the_limit(snapshot: SyntheticSnapshot) -> None:
    index = snapshot.frames["out_postings"]
    expected = index.filter(
        pl.col("skill_ids").list.contains("llm")
        & (pl.col("role_family") == "ml_engineer")
        & (pl.col("country") == "US")
        & (pl.col("seniority") == "mid")
    )
    sample = queries.postings_sample(
        "llm", None, "ml_engineer", "US", "mid", "all", None, None, limit=5
    )
    assert sample.height == min(5, expected.height)
    assert set(sample["posting_id"]) <= set(expected["posting_id"])
    assert sample["n_matching"].to_list() == [expected.height] * sample.height
    assert sample.equals(
        queries.postings_sample("llm", None, "ml_engineer", "US", "mid", "all", limit=5)
    )
    month = index["month"].max()
    in_month = queries.postings_sample("python", month, limit=500)
    assert (in_month["month"] == month).all()
    by_source = queries.postings_sample(source="lever", limit=500)
    assert set(by_source["source"]) == {"lever"}
    assert queries.postings_sample(INJECTION).is_empty()
    assert queries.postings_sample(source=INJECTION).is_empty()


def test_postings_sample_returns_text_as_published(snapshot: SyntheticSnapshot) -> None:
    from tests.fixtures.snapshot.postings import SCRIPT_TITLE

    sample = queries.postings_sample(limit=1000)
    assert SCRIPT_TITLE in sample["title"].to_list()


def test_posting_trend_counts_the_postings_index(snapshot: SyntheticSnapshot) -> None:
    index = snapshot.frames["out_postings"].filter(
        (pl.col("seniority") == "senior") & (pl.col("source") == "ashby")
    )
    expected = (
        index.group_by("month")
        .agg(
            pl.len().alias("n_postings"),
            pl.col("skill_ids").list.contains("pytorch").sum().alias("n_with_skill"),
        )
        .sort("month")
    )
    trend = queries.posting_trend(["pytorch"], seniority="senior", source="ashby")
    assert trend["month"].to_list() == expected["month"].to_list()
    assert trend["n_postings"].to_list() == expected["n_postings"].to_list()
    assert trend["n_with_skill"].to_list() == expected["n_with_skill"].to_list()
    share = (100 * expected["n_with_skill"] / expected["n_postings"]).to_list()
    assert trend["share_pct"].to_list() == pytest.approx(share)
    assert (trend["share_lo"] <= trend["share_pct"]).all()
    assert (trend["share_hi"] >= trend["share_pct"]).all()


def test_read_side_intervals_are_the_builds_wilson_interval(snapshot: SyntheticSnapshot) -> None:
    """Shares pooled over a range the user picks get their bounds from the build's own
    estimator (analytics.stats.intervals.wilson_interval), which matches the textbook formula."""
    from analytics.stats.intervals import wilson_interval

    trend = queries.posting_trend(["pytorch", "llm"], seniority="senior")
    heatmap = queries.skill_role_heatmap("US", n_skills=3, min_postings=1)
    for frame, successes, trials in (
        (trend, "n_with_skill", "n_postings"),
        (heatmap, "n_with_skill", "n_postings"),
    ):
        assert frame.height > 0
        textbook_lo, textbook_hi = wilson_bounds(pl.col(successes), pl.col(trials))
        build_lo, build_hi = wilson_interval(pl.col(successes), pl.col(trials))
        expected = frame.select(
            textbook_lo.alias("lo"),
            textbook_hi.alias("hi"),
            (100 * build_lo).alias("build_lo"),
            (100 * build_hi).alias("build_hi"),
        )
        assert frame["share_lo"].to_list() == pytest.approx(expected["lo"].to_list())
        assert frame["share_hi"].to_list() == pytest.approx(expected["hi"].to_list())
        assert frame["share_lo"].to_list() == expected["build_lo"].to_list()
        assert frame["share_hi"].to_list() == expected["build_hi"].to_list()
