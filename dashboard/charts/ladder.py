"""Control-ladder figures: a flag's premium at every rung (one line per rung: the estimate and
its 95% interval, published estimates as diamonds on the rung matching their method), and the
waterfall of why the premium drops from no controls to the full model.

May import: plotly, polars and `dashboard.charts.style`.
"""

from __future__ import annotations

from typing import Final

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import NEUTRAL, OKABE_ITO, base_layout, escape_hover, series_colour

LADDER_COLUMNS: Final = ("rung", "rung_label", "premium_pct", "premium_lo", "premium_hi")
CLAIM_COLOUR: Final = OKABE_ITO[3]


def rung_name(rung: int, label: str) -> str:
    return f"{rung} · {label}"


def ladder_figure(
    ladders: pl.DataFrame, claims: pl.DataFrame | None = None, title: str | None = None
) -> go.Figure:
    """One row per rung (rung 0 on top): each series' premium with its 95% interval as a line,
    rungs not estimated left empty; published estimates as diamonds on their rung.

    `ladders` needs LADDER_COLUMNS, n_with, n_without and `series` (a label per flag: one
    series, or several side by side, e.g. one GenAI skill vs two or more). `claims`
    (optional) needs ladder_rung, figure, source and value_claimed (the published number).
    """
    rungs = ladders.select("rung", "rung_label").unique().sort("rung")
    names = [rung_name(r, label) for r, label in rungs.iter_rows()]
    by_rung = dict(zip(rungs["rung"].to_list(), names, strict=True))
    figure = go.Figure()
    series = ladders["series"].unique(maintain_order=True).to_list()
    for index, name in enumerate(series):
        shown = ladders.filter(
            (pl.col("series") == name) & pl.col("premium_pct").is_not_null()
        ).sort("rung")
        colour = series_colour(index)
        customdata = shown.select("premium_lo", "premium_hi", "n_with", "n_without").rows()
        figure.add_trace(
            go.Scatter(
                x=shown["premium_pct"].to_list(),
                y=[by_rung[r] for r in shown["rung"].to_list()],
                mode="markers",
                marker={"color": colour, "size": 11},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (shown["premium_hi"] - shown["premium_pct"]).to_list(),
                    "arrayminus": (shown["premium_pct"] - shown["premium_lo"]).to_list(),
                    "color": colour,
                    "thickness": 2.5,
                    "width": 0,
                },
                name=f"{escape_hover(name)} (95% interval)",
                customdata=customdata,
                hovertemplate=(
                    f"{escape_hover(name)}, %{{y}}: %{{x:+.1f}}% "
                    "(95% %{customdata[0]:+.1f}% to %{customdata[1]:+.1f}%)"
                    "<br>n = %{customdata[2]:,} with, %{customdata[3]:,} without<extra></extra>"
                ),
            )
        )
    if claims is not None and not claims.is_empty():
        placed = claims.filter(pl.col("ladder_rung").is_in(list(by_rung)))
        figure.add_trace(
            go.Scatter(
                x=placed["value_claimed"].to_list(),
                y=[by_rung[r] for r in placed["ladder_rung"].to_list()],
                mode="markers",
                marker={"color": CLAIM_COLOUR, "size": 12, "symbol": "diamond-open"},
                name="Published estimate",
                text=[
                    escape_hover(f"{f} ({s})") for f, s in placed.select("figure", "source").rows()
                ],
                hovertemplate="Published: %{text}<br>compared with %{y}<extra></extra>",
            )
        )
    figure.add_vline(x=0, line={"color": NEUTRAL, "width": 1, "dash": "dot"})
    base_layout(figure, title=title, y_title="", x_title="Pay premium (%)")
    figure.update_yaxes(
        categoryorder="array", categoryarray=list(reversed(names)), rangemode="normal"
    )
    return figure


def decomposition_figure(parts: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Waterfall from the premium with no controls (rung 1) to the full model's: one bar per
    control group, in percentage points of the premium (the drop split in proportion to the
    Gelbach parts, so the bars add up exactly); each bar's hover gives its 95% interval.

    `parts` needs control, control_label, contribution_pct_pts, contribution_log_pts,
    contribution_lo, contribution_hi, premium_from_pct, premium_to_pct, rung_to (the total
    row is read for the ends and dropped from the bars).
    """
    total = parts.filter(pl.col("control") == "total").row(0, named=True)
    bars = parts.filter(pl.col("control") != "total")
    scale = (
        (total["premium_from_pct"] - total["premium_to_pct"]) / total["contribution_log_pts"]
        if total["contribution_log_pts"]
        else 0.0
    )
    labels = ["No controls (rung 1)"]
    labels += [escape_hover(str(label).capitalize()) for label in bars["control_label"]]
    labels.append(f"Full model (rung {total['rung_to']})")
    values = [total["premium_from_pct"], *(-bars["contribution_pct_pts"]).to_list(), 0.0]
    hover = [f"{total['premium_from_pct']:+.1f}% with no controls"]
    for row in bars.iter_rows(named=True):
        lo, hi = -scale * row["contribution_hi"], -scale * row["contribution_lo"]
        hover.append(
            f"{escape_hover(str(row['control_label']))}: {-row['contribution_pct_pts']:+.1f} "
            f"points (95% {lo:+.1f} to {hi:+.1f})"
        )
    hover.append(f"{total['premium_to_pct']:+.1f}% in the full model")
    figure = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=["absolute", *["relative"] * bars.height, "total"],
            hovertext=hover,
            hoverinfo="text",
            increasing={"marker": {"color": OKABE_ITO[3]}},
            decreasing={"marker": {"color": OKABE_ITO[0]}},
            totals={"marker": {"color": NEUTRAL}},
            connector={"line": {"color": NEUTRAL, "width": 1}},
        )
    )
    base_layout(figure, title=title, y_title="Pay premium (%)", x_title="")
    figure.update_yaxes(rangemode="normal")
    return figure
