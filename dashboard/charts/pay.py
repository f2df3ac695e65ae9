"""Pay figures: premiums with their intervals beside the raw gap, the premium forest plot,
and a pay band's P10–P90 with an offer.

May import: plotly, polars and `dashboard.charts.style`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import (
    BAND_OPACITY,
    NEUTRAL,
    OKABE_ITO,
    base_layout,
    escape_hover,
    interval_bars,
    translucent,
)


def premium_figure(premiums: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Adjusted premium per skill with its 95% interval, beside the raw gap (suppressed rows out).

    `premiums` needs skill_name, premium_adj_pct, premium_adj_lo, premium_adj_hi, raw_gap_pct,
    n_with, n_without, n_companies, is_suppressed.
    """
    shown = premiums.filter(~pl.col("is_suppressed") & pl.col("premium_adj_pct").is_not_null())
    shown = shown.sort("premium_adj_pct")
    counts = shown.select("n_with", "n_without", "n_companies").rows()
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=shown["premium_adj_pct"].to_list(),
            y=shown["skill_name"].to_list(),
            mode="markers",
            marker={"color": OKABE_ITO[0], "size": 11},
            error_x=interval_bars(
                shown, "premium_adj_pct", "premium_adj_lo", "premium_adj_hi", OKABE_ITO[0]
            ),
            name="Adjusted premium (95% interval)",
            customdata=counts,
            hovertemplate=(
                "%{y}: %{x:+.1f}% adjusted<br>n = %{customdata[0]:,} with, "
                "%{customdata[1]:,} without, %{customdata[2]:,} companies<extra></extra>"
            ),
        )
    )
    figure.add_trace(
        go.Scatter(
            x=shown["raw_gap_pct"].to_list(),
            y=shown["skill_name"].to_list(),
            mode="markers",
            marker={"color": OKABE_ITO[1], "size": 9, "symbol": "diamond"},
            name="Raw gap (ratio of medians − 1)",
            hovertemplate="%{y}: %{x:+.1f}% raw gap<extra></extra>",
        )
    )
    figure.add_vline(x=0, line={"color": NEUTRAL, "width": 1, "dash": "dot"})
    base_layout(figure, title=title, y_title="", x_title="Pay premium (%)")
    figure.update_yaxes(rangemode="normal")
    return figure


PERCENTILE_COLUMNS: Final = ("p10", "p25", "p50", "p75", "p90")


def pay_band_figure(
    band: Mapping[str, Any],
    offer: float | None = None,
    title: str | None = None,
    offer_colour: str = OKABE_ITO[3],
) -> go.Figure:
    """Horizontal P10–P90 band (P25–P75 darker, a tick per percentile with its 95% interval
    where the band carries p10_lo … p90_hi) in the cell's currency, with an offer.

    `band` is one pay-band row (p10…p90, currency, optionally the *_lo/*_hi bounds); `offer` a
    proposed annual amount, drawn as a diamond in `offer_colour`.
    """
    values = [band[column] for column in PERCENTILE_COLUMNS]
    if any(value is None for value in values):
        raise ValueError("pay_band_figure: the band has no percentiles (suppressed cell)")
    p10, p25, _, p75, p90 = values
    currency = band["currency"]
    row = ["Advertised pay"]
    figure = go.Figure()
    for start, end, opacity, name in (
        (p10, p90, BAND_OPACITY, "P10–P90"),
        (p25, p75, 0.6, "P25–P75"),
    ):
        figure.add_trace(
            go.Bar(
                x=[end - start],
                base=[start],
                y=row,
                orientation="h",
                marker={"color": translucent(OKABE_ITO[0], opacity)},
                name=name,
                width=0.5,
                hovertext=[f"{name}: {start:,.0f}–{end:,.0f} {currency}"],
                hoverinfo="text",
            )
        )
    bounds = [(band.get(f"{c}_lo"), band.get(f"{c}_hi")) for c in PERCENTILE_COLUMNS]
    has_bounds = all(lo is not None and hi is not None for lo, hi in bounds)
    interval = (
        {
            "type": "data",
            "symmetric": False,
            "array": [hi - value for (_, hi), value in zip(bounds, values, strict=True)],
            "arrayminus": [value - lo for (lo, _), value in zip(bounds, values, strict=True)],
            "color": NEUTRAL,
            "thickness": 1.5,
            "width": 6,
        }
        if has_bounds
        else None
    )
    figure.add_trace(
        go.Scatter(
            x=values,
            y=row * len(values),
            mode="markers+text",
            marker={"symbol": "line-ns-open", "size": 28, "color": OKABE_ITO[0]},
            text=[column.upper() for column in PERCENTILE_COLUMNS],
            textposition="top center",
            error_x=interval,
            name="Percentiles (95% interval)" if has_bounds else "Percentiles",
            showlegend=False,
            customdata=[[lo, hi] for lo, hi in bounds] if has_bounds else None,
            hovertemplate=(
                f"%{{text}}: %{{x:,.0f}} {currency}"
                + (
                    f"<br>95% interval %{{customdata[0]:,.0f}}–%{{customdata[1]:,.0f}} {currency}"
                    if has_bounds
                    else ""
                )
                + "<extra></extra>"
            ),
        )
    )
    if offer is not None:
        figure.add_trace(
            go.Scatter(
                x=[offer],
                y=row,
                mode="markers",
                marker={"symbol": "diamond", "size": 16, "color": offer_colour},
                name="Your offer",
                hovertemplate=f"Offer: %{{x:,.0f}} {currency}<extra></extra>",
            )
        )
    figure.update_layout(barmode="overlay", height=230, showlegend=True)
    base_layout(figure, title=title, y_title="", x_title=f"{currency} per year")
    figure.update_yaxes(showticklabels=False, rangemode="normal")
    figure.update_xaxes(rangemode="normal")
    return figure


PREMIUM_FOREST_COLUMNS: Final = (
    "skill_name",
    "premium_adj_pct",
    "premium_adj_lo",
    "premium_adj_hi",
    "raw_gap_pct",
    "n_with",
    "n_without",
    "n_companies",
)


def premium_forest_figure(rows: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Forest plot: adjusted premium with its 95% interval and the raw gap, one line per skill.

    `rows` (PREMIUM_FOREST_COLUMNS, estimated premiums only) are drawn top to bottom in the
    order given. Hover on either marker shows n with, n without and companies.
    """
    missing = [column for column in PREMIUM_FOREST_COLUMNS if column not in rows.columns]
    if missing:
        raise ValueError(f"premium_forest_figure: missing column(s) {', '.join(missing)}")
    names = [escape_hover(str(name)) for name in rows["skill_name"].to_list()]
    counts = rows.select("n_with", "n_without", "n_companies").rows()
    n_text = (
        "<br>n = %{customdata[0]:,} with, %{customdata[1]:,} without, "
        "%{customdata[2]:,} companies<extra></extra>"
    )
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=rows["raw_gap_pct"].to_list(),
            y=names,
            mode="markers",
            marker={"color": OKABE_ITO[1], "size": 9, "symbol": "diamond"},
            name="Raw gap (ratio of medians − 1)",
            customdata=counts,
            hovertemplate="%{y}: %{x:+.1f}% raw gap" + n_text,
        )
    )
    figure.add_trace(
        go.Scatter(
            x=rows["premium_adj_pct"].to_list(),
            y=names,
            mode="markers",
            marker={"color": OKABE_ITO[0], "size": 11},
            error_x=interval_bars(
                rows, "premium_adj_pct", "premium_adj_lo", "premium_adj_hi", OKABE_ITO[0]
            ),
            name="Adjusted premium (95% interval)",
            customdata=[
                (*count, lo, hi)
                for count, lo, hi in zip(
                    counts,
                    rows["premium_adj_lo"].to_list(),
                    rows["premium_adj_hi"].to_list(),
                    strict=True,
                )
            ],
            hovertemplate=(
                "%{y}: %{x:+.1f}% adjusted (95% interval %{customdata[3]:+.1f}% to "
                "%{customdata[4]:+.1f}%)" + n_text
            ),
        )
    )
    figure.add_vline(x=0, line={"color": NEUTRAL, "width": 1, "dash": "dot"})
    base_layout(figure, title=title, y_title="", x_title="Pay premium (%)")
    figure.update_yaxes(
        rangemode="normal", categoryorder="array", categoryarray=names[::-1], type="category"
    )
    figure.update_layout(height=max(260, 60 + 28 * len(names)))
    return figure
