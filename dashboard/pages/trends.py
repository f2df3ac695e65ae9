"""Skill trends page: monthly share of postings per chosen skill, with 95% intervals and n.

Runs as a Streamlit page script (`st.Page("dashboard/pages/trends.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, components, data

DEFAULT_SKILLS = 5


def render() -> None:
    st.title("Skill trends")
    build_id = data.manifest()["build_id"]
    role_family, country = components.slice_filters(data.filter_options(build_id))
    skill_ids = skill_picker(build_id)
    if not skill_ids:
        st.info("Pick one or more skills to see their share of postings.")
        return
    trend = data.demand_trend(build_id, tuple(skill_ids), role_family, country)
    show_missing_skills(trend, skill_ids, skill_names(build_id))
    if trend.is_empty():
        st.info("None of the chosen skills has counts in this slice.")
        return
    show_trend(trend, role_family, country)


def skill_picker(build_id: str) -> list[str]:
    """Multiselect of skills (URL-synced); defaults to the overall top skills of the last month."""
    names = skill_names(build_id)
    default = data.top_skills(build_id, None, "all", "all", DEFAULT_SKILLS)["skill_id"].to_list()
    chosen = st.multiselect(
        "Skills",
        options=list(names),
        default=default,
        format_func=lambda skill_id: names.get(skill_id, skill_id),
        key="skills",
        bind="query-params",
    )
    return [str(skill_id) for skill_id in chosen]


def skill_names(build_id: str) -> dict[str, str]:
    """skill_id -> display name, in the catalog's (alphabetical) order."""
    catalog = data.skill_catalog(build_id)
    return dict(zip(catalog["skill_id"], catalog["name"], strict=True))


def show_missing_skills(trend: pl.DataFrame, skill_ids: list[str], names: dict[str, str]) -> None:
    present = set(trend["skill_id"].to_list())
    for skill_id in skill_ids:
        if skill_id not in present:
            st.caption(f"{names.get(skill_id, skill_id)}: no counts in this slice.")


def show_trend(trend: pl.DataFrame, role_family: str, country: str) -> None:
    slice_name = f"{components.role_label(role_family)} · {components.country_label(country)}"
    figure = charts.share_trend_figure(trend.rename({"skill_name": "series"}))
    st.plotly_chart(figure, key="skill_trend")
    months = trend["month"].n_unique()
    st.caption(
        f"{slice_name}: share of new postings naming each skill, with its Wilson 95% interval "
        f"(shaded); {months} months, n = {latest_postings(trend):,} postings in the latest month."
    )
    st.subheader("Latest month")
    st.dataframe(latest_table(trend), hide_index=True, key="latest_table")
    shown = trend.with_columns(role_family=pl.lit(role_family), country=pl.lit(country))
    components.csv_download(
        shown, "skill_trends.csv", "Download the shown data (CSV)", key="trend_csv"
    )


def latest_postings(trend: pl.DataFrame) -> int:
    return int(trend.filter(pl.col("month") == pl.col("month").max())["n_postings"].max() or 0)


def latest_table(trend: pl.DataFrame) -> pl.DataFrame:
    latest = trend.filter(pl.col("month") == pl.col("month").max().over("skill_id"))
    return latest.sort("share_pct", descending=True).select(
        pl.col("skill_name").alias("Skill"),
        pl.col("month").alias("Month"),
        pl.col("share_pct").round(1).alias("Share (%)"),
        pl.col("share_lo").round(1).alias("95% low"),
        pl.col("share_hi").round(1).alias("95% high"),
        pl.col("n_with_skill").alias("n with skill"),
        pl.col("n_postings").alias("of postings"),
    )


if __name__ == "__main__":
    components.run_page(render)
