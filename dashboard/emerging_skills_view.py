"""The skill-trends page's emerging and declining view: the skills whose share rose or fell
most against a year before, for the sidebar's role family and country, with their CSVs.

May import: `dashboard` (charts, components, data, rules), streamlit, polars.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules

EMERGING_N = 10


def show_emerging(build_id: str, filters: components.Filters) -> None:
    st.subheader("Emerging and declining skills")
    counts = data.emerging_counts(build_id, filters.role_family, filters.country)
    if sum(counts.values()) == 0:
        st.info("No emerging-skills rows for this role family and country.")
        return
    st.caption(
        f"{components.role_label(filters.role_family)} · "
        f"{components.country_name(filters.country)}: {rules.emerging_rule()}. "
        f"{counts['rising']} rising, {counts['declining']} declining, {counts['flat']} flat; "
        f"{counts['suppressed']} skills with fewer than {rules.emerging_min_recent_postings()} "
        "recent postings and "
        f"{counts['not comparable']} without year-ago postings are not rated. "
        "(Period, seniority and source filters do not apply to this mart.)"
    )
    rising_col, declining_col = st.columns(2)
    for direction, column in (("rising", rising_col), ("declining", declining_col)):
        with column:
            rows = data.emerging_skills(
                build_id, direction, filters.role_family, filters.country, EMERGING_N
            )
            if rows.is_empty():
                st.info(f"No skill is clearly {direction} in this slice.")
                continue
            top = rows.row(0, named=True)
            title = (
                f"{top['skill_name']} {'rose' if direction == 'rising' else 'fell'} most: "
                f"{fmt_pct(top['share_year_ago_pct'])} → {top['share_recent_pct']:.1f}%"
            )
            st.plotly_chart(
                charts.emerging_figure(rows, title=title),
                key=f"{direction}_chart",
                config=components.CHART_CONFIG,
            )
            components.csv_download(
                rows.with_columns(
                    direction=pl.lit(direction),
                    role_family=pl.lit(filters.role_family),
                    country=pl.lit(filters.country),
                ),
                f"{direction}_skills.csv",
                f"Download {direction} skills (CSV)",
                key=f"{direction}_csv",
            )


def fmt_pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


# --------------------------------------------------------------------------- heatmap
