"""The figures' shared style (dashboard.charts.style)."""

from __future__ import annotations

from dashboard import charts


def test_translucent_keeps_the_colour() -> None:
    assert charts.translucent("#0072B2", 0.5) == "rgba(0,114,178,0.5)"


def test_long_titles_are_broken_into_lines_that_fit_a_phone() -> None:
    """Issue #12: at 390 px a chart title ran off the screen (plotly does not wrap titles)."""
    import plotly.graph_objects as go

    from dashboard.charts.style import TITLE_LINE_CHARACTERS, base_layout

    title = (
        "Advertised pay: ₹2,650,000 (P10) to ₹4,258,500 (P90), median ₹3,282,500 in "
        "Bengaluru, India"
    )
    figure = go.Figure()
    base_layout(figure, title=title, y_title="", x_title="")
    lines = figure.layout.title.text.split("<br>")
    assert len(lines) > 1 and all(len(line) <= TITLE_LINE_CHARACTERS for line in lines)
    assert " ".join(lines) == title
    assert figure.layout.margin.t >= 20 * len(lines) + 40  # room above the plot for every line
