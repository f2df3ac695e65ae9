"""The skill-trends page's skills x role-family heatmap: the share of each role family's
postings naming the skills most named overall, "too few" below the minimum n, a title that
names the top cell only where its interval supports it, and the CSV.

May import: `dashboard` (charts, components, data), `warehouse.queries`, streamlit, polars and
the standard library.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard import charts, components, data
from warehouse import queries

HEATMAP_SKILLS = 15


def show_heatmap(build_id: str, filters: components.Filters) -> None:
    st.subheader("Skills × role family")
    cells = data.skill_role_heatmap(
        build_id, filters.country, filters.start, filters.end, HEATMAP_SKILLS
    )
    if cells.is_empty():
        st.info("No skill counts for this country and period.")
        return
    labelled = cells.with_columns(
        pl.col("role_family").replace(dict(components.ROLE_LABELS)).alias("role_family_label")
    )
    shown = labelled.filter(~pl.col("is_suppressed"))
    title = heatmap_finding(shown)
    st.plotly_chart(
        charts.skill_role_heatmap_figure(labelled, title=title),
        key="heatmap",
        config=components.CHART_CONFIG,
    )
    period = period_label(filters.start, filters.end)
    n_suppressed = int(cells["is_suppressed"].sum())
    st.caption(
        f"{components.country_name(filters.country)}, {period}: share of each role's new "
        f"postings naming the skill (hover for the 95% interval and n); the {HEATMAP_SKILLS} "
        "skills most named overall. "
        + (
            f"{n_suppressed} cells read “too few”: under {queries.HEATMAP_MIN_POSTINGS} postings "
            "in the role, so no share is shown."
            if n_suppressed
            else f"Every cell rests on at least {queries.HEATMAP_MIN_POSTINGS} postings."
        )
    )
    components.csv_download(
        cells.with_columns(**{k: pl.lit(v) for k, v in filters.as_columns().items()}),
        "skills_by_role.csv",
        "Download the heatmap data (CSV)",
        key="heatmap_csv",
    )


def heatmap_finding(shown: pl.DataFrame) -> str | None:
    """The heatmap's title: the highest cell is called the most asked-for only when its 95%
    interval lies above every other cell's; otherwise the title says what the cells are."""
    if shown.is_empty():
        return None
    ranked = shown.sort("share_pct", descending=True)
    top = ranked.row(0, named=True)
    rest = ranked.slice(1)
    if rest.is_empty() or (rest["share_hi"] < top["share_lo"]).all():
        return (
            f"{top['skill_name']} is most asked for in {top['role_family_label']} postings "
            f"({top['share_pct']:.0f}%)"
        )
    return "Share of each role family's postings naming the skills most named overall"


def period_label(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "all months"
    return f"{start:%b %Y} to {end:%b %Y}"
