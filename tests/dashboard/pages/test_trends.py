"""Skill trends page: share trends with intervals, emerging and declining skills, the heatmap,
the drill-down to postings, and the period and seniority filters.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.dashboard.pages.apptest import (
    chart,
    chart_title,
    download_keys,
    frame_with,
    open_page,
    plotly_data,
    ran,
    texts,
)
from tests.fixtures.snapshot.postings import BAD_URL, SCRIPT_COMPANY, SCRIPT_TITLE
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)
from warehouse import queries


def test_trends_default_to_top_skills_with_interval_bands(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    latest = snapshot.demand.filter(
        (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
        & (pl.col("skill_id") != "genai")
        & (pl.col("month") == pl.col("month").max())
    ).sort("share_pct", descending=True)
    assert app.multiselect(key="skills").value == latest["skill_id"].head(5).to_list()
    traces = plotly_data(app)
    bands = [trace for trace in traces if trace.get("fill") == "toself"]
    lines = [trace for trace in traces if trace.get("mode") == "lines+markers"]
    assert len(bands) == len(lines) == 5
    assert all("n = " in line["hovertemplate"] for line in lines)
    assert app.get("download_button")


def test_trends_skill_and_role_choice_change_the_shown_data(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value(["llm"])
    ran(app)
    table = app.dataframe[0].value
    assert table["Skill"].tolist() == ["Large language models"]
    all_roles_n = int(table["of postings"].iloc[0])
    app.selectbox(key="role").set_value("data_scientist")
    ran(app)
    table = app.dataframe[0].value
    expected = snapshot.demand.filter(
        (pl.col("role_family") == "data_scientist")
        & (pl.col("country") == "all")
        & (pl.col("skill_id") == "llm")
        & (pl.col("month") == pl.col("month").max())
    )
    assert int(table["of postings"].iloc[0]) == expected["n_postings"].item() != all_roles_n
    assert int(table["n with skill"].iloc[0]) == expected["n_with_skill"].item()


def test_trends_with_no_skills_asks_for_one(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value([])
    ran(app)
    assert any("Pick one or more skills" in info for info in texts(app.info))
    assert "skill_trend" not in [chart.key for chart in app.get("plotly_chart")]


def test_trends_shows_emerging_and_declining_skills(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    rising = chart(app, "rising_chart")
    recent = next(trace for trace in rising if trace["name"].startswith("Last 3 months"))
    # first-ranked on top (the last y value)
    assert recent["y"] == ["Retrieval-augmented generation", "Large language models"]
    assert recent["x"] == [6.0, 15.0]
    assert chart_title(app, "rising_chart").startswith("Large language models rose most")
    assert chart(app, "declining_chart")[1]["y"] == ["TensorFlow"]
    captions = " ".join(texts(app.caption))
    assert "2 rising, 1 declining, 1 flat" in captions
    assert "1 skills with fewer than 30 recent postings" in captions


def test_trends_heatmap_shows_pooled_shares_with_suppressed_cells_explained(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends")
    heatmap = chart(app, "heatmap")[0]
    expected = queries.skill_role_heatmap("all", None, None, 15)
    first = expected.filter(pl.col("skill_rank") == 1)
    assert heatmap["y"][0] == first["skill_name"][0]
    assert heatmap["x"] == sorted(["ML engineer", "Data scientist"])
    by_role = dict(zip(first["role_family"], first["share_pct"], strict=True))
    assert heatmap["z"][0] == pytest.approx([by_role["data_scientist"], by_role["ml_engineer"]])
    assert any("Every cell rests on at least 30 postings" in t for t in texts(app.caption))
    assert any("heatmap_csv" in key for key in download_keys(app))


def test_trends_drill_down_shows_posting_text_escaped(snapshot: SyntheticSnapshot) -> None:
    index = snapshot.frames["out_postings"]
    script_row = index.filter(pl.col("title") == SCRIPT_TITLE).row(0, named=True)
    app = open_page("Skill trends")
    skill = script_row["skill_ids"][0]
    app.multiselect(key="skills").set_value([skill])
    ran(app)
    app.selectbox(key="drill_month").set_value(script_row["month"])
    ran(app)
    table = frame_with(app, "Title")
    assert SCRIPT_TITLE in table["Title"].tolist()  # shown as plain text in a dataframe cell
    row = table[table["Title"] == SCRIPT_TITLE].iloc[0]
    assert row["Company"] == SCRIPT_COMPANY
    assert row["Link"] is None or row["Link"] != row["Link"]  # javascript: link dropped
    assert BAD_URL not in table["Link"].dropna().tolist()
    rendered = texts(app.markdown) + texts(app.caption) + texts(app.text)
    assert not any("<script>" in text for text in rendered)
    n_expected = index.filter(
        pl.col("skill_ids").list.contains(skill) & (pl.col("month") == script_row["month"])
    ).height
    assert any(f"of {n_expected:,} postings naming" in text for text in texts(app.caption))


def test_trends_seniority_filter_counts_from_the_postings_index(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends", {"seniority": "Senior"})
    app.multiselect(key="skills").set_value(["pytorch"])
    ran(app)
    assert any("Counted from the postings index" in text for text in texts(app.caption))
    expected = queries.posting_trend(["pytorch"], seniority="senior")
    line = next(trace for trace in chart(app, "skill_trend") if trace.get("mode"))
    assert line["y"] == pytest.approx(expected["share_pct"].to_list())


def test_period_filter_narrows_the_trend(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends", {"from": "2025-06", "to": "2026-03"})
    app.multiselect(key="skills").set_value(["llm"])
    ran(app)
    line = next(trace for trace in chart(app, "skill_trend") if trace.get("mode"))
    months = [value[:7] for value in line["x"]]
    assert months[0] == "2025-06" and months[-1] == "2026-03"
    assert len(months) == 10


def test_trend_title_states_the_largest_move_in_pooled_3_month_shares(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value(["llm", "python"])
    ran(app)
    rows = snapshot.demand.filter(
        (pl.col("role_family") == "all") & (pl.col("country") == "all")
    ).sort("month")

    def pooled(frame: pl.DataFrame) -> float:
        return 100 * frame["n_with_skill"].sum() / frame["n_postings"].sum()

    moves = {}
    for skill in ("llm", "python"):
        series = rows.filter(pl.col("skill_id") == skill)
        moves[skill] = (pooled(series.head(3)), pooled(series.tail(3)))
    skill = max(moves, key=lambda key: abs(moves[key][1] - moves[key][0]))
    first, last = moves[skill]
    name = {"llm": "Large language models", "python": "Python"}[skill]
    verb = "rose" if last > first else "fell"
    assert chart_title(app, "skill_trend").startswith(
        f"{name} {verb} most: {first:.1f}% → {last:.1f}% of new postings"
    )
