"""Premiums page: the forest plot (GenAI first) with counts, segments, suppressed skills and
the joint and within-company readings.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from tests.dashboard.pages.apptest import (
    frame_with,
    metric_values,
    open_page,
    plotly_traces,
    ran,
    texts,
)
from tests.fixtures.snapshot.helpers import estimated_premiums
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)


def test_premiums_page_plots_genai_first_with_counts(rich: SyntheticSnapshot) -> None:
    app = open_page("GenAI and skill premiums")
    assert texts(app.title) == ["GenAI and skill premiums"]
    expected = estimated_premiums(rich.premiums, "all")
    traces = plotly_traces(app, "scatter")
    adjusted = next(trace for trace in traces if trace["name"].startswith("Adjusted"))
    assert adjusted["x"] == expected["premium_adj_pct"].to_list()
    assert adjusted["y"][0] == "Any GenAI skill"
    assert all("n = " in trace["hovertemplate"] for trace in traces)
    genai = expected.row(0, named=True)
    reading = " ".join(texts(app.markdown))
    assert f"{genai['premium_adj_pct']:+.1f}%" in reading
    assert f"raw gap is {genai['raw_gap_pct']:+.1f}%" in reading
    assert "same role and level, place and month" in reading
    assert f"n = {genai['n_with']:,} postings with" in reading
    shown = frame_with(app, "Adjusted (%)")
    # this snapshot predates the joint and within-company estimates: said, not left blank
    assert set(shown["Own: 95% interval"]) == {"not estimated"}
    assert set(shown["Within: 95% interval"]) == {"not estimated"}
    hidden = frame_with(app, "Reason")
    assert hidden["Skill"].tolist() == ["Retrieval-augmented generation"]
    assert "Raw gap (%)" not in hidden.columns
    assert app.get("download_button")


def test_premiums_segment_choice_changes_the_output(rich: SyntheticSnapshot) -> None:
    app = open_page("GenAI and skill premiums")
    before = metric_values(app)["GenAI pay premium (adjusted)"]
    app.selectbox(key="segment").set_value("country=US")
    ran(app)
    us = rich.premiums.filter(
        (pl.col("segment") == "country=US") & (pl.col("skill_id") == "genai")
    ).row(0, named=True)
    after = metric_values(app)["GenAI pay premium (adjusted)"]
    assert after == f"{us['premium_adj_pct']:+.1f}%" != before
    app.selectbox(key="segment").set_value("country=IN")
    ran(app)
    warning = " ".join(texts(app.warning))
    assert "GenAI premium is suppressed" in warning and "n = 20 postings with" in warning
    assert "GenAI pay premium (adjusted)" not in metric_values(app)
    assert frame_with(app, "Adjusted (%)")["Skill"].tolist() == ["Python"]


def test_premiums_table_shows_joint_and_within_company_estimates(empty_home: Path) -> None:
    frames = snapshot_frames()
    premiums = frames["out_skill_premiums"]
    frames["out_skill_premiums"] = premiums.with_columns(
        (pl.col("premium_adj_pct") - 10).alias("premium_joint_pct"),
        (pl.col("premium_adj_lo") - 10).alias("premium_joint_lo"),
        (pl.col("premium_adj_hi") - 10).alias("premium_joint_hi"),
        pl.lit(None, pl.Float64).alias("premium_within_pct"),
        pl.lit(None, pl.Float64).alias("premium_within_lo"),
        pl.lit(None, pl.Float64).alias("premium_within_hi"),
        pl.lit(3, pl.Int64).alias("n_companies_both"),
    )
    write_snapshot(empty_home, "joint-build", frames)
    app = open_page("GenAI and skill premiums")
    shown = frame_with(app, "Own, other skills held fixed (%)")
    genai = (
        frames["out_skill_premiums"]
        .filter((pl.col("segment") == "all") & (pl.col("skill_id") == "genai"))
        .row(0, named=True)
    )
    row = shown[shown["Skill"] == "Any GenAI skill"].iloc[0]
    assert row["Own, other skills held fixed (%)"] == round(genai["premium_joint_pct"], 1)
    lo, hi = round(genai["premium_joint_lo"], 1), round(genai["premium_joint_hi"], 1)
    assert row["Own: 95% interval"] == f"{lo} to {hi}"
    assert row["Within: 95% interval"] == "not estimated"  # 3 companies post both
    assert any("Within company" in caption for caption in texts(app.caption))
