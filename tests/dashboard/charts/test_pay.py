"""Pay figures (dashboard.charts.pay): premiums and pay bands; no Streamlit."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import charts


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
