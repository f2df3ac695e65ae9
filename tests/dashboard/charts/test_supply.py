"""Demand-vs-supply figures (dashboard.charts.supply): the US state tile map; no Streamlit."""

from __future__ import annotations

import polars as pl

from dashboard import charts


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
