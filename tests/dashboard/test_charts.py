"""Tests for the pure figure builders in dashboard.charts (no Streamlit involved)."""

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
        "share_lo", "share_hi", "n_with_skill", "n_postings"
    ).rows()
    assert "n = %{customdata[2]:,} of %{customdata[3]:,}" in line.hovertemplate
    assert len({trace.line.color for trace in lines}) == 2
    assert {trace.line.color for trace in lines} <= set(charts.OKABE_ITO)


def test_share_trend_keeps_labels_literal_in_hover() -> None:
    figure = charts.share_trend_figure(trend_frame())
    line = next(trace for trace in figure.data if trace.name == "Large <b>models</b>")
    assert "&lt;b&gt;models&lt;/b&gt;" in line.hovertemplate


def test_share_trend_names_missing_columns() -> None:
    with pytest.raises(ValueError, match="share_lo"):
        charts.share_trend_figure(trend_frame().drop("share_lo"))


def test_rising_skills_put_the_top_riser_on_top_with_counts() -> None:
    rising = pl.DataFrame(
        {
            "skill_name": ["RAG", "PyTorch"],
            "share_pct": [9.0, 30.0],
            "share_pct_year_ago": [3.0, 20.0],
            "n_with_skill": [90, 300],
            "n_postings": [1000, 1000],
            "n_with_skill_year_ago": [27, 180],
            "n_postings_year_ago": [900, 900],
        }
    )
    figure = charts.rising_skills_figure(rising)
    latest = next(trace for trace in figure.data if trace.name == "Latest month")
    earlier = next(trace for trace in figure.data if trace.name == "12 months earlier")
    assert list(latest.y) == ["PyTorch", "RAG"]  # plotly draws the last category on top
    assert list(latest.x) == [30.0, 9.0] and list(earlier.x) == [20.0, 3.0]
    assert [tuple(row) for row in earlier.customdata] == [(180, 900), (27, 900)]


def test_premium_figure_leaves_out_suppressed_rows() -> None:
    premiums = pl.DataFrame(
        {
            "skill_name": ["GenAI", "RAG", "Python"],
            "premium_adj_pct": [18.0, None, 2.0],
            "premium_adj_lo": [12.0, None, -1.0],
            "premium_adj_hi": [24.0, None, 5.0],
            "raw_gap_pct": [30.0, 25.0, 4.0],
            "n_with": [500, 12, 1200],
            "n_without": [1500, 1988, 800],
            "n_companies": [120, 6, 150],
            "is_suppressed": [False, True, False],
        }
    )
    figure = charts.premium_figure(premiums)
    adjusted = figure.data[0]
    assert list(adjusted.y) == ["Python", "GenAI"]
    assert list(adjusted.error_x.array) == [3.0, 6.0]
    assert list(adjusted.error_x.arrayminus) == [3.0, 6.0]
    assert list(figure.data[1].x) == [4.0, 30.0]


BAND = {"p10": 100.0, "p25": 120.0, "p50": 150.0, "p75": 170.0, "p90": 200.0, "currency": "GBP"}


def test_pay_band_figure_spans_p10_to_p90_and_marks_the_offer() -> None:
    figure = charts.pay_band_figure(BAND, offer=160.0)
    outer = next(trace for trace in figure.data if trace.name == "P10–P90")
    inner = next(trace for trace in figure.data if trace.name == "P25–P75")
    assert (outer.base[0], outer.base[0] + outer.x[0]) == (100.0, 200.0)
    assert (inner.base[0], inner.base[0] + inner.x[0]) == (120.0, 170.0)
    assert next(trace for trace in figure.data if trace.name == "Your offer").x == (160.0,)
    assert "GBP" in figure.layout.xaxis.title.text
    no_offer = charts.pay_band_figure(BAND)
    assert all(trace.name != "Your offer" for trace in no_offer.data)


def test_pay_band_figure_refuses_a_suppressed_cell() -> None:
    with pytest.raises(ValueError, match="suppressed"):
        charts.pay_band_figure(BAND | {"p50": None})


def test_translucent_keeps_the_colour() -> None:
    assert charts.translucent("#0072B2", 0.5) == "rgba(0,114,178,0.5)"


def test_state_tile_map_colours_states_with_a_ratio_and_greys_the_rest() -> None:
    rows = pl.DataFrame(
        {
            "place_id": ["US-CA", "US-WA", "US-TX"],
            "ratio": [2.5, 1.2, None],
            "ratio_lo": [2.0, 0.9, None],
            "ratio_hi": [3.1, 1.6, None],
            "demand_n": [500, 120, 40],
            "supply_n": [200, 100, 0],
        }
    )
    figure = charts.state_tile_map(rows, title="Openings per candidate by state")
    grey, coloured = figure.data
    assert sorted(coloured.text) == ["CA", "WA"]
    assert list(coloured.marker.color) == [2.5, 1.2] or list(coloured.marker.color) == [1.2, 2.5]
    assert "TX" in grey.text and len(grey.text) + len(coloured.text) == len(charts.STATE_TILES)
    assert "95% interval" in coloured.hovertemplate and "n = " in coloured.hovertemplate
    # one tile per state, no two states on the same square
    assert len(set(charts.STATE_TILES.values())) == len(charts.STATE_TILES) == 51
