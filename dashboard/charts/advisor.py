"""Skill-advisor figures: ranked next skills with the pooled share and its interval, and the
learning path's coverage after each step.

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
    base_layout(figure, title=title, y_title="", x_title="Share with your skills (%)")
    figure.update_xaxes(range=[0, 100])
    return figure


def path_figure(path: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Share of target postings of which the learner has at least half the listed skills,
    today and after each step of the path, labelled with n of n target.

    `path` needs step, skill_name, half_share, half_before, n_half, n_target (in order).
    """
    first = path.row(0, named=True)
    labels = ["Today", *[f"+ {escape_hover(name)}" for name in path["skill_name"].to_list()]]
    shares = [100 * first["half_before"], *(100 * path["half_share"]).to_list()]
    counts = [round(first["half_before"] * first["n_target"]), *path["n_half"].to_list()]
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=shares,
            marker={"color": [NEUTRAL, *[OKABE_ITO[2]] * path.height]},
            text=[f"{n:,} of {first['n_target']:,}" for n in counts],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: at least half the listed skills of %{y:.0f}% of target "
            "postings (%{text})<extra></extra>",
            name="Postings of which you have half the skills",
        )
    )
    base_layout(figure, title=title, y_title="Target postings, half the skills (%)", x_title="")
    figure.update_layout(showlegend=False, height=340)
    figure.update_yaxes(range=[0, min(105.0, 1.3 * max(shares) + 2)])  # room for the labels
    return figure
