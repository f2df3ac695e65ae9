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


def test_long_bar_labels_are_shortened_to_fit_a_phone() -> None:
    """At 390 px, "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD (metro 0037980)" pushed the
    demand-vs-supply chart and its axis title off the screen."""
    from dashboard.charts.style import SHORT_LABEL, short_label

    metro = "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD (metro 0037980)"
    assert short_label(metro) == "Philadelphia, PA-NJ-DE-MD"
    assert short_label("United States (US)") == "United States (US)"
    cut = short_label("A place with a very long name that is not a metro at all")
    assert len(cut) == SHORT_LABEL and cut.endswith("…")


def test_axis_titles_and_legends_that_ran_off_a_phone_are_short() -> None:
    import polars as pl

    from dashboard.charts.advisor import advisor_figure
    from dashboard.charts.coverage import legend_name

    weighting = "weighted to OEWS employment (occupation x US state, OEWS 2025A01)"
    assert legend_name(weighting) == "Weighted to OEWS employment"
    ranked = pl.DataFrame(
        {
            "skill_name": ["SQL"],
            "pooled_share": [0.5],
            "pooled_lo": [0.4],
            "pooled_hi": [0.6],
            "n_both": [5],
            "n_given": [10],
            "coverage_gain": [0.1],
        }
    )
    assert len(advisor_figure(ranked).layout.xaxis.title.text) <= 28


def test_a_short_metro_label_loses_its_code_like_the_long_ones() -> None:
    """The sample's demand-vs-supply bars read "Detroit, MI", "Denver, CO" ... and "Boulder, CO
    (metro 0014500)": a label short enough to keep kept the OEWS code the others lost."""
    from dashboard.charts.style import short_label

    assert short_label("Boulder, CO (metro 0014500)") == "Boulder, CO"
    assert short_label("Detroit-Warren-Dearborn, MI (metro 0019820)") == "Detroit, MI"
    assert short_label("Metro 0099999") == "Metro 0099999"  # an unnamed metro keeps its code
