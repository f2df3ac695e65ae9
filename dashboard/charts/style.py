"""Shared look of the figures: the Okabe–Ito palette (colour-blind safe), the neutral grey,
the interval-band opacity, the heatmap colour scale, and the layout, error bars and hover
escaping every figure uses. Backgrounds stay transparent and text colours are left to the host
theme, so figures read in light and dark mode alike.

May import: plotly, polars and the standard library only.
"""

from __future__ import annotations

import re
import textwrap
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

# Cividis: perceptually uniform and readable with colour-vision deficiency, light or dark.
HEATMAP_SCALE: Final = "cividis"


def series_colour(index: int) -> str:
    """The palette colour for the index-th series (cycling)."""
    return OKABE_ITO[index % len(OKABE_ITO)]


def translucent(hex_colour: str, opacity: float = BAND_OPACITY) -> str:
    """An `rgba(...)` string for a `#rrggbb` colour at the given opacity."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


TITLE_LINE_CHARACTERS: Final = 46  # fits a 390-pixel phone screen (48 ran 2 px over in chromium)


def wrapped_title(title: str, width: int = TITLE_LINE_CHARACTERS) -> str:
    """The title broken into lines of at most `width` characters (plotly does not wrap a
    title: a long one ran off a phone's screen)."""
    return "<br>".join(textwrap.wrap(title, width=width, break_long_words=False))


def base_layout(figure: go.Figure, *, title: str | None, y_title: str, x_title: str) -> None:
    text = wrapped_title(title) if title else None
    lines = text.count("<br>") + 1 if text else 0
    figure.update_layout(
        title={
            "text": text,
            "y": 1,
            "yanchor": "top",
            "x": 0,
            "xanchor": "left",
            "pad": {"t": 14},
        }
        if text
        else None,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        margin={"l": 10, "r": 10, "t": 76 + 20 * lines if text else 30, "b": 10},
    )
    figure.update_yaxes(title_text=y_title, rangemode="tozero")
    figure.update_xaxes(title_text=x_title)


def interval_bars(
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


# A phone is 390 px wide: a bar label longer than this pushed the plot, and its axis title,
# off the screen ("Philadelphia-Camden-Wilmington, PA-NJ-DE-MD (metro 0037980)").
SHORT_LABEL: Final = 28
_METRO_LABEL = re.compile(r"^([^-,]+)[^,]*,\s*([A-Z]{2}(?:-[A-Z]{2})*)\b.*$")


def short_label(text: str, limit: int = SHORT_LABEL) -> str:
    """`text` within `limit` characters: an OEWS metro's first city and its states
    ("Philadelphia, PA-NJ-DE-MD"; a short one too, "Boulder, CO", so no bar keeps the code the
    others lose), else cut with an ellipsis."""
    metro = _METRO_LABEL.match(text)
    if len(text) <= limit and not (metro and "(metro " in text):
        return text
    if metro and len(short := f"{metro.group(1).strip()}, {metro.group(2)}") <= limit:
        return short
    return text[: limit - 1].rstrip() + "…"


def escape_hover(text: str) -> str:
    """Plotly hover text reads `<tag>`s as markup; keep labels literal."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
