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


def test_the_tile_map_keeps_every_tile_whole_alaska_and_maine_included() -> None:
    """Issue #12 bug 6: the tile map cut off AK and ME (top corners): an autoranged, reversed
    y axis ignored its range and clipped the top row."""
    rows = pl.DataFrame(
        {
            "place_id": ["US-AK", "US-ME", "US-HI", "US-FL"],
            "ratio": [1.0, 2.0, None, 0.5],
            "ratio_lo": [0.5, 1.0, None, 0.3],
            "ratio_hi": [2.0, 3.0, None, 0.8],
            "demand_n": [10, 20, 0, 5],
            "supply_n": [10, 10, 0, 10],
        }
    )
    layout = charts.state_tile_map(rows).layout
    columns = [col for col, _ in charts.STATE_TILES.values()]
    tile_rows = [row for _, row in charts.STATE_TILES.values()]
    x_low, x_high = layout.xaxis.range
    y_bottom, y_top = layout.yaxis.range  # reversed: row 0 at the top
    assert layout.xaxis.autorange is False and layout.yaxis.autorange is False
    assert x_low <= min(columns) - 0.5 and x_high >= max(columns) + 0.5
    assert y_top <= min(tile_rows) - 0.5 and y_bottom >= max(tile_rows) + 0.5


def test_long_place_names_are_short_on_the_bars_and_whole_in_the_hover() -> None:
    """At 390 px the metros' names ran off the left of the screen and the axis title off the
    right."""
    import polars as pl

    from dashboard.charts.supply import demand_supply_figure

    names = [
        "All places",
        "Minneapolis-St. Paul-Bloomington, MN-WI (metro 0033460)",
        "Washington-Arlington-Alexandria, DC-VA-MD-WV (metro 0047900)",
    ]
    rows = pl.DataFrame(
        {
            "place_label": names,
            "ratio": [2.0, 1.5, 1.2],
            "ratio_lo": [1.8, 1.1, 0.9],
            "ratio_hi": [2.2, 1.9, 1.6],
            "demand_n": [600, 40, 30],
            "supply_n": [300, 27, 25],
            "inverse_ratio": [0.5, 0.67, 0.83],
            "inverse_band": ["too many jobs", None, None],
        }
    )
    bars = demand_supply_figure(rows).data[0]
    assert list(bars.y) == ["All places", "Minneapolis, MN-WI", "Washington, DC-VA-MD-WV"]
    assert [point[-1] for point in bars.customdata] == names
    assert "%{customdata[6]}" in bars.hovertemplate
