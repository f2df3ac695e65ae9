"""Skill trends page (analysts): up to five skills' monthly share (95% intervals) or count of
postings, optionally smoothed over 3 months, in a US state or metro if asked; every posting
behind a point, page by page, with its pay and link; and, one view at a time, emerging and
declining skills and a skills x role-family heatmap.

Runs as a Streamlit page script (`st.Page("dashboard/pages/trends.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.
Posting text (titles, companies, places) is shown only through st.dataframe, never as HTML.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars, pycountry.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pycountry
import streamlit as st

from dashboard import charts, components, data, rules
from warehouse import queries

DEFAULT_SKILLS = 5
MAX_SKILLS = 5
EMERGING_N = 10
HEATMAP_SKILLS = 15
PAGE_SIZE = 50
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


def place_pickers(build_id: str, filters: components.Filters) -> str:
    """US state and metro pickers (URL-bound) when the sidebar country allows a US place;
    returns "" (no place), "state:<code>" or "metro:<code>". A metro wins over its state."""
    places = data.demand_places(build_id)
    states = places.filter(pl.col("place_level") == "state")["place_id"].to_list()
    metros = places.filter(pl.col("place_level") == "metro")["place_id"].to_list()
    if not states and not metros:
        return ""
    names = metro_names(build_id)
    left, right = st.columns(2)
    state = components.bound_selectbox(
        "US state", ["all", *states], "state", state_label, container=left
    )
    metro = components.bound_selectbox(
        "US metro area",
        ["all", *metros],
        "metro",
        lambda code: "All metros" if code == "all" else names.get(code, f"Metro {code}"),
        container=right,
    )
    if (state != "all" or metro != "all") and filters.country not in ("all", "US"):
        st.caption(
            f"The US state and metro apply to US postings only: they are ignored while the "
            f"sidebar country is {components.country_label(filters.country)}."
        )
        return ""
    if metro != "all":
        return f"metro:{metro}"
    return f"state:{state}" if state != "all" else ""


def state_label(code: str) -> str:
    if code == "all":
        return "All states"
    subdivision = pycountry.subdivisions.get(code=f"US-{code}")
    return f"{subdivision.name} ({code})" if subdivision is not None else code


def metro_names(build_id: str) -> dict[str, str]:
    try:
        places = data.place_names(build_id)
    except queries.SnapshotError:
        return {}
    metros = places.filter(pl.col("place_level") == "metro")
    return dict(zip(metros["place_id"], metros["place_name"], strict=True))


def place_args(place: str) -> tuple[str, str]:
    """(state, metro_code) for the read API ("all" where not chosen)."""
    level, _, code = place.partition(":")
    return (code if level == "state" else "all", code if level == "metro" else "all")


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


def slice_name(filters: components.Filters, place: str = "") -> str:
    parts = [components.role_label(filters.role_family), components.country_label(filters.country)]
    if place:
        level, _, code = place.partition(":")
        parts[1] = state_label(code) if level == "state" else f"US metro {code}"
    if filters.seniority != "all":
        parts.append(components.seniority_label(filters.seniority))
    if filters.source != "all":
        parts.append(components.source_label(filters.source))
    return " · ".join(parts)


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


# --------------------------------------------------------------------------- drill-down


def show_drill_down(
    build_id: str, trend: pl.DataFrame, filters: components.Filters, place: str = ""
) -> None:
    """Every posting behind one point of the trend (skill x month), page by page."""
    st.subheader("Postings behind a point")
    st.caption("Click a point on the trend chart, or pick a skill and month here.")
    names = dict(zip(trend["skill_id"], trend["skill_name"], strict=False))
    months = sorted(trend["month"].unique().to_list(), reverse=True)
    apply_clicked_point(names, months)
    drill_down_pages(build_id, names, months, filters, place)


@st.fragment
def drill_down_pages(
    build_id: str,
    names: dict[str, str],
    months: list[date],
    filters: components.Filters,
    place: str,
) -> None:
    """The pickers and the page of postings: a fragment, so paging reruns only this part."""
    left, middle, right = st.columns([2, 2, 1])
    with left:
        skill_id = st.selectbox(
            "Skill", list(names), format_func=lambda value: names[value], key="drill_skill"
        )
    with middle:
        month = st.selectbox(
            "Month", months, format_func=lambda value: f"{value:%b %Y}", key="drill_month"
        )
    state, metro = place_args(place)
    first = data.postings_page(
        build_id,
        skill_id,
        month,
        filters.role_family,
        filters.country,
        filters.seniority,
        filters.source,
        state,
        metro,
        0,
        PAGE_SIZE,
    )
    if first.is_empty():
        st.info(f"No postings naming {names[skill_id]} in {month:%b %Y} in this slice.")
        return
    n_matching = int(first["n_matching"][0])
    n_pages = max(1, -(-n_matching // PAGE_SIZE))
    with right:
        page_number = st.number_input(
            f"Page (of {n_pages:,})",
            min_value=1,
            max_value=n_pages,
            value=1,
            step=1,
            key=f"drill_page_{skill_id}_{month}",
        )
    page = (
        first
        if page_number == 1
        else data.postings_page(
            build_id,
            skill_id,
            month,
            filters.role_family,
            filters.country,
            filters.seniority,
            filters.source,
            state,
            metro,
            (int(page_number) - 1) * PAGE_SIZE,
            PAGE_SIZE,
        )
    )
    start = (int(page_number) - 1) * PAGE_SIZE + 1
    st.caption(
        f"Postings {start:,}–{start + page.height - 1:,} of {n_matching:,} naming "
        f"{names[skill_id]} in {month:%b %Y} ({slice_name(filters, place)}), newest first. "
        "Text is shown as posted, as plain text; pay is the advertised range per year."
    )
    st.dataframe(
        postings_table(page),
        hide_index=True,
        key="drill_table",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
    )
    components.csv_download(
        page.drop("n_matching"),
        "postings_page.csv",
        "Download this page of postings (CSV)",
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


def postings_table(page: pl.DataFrame) -> pl.DataFrame:
    """Display columns; links that are not http(s) are dropped rather than made clickable."""
    return page.select(
        pl.col("month").dt.strftime("%Y-%m").alias("Month"),
        pl.col("title").alias("Title"),
        pl.col("company").alias("Company"),
        pl.col("place_label").alias("Place"),
        pay_text().alias("Pay per year"),
        pl.col("seniority").alias("Level"),
        pl.col("source").alias("Source"),
        components.safe_url(pl.col("url")).alias("Link"),
    )


def pay_text() -> pl.Expr:
    """ "150,000–200,000 USD", or "2,500,000–3,500,000 INR (29,400–41,200 USD)"; empty when
    the posting advertises no pay."""

    def amount(column: str) -> pl.Expr:
        return pl.col(column).map_elements(lambda value: f"{value:,.0f}", return_dtype=pl.String)

    local = pl.concat_str(
        [
            amount("pay_min_annual"),
            pl.lit("–"),
            amount("pay_max_annual"),
            pl.lit(" "),
            pl.col("currency"),
        ]
    )
    usd = pl.concat_str(
        [
            pl.lit(" ("),
            amount("pay_min_annual_usd"),
            pl.lit("–"),
            amount("pay_max_annual_usd"),
            pl.lit(" USD)"),
        ]
    )
    both = pl.when(pl.col("currency") == "USD").then(local).otherwise(local + usd)
    return pl.when(pl.col("pay_min_annual").is_null()).then(pl.lit("")).otherwise(both)


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


if __name__ == "__main__":
    components.run_page(render)
