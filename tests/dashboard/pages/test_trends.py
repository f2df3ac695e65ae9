"""Skill trends page: share trends with intervals, emerging and declining skills, the heatmap,
the drill-down to postings, and the period and seniority filters.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

from pathlib import Path

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
    snapshot_frames,
    write_snapshot,
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
    app = open_page("Skill trends", {"view": "Emerging and declining"})
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
    app = open_page("Skill trends", {"view": "Skills × role family"})
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
    assert row["Link"] == ""  # javascript: link dropped, an empty cell (not "None")
    assert BAD_URL not in table["Link"].tolist()
    rendered = texts(app.markdown) + texts(app.caption) + texts(app.text)
    assert not any("<script>" in text for text in rendered)
    n_expected = index.filter(
        pl.col("skill_ids").list.contains(skill) & (pl.col("month") == script_row["month"])
    ).height
    assert any(f"of {n_expected:,} naming" in text for text in texts(app.caption))


def test_trends_seniority_filter_counts_from_the_postings_index(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends", {"seniority": "Senior"})
    app.multiselect(key="skills").set_value(["pytorch"])
    ran(app)
    assert any("Counted from the postings index" in text for text in texts(app.caption))
    expected = queries.posting_trend(["pytorch"], seniority="senior")
    line = next(
        trace for trace in chart(app, "skill_trend") if trace.get("mode") == "lines+markers"
    )
    assert line["y"] == pytest.approx(expected["share_pct"].to_list())


def test_period_filter_narrows_the_trend(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends", {"from": "2025-06", "to": "2026-03"})
    app.multiselect(key="skills").set_value(["llm"])
    ran(app)
    line = next(
        trace for trace in chart(app, "skill_trend") if trace.get("mode") == "lines+markers"
    )
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


# --------------------------------------------------------------------------- analyst options


def test_the_drill_down_pages_through_every_posting_behind_a_point(
    snapshot: SyntheticSnapshot,
) -> None:
    """Issue #12: the drill-down showed a fixed 25 postings; it pages through all of them."""
    index = snapshot.frames["out_postings"]
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value(["python"])
    ran(app)
    month = app.selectbox(key="drill_month").value
    behind = index.filter(
        pl.col("skill_ids").list.contains("python") & (pl.col("month") == month)
    ).sort("posting_id")
    first = frame_with(app, "Pay per year")
    seen = list(first["Title"])
    pages = next(w for w in app.number_input if w.key.startswith("drill_page"))
    n_pages = -(-behind.height // 50)
    assert pages.max == n_pages
    for number in range(2, n_pages + 1):
        next(w for w in app.number_input if w.key.startswith("drill_page")).set_value(number)
        ran(app)
        seen += list(frame_with(app, "Pay per year")["Title"])
    assert sorted(seen) == sorted(behind["title"].to_list())
    assert {"Title", "Company", "Place", "Pay per year", "Link"} <= set(first.columns)


def test_up_to_five_skills_are_compared_on_one_chart(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    assert app.multiselect(key="skills").max_selections == 5
    lines = [t for t in chart(app, "skill_trend") if t.get("mode") == "lines+markers"]
    assert len(lines) == len(app.multiselect(key="skills").value) == 5


def test_counts_and_three_month_smoothing(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends", {"measure": "Number of postings"})
    app.multiselect(key="skills").set_value(["llm"])
    ran(app)
    expected = snapshot.demand.filter(
        (pl.col("role_family") == "all") & (pl.col("country") == "all")
        & (pl.col("skill_id") == "llm")
    ).sort("month")  # fmt: skip
    line = next(t for t in chart(app, "skill_trend") if t.get("mode") == "lines+markers")
    assert line["y"] == expected["n_with_skill"].to_list()
    assert not [t for t in chart(app, "skill_trend") if t.get("fill") == "toself"]
    shares = open_page("Skill trends", {"smooth": "true"})
    shares.multiselect(key="skills").set_value(["llm"])
    ran(shares)
    assert shares.toggle(key="smooth").value is True
    assert "3-month moving average" in chart_title(shares, "skill_trend")


def test_a_us_state_slices_the_trend_from_the_mart_or_the_index(empty_home: Path) -> None:
    frames = snapshot_frames()
    base = frames["out_skill_demand_monthly"].with_columns(
        seniority=pl.lit("all"), state=pl.lit("all"), metro_code=pl.lit("all"), source=pl.lit("all")
    )
    us = base.filter((pl.col("country") == "US") & (pl.col("role_family") == "all"))
    texas = us.with_columns(state=pl.lit("TX"), n_postings=pl.lit(11, dtype=pl.Int64))
    frames["out_skill_demand_monthly"] = pl.concat([base, texas])
    write_snapshot(empty_home, "states", frames)
    app = open_page("Skill trends", {"state": "Texas (TX)"})
    app.multiselect(key="skills").set_value(["python"])
    ran(app)
    assert app.selectbox(key="state").value == "TX"
    assert int(frame_with(app, "of postings")["of postings"].iloc[0]) == 11  # the mart's slice
    by_role = open_page("Skill trends", {"state": "Texas (TX)", "role": "ML engineer"})
    by_role.multiselect(key="skills").set_value(["python"])
    ran(by_role)
    index = frames["out_postings"].filter(
        (pl.col("country") == "US") & (pl.col("region") == "TX")
        & (pl.col("role_family") == "ml_engineer")
    )  # fmt: skip
    latest = index.filter(pl.col("month") == index["month"].max())
    table = frame_with(by_role, "of postings")
    assert int(table["of postings"].iloc[0]) == latest.height  # counted from the index
    assert any("Texas (TX)" in caption for caption in texts(by_role.caption))


def test_each_view_says_which_sidebar_filters_it_ignores(snapshot: SyntheticSnapshot) -> None:
    trend = " ".join(texts(open_page("Skill trends").caption))
    assert "Sidebar filters used here: period, role family, seniority, country, source." in trend
    emerging = " ".join(
        texts(open_page("Skill trends", {"view": "Emerging and declining"}).caption)
    )
    assert "Not applied: period, seniority, source" in emerging


def test_a_move_within_the_intervals_is_not_called_a_rise() -> None:
    from datetime import date

    from dashboard.pages.trends import trend_finding

    months = [date(2026, m, 1) for m in range(1, 7)]
    noisy = pl.DataFrame(
        {
            "month": months,
            "skill_id": ["x"] * 6,
            "skill_name": ["X"] * 6,
            "n_with_skill": [10, 11, 10, 12, 11, 12],
            "n_postings": [100] * 6,
            "share_lo": [5.0] * 6,
            "share_hi": [17.0] * 6,
        }
    )
    assert trend_finding(noisy).startswith("No clear move: the largest, X")
    clear = noisy.with_columns(
        n_with_skill=pl.Series([10, 10, 10, 40, 40, 40]),
        share_lo=pl.Series([5.0, 5.0, 5.0, 30.0, 30.0, 30.0]),
        share_hi=pl.Series([17.0, 17.0, 17.0, 50.0, 50.0, 50.0]),
    )
    assert trend_finding(clear).startswith("X rose most: 10.0% → 40.0%")
    one = noisy.head(1)
    assert trend_finding(one).startswith("One month of data (Jan 2026)")


def test_the_heatmap_calls_a_cell_the_most_asked_for_only_when_its_interval_says_so() -> None:
    from dashboard.skill_role_heatmap_view import heatmap_finding

    cells = pl.DataFrame(
        {
            "skill_name": ["Machine learning", "MLOps", "Python"],
            "role_family_label": ["ML engineer", "MLOps engineer", "Data scientist"],
            "share_pct": [100.0, 100.0, 85.0],
            "share_lo": [97.0, 96.0, 80.0],
            "share_hi": [100.0, 100.0, 89.0],
        }
    )
    assert "most asked for" not in heatmap_finding(cells)  # a tie: no superlative
    clear = cells.slice(1)
    assert heatmap_finding(clear) == "MLOps is most asked for in MLOps engineer postings (100%)"


def test_one_month_draws_a_dot_per_skill_and_a_click_presets_the_drill_down(
    snapshot: SyntheticSnapshot,
) -> None:
    """One month of data (the real captures): a dot per skill with its interval, and a click
    on one (its x is the skill, not a month) picks that skill and the month below."""
    months = sorted(snapshot.frames["out_postings"]["month"].unique().to_list())
    month = months[-2]
    app = open_page("Skill trends", {"from": f"{month:%Y-%m}", "to": f"{month:%Y-%m}"})
    app.multiselect(key="skills").set_value(["python", "pytorch"])
    ran(app)
    traces = chart(app, "skill_trend")
    assert {trace["x"][0] for trace in traces} == {"Python", "PyTorch"}
    assert all("error_y" in trace for trace in traces)
    app.session_state["skill_trend"] = {
        "selection": {"points": [{"legendgroup": "PyTorch", "x": "PyTorch"}]}
    }
    ran(app)
    assert app.selectbox(key="drill_skill").value == "pytorch"
    assert app.selectbox(key="drill_month").value == month


def test_a_state_in_the_link_is_read_by_its_name_or_code_or_said_missing(
    empty_home: Path,
) -> None:
    """`?state=California` and `?state=TX` were dropped without a word (the picker's label is
    "Texas (TX)")."""
    frames = snapshot_frames()
    base = frames["out_skill_demand_monthly"].with_columns(
        seniority=pl.lit("all"), state=pl.lit("all"), metro_code=pl.lit("all"), source=pl.lit("all")
    )
    us = base.filter((pl.col("country") == "US") & (pl.col("role_family") == "all"))
    texas = us.with_columns(state=pl.lit("TX"), n_postings=pl.lit(11, dtype=pl.Int64))
    frames["out_skill_demand_monthly"] = pl.concat([base, texas])
    write_snapshot(empty_home, "states", frames)
    for asked in ("Texas", "TX", "texas (tx)"):
        app = open_page("Skill trends", {"state": asked})
        assert app.selectbox(key="state").value == "TX", asked
    app.multiselect(key="skills").set_value(["python"])
    ran(app)  # the choice holds on the next run
    assert app.selectbox(key="state").value == "TX"
    assert int(frame_with(app, "of postings")["of postings"].iloc[0]) == 11
    app = open_page("Skill trends", {"state": "Narnia"})
    assert app.selectbox(key="state").value == "all"
    assert any("state “Narnia”" in text for text in texts(app.caption))
