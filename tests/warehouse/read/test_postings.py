"""The postings index: samples behind a point and shares counted from the index.

Expected values come from the frames the snapshot was written from.
"""

from __future__ import annotations

from pathlib import Path

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


def test_postings_page_pages_through_every_posting_behind_a_point(
    snapshot: SyntheticSnapshot,
) -> None:
    index = snapshot.frames["out_postings"]
    expected = index.filter(pl.col("skill_ids").list.contains("python"))
    seen: list[str] = []
    offset = 0
    while True:
        page = queries.postings_page("python", offset=offset, limit=40)
        if page.is_empty():
            break
        assert page["n_matching"].to_list() == [expected.height] * page.height
        seen += page["posting_id"].to_list()
        offset += 40
    assert sorted(seen) == sorted(expected["posting_id"].to_list())  # all of them, once each
    assert len(seen) > 40  # more than one page
    assert list(queries.postings_page("python", limit=3).columns) == [
        *queries.POSTINGS_PAGE_COLUMNS,
        "n_matching",
    ]
    in_texas = queries.postings_page(state="TX", limit=1000)
    assert set(in_texas["posting_id"]) == set(
        index.filter((pl.col("country") == "US") & (pl.col("region") == "TX"))["posting_id"]
    )
    with pytest.raises(ValueError, match="offset"):
        queries.postings_page(offset=-1)


def test_postings_page_carries_each_postings_advertised_pay(empty_home: Path) -> None:
    from tests.dashboard.pages.pay_snapshot import write_pay_snapshot

    pay = write_pay_snapshot(empty_home)
    crafted = pay.postings.filter(pl.col("posting_id") == "pp0").row(0, named=True)
    page = queries.postings_page(role_family="ml_engineer", seniority="senior", limit=5000)
    row = page.filter(pl.col("posting_id") == "pp0").row(0, named=True)
    assert row["currency"] == crafted["currency"]
    assert row["pay_min_annual"] == pytest.approx(crafted["pay_min_annual"])
    assert row["pay_max_annual_usd"] == pytest.approx(crafted["pay_max_annual_usd"])


def test_posting_trend_filters_a_state_and_smooths_over_three_months(
    snapshot: SyntheticSnapshot,
) -> None:
    trend = queries.posting_trend(["python"], "ml_engineer", state="TX")
    index = snapshot.frames["out_postings"].filter(
        (pl.col("role_family") == "ml_engineer")
        & (pl.col("country") == "US")
        & (pl.col("region") == "TX")
    )
    assert trend["n_postings"].sum() == index.height
    shares = trend.sort("month")["share_pct"].to_list()
    smoothed = trend.sort("month")["share_ma3_pct"].to_list()
    assert smoothed[2] == pytest.approx(sum(shares[:3]) / 3)
    assert smoothed[0] == pytest.approx(shares[0])
