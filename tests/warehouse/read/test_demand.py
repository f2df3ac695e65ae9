"""Skill demand: the catalog, trends, top skills, headline numbers, emerging skills and the
heatmap, against the synthetic snapshot.

Expected values are computed here from the frames the snapshot was written from, with Polars,
independently of the SQL under test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.fixtures.snapshot.helpers import INJECTION, shifted, slice_of
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries


def test_skill_catalog_lists_skills_and_the_genai_pseudo_skill(
    snapshot: SyntheticSnapshot,
) -> None:
    catalog = queries.skill_catalog()
    skills = snapshot.frames["skills"]
    assert set(catalog["skill_id"]) == {*skills["skill_id"], "genai"}
    genai = catalog.filter(pl.col("skill_id") == "genai").row(0, named=True)
    assert genai["is_genai"] is True
    assert catalog["name"].str.to_lowercase().is_sorted()


def test_demand_trend_returns_the_slice_rows_with_names(snapshot: SyntheticSnapshot) -> None:
    result = queries.demand_trend(["llm", "python"], "ml_engineer", "US")
    names = snapshot.frames["skills"].select("skill_id", skill_name="name")
    expected = (
        slice_of(snapshot.demand, "ml_engineer", "US")
        .filter(pl.col("skill_id").is_in(["llm", "python"]))
        .join(names, on="skill_id")
        .with_columns(share_ma3_pct=pl.lit(None, dtype=pl.Float64))  # not in this snapshot
        .select(result.columns)
        .sort("skill_id", "month")
    )
    assert result.height == 48
    assert_frame_equal(result, expected)


def test_demand_trend_date_window_is_inclusive(snapshot: SyntheticSnapshot) -> None:
    months = snapshot.demand["month"].unique().sort()
    start, end = months[3], months[8]
    result = queries.demand_trend(["pytorch"], start=start, end=end)
    assert result["month"].to_list() == months.slice(3, 6).to_list()


def test_demand_trend_with_no_skills_is_empty_and_a_bare_string_is_refused(
    snapshot: SyntheticSnapshot,
) -> None:
    assert queries.demand_trend([]).is_empty()
    with pytest.raises(TypeError, match="not the string 'llm'"):
        queries.demand_trend("llm")


def test_values_are_bound_as_parameters_not_sql(snapshot: SyntheticSnapshot) -> None:
    assert queries.demand_trend([INJECTION]).is_empty()
    assert queries.demand_trend(["llm"], role_family=INJECTION).is_empty()
    assert queries.top_skills(country=INJECTION).is_empty()
    assert queries.premiums(INJECTION).is_empty()
    assert queries.pay_band(INJECTION, "senior", "US").is_empty()
    assert queries.pay_band("ml_engineer", "senior", "US' OR '1'='1").is_empty()
    assert queries.pay_band_places(INJECTION).is_empty()
    # The same calls with real values do return rows, so emptiness above is the binding.
    assert not queries.demand_trend(["llm"]).is_empty()
    assert not queries.pay_band("ml_engineer", "senior", "US").is_empty()


def test_genai_share_trend_is_the_genai_rows(snapshot: SyntheticSnapshot) -> None:
    result = queries.genai_share_trend("all", "IN")
    expected = (
        slice_of(snapshot.demand, "all", "IN")
        .filter(pl.col("skill_id") == "genai")
        .with_columns(share_ma3_pct=pl.lit(None, dtype=pl.Float64))  # not in this snapshot
        .select(result.columns)
        .sort("month")
    )
    assert_frame_equal(result, expected)


def test_top_skills_ranks_by_share_in_the_latest_month(snapshot: SyntheticSnapshot) -> None:
    result = queries.top_skills(role_family="data_scientist", country="US", n=3)
    rows = slice_of(snapshot.demand, "data_scientist", "US").filter(pl.col("skill_id") != "genai")
    latest = rows.filter(pl.col("month") == pl.col("month").max())
    expected = latest.sort("share_pct", descending=True)["skill_id"].head(3).to_list()
    assert result["skill_id"].to_list() == expected
    assert result["rank"].to_list() == [1, 2, 3]
    assert (result["month"] == rows["month"].max()).all()


def test_top_skills_for_a_given_month_leaves_out_genai(snapshot: SyntheticSnapshot) -> None:
    first = snapshot.demand["month"].min()
    result = queries.top_skills(month=first, n=10)
    rows = slice_of(snapshot.demand).filter(
        (pl.col("month") == first) & (pl.col("skill_id") != "genai")
    )
    expected = rows.sort("share_pct", descending=True)["skill_id"].to_list()
    assert result["skill_id"].to_list() == expected
    with pytest.raises(ValueError, match="positive integer"):
        queries.top_skills(n=0)


def test_headline_numbers_compare_the_last_12_months_with_the_prior_12(
    snapshot: SyntheticSnapshot,
) -> None:
    row = queries.headline_numbers("data_scientist", "all").row(0, named=True)
    genai = slice_of(snapshot.demand, "data_scientist", "all").filter(pl.col("skill_id") == "genai")
    latest = genai["month"].max()
    last = genai.filter(pl.col("month") > shifted(latest, -12))["n_postings"].sum()
    prior = genai.filter(pl.col("month") <= shifted(latest, -12))["n_postings"].sum()
    now = genai.filter(pl.col("month") == latest).row(0, named=True)
    ago = genai.filter(pl.col("month") == shifted(latest, -12)).row(0, named=True)
    assert row["latest_month"] == latest
    assert (row["postings_last_12m"], row["postings_prior_12m"]) == (last, prior)
    assert row["postings_change_pct"] == pytest.approx(100 * (last / prior - 1))
    assert row["genai_share_pct"] == pytest.approx(now["share_pct"])
    assert row["genai_n_postings"] == now["n_postings"]
    assert row["genai_n_with_skill_year_ago"] == ago["n_with_skill"]
    assert row["genai_change_pts"] == pytest.approx(now["share_pct"] - ago["share_pct"])


def test_headline_change_is_withheld_when_the_prior_year_is_incomplete(empty_home: Path) -> None:
    frames = snapshot_frames(n_months=18)
    write_snapshot(empty_home, "short", frames)
    row = queries.headline_numbers().row(0, named=True)
    assert (row["months_last_12m"], row["months_prior_12m"]) == (12, 6)
    assert row["postings_prior_12m"] > 0
    assert row["postings_change_pct"] is None


def test_headline_for_an_unknown_slice_is_all_null(snapshot: SyntheticSnapshot) -> None:
    row = queries.headline_numbers("no_such_role", "all").row(0, named=True)
    assert row["latest_month"] is None and row["genai_share_pct"] is None


def test_emerging_skills_by_direction_leave_out_suppressed(snapshot: SyntheticSnapshot) -> None:
    rising = queries.emerging_skills("rising")
    assert rising["skill_id"].to_list() == ["llm", "rag"]
    assert rising["skill_name"].to_list()[0] == "Large language models"
    assert queries.emerging_skills("declining")["skill_id"].to_list() == ["tensorflow"]
    assert queries.emerging_skills("rising", "ml_engineer")["skill_id"].to_list() == ["llm"]
    counts = queries.emerging_counts()
    assert counts == {
        "rising": 2,
        "declining": 1,
        "flat": 1,
        "not comparable": 0,
        "suppressed": 1,
    }
    with pytest.raises(ValueError, match="direction"):
        queries.emerging_skills("sideways")  # type: ignore[arg-type]


def test_skill_role_heatmap_pools_the_period(snapshot: SyntheticSnapshot) -> None:
    start, end = date(2025, 11, 1), date(2026, 4, 1)
    period = snapshot.demand.filter(
        (pl.col("country") == "US") & pl.col("month").is_between(start, end)
    )
    pooled = period.group_by("skill_id", "role_family").agg(
        pl.col("n_with_skill").sum(), pl.col("n_postings").sum()
    )
    cells = queries.skill_role_heatmap("US", start, end, n_skills=2)
    overall = (
        pooled.filter((pl.col("role_family") == "all") & (pl.col("skill_id") != "genai"))
        .with_columns(share=pl.col("n_with_skill") / pl.col("n_postings"))
        .sort("share", descending=True)
    )
    assert (
        cells["skill_id"].unique(maintain_order=True).to_list()
        == overall["skill_id"].head(2).to_list()
    )
    assert "all" not in cells["role_family"].to_list()
    row = cells.filter(
        (pl.col("skill_id") == "python") & (pl.col("role_family") == "ml_engineer")
    ).row(0, named=True)
    expected = pooled.filter(
        (pl.col("skill_id") == "python") & (pl.col("role_family") == "ml_engineer")
    ).row(0, named=True)
    assert row["n_postings"] == expected["n_postings"]
    assert row["share_pct"] == pytest.approx(
        100 * expected["n_with_skill"] / expected["n_postings"]
    )
    assert row["share_lo"] < row["share_pct"] < row["share_hi"]
    suppressed = queries.skill_role_heatmap("US", start, end, 2, min_postings=10**6)
    assert suppressed["is_suppressed"].all()
    assert suppressed["share_pct"].is_null().all()


# --------------------------------------------------------------------------- one rising list
# Overview's "Rising skills" and Skill trends' rising list are both out_emerging_skills' rising
# rows: the read API selects them, it does not rank skills itself.


def test_rising_skills_are_the_emerging_marts_rising_rows_in_its_rank_order(
    snapshot: SyntheticSnapshot,
) -> None:
    emerging = snapshot.frames["out_emerging_skills"]
    expected = emerging.filter(
        (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
        & (pl.col("direction") == "rising")
        & ~pl.col("is_suppressed")
    ).sort("rank")
    result = queries.emerging_skills("rising", "all", "all", n=10)
    assert result["skill_id"].to_list() == expected["skill_id"].to_list()
    for column in ("share_recent_pct", "share_recent_lo", "share_recent_hi", "yoy_ratio"):
        assert result[column].to_list() == expected[column].to_list(), column
    assert result["n_recent_with"].to_list() == expected["n_recent_with"].to_list()
    assert result["rank"].to_list() == list(range(1, expected.height + 1))
    assert queries.emerging_skills("rising", "all", "all", n=1)["skill_id"].to_list() == (
        expected["skill_id"].head(1).to_list()
    )


def test_rising_skills_leave_out_suppressed_rows_whatever_their_direction(
    empty_home: Path,
) -> None:
    frames = snapshot_frames()
    emerging = frames["out_emerging_skills"]
    # the mart suppresses llm (too few recent postings) in the all x all slice
    frames["out_emerging_skills"] = emerging.with_columns(
        pl.when((pl.col("skill_id") == "llm") & (pl.col("role_family") == "all"))
        .then(True)
        .otherwise(pl.col("is_suppressed"))
        .alias("is_suppressed")
    )
    write_snapshot(empty_home, "suppressed-llm", frames)
    assert queries.emerging_skills("rising")["skill_id"].to_list() == ["rag"]
    assert queries.emerging_skills("rising", "ml_engineer")["skill_id"].to_list() == ["llm"]
    assert queries.emerging_counts()["suppressed"] == 2
