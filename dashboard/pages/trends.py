"""Skill trends page: monthly share of postings per chosen skill (95% intervals, n), emerging
and declining skills, a skills x role-family heatmap, and a drill-down to a sample of the
postings behind a point.

Runs as a Streamlit page script (`st.Page("dashboard/pages/trends.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.
Posting text (titles, companies, places) is shown only through st.dataframe, never as HTML.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules
from warehouse import queries

DEFAULT_SKILLS = 5
EMERGING_N = 10
HEATMAP_SKILLS = 15
SAMPLE_SIZE = 25


def render() -> None:
    st.title("Skill trends")
    build_id = data.manifest()["build_id"]
    filters = components.active_filters()
    has_postings = data.view_available(build_id, "out_postings")
    components.show_filter_scope(
        ["period", "role", "seniority", "country", "source"],
    )
    skill_ids = skill_picker(build_id)
    if not skill_ids:
        st.info("Pick one or more skills to see their share of postings.")
    else:
        trend = load_trend(build_id, skill_ids, filters, has_postings)
        if trend is not None:
            show_missing_skills(trend, skill_ids, skill_names(build_id))
            if trend.is_empty():
                st.info("None of the chosen skills has counts in this slice and period.")
            else:
                show_trend(trend, filters)
                if has_postings:
                    show_drill_down(build_id, trend, filters)
    show_emerging(build_id, filters)
    show_heatmap(build_id, filters)


def load_trend(
    build_id: str, skill_ids: list[str], filters: components.Filters, has_postings: bool
) -> pl.DataFrame | None:
    """The monthly trend from the demand mart's slice, or, for a combination of filters the
    mart does not pre-aggregate (e.g. seniority x country), counted from the postings index."""
    trend = data.demand_trend_in_period(
        build_id,
        tuple(skill_ids),
        filters.role_family,
        filters.country,
        filters.start,
        filters.end,
        filters.seniority,
        filters.source,
    )
    if not trend.is_empty() or filters.is_default_slice:
        return trend
    if not has_postings:
        st.info(
            "The demand mart has no slice for this combination of seniority or source with the "
            "other filters, and this snapshot has no postings index (out_postings) to count it "
            "from: set seniority or source to “all”, or role family and country to “all”."
        )
        return None
    st.caption(
        "Counted from the postings index: the demand mart has no pre-aggregated slice for this "
        "combination of filters."
    )
    return data.posting_trend(
        build_id,
        tuple(skill_ids),
        filters.role_family,
        filters.country,
        filters.seniority,
        filters.source,
        filters.start,
        filters.end,
    )


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


def slice_name(filters: components.Filters) -> str:
    parts = [components.role_label(filters.role_family), components.country_label(filters.country)]
    if filters.seniority != "all":
        parts.append(components.seniority_label(filters.seniority))
    if filters.source != "all":
        parts.append(components.source_label(filters.source))
    return " · ".join(parts)


def trend_finding(trend: pl.DataFrame, months: int = 3) -> str:
    """A title that states what the chart shows: the skill whose share moved most between the
    first and the last `months` months shown (pooled counts, so one noisy month does not
    decide it)."""
    ranked = trend.sort("month").with_columns(
        pl.col("month").rank("dense").over("skill_id").alias("_from_start"),
        pl.col("month").rank("dense", descending=True).over("skill_id").alias("_from_end"),
    )

    def pooled(flag: str, name: str) -> pl.Expr:
        keep = pl.col(flag) <= months
        return (
            100
            * pl.col("n_with_skill").filter(keep).sum()
            / pl.col("n_postings").filter(keep).sum()
        ).alias(name)

    ends = (
        ranked.group_by("skill_id", "skill_name")
        .agg(
            pooled("_from_start", "first"),
            pooled("_from_end", "last"),
            pl.col("month").min().alias("from"),
            pl.col("month").max().alias("to"),
        )
        .with_columns((pl.col("last") - pl.col("first")).alias("change"))
        .sort([pl.col("change").abs(), pl.col("skill_id")], descending=[True, False])
    )
    top = ends.row(0, named=True)
    verb = "rose" if top["change"] > 0 else "fell" if top["change"] < 0 else "held"
    return (
        f"{top['skill_name']} {verb} most: {top['first']:.1f}% → {top['last']:.1f}% of new "
        f"postings ({months}-month shares, {top['from']:%b %Y} to {top['to']:%b %Y})"
    )


def show_trend(trend: pl.DataFrame, filters: components.Filters) -> None:
    figure = charts.share_trend_figure(
        trend.rename({"skill_name": "series"}), title=trend_finding(trend)
    )
    # Clicking a point picks it for the drill-down below (see `show_drill_down`).
    st.plotly_chart(figure, key="skill_trend", on_select="rerun", selection_mode="points")
    months = trend["month"].n_unique()
    st.caption(
        f"{slice_name(filters)}: share of new postings naming each skill, with its Wilson 95% "
        f"interval (shaded; hover for n); {months} months, n = {latest_postings(trend):,} "
        "postings in the latest month."
    )
    st.subheader("Latest month")
    st.dataframe(latest_table(trend), hide_index=True, key="latest_table")
    shown = trend.with_columns(**{k: pl.lit(v) for k, v in filters.as_columns().items()})
    components.csv_download(
        shown, "skill_trends.csv", "Download the shown data (CSV)", key="trend_csv"
    )


def latest_postings(trend: pl.DataFrame) -> int:
    return int(trend.filter(pl.col("month") == pl.col("month").max())["n_postings"].max() or 0)


def latest_table(trend: pl.DataFrame) -> pl.DataFrame:
    latest = trend.filter(pl.col("month") == pl.col("month").max().over("skill_id"))
    return latest.sort("share_pct", descending=True).select(
        pl.col("skill_name").alias("Skill"),
        pl.col("month").dt.strftime("%Y-%m").alias("Month"),
        pl.col("share_pct").round(1).alias("Share (%)"),
        pl.col("share_lo").round(1).alias("95% low"),
        pl.col("share_hi").round(1).alias("95% high"),
        pl.col("n_with_skill").alias("n with skill"),
        pl.col("n_postings").alias("of postings"),
    )


# --------------------------------------------------------------------------- drill-down


def show_drill_down(build_id: str, trend: pl.DataFrame, filters: components.Filters) -> None:
    """A sample of the postings behind one point of the trend (skill x month)."""
    st.subheader("Postings behind a point")
    st.caption("Click a point on the trend chart, or pick a skill and month here.")
    names = dict(zip(trend["skill_id"], trend["skill_name"], strict=False))
    months = sorted(trend["month"].unique().to_list(), reverse=True)
    apply_clicked_point(names, months)
    left, right = st.columns(2)
    with left:
        skill_id = st.selectbox(
            "Skill", list(names), format_func=lambda value: names[value], key="drill_skill"
        )
    with right:
        month = st.selectbox(
            "Month", months, format_func=lambda value: f"{value:%b %Y}", key="drill_month"
        )
    sample = data.postings_sample(
        build_id,
        skill_id,
        month,
        filters.role_family,
        filters.country,
        filters.seniority,
        filters.source,
        None,
        None,
        SAMPLE_SIZE,
    )
    if sample.is_empty():
        st.info(f"No postings naming {names[skill_id]} in {month:%b %Y} in this slice.")
        return
    n_matching = int(sample["n_matching"][0])
    st.caption(
        f"{min(SAMPLE_SIZE, n_matching)} of {n_matching:,} postings naming {names[skill_id]} "
        f"in {month:%b %Y} ({slice_name(filters)}), a fixed pseudo-random sample. Text is shown "
        "as posted, as plain text."
    )
    shown = postings_table(sample)
    st.dataframe(
        shown,
        hide_index=True,
        key="drill_table",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
    )
    components.csv_download(
        sample.drop("n_matching"),
        "postings_sample.csv",
        "Download these postings (CSV)",
        "drill_csv",
    )


def apply_clicked_point(names: dict[str, str], months: list[date]) -> None:
    """Preset the drill-down pickers from a newly clicked trend point (its series name and
    month); a click already applied is left alone so the pickers stay free to change."""
    selection = st.session_state.get("skill_trend")
    points = (selection or {}).get("selection", {}).get("points", []) if selection else []
    ids_by_name = {name: skill_id for skill_id, name in names.items()}
    for point in points:
        skill_id = ids_by_name.get(str(point.get("legendgroup", "")))
        try:
            month = date.fromisoformat(str(point.get("x", ""))[:10]).replace(day=1)
        except ValueError:
            continue
        picked = (skill_id, month)
        if skill_id and month in months and picked != st.session_state.get("_drill_point"):
            st.session_state["_drill_point"] = picked
            st.session_state["drill_skill"] = skill_id
            st.session_state["drill_month"] = month
        return


def postings_table(sample: pl.DataFrame) -> pl.DataFrame:
    """Display columns; links that are not http(s) are dropped rather than made clickable."""
    safe_url = (
        pl.when(pl.col("url").str.contains(r"^https?://")).then(pl.col("url")).otherwise(None)
    )
    return sample.select(
        pl.col("month").dt.strftime("%Y-%m").alias("Month"),
        pl.col("title").alias("Title"),
        pl.col("company").alias("Company"),
        pl.col("place_label").alias("Place"),
        pl.col("seniority").alias("Level"),
        pl.col("source").alias("Source"),
        safe_url.alias("Link"),
    )


# --------------------------------------------------------------------------- emerging skills


def show_emerging(build_id: str, filters: components.Filters) -> None:
    st.subheader("Emerging and declining skills")
    counts = data.emerging_counts(build_id, filters.role_family, filters.country)
    if sum(counts.values()) == 0:
        st.info("No emerging-skills rows for this role family and country.")
        return
    st.caption(
        f"{components.role_label(filters.role_family)} · "
        f"{components.country_label(filters.country)}: {rules.emerging_rule()}. "
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
            st.plotly_chart(charts.emerging_figure(rows, title=title), key=f"{direction}_chart")
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
    title = None
    if not shown.is_empty():
        top = shown.sort("share_pct", descending=True).row(0, named=True)
        title = (
            f"{top['skill_name']} is most asked for in {top['role_family_label']} postings "
            f"({top['share_pct']:.0f}%)"
        )
    st.plotly_chart(charts.skill_role_heatmap_figure(labelled, title=title), key="heatmap")
    period = period_label(filters.start, filters.end)
    n_suppressed = int(cells["is_suppressed"].sum())
    st.caption(
        f"{components.country_label(filters.country)}, {period}: share of each role's new "
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


def period_label(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return "all months"
    return f"{start:%b %Y} to {end:%b %Y}"


if __name__ == "__main__":
    components.run_page(render)
