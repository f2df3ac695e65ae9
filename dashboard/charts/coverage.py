"""Coverage figures: postings the crawl holds by month, days open of closed postings by role
family (P50 and P75, lower and upper bounds), and a figure unweighted beside weighted to OEWS
employment, each with its 95% interval.

May import: plotly, polars and `dashboard.charts.style`.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl

from dashboard.charts.style import NEUTRAL, OKABE_ITO, base_layout, escape_hover, interval_bars

UNWEIGHTED_NAME = "Unweighted (postings as crawled)"


def postings_by_month_figure(rows: pl.DataFrame) -> go.Figure:
    """Postings entering the data per month (`month` YYYY-MM, `n_postings`,
    `n_open_at_first_crawl`): new ones, and those already open at their board's first crawl."""
    figure = go.Figure()
    new = rows["n_postings"] - rows["n_open_at_first_crawl"]
    figure.add_bar(
        x=rows["month"].to_list(),
        y=new.to_list(),
        name="New in the month",
        marker_color=OKABE_ITO[0],
    )
    figure.add_bar(
        x=rows["month"].to_list(),
        y=rows["n_open_at_first_crawl"].to_list(),
        name="Already open at the first crawl",
        marker_color=NEUTRAL,
    )
    figure.update_layout(barmode="stack")
    base_layout(
        figure,
        title="Postings by the month they entered the data",
        y_title="postings",
        x_title="month",
    )
    return figure


def durations_figure(rows: pl.DataFrame, label: Callable[[str], str]) -> go.Figure:
    """P50 and P75 days open per row (`role_family`, `p50_days_open`, `p75_days_open`, the
    `_max` upper bounds, `n_closed`), suppressed rows left out; a bar runs from the lower bound
    (between first and last sighting) to the upper bound (crawl before to crawl after)."""
    shown = rows.filter(~pl.col("is_suppressed"))
    names = [label(value) for value in shown["role_family"].to_list()]
    figure = go.Figure()
    for index, (stat, text) in enumerate((("p50", "Median (P50)"), ("p75", "P75"))):
        low = shown[f"{stat}_days_open"]
        high = shown[f"{stat}_days_open_max"].fill_null(low)
        hover = [
            escape_hover(f"{name}: {lo:.0f}-{hi:.0f} days ({n} closed postings)")
            for name, lo, hi, n in zip(names, low, high, shown["n_closed"], strict=True)
        ]
        figure.add_bar(
            y=names,
            x=(high - low).to_list(),
            base=low.to_list(),
            orientation="h",
            name=f"{text}: between sightings to between crawls",
            marker_color=OKABE_ITO[index],
            hovertext=hover,
            hoverinfo="text",
        )
    figure.update_layout(barmode="group")
    base_layout(
        figure,
        title="Days open of closed postings",
        y_title="",
        x_title="Days open (bounds)",  # fits a phone; the caption says which bounds
    )
    figure.update_yaxes(autorange="reversed", rangemode="normal")
    return figure


def weighted_figure(
    rows: pl.DataFrame, label: Callable[[str], str], unit: str, weighting: str
) -> go.Figure:
    """Each row's unweighted and weighted value with their 95% intervals (`label` names the
    rows from their role family or skill)."""
    figure = go.Figure()
    names = [label(value) for value in rows["_label"].to_list()]
    for index, (column, name) in enumerate(
        (("unweighted", UNWEIGHTED_NAME), ("weighted", legend_name(weighting)))
    ):
        figure.add_scatter(
            x=rows[column].to_list(),
            y=names,
            mode="markers",
            name=name,
            marker={"color": OKABE_ITO[index], "size": 10, "symbol": ["circle", "diamond"][index]},
            error_x=interval_bars(rows, column, f"{column}_lo", f"{column}_hi", OKABE_ITO[index]),
            hovertext=[
                escape_hover(f"{n}: {v:,.1f} {unit}") if v is not None else n
                for n, v in zip(names, rows[column], strict=True)
            ],
            hoverinfo="text",
        )
    base_layout(figure, title=None, y_title="", x_title=unit)
    figure.update_yaxes(autorange="reversed", rangemode="normal")
    return figure


def legend_name(weighting: str) -> str:
    """ "Weighted to OEWS employment", without the parenthesis the caption gives (the legend
    ran off a 390 px screen)."""
    name = weighting.split(" (", 1)[0]
    return name[:1].upper() + name[1:]
