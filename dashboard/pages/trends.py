"""Skill trends page (analysts): up to five skills' monthly share (95% intervals) or count of
postings, optionally smoothed over 3 months, in a US state or metro if asked; every posting
behind a point, page by page, with its pay and link; and, one view at a time, emerging and
declining skills and a skills x role-family heatmap.

Runs as a Streamlit page script (`st.Page("dashboard/pages/trends.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.
Posting text (titles, companies, places) is shown only through st.dataframe, never as HTML.

The US place pickers (`dashboard.trend_places`), the drill-down (`dashboard.trend_drill_down`)
and the two other views (`dashboard.emerging_skills_view`, `dashboard.skill_role_heatmap_view`)
live in modules of their own.

May import: `dashboard` modules, streamlit, polars.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import charts, components, data
from dashboard.emerging_skills_view import show_emerging
from dashboard.skill_role_heatmap_view import show_heatmap
from dashboard.trend_drill_down import show_drill_down
from dashboard.trend_places import place_args, place_pickers, slice_name

DEFAULT_SKILLS = 5
MAX_SKILLS = 5
VIEWS = ("Trend", "Emerging and declining", "Skills × role family")
MEASURES = ("Share of postings", "Number of postings")


def render() -> None:
    st.title("Skill trends")
    build_id = data.manifest()["build_id"]
    filters = components.active_filters()
    has_postings = data.view_available(build_id, "out_postings")
    trends_view(build_id, filters, has_postings)


def trends_view(build_id: str, filters: components.Filters, has_postings: bool) -> None:
    """Everything below the title: view, place, skills and measure pickers and what they show."""
    view = st.segmented_control(
        "View", VIEWS, default=VIEWS[0], key="view", bind="query-params", required=True
    )
    if view == VIEWS[1]:
        show_filter_scope(
            filters, "", ["period", "seniority", "source"], "the emerging-skills mart"
        )
        show_emerging(build_id, filters)
        return
    if view == VIEWS[2]:
        show_filter_scope(
            filters, "", ["role", "seniority", "source"], "the heatmap (one column per role)"
        )
        show_heatmap(build_id, filters)
        return
    place = place_pickers(build_id, filters)
    show_filter_scope(filters, place, [], "")
    skill_ids, measure, smoothed = trend_controls(build_id)
    if not skill_ids:
        st.info("Pick one or more skills to see their share of postings.")
        return
    trend = load_trend(build_id, skill_ids, filters, has_postings, place)
    if trend is None:
        return
    show_missing_skills(trend, skill_ids, skill_names(build_id))
    if trend.is_empty():
        st.info("None of the chosen skills has counts in this slice and period.")
        return
    show_trend(trend, filters, place, measure, smoothed)
    if has_postings:
        show_drill_down(build_id, trend, filters, place)


def show_filter_scope(
    filters: components.Filters, place: str, ignored: list[str], what: str
) -> None:
    """Which sidebar filters shape the view, and which it ignores (and why)."""
    used = [
        name for name in ("period", "role", "seniority", "country", "source") if name not in ignored
    ]
    reason = f"{what} is not sliced by them" if ignored else ""
    components.show_filter_scope(used, reason)


def trend_controls(build_id: str) -> tuple[list[str], str, bool]:
    """Skills (up to five, URL-bound), share or count, and the 3-month smoothing toggle."""
    skill_ids = skill_picker(build_id)
    left, right = st.columns([2, 1])
    with left:
        measure = st.segmented_control(
            "Show",
            MEASURES,
            default=MEASURES[0],
            key="measure",
            bind="query-params",
            required=True,
        )
    with right:
        smoothed = st.toggle(
            "Smooth over 3 months",
            key="smooth",
            bind="query-params",
            help="The 3-month moving average of the monthly share (shares only).",
        )
    return skill_ids, str(measure), bool(smoothed)


def load_trend(
    build_id: str,
    skill_ids: list[str],
    filters: components.Filters,
    has_postings: bool,
    place: str = "",
) -> pl.DataFrame | None:
    """The monthly trend from the demand mart's slice, or, for a combination of filters the
    mart does not pre-aggregate (e.g. seniority x country, a state with a role), counted from
    the postings index."""
    state, metro = place_args(place)
    trend = data.demand_trend_in_period(
        build_id,
        tuple(skill_ids),
        filters.role_family,
        filters.country,
        filters.start,
        filters.end,
        filters.seniority,
        filters.source,
        state,
        metro,
    )
    if not trend.is_empty() or (filters.is_default_slice and not place):
        return trend
    if not has_postings:
        st.info(
            "The demand mart has no slice for this combination of filters, and this snapshot "
            "has no postings index (out_postings) to count it from: set seniority, source, "
            "state and metro to “all”, or role family and country to “all”."
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
        state,
        metro,
    )


def skill_picker(build_id: str) -> list[str]:
    """Multiselect of skills (URL-synced); defaults to the overall top skills of the last month."""
    names = skill_names(build_id)
    default = data.top_skills(build_id, None, "all", "all", DEFAULT_SKILLS)["skill_id"].to_list()
    chosen = st.multiselect(
        f"Skills (up to {MAX_SKILLS})",
        options=list(names),
        default=default[:MAX_SKILLS],
        format_func=lambda skill_id: names.get(skill_id, skill_id),
        key="skills",
        bind="query-params",
        max_selections=MAX_SKILLS,
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


def trend_finding(trend: pl.DataFrame, months: int = 3) -> str:
    """A title that states what the chart shows: the skill whose share moved most between the
    first and the last `months` months shown (pooled counts, so one noisy month does not
    decide it), called a rise or fall only when the first and last months' 95% intervals do
    not overlap."""
    if trend["month"].n_unique() < 2:
        month = trend["month"].max()
        return f"One month of data ({month:%b %Y}): share of new postings naming each skill"
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
            # the first and the last month's own 95% intervals, to tell a move from noise
            pl.col("share_lo").sort_by("month").first().alias("first_lo"),
            pl.col("share_hi").sort_by("month").first().alias("first_hi"),
            pl.col("share_lo").sort_by("month").last().alias("last_lo"),
            pl.col("share_hi").sort_by("month").last().alias("last_hi"),
        )
        .with_columns((pl.col("last") - pl.col("first")).alias("change"))
        .sort([pl.col("change").abs(), pl.col("skill_id")], descending=[True, False])
    )
    top = ends.row(0, named=True)
    shares = (
        f"{top['first']:.1f}% → {top['last']:.1f}% of new postings ({months}-month shares, "
        f"{top['from']:%b %Y} to {top['to']:%b %Y})"
    )
    rose = top["last_lo"] > top["first_hi"]
    fell = top["last_hi"] < top["first_lo"]
    if rose or fell:  # the two months' intervals do not overlap: a move, not noise
        return f"{top['skill_name']} {'rose' if rose else 'fell'} most: {shares}"
    return (
        f"No clear move: the largest, {top['skill_name']} {shares}, lies within the first and "
        "last months' 95% intervals"
    )


def show_trend(
    trend: pl.DataFrame,
    filters: components.Filters,
    place: str = "",
    measure: str = MEASURES[0],
    smoothed: bool = False,
) -> None:
    counts = measure == MEASURES[1]
    shown = trend.rename({"skill_name": "series"})
    if counts:
        title = count_finding(trend)
    elif smoothed:
        title = trend_finding(trend) + "; 3-month moving average drawn"
    else:
        title = trend_finding(trend)
    figure = charts.share_trend_figure(
        shown, title=title, measure="count" if counts else "smoothed" if smoothed else "share"
    )
    # Clicking a point picks it for the drill-down below (see `show_drill_down`).
    st.plotly_chart(
        figure,
        key="skill_trend",
        on_select="rerun",
        selection_mode="points",
        config=components.CHART_CONFIG,
    )
    months = trend["month"].n_unique()
    what = (
        "number of new postings naming each skill (hover for the share and n)"
        if counts
        else "3-month moving average of the share of new postings naming each skill (the "
        "monthly shares' 95% intervals are not drawn)"
        if smoothed
        else "share of new postings naming each skill, with its Wilson 95% interval (shaded; "
        "hover for n)"
    )
    note = " Smoothing applies to shares, not counts." if counts and smoothed else ""
    st.caption(
        f"{slice_name(filters, place)}: {what}; {months} month{'s' if months != 1 else ''}, "
        f"n = {latest_postings(trend):,} postings in the latest month.{note}"
    )
    st.dataframe(latest_table(trend), hide_index=True, key="latest_table")
    table = trend.with_columns(**{k: pl.lit(v) for k, v in filters.as_columns().items()})
    components.csv_download(
        table.with_columns(filter_place=pl.lit(place)),
        "skill_trends.csv",
        "Download the shown data (CSV)",
        key="trend_csv",
    )


def count_finding(trend: pl.DataFrame) -> str:
    """The count chart's title: the skill named by the most postings in the latest month."""
    latest = trend.filter(pl.col("month") == pl.col("month").max())
    top = latest.sort(["n_with_skill", "skill_id"], descending=[True, False]).row(0, named=True)
    return (
        f"{top['skill_name']} is named by the most new postings in {top['month']:%b %Y}: "
        f"{top['n_with_skill']:,} of {top['n_postings']:,}"
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
        pl.col("share_ma3_pct").round(1).alias("3-month average (%)"),
        pl.col("n_with_skill").alias("n with skill"),
        pl.col("n_postings").alias("of postings"),
    )


if __name__ == "__main__":
    components.run_page(render)
