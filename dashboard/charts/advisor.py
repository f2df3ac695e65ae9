"""Skill-advisor figure: ranked next skills with the pooled share and its interval.

May import: plotly, polars and `dashboard.charts.style`.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import NEUTRAL, OKABE_ITO, base_layout, escape_hover, interval_bars


def advisor_figure(recommended: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Ranked next skills: share of postings naming them among those naming my skills, with
    the pooled Wilson 95% interval, best-ranked on top.

    `recommended` needs skill_name, pooled_share, pooled_lo, pooled_hi, n_both, n_given,
    coverage_gain (0-1 fractions), in rank order.
    """
    ordered = recommended.reverse()
    names = [escape_hover(name) for name in ordered["skill_name"].to_list()]
    share = (100 * ordered["pooled_share"]).to_list()
    figure = go.Figure(
        go.Bar(
            x=share,
            y=names,
            orientation="h",
            marker={"color": OKABE_ITO[2]},
            error_x=interval_bars(
                ordered, "pooled_share", "pooled_lo", "pooled_hi", NEUTRAL, scale=100
            ),
            customdata=ordered.select(
                pl.col("pooled_lo") * 100,
                pl.col("pooled_hi") * 100,
                "n_both",
                "n_given",
                pl.col("coverage_gain").fill_null(0) * 100,
            ).rows(),
            hovertemplate=(
                "%{y}: named with your skills in %{x:.0f}% of postings"
                "<br>95% interval %{customdata[0]:.0f}–%{customdata[1]:.0f}%"
                "<br>n = %{customdata[2]:,} of %{customdata[3]:,}"
                "<br>coverage gain %{customdata[4]:.1f}% of postings<extra></extra>"
            ),
            name="Named with your skills",
        )
    )
    base_layout(figure, title=title, y_title="", x_title="Share of postings naming your skills (%)")
    figure.update_xaxes(range=[0, 100])
    return figure
