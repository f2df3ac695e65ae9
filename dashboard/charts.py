"""Plotly figure builders: pure functions from query results to figures, no Streamlit calls.

Colours come from the Okabe–Ito palette (colour-blind safe); backgrounds stay transparent and
text colours are left to the host theme, so figures read in light and dark mode alike.

May import: plotly, polars and the standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import plotly.graph_objects as go
import polars as pl

# Okabe & Ito (2008), without black (invisible on dark backgrounds) and with yellow last.
OKABE_ITO: Final = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
NEUTRAL: Final = "#999999"
BAND_OPACITY: Final = 0.22

TREND_COLUMNS: Final = (
    "month",
    "series",
    "share_pct",
    "share_lo",
    "share_hi",
    "n_with_skill",
    "n_postings",
)


def series_colour(index: int) -> str:
    """The palette colour for the index-th series (cycling)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def translucent(hex_colour: str, opacity: float = BAND_OPACITY) -> str:
    """An `rgba(...)` string for a `#rrggbb` colour at the given opacity."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


def _base_layout(figure: go.Figure, *, title: str | None, y_title: str, x_title: str) -> None:
    figure.update_layout(
        title={"text": title, "y": 0.98, "yanchor": "top", "x": 0, "xanchor": "left"}
        if title
        else None,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 10, "r": 10, "t": 90 if title else 30, "b": 10},
    )
    figure.update_yaxes(title_text=y_title, rangemode="tozero")
    figure.update_xaxes(title_text=x_title)


def share_trend_figure(trend: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Monthly share per series with its 95% interval as a shaded band.

    `trend` needs the columns in TREND_COLUMNS (one row per month × series). Hover shows the
    share, its interval and the counts behind it.
    """
    missing = [column for column in TREND_COLUMNS if column not in trend.columns]
    if missing:
        raise ValueError(f"share_trend_figure: missing column(s) {', '.join(missing)}")
    figure = go.Figure()
    ordered = trend.sort("series", "month")
    for index, (name, frame) in enumerate(ordered.group_by("series", maintain_order=True)):
        label = str(name[0])
        colour = series_colour(index)
        months = frame["month"].to_list()
        figure.add_trace(
            go.Scatter(
                x=months + months[::-1],
                y=frame["share_hi"].to_list() + frame["share_lo"].to_list()[::-1],
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
                y=frame["share_pct"].to_list(),
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"size": 5},
                name=label,
                legendgroup=label,
                customdata=frame.select(
                    "share_lo", "share_hi", "n_with_skill", "n_postings"
                ).rows(),
                hovertemplate=(
                    f"<b>{_escape_hover(label)}</b><br>%{{x|%b %Y}}: %{{y:.1f}}% of postings"
                    "<br>95% interval %{customdata[0]:.1f}–%{customdata[1]:.1f}%"
                    "<br>n = %{customdata[2]:,} of %{customdata[3]:,} postings<extra></extra>"
                ),
            )
        )
    _base_layout(figure, title=title, y_title="Share of postings (%)", x_title="Month")
    return figure


def rising_skills_figure(rising: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Dumbbell chart: each skill's share a year ago and now, largest riser on top.

    `rising` needs skill_name, share_pct, share_pct_year_ago, n_with_skill, n_postings,
    n_with_skill_year_ago, n_postings_year_ago, in rank order.
    """
    names = rising["skill_name"].to_list()[::-1]
    now = rising["share_pct"].to_list()[::-1]
    before = rising["share_pct_year_ago"].to_list()[::-1]
    segments_x: list[float | None] = []
    segments_y: list[str | None] = []
    for name, start, end in zip(names, before, now, strict=True):
        segments_x += [start, end, None]
        segments_y += [name, name, None]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=segments_x,
            y=segments_y,
            mode="lines",
            line={"color": NEUTRAL, "width": 2},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for label, shares, counts, colour in (
        ("12 months earlier", before, ("n_with_skill_year_ago", "n_postings_year_ago"), NEUTRAL),
        ("Latest month", now, ("n_with_skill", "n_postings"), OKABE_ITO[0]),
    ):
        figure.add_trace(
            go.Scatter(
                x=shares,
                y=names,
                mode="markers",
                marker={"color": colour, "size": 11},
                name=label,
                customdata=rising.select(*counts).rows()[::-1],
                hovertemplate=(
                    f"%{{y}} · {label}: %{{x:.1f}}%"
                    "<br>n = %{customdata[0]:,} of %{customdata[1]:,} postings<extra></extra>"
                ),
            )
        )
    _base_layout(figure, title=title, y_title="", x_title="Share of postings (%)")
    figure.update_xaxes(rangemode="tozero")
    return figure


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
            error_x=_interval_bars(
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
    _base_layout(figure, title=title, y_title="", x_title="Pay premium (%)")
    figure.update_yaxes(rangemode="normal")
    return figure


PERCENTILE_COLUMNS: Final = ("p10", "p25", "p50", "p75", "p90")


def pay_band_figure(
    band: Mapping[str, Any], offer: float | None = None, title: str | None = None
) -> go.Figure:
    """Horizontal P10–P90 band (P25–P75 darker, P50 tick) in the cell's currency, with an offer.

    `band` is one pay-band row (p10…p90, currency); `offer` a proposed annual amount.
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
    figure.add_trace(
        go.Scatter(
            x=values,
            y=row * len(values),
            mode="markers+text",
            marker={"symbol": "line-ns-open", "size": 28, "color": OKABE_ITO[0]},
            text=[column.upper() for column in PERCENTILE_COLUMNS],
            textposition="top center",
            name="Percentiles",
            showlegend=False,
            hovertemplate=f"%{{text}}: %{{x:,.0f}} {currency}<extra></extra>",
        )
    )
    if offer is not None:
        figure.add_trace(
            go.Scatter(
                x=[offer],
                y=row,
                mode="markers",
                marker={"symbol": "diamond", "size": 16, "color": OKABE_ITO[3]},
                name="Your offer",
                hovertemplate=f"Offer: %{{x:,.0f}} {currency}<extra></extra>",
            )
        )
    figure.update_layout(barmode="overlay", height=220, showlegend=True)
    _base_layout(figure, title=title, y_title="", x_title=f"{currency} per year")
    figure.update_yaxes(showticklabels=False, rangemode="normal")
    figure.update_xaxes(rangemode="normal")
    return figure


def _interval_bars(
    frame: pl.DataFrame, value: str, lo: str, hi: str, color: str, scale: float = 1.0
) -> dict[str, Any]:
    """Plotly asymmetric error bars from a frame's estimate and 95% bounds columns."""
    return {
        "type": "data",
        "symmetric": False,
        "array": (scale * (frame[hi] - frame[value])).to_list(),
        "arrayminus": (scale * (frame[value] - frame[lo])).to_list(),
        "color": color,
    }


def _escape_hover(text: str) -> str:
    """Plotly hover text reads `<tag>`s as markup; keep labels literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    names = [_escape_hover(str(name)) for name in rows["skill_name"].to_list()]
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
            error_x=_interval_bars(
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
    _base_layout(figure, title=title, y_title="", x_title="Pay premium (%)")
    figure.update_yaxes(
        rangemode="normal", categoryorder="array", categoryarray=names[::-1], type="category"
    )
    figure.update_layout(height=max(260, 60 + 28 * len(names)))
    return figure


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
    names = [_escape_hover(str(name)) for name in shown["place_label"].to_list()]
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=shown["ratio"].to_list(),
            y=names,
            orientation="h",
            marker={"color": OKABE_ITO[0]},
            error_x=_interval_bars(shown, "ratio", "ratio_lo", "ratio_hi", NEUTRAL),
            name="Openings per candidate (95% interval)",
            customdata=shown.select(
                "ratio_lo",
                "ratio_hi",
                "demand_n",
                "supply_n",
                "inverse_ratio",
                pl.col("inverse_band").fill_null("—"),
            ).rows(),
            hovertemplate=(
                "%{y}: %{x:.2f} openings per candidate "
                "(95% interval %{customdata[0]:.2f}–%{customdata[1]:.2f})"
                "<br>n = %{customdata[2]:,} postings, %{customdata[3]:,} candidates"
                "<br>%{customdata[4]:.2f} candidates per opening: %{customdata[5]}"
                "<extra></extra>"
            ),
        )
    )
    figure.add_vline(x=1, line={"color": NEUTRAL, "width": 1, "dash": "dot"})
    _base_layout(figure, title=title, y_title="", x_title="Openings per candidate")
    figure.update_yaxes(
        rangemode="normal", categoryorder="array", categoryarray=names[::-1], type="category"
    )
    figure.update_layout(height=max(240, 60 + 28 * len(names)), showlegend=False)
    return figure


# --------------------------------------------------------------------------- trends additions

# Cividis: perceptually uniform and readable with colour-vision deficiency, light or dark.
HEATMAP_SCALE: Final = "cividis"


def emerging_figure(rows: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Each skill's share in the recent 3 months (with its Wilson 95% interval) beside the
    same months a year earlier, first-ranked skill on top.

    `rows` needs skill_name, share_recent_pct, share_recent_lo, share_recent_hi,
    n_recent_with, n_recent, share_year_ago_pct, n_year_ago_with, n_year_ago (rank order).
    """
    ordered = rows.reverse()
    names = [_escape_hover(name) for name in ordered["skill_name"].to_list()]
    now = ordered["share_recent_pct"].to_list()
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
            error_x=_interval_bars(
                ordered, "share_recent_pct", "share_recent_lo", "share_recent_hi", OKABE_ITO[0]
            ),
            name="Last 3 months (95% interval)",
            customdata=ordered.select(
                "share_recent_lo", "share_recent_hi", "n_recent_with", "n_recent"
            ).rows(),
            hovertemplate=(
                "%{y} · last 3 months: %{x:.1f}%"
                "<br>95% interval %{customdata[0]:.1f}–%{customdata[1]:.1f}%"
                "<br>n = %{customdata[2]:,} of %{customdata[3]:,} postings<extra></extra>"
            ),
        )
    )
    _base_layout(figure, title=title, y_title="", x_title="Share of new postings (%)")
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
    y_labels = [_escape_hover(skill) for skill in skills]
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
    _base_layout(figure, title=title, y_title="", x_title="Role family")
    figure.update_yaxes(autorange="reversed", rangemode="normal")
    figure.update_layout(height=max(360, 28 * len(skills) + 140))
    return figure


# --------------------------------------------------------------------------- skill advisor


def advisor_figure(recommended: pl.DataFrame, title: str | None = None) -> go.Figure:
    """Ranked next skills: share of postings naming them among those naming my skills, with
    the pooled Wilson 95% interval, best-ranked on top.

    `recommended` needs skill_name, pooled_share, pooled_lo, pooled_hi, n_both, n_given,
    coverage_gain (0-1 fractions), in rank order.
    """
    ordered = recommended.reverse()
    names = [_escape_hover(name) for name in ordered["skill_name"].to_list()]
    share = (100 * ordered["pooled_share"]).to_list()
    figure = go.Figure(
        go.Bar(
            x=share,
            y=names,
            orientation="h",
            marker={"color": OKABE_ITO[2]},
            error_x=_interval_bars(
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
    _base_layout(
        figure, title=title, y_title="", x_title="Share of postings naming your skills (%)"
    )
    figure.update_xaxes(range=[0, 100])
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
    _base_layout(figure, title=title, y_title="", x_title="")
    figure.update_xaxes(visible=False, range=[-0.7, 11.7])
    figure.update_yaxes(visible=False, autorange="reversed", range=[7.7, -0.7])
    figure.update_layout(height=420)
    return figure
