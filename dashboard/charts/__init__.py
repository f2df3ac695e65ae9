"""Plotly figure builders: pure functions from query results to figures, no Streamlit calls.

By subject: `demand` (share trends, emerging skills, the skills x role heatmap), `pay`
(premiums, the premium forest, pay bands), `ladder` (the control ladder and its waterfall),
`supply` (openings per candidate by place and US state), `advisor` (ranked next skills);
`style` holds the palette and shared layout. Pages import this package
(`from dashboard import charts; charts.share_trend_figure(...)`).

May import: `dashboard.charts` modules.
"""

from __future__ import annotations

from dashboard.charts.advisor import advisor_figure, path_figure
from dashboard.charts.demand import (
    TREND_COLUMNS,
    emerging_figure,
    share_trend_figure,
    skill_role_heatmap_figure,
)
from dashboard.charts.ladder import LADDER_COLUMNS, decomposition_figure, ladder_figure
from dashboard.charts.pay import (
    PERCENTILE_COLUMNS,
    PREMIUM_FOREST_COLUMNS,
    pay_band_figure,
    premium_figure,
    premium_forest_figure,
)
from dashboard.charts.style import (
    BAND_OPACITY,
    HEATMAP_SCALE,
    NEUTRAL,
    OKABE_ITO,
    series_colour,
    translucent,
)
from dashboard.charts.supply import (
    DEMAND_SUPPLY_COLUMNS,
    STATE_TILES,
    demand_supply_figure,
    state_tile_map,
)

__all__ = [
    "BAND_OPACITY",
    "DEMAND_SUPPLY_COLUMNS",
    "HEATMAP_SCALE",
    "LADDER_COLUMNS",
    "NEUTRAL",
    "OKABE_ITO",
    "PERCENTILE_COLUMNS",
    "PREMIUM_FOREST_COLUMNS",
    "STATE_TILES",
    "TREND_COLUMNS",
    "advisor_figure",
    "decomposition_figure",
    "demand_supply_figure",
    "emerging_figure",
    "ladder_figure",
    "path_figure",
    "pay_band_figure",
    "premium_figure",
    "premium_forest_figure",
    "series_colour",
    "share_trend_figure",
    "skill_role_heatmap_figure",
    "state_tile_map",
    "translucent",
]
