"""Demand figures (dashboard.charts.demand): share trends and emerging skills; no Streamlit."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dashboard import charts


def trend_frame() -> pl.DataFrame:
    months = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    return pl.DataFrame(
        {
            "month": months * 2,
            "series": ["PyTorch"] * 3 + ["Large <b>models</b>"] * 3,
            "share_pct": [10.0, 11.0, 12.0, 5.0, 6.0, 7.0],
            "share_lo": [9.0, 10.0, 11.0, 4.0, 5.0, 6.0],
            "share_hi": [11.0, 12.5, 13.0, 6.0, 7.5, 8.0],
            "n_with_skill": [10, 11, 12, 5, 6, 7],
            "n_postings": [100, 100, 100, 100, 100, 100],
        }
    )


def test_share_trend_draws_a_band_and_a_line_per_series() -> None:
    trend = trend_frame()
    figure = charts.share_trend_figure(trend)
    bands = [trace for trace in figure.data if trace.fill == "toself"]
    lines = [trace for trace in figure.data if trace.mode == "lines+markers"]
    assert len(bands) == len(lines) == 2
    pytorch = trend.filter(pl.col("series") == "PyTorch")
    band = next(trace for trace in bands if trace.legendgroup == "PyTorch")
    assert list(band.y) == pytorch["share_hi"].to_list() + pytorch["share_lo"].to_list()[::-1]
    line = next(trace for trace in lines if trace.name == "PyTorch")
    assert [tuple(row) for row in line.customdata] == pytorch.select(
        "share_pct", "share_lo", "share_hi", "n_with_skill", "n_postings"
    ).rows()
    assert "n = %{customdata[3]:,} of %{customdata[4]:,}" in line.hovertemplate
    assert len({trace.line.color for trace in lines}) == 2
    assert {trace.line.color for trace in lines} <= set(charts.OKABE_ITO)


def test_share_trend_keeps_labels_literal_in_hover() -> None:
    figure = charts.share_trend_figure(trend_frame())
    line = next(trace for trace in figure.data if trace.name == "Large <b>models</b>")
    assert "&lt;b&gt;models&lt;/b&gt;" in line.hovertemplate


def test_share_trend_names_missing_columns() -> None:
    with pytest.raises(ValueError, match="share_lo"):
        charts.share_trend_figure(trend_frame().drop("share_lo"))


def emerging_rows() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_name": ["RAG", "Py<b>Torch</b>"],
            "share_recent_pct": [9.0, 30.0],
            "share_recent_lo": [8.0, 28.0],
            "share_recent_hi": [10.5, 32.0],
            "n_recent_with": [90, 300],
            "n_recent": [1000, 1000],
            "share_year_ago_pct": [3.0, 20.0],
            "n_year_ago_with": [27, 180],
            "n_year_ago": [900, 900],
        }
    )


def test_emerging_skills_put_the_first_ranked_on_top_with_counts_and_intervals() -> None:
    figure = charts.emerging_figure(emerging_rows())
    recent = next(trace for trace in figure.data if trace.name.startswith("Last 3 months"))
    earlier = next(trace for trace in figure.data if trace.name.startswith("Same months"))
    # plotly draws the last category on top; labels stay literal in hover
    assert list(recent.y) == ["Py&lt;b&gt;Torch&lt;/b&gt;", "RAG"]
    assert list(recent.x) == [30.0, 9.0] and list(earlier.x) == [20.0, 3.0]
    assert [tuple(row) for row in earlier.customdata] == [(180, 900), (27, 900)]
    assert list(recent.error_x.array) == [2.0, 1.5]
    assert list(recent.error_x.arrayminus) == [2.0, 1.0]
    assert [tuple(row)[2:] for row in recent.customdata] == [(300, 1000), (90, 1000)]


def test_emerging_figure_names_the_contracts_recent_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    from contract import marts

    record = marts.mart("out_emerging_skills")
    thresholds = tuple(
        dataclasses.replace(t, value=6) if t.name == "recent_months" else t
        for t in record.thresholds
    )
    monkeypatch.setitem(
        marts.MART_BY_NAME, record.name, dataclasses.replace(record, thresholds=thresholds)
    )
    figure = charts.emerging_figure(emerging_rows())
    assert any(trace.name == "Last 6 months (95% interval)" for trace in figure.data)


def test_share_trend_draws_counts_or_the_three_month_average_without_bands() -> None:
    trend = pl.DataFrame(
        {
            "month": [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
            "series": ["PyTorch"] * 3,
            "share_pct": [10.0, 12.0, 14.0],
            "share_lo": [9.0, 11.0, 13.0],
            "share_hi": [11.0, 13.0, 15.0],
            "share_ma3_pct": [10.0, 11.0, 12.0],
            "n_with_skill": [10, 12, 14],
            "n_postings": [100, 100, 100],
        }
    )
    counts = charts.share_trend_figure(trend, measure="count")
    assert [list(t.y) for t in counts.data] == [[10, 12, 14]]
    assert counts.layout.yaxis.title.text == "Postings naming the skill"
    smoothed = charts.share_trend_figure(trend, measure="smoothed")
    assert [list(t.y) for t in smoothed.data] == [[10.0, 11.0, 12.0]]
    with pytest.raises(ValueError, match="share_ma3_pct"):
        charts.share_trend_figure(trend.drop("share_ma3_pct"), measure="smoothed")


def test_one_month_draws_a_dot_per_skill_with_its_interval() -> None:
    """The real captures hold one month: drawn on one date, the skills' dots and intervals
    stood on one another, the band's bounds were stray dots in other colours and the axis read
    "Sep 2025, Sep 2025, Oct 2025, Oct 2025"."""
    trend = trend_frame().filter(pl.col("month") == date(2026, 3, 1))
    figure = charts.share_trend_figure(trend)
    assert not [trace for trace in figure.data if trace.fill == "toself"]
    assert sorted(trace.x[0] for trace in figure.data) == ["Large <b>models</b>", "PyTorch"]
    pytorch = next(trace for trace in figure.data if trace.name == "PyTorch")
    assert list(pytorch.y) == [12.0]
    assert list(pytorch.error_y.array) == pytest.approx([13.0 - 12.0])
    assert list(pytorch.error_y.arrayminus) == pytest.approx([12.0 - 11.0])
    assert pytorch.customdata[0][0] == "2026-03-01"
    assert "Mar 2026" in figure.layout.xaxis.title.text
    smoothed = charts.share_trend_figure(trend.with_columns(share_ma3_pct=None), "t", "smoothed")
    assert [list(trace.y) for trace in smoothed.data if trace.name == "PyTorch"] == [[12.0]]
    counts = charts.share_trend_figure(trend, measure="count")
    assert [list(trace.y) for trace in counts.data if trace.name == "PyTorch"] == [[12]]
    several = charts.share_trend_figure(trend_frame())
    assert list(several.layout.xaxis.ticktext) == ["Jan 2026", "Feb 2026", "Mar 2026"]


def test_every_role_column_of_the_heatmap_is_labelled() -> None:
    """At 390 px the sample's heatmap labelled 5 of its 9 role columns (plotly drops ticks that
    would overlap), so a column could not be told from its neighbour."""
    roles = [f"Role {letter}" for letter in "ABCDEFGHI"]
    cells = pl.DataFrame(
        {
            "skill_name": ["Python"] * len(roles),
            "skill_rank": [1] * len(roles),
            "role_family_label": roles,
            "share_pct": [50.0] * len(roles),
            "share_lo": [45.0] * len(roles),
            "share_hi": [55.0] * len(roles),
            "n_with_skill": [50] * len(roles),
            "n_postings": [100] * len(roles),
            "is_suppressed": [False] * len(roles),
        }
    )
    axis = charts.skill_role_heatmap_figure(cells).layout.xaxis
    assert axis.tickmode == "array"
    assert list(axis.tickvals) == roles and list(axis.ticktext) == roles
