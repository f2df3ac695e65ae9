"""Demand figures: share trends with interval bands, emerging skills (recent window vs a year
earlier) and the skills x role-family heatmap.

May import: plotly, polars, `dashboard.charts.style` and `dashboard.rules`.
"""

from __future__ import annotations

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
    series_colour,
    translucent,
)
from dashboard.rules import emerging_recent_window

TREND_COLUMNS: Final = (
    "month",
    "series",
    "share_pct",
    "share_lo",
    "share_hi",
    "n_with_skill",
    "n_postings",
)


def share_trend_figure(
    trend: pl.DataFrame, title: str | None = None, measure: str = "share"
) -> go.Figure:
    """Monthly share per series with its 95% interval as a shaded band; or (`measure`)
    "count": the number of postings naming it, or "smoothed": the 3-month moving average of
    the share (column share_ma3_pct; no band).

    `trend` needs the columns in TREND_COLUMNS (one row per month × series). Hover shows the
    share, its interval and the counts behind it.
    """
    missing = [column for column in TREND_COLUMNS if column not in trend.columns]
    if measure == "smoothed" and "share_ma3_pct" not in trend.columns:
        missing.append("share_ma3_pct")
    if missing:
        raise ValueError(f"share_trend_figure: missing column(s) {', '.join(missing)}")
    value = {"count": "n_with_skill", "smoothed": "share_ma3_pct"}.get(measure, "share_pct")
    if trend["month"].n_unique() == 1:
        return one_month_figure(trend, value, title=title, measure=measure)
    figure = go.Figure()
    ordered = trend.sort("series", "month")
    for index, (name, frame) in enumerate(ordered.group_by("series", maintain_order=True)):
        label = str(name[0])
        colour = series_colour(index)
        months = frame["month"].to_list()
        if measure == "share":
            figure.add_trace(
                go.Scatter(
                    x=months + months[::-1],
                    y=frame["share_hi"].to_list() + frame["share_lo"].to_list()[::-1],
                    # an outline only: plotly's default adds markers to a short trace, which
                    # drew each bound as a stray dot when there is one month
                    mode="lines",
                    fill="toself",
                    fillcolor=translucent(colour),
                    line={"width": 0},
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=label,
                    name=f"{label} 95% interval",
                )
            )
        figure.add_trace(
            go.Scatter(
                x=months,
                y=frame[value].to_list(),
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"size": 5},
                name=label,
                legendgroup=label,
                customdata=frame.select(
                    "share_pct", "share_lo", "share_hi", "n_with_skill", "n_postings"
                ).rows(),
                hovertemplate=(
                    f"<b>{escape_hover(label)}</b><br>%{{x|%b %Y}}: "
                    "%{customdata[0]:.1f}% of postings"
                    "<br>95% interval %{customdata[1]:.1f}–%{customdata[2]:.1f}%"
                    "<br>n = %{customdata[3]:,} of %{customdata[4]:,} postings"
                    + ("<br>3-month average %{y:.1f}%" if measure == "smoothed" else "")
                    + "<extra></extra>"
                ),
            )
        )
    y_title = {
        "count": "Postings naming the skill",
        "smoothed": "Share of postings, 3-month average (%)",
    }.get(measure, "Share of postings (%)")
    base_layout(figure, title=title, y_title=y_title, x_title="Month")
    figure.update_xaxes(tickformat="%b %Y")  # months, never clock times
    months = sorted(trend["month"].unique().to_list())
    if len(months) <= SHORT_SPAN_MONTHS:  # one tick per month (automatic ticks repeated them)
        figure.update_xaxes(tickvals=months, ticktext=[f"{month:%b %Y}" for month in months])
    return figure


def one_month_figure(trend: pl.DataFrame, value: str, title: str | None, measure: str) -> go.Figure:
    """One month of data (a first crawl): a dot per series beside the others, with its 95%
    interval as an error bar for shares. Drawn on one date, the five dots and intervals stood
    on one another, the band's bounds showed as stray dots, and the axis repeated the month."""
    month = trend["month"][0]
    figure = go.Figure()
    ordered = trend.sort("series")
    for index, row in enumerate(ordered.iter_rows(named=True)):
        label = str(row["series"])
        colour = series_colour(index)
        shares = measure != "count"
        figure.add_trace(
            go.Scatter(
                x=[label],
                # a moving average over one month is that month's share
                y=[row[value] if row[value] is not None else row["share_pct"]],
                mode="markers",
                marker={"color": colour, "size": 9},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [row["share_hi"] - row["share_pct"]],
                    "arrayminus": [row["share_pct"] - row["share_lo"]],
                    "color": colour,
                }
                if shares
                else None,
                name=label,
                legendgroup=label,
                showlegend=False,
                customdata=[[month.isoformat(), row["n_with_skill"], row["n_postings"]]],
                hovertemplate=(
                    f"<b>{escape_hover(label)}</b><br>{month:%b %Y}: "
                    f"{row['share_pct']:.1f}% of postings"
                    f"<br>95% interval {row['share_lo']:.1f}–{row['share_hi']:.1f}%"
                    f"<br>n = {row['n_with_skill']:,} of {row['n_postings']:,} postings"
                    "<extra></extra>"
                ),
            )
        )
    y_title = "Postings naming the skill" if measure == "count" else "Share of postings (%)"
    base_layout(figure, title=title, y_title=y_title, x_title=f"Skill ({month:%b %Y})")
    return figure


# Up to this many months, the trend's axis ticks every month and only the months shown.
SHORT_SPAN_MONTHS: Final = 12


def emerging_figure(rows: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Each skill's share in the recent window of out_emerging_skills (with its Wilson 95%
    interval) beside the same months a year earlier, first-ranked skill on top.

    `rows` needs skill_name, share_recent_pct, share_recent_lo, share_recent_hi,
    n_recent_with, n_recent, share_year_ago_pct, n_year_ago_with, n_year_ago (rank order).
    """
    ordered = rows.reverse()
    names = [escape_hover(name) for name in ordered["skill_name"].to_list()]
    now = ordered["share_recent_pct"].to_list()
    recent = emerging_recent_window()  # "last 3 months"
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=ordered["share_year_ago_pct"].to_list(),
            y=names,
            mode="markers",
            marker={"color": NEUTRAL, "size": 10, "symbol": "circle-open", "line": {"width": 2}},
            name="Same months a year earlier",
            customdata=ordered.select(
                pl.col("n_year_ago_with").fill_null(0), pl.col("n_year_ago").fill_null(0)
            ).rows(),
            hovertemplate=(
                "%{y} · a year earlier: %{x:.1f}%"
                "<br>n = %{customdata[0]:,} of %{customdata[1]:,} postings<extra></extra>"
            ),
        )
    )
    figure.add_trace(
        go.Scatter(
            x=now,
            y=names,
            mode="markers",
            marker={"color": OKABE_ITO[0], "size": 11},
            error_x=interval_bars(
                ordered, "share_recent_pct", "share_recent_lo", "share_recent_hi", OKABE_ITO[0]
            ),
            name=f"{recent.capitalize()} (95% interval)",
            customdata=ordered.select(
                "share_recent_lo", "share_recent_hi", "n_recent_with", "n_recent"
            ).rows(),
            hovertemplate=(
                f"%{{y}} · {recent}: %{{x:.1f}}%"
                "<br>95% interval %{customdata[0]:.1f}–%{customdata[1]:.1f}%"
                "<br>n = %{customdata[2]:,} of %{customdata[3]:,} postings<extra></extra>"
            ),
        )
    )
    base_layout(figure, title=title, y_title="", x_title="Share of new postings (%)")
    figure.update_xaxes(rangemode="tozero")
    return figure


def skill_role_heatmap_figure(cells: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Skills (rows, by overall share) x role families (columns): share of the role's postings
    naming the skill. Suppressed cells stay empty and are labelled "n<min" in the cell; hover
    shows the share, its 95% interval and n.

    `cells` needs skill_name, skill_rank, role_family_label, share_pct, share_lo, share_hi,
    n_with_skill, n_postings, is_suppressed.
    """
    skills = (
        cells.select("skill_name", "skill_rank").unique().sort("skill_rank")["skill_name"].to_list()
    )
    roles = sorted(cells["role_family_label"].unique().to_list())
    grid = {(row["skill_name"], row["role_family_label"]): row for row in cells.to_dicts()}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    custom: list[list[list[object]]] = []
    for skill in skills:
        z_row, text_row, custom_row = [], [], []
        for role in roles:
            cell = grid.get((skill, role))
            share = None if cell is None else cell["share_pct"]
            z_row.append(share)
            if cell is None:
                text_row.append("no data")
                custom_row.append([None, None, 0, 0, "no postings"])
            elif cell["is_suppressed"]:
                text_row.append("too few")
                custom_row.append(
                    [None, None, cell["n_with_skill"], cell["n_postings"], "suppressed"]
                )
            else:
                text_row.append(f"{share:.0f}%")
                custom_row.append(
                    [
                        cell["share_lo"],
                        cell["share_hi"],
                        cell["n_with_skill"],
                        cell["n_postings"],
                        "",
                    ]
                )
        z.append(z_row)
        text.append(text_row)
        custom.append(custom_row)
    y_labels = [escape_hover(skill) for skill in skills]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=roles,
            y=y_labels,
            text=text,
            texttemplate="%{text}",
            customdata=custom,
            colorscale=HEATMAP_SCALE,
            colorbar={"title": {"text": "Share (%)"}},
            hoverongaps=False,
            hovertemplate=(
                "%{y} in %{x}: %{z:.1f}%"
                "<br>95% interval %{customdata[0]:.1f}–%{customdata[1]:.1f}%"
                "<br>n = %{customdata[2]:,} of %{customdata[3]:,} postings"
                "<br>%{customdata[4]}<extra></extra>"
            ),
        )
    )
    base_layout(figure, title=title, y_title="", x_title="Role family")
    figure.update_yaxes(autorange="reversed", rangemode="normal")
    # every column named (plotly drops ticks that would overlap: at 390 px 5 of 9 were left)
    figure.update_xaxes(tickmode="array", tickvals=roles, ticktext=roles)
    figure.update_layout(height=max(360, 28 * len(skills) + 140))
    return figure
