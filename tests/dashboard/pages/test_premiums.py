"""Premiums page: the forest plot (GenAI first) with counts, segments, suppressed skills and
the joint and within-company readings.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from contract.marts import GENAI_INTENSITY
from tests.analytics.marts.premium_market import with_ladder
from tests.dashboard.pages.apptest import (
    chart,
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


# --------------------------------------------------------------------------- the control ladder


def _ladder_page(
    empty_home: Path, detail: str | None = None
) -> tuple[dict[str, pl.DataFrame], object]:
    """The premiums page on a snapshot with a ladder; `detail` is the label of the part picked
    below the ladder (as in a shared link)."""
    frames = with_ladder(snapshot_frames())
    write_snapshot(empty_home, "ladder-build", frames)
    params = {} if detail is None else {"ladder_detail": detail}
    return frames, open_page("GenAI and skill premiums", params)


def test_the_ladder_details_are_drawn_only_when_picked(empty_home: Path) -> None:
    _, app = _ladder_page(empty_home)
    keys = {element.key for element in app.get("plotly_chart")}
    assert keys == {"premium_forest", "ladder_chart"}
    assert not any(frame.key in ("published_table", "ladder_postings") for frame in app.dataframe)
    assert any("Pick one above" in text for text in texts(app.caption))
    app.button_group(key="ladder_detail").set_value("intensity")
    ran(app)
    keys = {element.key for element in app.get("plotly_chart")}
    assert keys == {"premium_forest", "ladder_chart", "intensity_chart"}


def test_ladder_chart_table_waterfall_and_sentence(empty_home: Path) -> None:
    frames, app = _ladder_page(empty_home, "Why it shrinks")
    mart = frames["out_premium_ladder"].filter(pl.col("skill_id") == "genai").sort("rung")
    traces = chart(app, "ladder_chart")
    estimate = traces[0]
    assert estimate["x"] == mart["premium_pct"].to_list()  # every rung estimated, in order
    assert len(estimate["y"]) == 7 and estimate["y"][0].startswith("0 · raw gap")
    upper = (mart["premium_hi"] - mart["premium_pct"]).to_list()
    assert estimate["error_x"]["array"] == pytest.approx(upper)
    assert "n = " in estimate["hovertemplate"]
    published = next(t for t in traces if t["name"] == "Published estimate")
    assert published["x"] == [56.0] and published["y"][0].startswith("2 ·")
    table = frame_with(app, "Holds fixed")
    assert table["Premium (%)"].tolist() == [f"{pct:+.1f}" for pct in mart["premium_pct"]]
    assert (table["n with"] == mart["n_with"].to_list()).all()
    parts = frames["out_premium_decomposition"].filter(pl.col("skill_id") == "genai")
    waterfall = chart(app, "decomposition_chart")[0]
    assert waterfall["type"] == "waterfall"
    total = parts.filter(pl.col("control") == "total").row(0, named=True)
    assert waterfall["y"][0] == pytest.approx(total["premium_from_pct"])
    pieces = parts.filter(pl.col("control") != "total")
    assert waterfall["y"][1:-1] == pytest.approx((-pieces["contribution_pct_pts"]).to_list())
    assert "Full model (rung 6)" in waterfall["x"][-1]
    reading = " ".join(texts(app.markdown))
    rung1 = mart.row(1, named=True)
    assert f"advertise {rung1['premium_pct']:+.1f}% more pay" in reading
    assert f"n = {rung1['n_with']:,} with" in reading
    first = pieces.row(0, named=True)
    assert f"{first['contribution_pct_pts']:.1f} points are role and seniority" in reading
    assert f"{mart['premium_pct'][6]:+.1f}%" in reading


def test_intensity_published_estimates_and_drill_down(empty_home: Path) -> None:
    frames, app = _ladder_page(empty_home, "How much GenAI")
    intensity = chart(app, "intensity_chart")
    assert [t["name"] for t in intensity] == [
        f"{name} (95% interval)" for name in GENAI_INTENSITY.values()
    ]
    app = open_page("GenAI and skill premiums", {"ladder_detail": "Published estimates"})
    published = frame_with(app, "Published")
    assert published["Published"].tolist() == ["+28%", "+56%"]
    assert published["Our flag"].tolist() == ["One GenAI skill", "Any GenAI skill"]
    app = open_page("GenAI and skill premiums", {"ladder_detail": "Postings behind a rung"})
    postings = frame_with(app, "Pay midpoint (USD / year)")
    assert 0 < len(postings) <= 50
    caption = " ".join(texts(app.caption))
    sample = frames["out_premium_sample"]
    n_with = sample.filter(pl.col("n_genai_skills") >= 1).height
    assert f"{n_with:,} postings match" in caption
    app.radio(key="ladder_side").set_value("without")
    ran(app)
    caption = " ".join(texts(app.caption))
    assert f"{sample.height - n_with:,} postings match" in caption


def test_choosing_another_flag_redraws_the_ladder(empty_home: Path) -> None:
    frames, app = _ladder_page(empty_home, "Why it shrinks")
    app.selectbox(key="ladder_skill").set_value("rare_skill")
    ran(app)
    mart = frames["out_premium_ladder"].filter(pl.col("skill_id") == "rare_skill").sort("rung")
    estimate = chart(app, "ladder_chart")[0]
    assert estimate["x"] == mart.filter(pl.col("is_estimated"))["premium_pct"].to_list()
    table = frame_with(app, "Holds fixed")
    assert table["95% interval"].tolist()[5:] == ["not estimated", "not estimated"]
    assert "companies post both" in table["Why not estimated"].tolist()[5]
    waterfall = chart(app, "decomposition_chart")[0]
    assert "Full model (rung 4)" in waterfall["x"][-1]
    assert not any(e.key == "intensity_chart" for e in app.get("plotly_chart"))


def test_a_snapshot_without_the_ladder_says_so(rich: SyntheticSnapshot) -> None:
    app = open_page("GenAI and skill premiums")
    assert any("no control ladder" in text for text in texts(app.info))


def test_a_rung_not_estimated_shows_an_empty_premium_not_none() -> None:
    """On the real captures rung 6 (+ title) is not estimated (903 parameters for 863
    postings): its Premium (%) cell read "None" beside "not estimated"."""
    from dashboard.pages.premiums import ladder_table

    ladder = pl.DataFrame(
        {
            "rung": [5, 6],
            "controls": ["... company", "... title"],
            "premium_pct": [9.24, None],
            "premium_lo": [1.81, None],
            "premium_hi": [17.2, None],
            "n_with": [189, 189],
            "n_without": [674, 674],
            "n_companies_both": [41, 41],
            "n_titles_both": [26, 26],
            "note": [None, "the rung's controls use up the sample"],
        }
    )
    table = ladder_table(ladder)
    assert table["Premium (%)"].to_list() == ["+9.2", ""]
    assert table["95% interval"].to_list()[1] == "not estimated"


def test_the_segment_is_picked_where_the_page_says(rich: SyntheticSnapshot) -> None:
    """The page said "pick the segment below" while its picker sat in the sidebar (closed at
    phone width, so the segment could not be found)."""
    app = open_page("GenAI and skill premiums")
    assert any("pick the segment below" in text for text in texts(app.caption))
    assert "segment" not in [select.key for select in app.sidebar.selectbox]
    segment = app.main.selectbox(key="segment")
    assert segment.value == "all"
    # countries named as on every other page (it read "Country: IN")
    assert "Country: India (IN)" in segment.options and "Country: IN" not in segment.options


def test_published_and_drill_down_tables_show_words_not_none_or_codes(empty_home: Path) -> None:
    """On the real captures the published-estimates table read "None" for the claim matched
    to rung 6 (not estimated) and "-0.0" for another; the postings behind a rung read levels
    as codes ("senior", "mid")."""
    from dashboard.components import SENIORITY_LABELS

    frames = with_ladder(snapshot_frames())
    claims = frames["out_claims"]
    first = claims.filter(pl.col("ladder_skill_id").is_not_null())["claim_id"][0]
    frames["out_claims"] = claims.with_columns(
        pl.when(pl.col("claim_id") == first).then(None).otherwise(pl.col("value")).alias("value")
    )
    write_snapshot(empty_home, "ladder-build", frames)
    app = open_page("GenAI and skill premiums", {"ladder_detail": "Published estimates"})
    published = frame_with(app, "Published")
    assert not published["Ours (%)"].isna().any()
    assert "" in published["Ours (%)"].tolist()
    assert all(value == "" or value[0] in "+-" for value in published["Ours (%)"])
    app = open_page("GenAI and skill premiums", {"ladder_detail": "Postings behind a rung"})
    postings = frame_with(app, "Pay midpoint (USD / year)")
    assert set(postings["Level"]) <= set(SENIORITY_LABELS.values())
