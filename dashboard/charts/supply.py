"""Demand-vs-supply figures: openings per candidate by place, and by US state on a tile map.

May import: plotly, polars and `dashboard.charts.style`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import (
    HEATMAP_SCALE,
    NEUTRAL,
    OKABE_ITO,
    base_layout,
    escape_hover,
    interval_bars,
    short_label,
)

DEMAND_SUPPLY_COLUMNS: Final = (
    "place_label",
    "ratio",
    "ratio_lo",
    "ratio_hi",
    "demand_n",
    "supply_n",
    "inverse_ratio",
    "inverse_band",
)


def demand_supply_figure(rows: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Openings per candidate by place as bars with their 95% interval, top to bottom as given.

    `rows` needs DEMAND_SUPPLY_COLUMNS; places without a ratio (no supply) are left out. A dotted
    line marks one opening per candidate.
    """
    missing = [column for column in DEMAND_SUPPLY_COLUMNS if column not in rows.columns]
    if missing:
        raise ValueError(f"demand_supply_figure: missing column(s) {', '.join(missing)}")
    shown = rows.filter(pl.col("ratio").is_not_null())
    full = [escape_hover(str(name)) for name in shown["place_label"].to_list()]
    short = [escape_hover(short_label(str(name))) for name in shown["place_label"].to_list()]
    names = short if len(set(short)) == len(short) else full  # two places never share a bar
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=shown["ratio"].to_list(),
            y=names,
            orientation="h",
            marker={"color": OKABE_ITO[0]},
            error_x=interval_bars(shown, "ratio", "ratio_lo", "ratio_hi", NEUTRAL),
            name="Openings per candidate (95% interval)",
            customdata=shown.select(
                "ratio_lo",
                "ratio_hi",
                "demand_n",
                "supply_n",
                "inverse_ratio",
                pl.col("inverse_band").fill_null("—"),
                pl.Series("full_name", full),
            ).rows(),
            hovertemplate=(
                "%{customdata[6]}: %{x:.2f} openings per candidate "
                "(95% interval %{customdata[0]:.2f}–%{customdata[1]:.2f})"
                "<br>n = %{customdata[2]:,} postings, %{customdata[3]:,} candidates"
                "<br>%{customdata[4]:.2f} candidates per opening: %{customdata[5]}"
                "<extra></extra>"
            ),
        )
    )
    figure.add_vline(x=1, line={"color": NEUTRAL, "width": 1, "dash": "dot"})
    base_layout(figure, title=title, y_title="", x_title="Openings per candidate")
    figure.update_yaxes(
        rangemode="normal", categoryorder="array", categoryarray=names[::-1], type="category"
    )
    figure.update_layout(height=max(240, 60 + 28 * len(names)), showlegend=False)
    return figure


# --------------------------------------------------------------------------- US state tiles

# A tile-grid map of the US (one square per state, roughly where it lies): no map shapes to
# download, so it draws offline, and small states are as visible as large ones.
STATE_TILES: Final[Mapping[str, tuple[int, int]]] = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2),
    "WI": (7, 2), "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3),
    "OH": (7, 3), "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4),
    "WV": (7, 4), "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5),
    "SC": (8, 5), "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7),
}  # fmt: skip


def state_tile_map(rows: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Openings per candidate by US state on a tile grid, coloured by the ratio (cividis);
    states without a ratio are grey tiles that say so on hover.

    `rows`: place_id ("US-CA"), ratio, ratio_lo, ratio_hi, demand_n, supply_n.
    """
    by_state = {
        str(r["place_id"]).removeprefix("US-"): r
        for r in rows.iter_rows(named=True)
        if str(r["place_id"]).startswith("US-")
    }
    shown, empty = [], []
    for state, (col, row) in STATE_TILES.items():
        record = by_state.get(state)
        target = shown if record is not None and record["ratio"] is not None else empty
        target.append((state, col, row, record))
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[c for _, c, _, _ in empty],
            y=[r for _, _, r, _ in empty],
            mode="markers+text",
            text=[s for s, _, _, _ in empty],
            marker={"symbol": "square", "size": 38, "color": "rgba(153,153,153,0.25)"},
            textfont={"color": NEUTRAL},
            hovertemplate="%{text}: no ratio (no postings or no candidates)<extra></extra>",
            showlegend=False,
        )
    )
    if shown:
        records = [rec for _, _, _, rec in shown]
        figure.add_trace(
            go.Scatter(
                x=[c for _, c, _, _ in shown],
                y=[r for _, _, r, _ in shown],
                mode="markers+text",
                text=[s for s, _, _, _ in shown],
                marker={
                    "symbol": "square",
                    "size": 38,
                    "color": [rec["ratio"] for rec in records],
                    "colorscale": HEATMAP_SCALE,
                    "showscale": True,
                    "colorbar": {"title": {"text": "Openings per<br>candidate"}},
                },
                textfont={"color": "white"},
                customdata=[
                    (
                        rec["ratio_lo"],
                        rec["ratio_hi"],
                        rec["demand_n"],
                        rec["supply_n"],
                    )
                    for rec in records
                ],
                hovertemplate=(
                    "%{text}: %{marker.color:.2f} openings per candidate "
                    "(95% interval %{customdata[0]:.2f}–%{customdata[1]:.2f})"
                    "<br>n = %{customdata[2]:,} postings, %{customdata[3]:,} candidates"
                    "<extra></extra>"
                ),
                showlegend=False,
            )
        )
    base_layout(figure, title=title, y_title="", x_title="")
    # fixed ranges with room for a whole tile beyond the outer ones (AK and ME sit in the top
    # corners): an autoranged axis cut the top row in half
    figure.update_xaxes(visible=False, range=[-0.8, 11.8], autorange=False, fixedrange=True)
    figure.update_yaxes(visible=False, range=[7.8, -0.8], autorange=False, fixedrange=True)
    figure.update_layout(height=440)
    return figure
